package dev.winnow.common.quality;

/**
 * The text-quality signals computed for every document during featurize, stored as the
 * fields of the features' {@code quality} struct in this order. Definitions are in
 * docs/QUALITY.md; {@link QualitySignals} computes them.
 */
public enum QualitySignal {
  N_WORDS("n_words", "word tokens (WordPunct \\w+ runs)"),
  MEAN_WORD_LENGTH("mean_word_length", "mean length of the word tokens, in characters"),
  HASH_WORD_RATIO("hash_word_ratio", "'#' characters per word"),
  ELLIPSIS_WORD_RATIO("ellipsis_word_ratio", "'...' and '\u2026' per word"),
  BULLET_LINE_FRAC("bullet_line_frac", "fraction of non-blank lines starting with a bullet"),
  ELLIPSIS_LINE_FRAC("ellipsis_line_frac", "fraction of non-blank lines ending with an ellipsis"),
  ALPHA_WORD_FRAC("alpha_word_frac", "fraction of words with at least one letter"),
  STOP_WORDS("stop_words", "occurrences of Gopher's eight English stop words"),
  DUP_LINE_FRAC("dup_line_frac", "fraction of non-blank lines that repeat an earlier line"),
  DUP_PARA_FRAC("dup_para_frac", "fraction of paragraphs that repeat an earlier paragraph"),
  DUP_LINE_CHAR_FRAC("dup_line_char_frac", "characters in repeated lines / characters of the text"),
  DUP_PARA_CHAR_FRAC("dup_para_char_frac", "characters in repeated paragraphs / characters of the text"),
  TOP_2GRAM_CHAR_FRAC("top_2gram_char_frac", "characters covered by the most frequent token 2-gram / text"),
  TOP_3GRAM_CHAR_FRAC("top_3gram_char_frac", "as top_2gram_char_frac, for 3-grams"),
  TOP_4GRAM_CHAR_FRAC("top_4gram_char_frac", "as top_2gram_char_frac, for 4-grams"),
  DUP_5GRAM_CHAR_FRAC("dup_5gram_char_frac", "characters in repeated token 5-grams / text"),
  DUP_6GRAM_CHAR_FRAC("dup_6gram_char_frac", "as dup_5gram_char_frac, for 6-grams"),
  DUP_7GRAM_CHAR_FRAC("dup_7gram_char_frac", "as dup_5gram_char_frac, for 7-grams"),
  DUP_8GRAM_CHAR_FRAC("dup_8gram_char_frac", "as dup_5gram_char_frac, for 8-grams"),
  DUP_9GRAM_CHAR_FRAC("dup_9gram_char_frac", "as dup_5gram_char_frac, for 9-grams"),
  DUP_10GRAM_CHAR_FRAC("dup_10gram_char_frac", "as dup_5gram_char_frac, for 10-grams"),
  C4_SENTENCES("c4_sentences", "sentences in the lines C4's line rules keep"),
  C4_LOREM_IPSUM("c4_lorem_ipsum", "occurrences of 'lorem ipsum' (any case)"),
  C4_CURLY_BRACKETS("c4_curly_brackets", "'{' characters"),
  C4_JAVASCRIPT_LINES("c4_javascript_lines", "lines mentioning 'javascript' (any case)"),
  FW_LINE_PUNCT_RATIO("fw_line_punct_ratio", "fraction of lines ending in . ' \" ! or ?"),
  FW_SHORT_LINE_RATIO("fw_short_line_ratio", "fraction of lines of at most 30 characters"),
  FW_DUP_LINE_CHAR_RATIO("fw_dup_line_char_ratio", "characters in repeated non-blank lines / characters "
      + "outside newlines"),
  FW_LIST_RATIO("fw_list_ratio", "newlines per token");

  private final String column;
  private final String meaning;

  QualitySignal(String column, String meaning) {
    this.column = column;
    this.meaning = meaning;
  }

  /** The field name in the features' {@code quality} struct. */
  public String column() {
    return column;
  }

  public String meaning() {
    return meaning;
  }
}
