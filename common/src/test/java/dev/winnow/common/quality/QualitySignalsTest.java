package dev.winnow.common.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.common.TestJson;
import dev.winnow.common.config.WinnowConfig;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The quality signals on short real documents of clean_mini (copied into
 * src-test-resources/quality/texts.jsonl), each expected value counted by hand from the text as
 * the comments show.
 */
class QualitySignalsTest {
  private static final double EPS = 1e-9;
  private static final Map<String, String> TEXTS = new HashMap<>();
  private static final double[] DEFAULTS =
      WinnowConfig.of(Map.of("input.pool", "x", "work.dir", "w")).qualityThresholds();

  @BeforeAll
  static void load() throws IOException, URISyntaxException {
    Path p = Path.of(QualitySignalsTest.class.getResource("/quality/texts.jsonl").toURI());
    for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
      Map<String, Object> d = TestJson.object(line);
      TEXTS.put((String) d.get("id"), (String) d.get("text"));
    }
  }

  private static double[] signals(String text) {
    return new QualitySignals().compute(text);
  }

  private static double get(double[] s, QualitySignal q) {
    return s[q.ordinal()];
  }

  private static List<String> failing(double[] s) {
    return QualityRule.names(QualityRule.flags(s, DEFAULTS, null));
  }

  @Test
  void foldocEntry() {
    // "   <games, networking> (IGS) A place for {Go} players to meet and\n   play via the {Internet}.\n\n
    //  {IGS Home (http://pandanet.co.jp/English/)}.\n\n   (1995-03-17)"
    double[] s = signals(TEXTS.get("dictionaries/foldoc/internet go server@2554276#1"));
    // words: games networking IGS A place for Go players to meet and play via the Internet IGS Home http
    // pandanet co jp English 1995 03 17
    assertEquals(25, get(s, QualitySignal.N_WORDS));
    assertEquals(101 / 25.0, get(s, QualitySignal.MEAN_WORD_LENGTH), EPS);
    assertEquals(22 / 25.0, get(s, QualitySignal.ALPHA_WORD_FRAC), EPS); // all but 1995, 03, 17
    assertEquals(3, get(s, QualitySignal.STOP_WORDS)); // to, and, the
    assertEquals(3, get(s, QualitySignal.C4_CURLY_BRACKETS));
    // six lines, two end in '.'; short (<= 30): "   play via the {Internet}.", two empty, "   (1995-03-17)"
    assertEquals(2 / 6.0, get(s, QualitySignal.FW_LINE_PUNCT_RATIO), EPS);
    assertEquals(4 / 6.0, get(s, QualitySignal.FW_SHORT_LINE_RATIO), EPS);
    // C4 keeps "play via the {Internet}." and "{IGS Home (http://pandanet.co.jp/English/)}.": one sentence each
    assertEquals(2, get(s, QualitySignal.C4_SENTENCES));
    // 5 newlines over 45 tokens (25 words, 20 punctuation runs)
    assertEquals(5 / 45.0, get(s, QualitySignal.FW_LIST_RATIO), EPS);
    assertEquals(0, get(s, QualitySignal.DUP_LINE_FRAC));
    assertEquals(0, get(s, QualitySignal.DUP_PARA_FRAC));
    // 4/6 = 0.667 is just under FineWeb's 0.67: not flagged
    assertEquals(List.of("gopher_min_words", "c4_min_sentences", "c4_max_curly_brackets"), failing(s));
  }

  @Test
  void mailingListFooter() {
    // "\n----...\nThis sf.net email is sponsored by:ThinkGeek\nWelcome to geek heaven.\nhttp://thinkgeek.com/sf\n
    //  ____...\nSpamassassin-devel mailing list\nSpamassassin-devel@lists.sourceforge.net\nhttps://lists..."
    double[] s = signals(TEXTS.get("spamassassin/easy-ham-2/01347#1"));
    // nine lines (the first empty), one ends in '.'
    assertEquals(1 / 9.0, get(s, QualitySignal.FW_LINE_PUNCT_RATIO), EPS);
    // C4: "Welcome to geek heaven." is the one kept line
    assertEquals(1, get(s, QualitySignal.C4_SENTENCES));
    assertEquals(1, get(s, QualitySignal.STOP_WORDS)); // "to" (Spamassassin-devel etc. are other words)
    List<String> failing = failing(s);
    assertTrue(failing.contains("fineweb_min_line_punct"), failing::toString);
    assertTrue(failing.contains("gopher_min_stop_words"), failing::toString);
  }

  @Test
  void bulletedCardList() {
    // eight lines, "   * - Card name", "     - USB IDs", ...: every stripped line starts with "* " or "- "
    double[] s = signals(TEXTS.get("techdocs/linux/admin-guide/media/dvb-usb-gl861-cardlist.rst.txt#1"));
    assertEquals(1.0, get(s, QualitySignal.BULLET_LINE_FRAC), EPS);
    assertEquals(0, get(s, QualitySignal.FW_LINE_PUNCT_RATIO), EPS);
    assertTrue(failing(s).contains("gopher_max_bullet_lines"));
  }

  @Test
  void repeatedParagraphsAndLines() {
    // a real paragraph twice, separated by an empty line: the second is a duplicate paragraph and line
    String p = "Welcome to geek heaven.";
    String text = p + "\n\n" + p;
    double[] s = signals(text);
    assertEquals(0.5, get(s, QualitySignal.DUP_PARA_FRAC), EPS);
    assertEquals(23 / 48.0, get(s, QualitySignal.DUP_PARA_CHAR_FRAC), EPS);
    assertEquals(0.5, get(s, QualitySignal.DUP_LINE_FRAC), EPS); // blank lines are not counted as lines
    assertEquals(23 / 48.0, get(s, QualitySignal.DUP_LINE_CHAR_FRAC), EPS);
    assertEquals(23 / 46.0, get(s, QualitySignal.FW_DUP_LINE_CHAR_RATIO), EPS); // newlines not counted
    // tokens: Welcome to geek heaven . (x2): the top 2-gram occurs twice; each 2-gram has 2 tokens + 1 space
    // "Welcome to" = 10 chars x 2 = 20 of 48
    assertEquals(20 / 48.0, get(s, QualitySignal.TOP_2GRAM_CHAR_FRAC), EPS);
    // 10 tokens; 5-grams: 0..5; the 5-gram at 5 repeats the one at 0: "Welcome to geek heaven ." = 24 chars
    assertEquals(24 / 48.0, get(s, QualitySignal.DUP_5GRAM_CHAR_FRAC), EPS);
    assertEquals(0, get(s, QualitySignal.DUP_6GRAM_CHAR_FRAC), EPS); // no 6-gram repeats in 10 tokens
  }

  @Test
  void symbolsEllipsesAndPhrases() {
    String text = "Lorem ipsum dolor sit amet...\n#tags #more and the end\u2026\nJavaScript is disabled.";
    double[] s = signals(text);
    // words: Lorem ipsum dolor sit amet tags more and the end JavaScript is disabled = 13
    assertEquals(13, get(s, QualitySignal.N_WORDS));
    assertEquals(2 / 13.0, get(s, QualitySignal.HASH_WORD_RATIO), EPS);
    assertEquals(2 / 13.0, get(s, QualitySignal.ELLIPSIS_WORD_RATIO), EPS);
    assertEquals(2 / 3.0, get(s, QualitySignal.ELLIPSIS_LINE_FRAC), EPS);
    assertEquals(1, get(s, QualitySignal.C4_LOREM_IPSUM));
    assertEquals(1, get(s, QualitySignal.C4_JAVASCRIPT_LINES));
    // C4 keeps no line: the first ends in an ellipsis, the second too, the third mentions javascript
    assertEquals(0, get(s, QualitySignal.C4_SENTENCES));
    List<String> failing = failing(s);
    for (String r : List.of("gopher_max_hash_ratio", "gopher_max_ellipsis_ratio", "gopher_max_ellipsis_lines",
        "c4_max_lorem_ipsum", "c4_max_javascript_lines", "c4_min_sentences")) {
      assertTrue(failing.contains(r), r + " in " + failing);
    }
  }

  @Test
  void c4SentencesCountSentenceEndsInKeptLines() {
    assertEquals(3, QualitySignals.c4Sentences("One two three. Four five six! Seven eight?"));
    assertEquals(0, QualitySignals.c4Sentences("Two words."));
    assertEquals(0, QualitySignals.c4Sentences("Read our Privacy Policy today."));
    // a citation mark after the full stop does not hide it
    assertEquals(1, QualitySignals.c4Sentences("It was founded in 1990.[1]"));
  }

  @Test
  void thresholdsDecideTheFlagsNotTheSignals() {
    double[] s = signals(TEXTS.get("dictionaries/foldoc/internet go server@2554276#1"));
    double[] lenient = DEFAULTS.clone();
    lenient[QualityRule.GOPHER_MIN_WORDS.ordinal()] = 10;
    assertFalse(QualityRule.names(QualityRule.flags(s, lenient, null)).contains("gopher_min_words"));
    double[] strict = DEFAULTS.clone();
    strict[QualityRule.FINEWEB_MAX_SHORT_LINES.ordinal()] = 0.6;
    assertTrue(QualityRule.names(QualityRule.flags(s, strict, null)).contains("fineweb_max_short_lines"));
  }

  @Test
  void everyRuleHasAConfigKeyWithItsDefault() {
    for (QualityRule r : QualityRule.values()) {
      assertEquals(Double.parseDouble(r.defaultThreshold()), DEFAULTS[r.ordinal()], r.ruleName());
      assertEquals(r, QualityRule.byName(r.ruleName()));
    }
    assertTrue(QualityRule.values().length <= 64, "flags fit a long");
  }
}
