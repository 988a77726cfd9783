package dev.winnow.common.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;

/**
 * A piece of an uncompressed line-oriented file, so that one big file can be read by several
 * tasks: the lines whose first byte lies in {@code [start, end)}. A line that begins before
 * {@code end} is read whole, even past it; the next piece skips it. The pieces of a file, cut
 * at any byte positions, therefore read every line exactly once. A reader starts at
 * {@link #readFrom()} (the byte before {@code start}, to see whether a line begins at
 * {@code start}); {@code firstLine} is the 1-based number of the piece's first line in the
 * whole file, from {@link #lineStarts} of the pieces before it.
 */
public final class LineRange implements Serializable {
  private static final long serialVersionUID = 1L;
  public final long start;
  public final long end;
  public final long firstLine;

  public LineRange(long start, long end, long firstLine) {
    if (start < 0 || end < start || firstLine < 1) {
      throw new IllegalArgumentException("bad line range [" + start + ", " + end + ") from line " + firstLine);
    }
    this.start = start;
    this.end = end;
    this.firstLine = firstLine;
  }

  /** Whether files of this format and name can be cut into ranges: line-oriented, uncompressed. */
  public static boolean splittable(InputFormat format, String fileName) {
    return (format == InputFormat.JSONL || format == InputFormat.TEXT_LINES)
        && Compression.of(fileName) == Compression.NONE;
  }

  /** The byte a reader of this range starts at. */
  public long readFrom() {
    return start == 0 ? 0 : start - 1;
  }

  /**
   * The number of lines that begin in {@code [start, end)}, counted from a stream positioned at
   * {@link #readFrom()}: a line begins at 0 and after every '\n' (except at the file's end).
   */
  public long lineStarts(InputStream in) throws IOException {
    long starts = start == 0 && end > 0 ? 1 : 0;
    long remaining = end - 1 - readFrom(); // a '\n' at p opens the line at p + 1, which must be < end
    byte[] buf = new byte[1 << 16];
    while (remaining > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
      if (n < 0) {
        break;
      }
      for (int i = 0; i < n; i++) {
        if (buf[i] == '\n') {
          starts++;
        }
      }
      remaining -= n;
    }
    return starts;
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + ") from line " + firstLine;
  }
}
