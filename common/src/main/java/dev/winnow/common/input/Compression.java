package dev.winnow.common.input;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** Compression of an input file, told by its name's last extension. */
public enum Compression {
  NONE(""),
  GZIP(".gz"),
  ZSTD(".zst");

  private final String suffix;

  Compression(String suffix) {
    this.suffix = suffix;
  }

  public static Compression of(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    if (n.endsWith(".gz")) {
      return GZIP;
    }
    if (n.endsWith(".zst") || n.endsWith(".zstd")) {
      return ZSTD;
    }
    return NONE;
  }

  /** The file name without this compression's extension. */
  public String strip(String fileName) {
    if (this == NONE) {
      return fileName;
    }
    int dot = fileName.lastIndexOf('.');
    return dot < 0 ? fileName : fileName.substring(0, dot);
  }

  /**
   * Wraps a raw stream in the decompressor (gzip: all concatenated members, as gzip(1)
   * reads them). Throws when the header is not of this format.
   */
  public InputStream decompress(InputStream raw) throws IOException {
    switch (this) {
      case GZIP:
        return new GZIPInputStream(raw, 1 << 16);
      case ZSTD:
        return new BufferedInputStream(new ZstdInputStream(raw), 1 << 16);
      default:
        return raw;
    }
  }

  public String suffix() {
    return suffix;
  }
}
