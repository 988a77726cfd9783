package dev.winnow.common.input;

import java.util.Map;

/**
 * One record read from an input file: either a document (id may be null, then the doc id is
 * derived from the text) or a rejection with its reason. {@code line} is 1-based (the row
 * number for Parquet), {@code offset} the byte offset of the record's start in the
 * uncompressed stream (-1 where unknown).
 */
public final class InputRecord {
  public final long line;
  public final long offset;
  public final String id;
  public final String text;
  public final RejectReason reason;
  public final String detail;
  public final String sample;
  /** The input.metadata_fields the record has, as text (empty when none). */
  public final Map<String, String> meta;

  private InputRecord(long line, long offset, String id, String text, Map<String, String> meta, RejectReason reason,
      String detail, String sample) {
    this.line = line;
    this.offset = offset;
    this.id = id;
    this.text = text;
    this.reason = reason;
    this.detail = detail;
    this.sample = sample;
    this.meta = meta;
  }

  public static InputRecord doc(long line, long offset, String id, String text) {
    return doc(line, offset, id, text, Map.of());
  }

  public static InputRecord doc(long line, long offset, String id, String text, Map<String, String> meta) {
    return new InputRecord(line, offset, id, text, meta, null, null, null);
  }

  /** A rejection; {@code sample} is the start of the raw record, for a person to recognise it. */
  public static InputRecord reject(long line, long offset, RejectReason reason, String detail, String sample) {
    return new InputRecord(line, offset, null, null, Map.of(), reason, detail, sample);
  }

  public boolean isDoc() {
    return reason == null;
  }
}
