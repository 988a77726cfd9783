package dev.winnow.common.input;

import java.nio.CharBuffer;
import java.util.Map;

/**
 * Builds records from columnar rows (Parquet): the same checks as for lines, applied to a
 * text column's raw UTF-8 bytes, with the row's 1-based number as its line.
 */
public final class ColumnRecords {
  private final StrictUtf8Decoder utf8 = new StrictUtf8Decoder();
  private final FileTally tally = new FileTally();
  private final String textField;

  public ColumnRecords(String textField) {
    this.textField = textField;
  }

  /** A record from a row whose text column holds {@code text} (null when the value is null). */
  public InputRecord record(long row, String id, byte[] text, Map<String, String> meta) {
    InputRecord r;
    if (text == null) {
      r = InputRecord.reject(row, -1, RejectReason.NULL_TEXT, "column '" + textField + "' is null", null);
    } else {
      CharBuffer chars = utf8.decode(text, text.length);
      r = chars == null
          ? InputRecord.reject(row, -1, utf8.errorReason(), utf8.error(), StrictUtf8Decoder.sample(text, text.length))
          : InputRecord.doc(row, -1, id, chars.toString(), meta);
    }
    if (r.isDoc()) {
      tally.countDoc();
    } else {
      tally.countReject(r.reason);
    }
    return r;
  }

  /** A failure that ends the file (a read error): one rejection, counted. */
  public InputRecord broken(long row, String detail) {
    tally.countReject(RejectReason.TRUNCATED_INPUT);
    return InputRecord.reject(row, -1, RejectReason.TRUNCATED_INPUT, detail, null);
  }

  public FileTally tally() {
    return tally;
  }
}
