package dev.winnow.common.quality;

import java.util.List;
import java.util.Locale;

/**
 * The quality rules: each compares one {@link QualitySignal} with a threshold (config key
 * {@code quality.<rule>}) and sets flag bit {@link #ordinal()} of {@code quality_flags} when the
 * document fails. The defaults are those of the paper or pipeline named in {@link #source()}.
 * A rule never drops anything by itself: the select stage decides what a failing rule means.
 */
public enum QualityRule {
  GOPHER_MIN_WORDS(QualitySignal.N_WORDS, Test.BELOW, "50", "Gopher (Rae et al. 2021, A.1.1)"),
  GOPHER_MAX_WORDS(QualitySignal.N_WORDS, Test.ABOVE, "100000", "Gopher"),
  GOPHER_MIN_MEAN_WORD_LENGTH(QualitySignal.MEAN_WORD_LENGTH, Test.BELOW, "3", "Gopher"),
  GOPHER_MAX_MEAN_WORD_LENGTH(QualitySignal.MEAN_WORD_LENGTH, Test.ABOVE, "10", "Gopher"),
  GOPHER_MAX_HASH_RATIO(QualitySignal.HASH_WORD_RATIO, Test.ABOVE, "0.1", "Gopher (symbol-to-word ratio, '#')"),
  GOPHER_MAX_ELLIPSIS_RATIO(QualitySignal.ELLIPSIS_WORD_RATIO, Test.ABOVE, "0.1",
      "Gopher (symbol-to-word ratio, ellipsis)"),
  GOPHER_MAX_BULLET_LINES(QualitySignal.BULLET_LINE_FRAC, Test.ABOVE, "0.9", "Gopher"),
  GOPHER_MAX_ELLIPSIS_LINES(QualitySignal.ELLIPSIS_LINE_FRAC, Test.ABOVE, "0.3", "Gopher"),
  GOPHER_MIN_ALPHA_WORDS(QualitySignal.ALPHA_WORD_FRAC, Test.BELOW, "0.8", "Gopher"),
  GOPHER_MIN_STOP_WORDS(QualitySignal.STOP_WORDS, Test.BELOW, "2", "Gopher"),
  GOPHER_MAX_DUP_LINES(QualitySignal.DUP_LINE_FRAC, Test.ABOVE, "0.3", "Gopher repetition (Table A1)"),
  GOPHER_MAX_DUP_PARAGRAPHS(QualitySignal.DUP_PARA_FRAC, Test.ABOVE, "0.3", "Gopher repetition"),
  GOPHER_MAX_DUP_LINE_CHARS(QualitySignal.DUP_LINE_CHAR_FRAC, Test.ABOVE, "0.2", "Gopher repetition"),
  GOPHER_MAX_DUP_PARAGRAPH_CHARS(QualitySignal.DUP_PARA_CHAR_FRAC, Test.ABOVE, "0.2", "Gopher repetition"),
  GOPHER_MAX_TOP_2GRAM(QualitySignal.TOP_2GRAM_CHAR_FRAC, Test.ABOVE, "0.2", "Gopher repetition"),
  GOPHER_MAX_TOP_3GRAM(QualitySignal.TOP_3GRAM_CHAR_FRAC, Test.ABOVE, "0.18", "Gopher repetition"),
  GOPHER_MAX_TOP_4GRAM(QualitySignal.TOP_4GRAM_CHAR_FRAC, Test.ABOVE, "0.16", "Gopher repetition"),
  GOPHER_MAX_DUP_5GRAM(QualitySignal.DUP_5GRAM_CHAR_FRAC, Test.ABOVE, "0.15", "Gopher repetition"),
  GOPHER_MAX_DUP_6GRAM(QualitySignal.DUP_6GRAM_CHAR_FRAC, Test.ABOVE, "0.14", "Gopher repetition"),
  GOPHER_MAX_DUP_7GRAM(QualitySignal.DUP_7GRAM_CHAR_FRAC, Test.ABOVE, "0.13", "Gopher repetition"),
  GOPHER_MAX_DUP_8GRAM(QualitySignal.DUP_8GRAM_CHAR_FRAC, Test.ABOVE, "0.12", "Gopher repetition"),
  GOPHER_MAX_DUP_9GRAM(QualitySignal.DUP_9GRAM_CHAR_FRAC, Test.ABOVE, "0.11", "Gopher repetition"),
  GOPHER_MAX_DUP_10GRAM(QualitySignal.DUP_10GRAM_CHAR_FRAC, Test.ABOVE, "0.10", "Gopher repetition"),
  C4_MIN_SENTENCES(QualitySignal.C4_SENTENCES, Test.BELOW, "5", "C4 (Raffel et al. 2020, section 2.2)"),
  C4_MAX_LOREM_IPSUM(QualitySignal.C4_LOREM_IPSUM, Test.ABOVE, "0", "C4 (bad phrase 'lorem ipsum')"),
  C4_MAX_CURLY_BRACKETS(QualitySignal.C4_CURLY_BRACKETS, Test.ABOVE, "0", "C4 (curly bracket: code)"),
  C4_MAX_JAVASCRIPT_LINES(QualitySignal.C4_JAVASCRIPT_LINES, Test.ABOVE, "0",
      "C4 (javascript notices; C4 drops the lines, Winnow flags the page)"),
  FINEWEB_MIN_LINE_PUNCT(QualitySignal.FW_LINE_PUNCT_RATIO, Test.AT_MOST, "0.12", "FineWeb (Penedo et al. 2024)"),
  FINEWEB_MAX_SHORT_LINES(QualitySignal.FW_SHORT_LINE_RATIO, Test.AT_LEAST, "0.67", "FineWeb"),
  FINEWEB_MAX_DUP_LINE_CHARS(QualitySignal.FW_DUP_LINE_CHAR_RATIO, Test.AT_LEAST, "0.01", "FineWeb"),
  FINEWEB_MAX_LIST_RATIO(QualitySignal.FW_LIST_RATIO, Test.ABOVE, "0.3", "FineWeb");

