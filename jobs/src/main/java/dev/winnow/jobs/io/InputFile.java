package dev.winnow.jobs.io;

import dev.winnow.common.input.InputFormat;
import java.io.Serializable;

/** One input file as listed on the driver: fully qualified path, size, mtime, format. */
public final class InputFile implements Serializable {
  private static final long serialVersionUID = 1L;
  public final String path;
  public final long length;
  public final long modified;
  public final InputFormat format;

  public InputFile(String path, long length, long modified, InputFormat format) {
    this.path = path;
    this.length = length;
    this.modified = modified;
    this.format = format;
  }

  @Override
  public String toString() {
    return path;
  }
}
