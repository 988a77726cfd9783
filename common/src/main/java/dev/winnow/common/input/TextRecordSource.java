package dev.winnow.common.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.CharBuffer;

/**
 * Plain UTF-8 text: either every non-blank line is a document ({@link #lines}) or the whole
 * file is one ({@link #wholeFile}). Plain text has no ids: doc ids are derived from the text.
 */
public final class TextRecordSource implements RecordSource {
  private final LineRecords lines;
  private final boolean wholeFile;
  private final InputStream in;
  private final int maxRecordBytes;
  private final StrictUtf8Decoder utf8 = new StrictUtf8Decoder();
  private final FileTally fileTally;
  private boolean wholeFileDone;

  private TextRecordSource(InputStream in, int maxRecordBytes, boolean wholeFile, LineRange range) {
    this.in = in;
    this.maxRecordBytes = maxRecordBytes;
    this.wholeFile = wholeFile;
    this.lines = wholeFile ? null : new LineRecords(in, maxRecordBytes, range);
    this.fileTally = wholeFile ? new FileTally() : lines.tally();
  }

  /** One document a line, of the lines in {@code range} (null: the whole stream). */
  public static TextRecordSource lines(InputStream in, int maxRecordBytes, LineRange range) {
    return new TextRecordSource(in, maxRecordBytes, false, range);
  }

  public static TextRecordSource wholeFile(InputStream in, int maxRecordBytes) {
    return new TextRecordSource(in, maxRecordBytes, true, null);
  }

  @Override
  public InputRecord next() {
    return wholeFile ? nextFile() : nextLine();
  }

  private InputRecord nextLine() {
    return lines.next(rd -> decoded(rd.bytes(), rd.length(), rd.lineNumber(), rd.lineOffset()));
  }

  private InputRecord nextFile() {
    if (wholeFileDone) {
      return null;
    }
    wholeFileDone = true;
    byte[] buf = new byte[1 << 14];
    int len = 0;
    long total = 0;
    try {
      int n;
      while ((n = in.read(buf, len, buf.length - len)) > 0) {
        len += n;
        total += n;
        if (total > maxRecordBytes) {
          // count the rest without keeping it
          byte[] skip = new byte[1 << 16];
          while ((n = in.read(skip)) > 0) {
            total += n;
          }
          InputRecord r = InputRecord.reject(1, 0, RejectReason.TOO_LARGE,
              "file of " + total + " bytes exceeds input.max_record_bytes = " + maxRecordBytes,
              StrictUtf8Decoder.sample(buf, len));
          fileTally.countReject(r.reason);
          return r;
        }
        if (len == buf.length) {
          buf = java.util.Arrays.copyOf(buf, (int) Math.min(2L * buf.length, (long) maxRecordBytes + 1));
        }
      }
    } catch (StorageReadException e) {
      throw e; // the storage's failure, not the file's: the task fails and is retried
    } catch (IOException | RuntimeException e) {
      fileTally.countReject(RejectReason.TRUNCATED_INPUT);
      return InputRecord.reject(1, 0, RejectReason.TRUNCATED_INPUT,
          "reading stopped after " + total + " bytes, the document is lost: " + e, null);
    }
    if (len == 0) {
      return null; // an empty file holds no document
    }
    if (BoundedLineReader.startsWithBom(buf, len)) {
      buf = java.util.Arrays.copyOfRange(buf, 3, len); // a UTF-8 byte order mark is not text
      len -= 3;
    }
    InputRecord r = decoded(buf, len, 1, 0);
    if (r.isDoc()) {
      fileTally.countDoc();
    } else {
      fileTally.countReject(r.reason);
    }
    return r;
  }

  private InputRecord decoded(byte[] bytes, int len, long line, long offset) {
    CharBuffer chars = utf8.decode(bytes, len);
    if (chars == null) {
      return InputRecord.reject(line, offset, utf8.errorReason(), utf8.error(), StrictUtf8Decoder.sample(bytes, len));
    }
    return InputRecord.doc(line, offset, null, chars.toString());
  }

  @Override
  public FileTally tally() {
    return fileTally;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