  /** When a document fails: its signal is below, above, at most or at least the threshold. */
  public enum Test {
    BELOW("<"), ABOVE(">"), AT_MOST("<="), AT_LEAST(">=");

    final String symbol;

    Test(String symbol) {
      this.symbol = symbol;
    }

    boolean fails(double value, double threshold) {
      switch (this) {
        case BELOW:
          return value < threshold;
        case ABOVE:
          return value > threshold;
        case AT_MOST:
          return value <= threshold;
        default:
          return value >= threshold;
      }
    }
  }

  private final QualitySignal signal;
  private final Test test;
  private final String defaultThreshold;
  private final String source;

  QualityRule(QualitySignal signal, Test test, String defaultThreshold, String source) {
    this.signal = signal;
    this.test = test;
    this.defaultThreshold = defaultThreshold;
    this.source = source;
  }

  /** The rule's name in flags, ledgers and config keys: {@code gopher_min_words}, ... */
  public String ruleName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The flag bit of this rule in {@code quality_flags}. */
  public long bit() {
    return 1L << ordinal();
  }

  public QualitySignal signal() {
    return signal;
  }

  public String defaultThreshold() {
    return defaultThreshold;
  }

  public String source() {
    return source;
  }

  /** "flag when n_words < the threshold; from Gopher ...", for docs and config help. */
  public String describe() {
    return "flag when " + signal.column() + " " + test.symbol + " the threshold; from " + source;
  }

  public boolean fails(double value, double threshold) {
    return test.fails(value, threshold);
  }

  /** The rule of a name, or null. */
  public static QualityRule byName(String name) {
    for (QualityRule r : values()) {
      if (r.ruleName().equals(name)) {
        return r;
      }
    }
    return null;
  }

  /**
   * Whether the rule applies to a document in {@code lang} (an ISO 639-1 code; null or
   * {@code und} when not known). Gopher's stop-word rule counts eight English words, so it
   * applies to English and to documents whose language is not known (as before languages were
   * told); in any other language it is not applicable and never fails. Every other rule applies
   * to every language.
   */
  public boolean appliesTo(String lang) {
    return this != GOPHER_MIN_STOP_WORDS || lang == null || lang.equals(ENGLISH) || lang.equals(UNKNOWN_LANGUAGE);
  }

  private static final String ENGLISH = "en";
  private static final String UNKNOWN_LANGUAGE = "und";

  /**
   * The flags of a document in language {@code lang} (null: not known): bit r set when rule r
   * applies to the language and fails for its signals under {@code thresholds}.
   */
  public static long flags(double[] signals, double[] thresholds, String lang) {
    long flags = 0;
    for (QualityRule r : values()) {
      if (r.appliesTo(lang) && r.fails(signals[r.signal.ordinal()], thresholds[r.ordinal()])) {
        flags |= r.bit();
      }
    }
    return flags;
  }

  /** The rule groups a list of rules may name, besides single rules. */
  public static final List<String> GROUPS = List.of("all", "none", "gopher", "gopher_quality", "gopher_repetition", "c4",
      "fineweb");

  /** The group of this rule: gopher_quality, gopher_repetition, c4 or fineweb. */
  public String group() {
    String n = ruleName();
    if (n.startsWith("gopher_max_dup") || n.startsWith("gopher_max_top")) {
      return "gopher_repetition";
    }
    return n.startsWith("gopher_") ? "gopher_quality" : n.substring(0, n.indexOf('_'));
  }

  /**
   * The rules named by a comma-separated list of rule and group names ({@link #GROUPS}), as a
   * flag mask; an unknown name is refused with the valid ones listed.
   */
  public static long parseList(String list) {
    long mask = 0;
    for (String raw : list.split(",")) {
      String name = raw.trim();
      if (name.isEmpty() || name.equals("none")) {
        continue;
      }
      boolean known = false;
      for (QualityRule r : values()) {
        if (name.equals("all") || name.equals(r.ruleName()) || name.equals(r.group())
            || (name.equals("gopher") && r.group().startsWith("gopher"))) {
          mask |= r.bit();
          known = true;
        }
      }
      if (!known) {
        throw new IllegalArgumentException("unknown quality rule or group '" + name + "' (groups: "
            + String.join(", ", GROUPS) + "; rules: " + String.join(", ", names(-1L)) + ")");
      }
    }
    return mask;
  }

  /** The names of the rules set in {@code flags}, in rule order. */
  public static List<String> names(long flags) {
    List<String> out = new java.util.ArrayList<>();
    for (QualityRule r : values()) {
      if ((flags & r.bit()) != 0) {
        out.add(r.ruleName());
      }
    }
    return out;
  }
}
