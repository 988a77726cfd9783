package dev.winnow.common.input;

import java.util.Locale;

/** Why an input record was quarantined instead of becoming a document. */
public enum RejectReason {
  /** The line is not valid JSON (or has content after the value). */
  MALFORMED_JSON,
  /** The line is valid JSON but not an object. */
  NOT_OBJECT,
  /** The object has no text field. */
  MISSING_TEXT,
  /** The text field is JSON null. */
  NULL_TEXT,
  /** The text field is a number, boolean, array or object. */
  NON_STRING_TEXT,
  /** The text has no token: empty or whitespace only. */
  EMPTY_TEXT,
  /** The id field is an array or object. */
  BAD_ID,
  /** The record's bytes are not valid UTF-8. */
  INVALID_UTF8,
  /** The record holds a NUL byte or its text a U+0000 character. */
  NUL_BYTE,
  /** The record is longer than input.max_record_bytes. */
  TOO_LARGE,
  /** Another record earlier in input order has the same doc_id. */
  DUPLICATE_ID,
  /** The file ended inside a compressed stream or a read failed: the rest of the file is lost. */
  TRUNCATED_INPUT,
  /**
   * The file's compressed stream failed its check (gzip CRC or trailer, a bad deflate block, a
   * zstd checksum or corrupt block): none of the file's records can be trusted, so every
   * record read from it is quarantined with this reason.
   */
  CORRUPT_STREAM,
  /** A WARC response that is not an HTML page with HTTP status 200 (an image, a redirect, an error page). */
  NOT_HTML_PAGE,
  /** The file cannot be opened or decoded at all (not gzip/zstd/Parquet as its name says). */
  UNREADABLE_FILE;

  /** The name written to quarantine files and manifests. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
