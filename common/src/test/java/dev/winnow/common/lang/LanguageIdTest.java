package dev.winnow.common.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.common.CleanMini;
import dev.winnow.common.quality.QualityRule;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Language identification on real Europarl passages of clean_mini, each labelled by hand (read,
 * not detected: the labels below were written before the detector ran on them), and the
 * stop-word rule's reach.
 */
class LanguageIdTest {
  /** clean_mini passage id -> its language, as a reader tells it. */
  private static final Map<String, String> LABELLED = Map.ofEntries(
      Map.entry("europarl/16501#1", "lv"), Map.entry("europarl/15246#1", "nl"), Map.entry("europarl/11458#1", "sv"),
      Map.entry("europarl/3117#1", "pt"), Map.entry("europarl/13034#1", "sk"), Map.entry("europarl/9648#1", "el"),
      Map.entry("europarl/11920#1", "cs"), Map.entry("europarl/15732#1", "hu"), Map.entry("europarl/15322#1", "fi"),
      Map.entry("europarl/9839#1", "da"), Map.entry("europarl/207#1", "es"), Map.entry("europarl/16065#1", "en"),
      Map.entry("europarl/11804#1", "fr"), Map.entry("europarl/15784#1", "de"), Map.entry("europarl/2986#1", "it"));

  private static Map<String, String> texts() throws IOException {
    Map<String, String> texts = new HashMap<>(CleanMini.pool());
    texts.keySet().retainAll(LABELLED.keySet());
    assertEquals(LABELLED.keySet(), texts.keySet());
    return texts;
  }

  @Test
  void tellsTheLanguagesOfEuroparlPassagesAsAReaderDoes() throws IOException {
    Map<String, String> texts = texts();
    for (Map.Entry<String, String> e : LABELLED.entrySet()) {
      LanguageId.Detection d = LanguageId.detect(texts.get(e.getKey()));
      assertEquals(e.getValue(), d.lang(), e.getKey());
      assertTrue(d.probability() >= LanguageId.MIN_PROBABILITY && d.probability() <= 1, d.toString());
      assertEquals(d, LanguageId.detect(texts.get(e.getKey())), "the same answer every time");
    }
  }

  @Test
  void textWithoutLanguageIsUnknown() {
    for (String t : new String[] {"", "12345 67890", "=== ---- ++++", "x", "Hello world"}) {
      assertEquals(LanguageId.UNKNOWN, LanguageId.detect(t).lang(), "'" + t + "'");
    }
  }

  @Test
  void theStopWordRuleAppliesToEnglishAndUnidentifiedTextOnly() {
    double[] signals = new double[dev.winnow.common.quality.QualitySignal.values().length];
    double[] thresholds = new double[QualityRule.values().length];
    for (QualityRule r : QualityRule.values()) {
      thresholds[r.ordinal()] = Double.parseDouble(r.defaultThreshold());
    }
    // no English stop word at all: fails the rule in English, or when the language is not known
    signals[dev.winnow.common.quality.QualitySignal.STOP_WORDS.ordinal()] = 0;
    long stop = QualityRule.GOPHER_MIN_STOP_WORDS.bit();
    assertEquals(stop, QualityRule.flags(signals, thresholds, "en") & stop);
    assertEquals(stop, QualityRule.flags(signals, thresholds, LanguageId.UNKNOWN) & stop);
    assertEquals(stop, QualityRule.flags(signals, thresholds, null) & stop);
    assertEquals(0, QualityRule.flags(signals, thresholds, "de") & stop);
    // every other rule is the same in any language
    assertEquals(QualityRule.flags(signals, thresholds, "en") & ~stop, QualityRule.flags(signals, thresholds, "el"));
  }
}
