package dev.winnow.common.input;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Opens the right {@link RecordSource} for a line-oriented or text file. */
public final class RecordSources {
  private RecordSources() {}

  /** Opens a raw stream; the caller's file system call. */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }

  /**
   * A source over the file {@code fileName} opened by {@code opener}. A file whose compressed
   * header is wrong yields one {@link RejectReason#UNREADABLE_FILE} rejection instead of
   * failing the run; a file the storage cannot deliver (the opener or a read fails) throws
   * {@link StorageReadException}, now or while the source is read.
   */
  public static RecordSource open(Opener opener, String fileName, long fileLength, InputFormat format,
      String idField, String textField, List<String> metaFields, int maxRecordBytes) {
    return open(opener, fileName, fileLength, format, idField, textField, metaFields, maxRecordBytes, null);
  }

  /**
   * A source over the lines of {@code range} of the file (null: all of it), for a
   * {@link LineRange#splittable} file; {@code opener} then opens the file positioned at the
   * range's {@link LineRange#readFrom()}.
   */
  public static RecordSource open(Opener opener, String fileName, long fileLength, InputFormat format,
      String idField, String textField, List<String> metaFields, int maxRecordBytes, LineRange range) {
    if (range != null && !LineRange.splittable(format, fileName)) {
      throw new IllegalArgumentException("only uncompressed line-oriented files are read in ranges: " + fileName);
    }
    if (format == InputFormat.PARQUET) {
      throw new IllegalArgumentException("Parquet is read by the Spark side, not as a stream: " + fileName);
    }
    if (fileLength == 0) {
      return new Unreadable(null); // empty file: nothing to read, nothing lost
    }
    InputStream raw;
    try {
      raw = StorageReadException.guard(opener.open(), fileName);
    } catch (IOException e) {
      throw new StorageReadException(fileName, e);
    }
    InputStream in;
    try {
      in = Compression.of(fileName).decompress(raw);
    } catch (StorageReadException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      return new Unreadable(InputRecord.reject(0, 0, RejectReason.UNREADABLE_FILE, "cannot open as "
          + format.configName() + Compression.of(fileName).suffix() + ": " + e, null));
    }
    switch (format) {
      case JSONL:
        return new JsonlRecordSource(in, idField, textField, metaFields, maxRecordBytes, range);
      case TEXT_LINES:
        return TextRecordSource.lines(in, maxRecordBytes, range);
      case WARC:
      case WET:
        return WarcRecordSource.open(in, format, metaFields, maxRecordBytes);
      default:
        return TextRecordSource.wholeFile(in, maxRecordBytes);
    }
  }

  /** A source of at most one rejection: a file that cannot be read, or an empty one. */
  public static final class Unreadable implements RecordSource {
    private InputRecord pending;
    private final FileTally tally = new FileTally();

    public Unreadable(InputRecord rejection) {
      this.pending = rejection;
      if (rejection != null) {
        tally.countReject(rejection.reason);
      }
    }

    @Override
    public InputRecord next() {
      InputRecord r = pending;
      pending = null;
      return r;
    }

    @Override
    public FileTally tally() {
      return tally;
    }

    @Override
    public void close() {}
  }
}
