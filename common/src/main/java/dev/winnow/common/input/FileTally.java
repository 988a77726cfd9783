package dev.winnow.common.input;

import java.util.EnumMap;
import java.util.Map;

/**
 * Counts for one input file: records read, documents produced, records rejected by reason,
 * and blank lines (which are separators, not records). Invariant: {@code records = docs +
 * rejected}.
 */
public final class FileTally {
  private long records;
  private long docs;
  private long blankLines;
  private final EnumMap<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);

  public void countDoc() {
    records++;
    docs++;
  }

  public void countReject(RejectReason reason) {
    records++;
    rejected.merge(reason, 1L, Long::sum);
  }

  public void countBlankLine() {
    blankLines++;
  }

  /** Moves one document to the rejected side (a document found bad after it was read). */
  public void reclassify(RejectReason reason) {
    docs--;
    rejected.merge(reason, 1L, Long::sum);
  }

  public long records() {
    return records;
  }

  public long docs() {
    return docs;
  }

  public long blankLines() {
    return blankLines;
  }

  public long rejectedTotal() {
    long t = 0;
    for (long v : rejected.values()) {
      t += v;
    }
    return t;
  }

  public Map<RejectReason, Long> rejected() {
    return new EnumMap<>(rejected);
  }
}
