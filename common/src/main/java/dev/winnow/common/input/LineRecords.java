package dev.winnow.common.input;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The line-level part shared by line-oriented sources: reads bounded lines, turns a stream cut
 * short into one {@link RejectReason#TRUNCATED_INPUT} rejection (the lines before it stay good)
 * and a stream that fails its check into one {@link RejectReason#CORRUPT_STREAM} rejection (the
 * featurize stage then quarantines the file's other records too) while a storage failure
 * ({@link StorageReadException}) propagates, recognises blank lines and over-long records, and
 * keeps the file's tally.
 */
final class LineRecords implements Closeable {
  private final InputStream in;
  private final BoundedLineReader reader;
  private final int maxRecordBytes;
  private final FileTally tally = new FileTally();
  private boolean done;
  private InputRecord broken;

  /** The lines of {@code range} of the stream (null: all of it); see {@link BoundedLineReader}. */
  LineRecords(InputStream in, int maxRecordBytes, LineRange range) {
    this.in = in;
    this.reader = new BoundedLineReader(in, maxRecordBytes, range);
    this.maxRecordBytes = maxRecordBytes;
  }

  /**
   * Whether a decoding failure is a stream cut short (gzip's unexpected end, zstd's truncated
   * source), whose complete lines before the cut are sound, rather than data that fails its
   * check, which taints everything decoded before it.
   */
  static boolean cutShort(Throwable e) {
    return e instanceof EOFException || String.valueOf(e.getMessage()).contains("Truncated source");
  }

  /** Turns one non-blank line of acceptable size into a record. */
  interface LineParser {
    InputRecord parse(BoundedLineReader line);
  }

  /**
   * The next record: a broken stream's rejection, an over-long line's rejection, or what
   * {@code parser} makes of the next non-blank line; null at the end. Counted in the tally.
   */
  InputRecord next(LineParser parser) {
    while (advance()) {
      if (broken != null) {
        return broken;
      }
      if (blank()) {
        continue;
      }
      InputRecord r = tooLong();
      if (r == null) {
        r = parser.parse(reader);
      }
      count(r);
      return r;
    }
    return null;
  }

  /** Moves to the next line; false at the end (after a broken stream too). */
  private boolean advance() {
    broken = null;
    if (done) {
      return false;
    }
    try {
      if (!reader.next()) {
        done = true;
        return false;
      }
      return true;
    } catch (StorageReadException e) {
      throw e; // the storage's failure, not the file's: the task fails and is retried
    } catch (IOException | RuntimeException e) {
      done = true;
      if (cutShort(e)) {
        broken = InputRecord.reject(reader.lineNumber(), reader.lineOffset(), RejectReason.TRUNCATED_INPUT,
            "reading stopped at this line, the rest of the file is lost: " + e, null);
      } else {
        broken = InputRecord.reject(reader.lineNumber(), reader.lineOffset(), RejectReason.CORRUPT_STREAM,
            "the compressed stream failed its check at this line (" + e + "): the text decoded before it "
                + "cannot be trusted, so no record of this file is kept", null);
      }
      tally.countReject(broken.reason);
      return true;
    }
  }

  /** True (and counted) when the current line holds only whitespace. */
  private boolean blank() {
    if (reader.tooLong()) {
      return false;
    }
    byte[] b = reader.bytes();
    for (int i = 0, n = reader.length(); i < n; i++) {
      byte c = b[i];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != 0x0B) {
        return false;
      }
    }
    tally.countBlankLine();
    return true;
  }

  /** The rejection for an over-long current line, or null. */
  private InputRecord tooLong() {
    if (!reader.tooLong()) {
      return null;
    }
    InputRecord r = InputRecord.reject(reader.lineNumber(), reader.lineOffset(), RejectReason.TOO_LARGE,
        "record of " + reader.fullLength() + " bytes exceeds input.max_record_bytes = " + maxRecordBytes, sample());
    reader.trim();
    return r;
  }

  private void count(InputRecord r) {
    if (r.isDoc()) {
      tally.countDoc();
    } else {
      tally.countReject(r.reason);
    }
  }

  String sample() {
    return StrictUtf8Decoder.sample(reader.bytes(), reader.length());
  }

  FileTally tally() {
    return tally;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
