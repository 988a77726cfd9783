package dev.winnow.common.input;

import java.util.Locale;

/** What an input file holds. {@code auto} in the config picks one per file by its name. */
public enum InputFormat {
  /** One JSON object per line (.jsonl, .json, .ndjson; optionally .gz or .zst). */
  JSONL,
  /** Parquet with a string text column. */
  PARQUET,
  /** Plain UTF-8 text, one document per non-blank line. */
  TEXT_LINES,
  /** Plain UTF-8 text, one document per file. */
  TEXT_FILES,
  /** WARC with HTML responses (.warc, .warc.gz): a document per 200 HTML page, its main text. */
  WARC,
  /** WARC text conversions, Common Crawl's WET files (.warc.wet, .warc.wet.gz, .wet.gz): a document per record. */
  WET;

  /** The config name: jsonl, parquet, text-lines, text-files, warc, wet. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses a config value; null for {@code auto}. */
  public static InputFormat parseOrAuto(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT);
    if (v.equals("auto")) {
      return null;
    }
    for (InputFormat f : values()) {
      if (f.configName().equals(v)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown input format '" + s
        + "' (expected auto, jsonl, parquet, text-lines, text-files, warc or wet)");
  }

  /**
   * The format a file's name announces, or null when it announces none (plain .txt is
   * ambiguous between lines and files, so it needs an explicit format).
   */
  public static InputFormat fromName(String fileName) {
    String n = Compression.of(fileName).strip(fileName).toLowerCase(Locale.ROOT);
    if (n.endsWith(".jsonl") || n.endsWith(".json") || n.endsWith(".ndjson")) {
      return JSONL;
    }
    if (n.endsWith(".parquet")) {
      return PARQUET;
    }
    if (n.endsWith(".wet") || n.endsWith(".warc.wet")) {
      return WET;
    }
    if (n.endsWith(".warc")) {
      return WARC;
    }
    return null;
  }
}
