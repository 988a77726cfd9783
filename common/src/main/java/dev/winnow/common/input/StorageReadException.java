package dev.winnow.common.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The storage failed to deliver a file's bytes (a lost connection, a failed disk, a file gone
 * since it was listed): unlike a truncated or malformed file, this says nothing about the input,
 * so it is never quarantined. It fails the task, which Spark retries; when retries run out the
 * run fails naming the file. Unchecked so that it passes unchanged through decompressors and
 * parsers, which would otherwise report it as truncated content.
 */
public final class StorageReadException extends UncheckedIOException {
  private static final long serialVersionUID = 1L;

  public StorageReadException(String file, IOException cause) {
    super("cannot read " + file + " from storage: " + cause.getMessage(), cause);
  }

  /** {@code raw}, with every read failure reported as a StorageReadException for {@code file}. */
  public static InputStream guard(InputStream raw, String file) {
    return new java.io.FilterInputStream(raw) {
      @Override
      public int read() throws IOException {
        try {
          return in.read();
        } catch (IOException e) {
          throw new StorageReadException(file, e);
        }
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        try {
          return in.read(b, off, len);
        } catch (IOException e) {
          throw new StorageReadException(file, e);
        }
      }

      @Override
      public long skip(long n) throws IOException {
        try {
          return in.skip(n);
        } catch (IOException e) {
          throw new StorageReadException(file, e);
        }
      }
    };
  }
}
