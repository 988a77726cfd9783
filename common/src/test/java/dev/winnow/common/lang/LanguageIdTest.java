package dev.winnow.common.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.common.CleanMini;
import dev.winnow.common.quality.QualityRule;
import com.optimaize.langdetect.DetectedLanguage;
import com.optimaize.langdetect.LanguageDetector;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import com.optimaize.langdetect.text.CommonTextObjectFactories;
import com.optimaize.langdetect.text.TextObjectFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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

  /**
   * The detector's answers are the optimaize library's own, bit for bit (its detector and text
   * factory for large texts, called as the library's users call it), on every clean_mini passage,
   * on the same passages with URLs and e-mail addresses in them (the URL filter's path) and cut
   * to a few dozen characters (the library's short-text algorithm, under 51).
   */
  @Test
  void answersAsTheLibraryDoesBitForBit() throws IOException {
    LanguageDetector library = LanguageDetectorBuilder.create(NgramExtractors.standard())
        .withProfiles(new LanguageProfileReader().readAllBuiltIn()).build();
    TextObjectFactory texts = CommonTextObjectFactories.forDetectingOnLargeText();
    List<String> cases = new ArrayList<>();
    for (String t : CleanMini.pool().values()) {
      cases.add(t);
    }
    for (String t : texts().values()) {
      cases.add("See https://example.org/a?b=c#d and write to me.name@example-mail.org: " + t);
      cases.add(t.substring(0, Math.min(t.length(), 60)) + " http://x.y/z " + "a@b.cd");
      cases.add(t.substring(0, Math.min(t.length(), 45)));
    }
    // scripts mixed: a minority the library's filter removes (Cyrillic and Latin words in Greek),
    // and two scripts neither of which is a minority
    String greek = texts().get("europarl/9648#1");
    String english = texts().get("europarl/16065#1");
    cases.add(greek.substring(0, 150) + " Москва and London " + greek.substring(150));
    cases.add(greek + " " + english.substring(0, Math.min(english.length(), greek.length())));
    int languages = 0;
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String t : cases) {
      String head = t.length() > LanguageId.MAX_CHARS ? t.substring(0, LanguageId.MAX_CHARS) : t;
      LanguageId.Detection expected = new LanguageId.Detection(LanguageId.UNKNOWN, 0);
      if (head.codePoints().filter(Character::isLetter).count() >= LanguageId.MIN_LETTERS) {
        List<DetectedLanguage> found = library.getProbabilities(texts.forText(head));
        if (!found.isEmpty()) {
          double p = found.get(0).getProbability();
          expected = new LanguageId.Detection(p < LanguageId.MIN_PROBABILITY ? LanguageId.UNKNOWN
              : found.get(0).getLocale().getLanguage(), p);
        }
      }
      assertEquals(expected, LanguageId.detect(t), t);
      if (seen.add(expected.lang())) {
        languages++;
      }
    }
    assertTrue(languages >= 15, "the passages span the labelled languages: " + seen);
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
