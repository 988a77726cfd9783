package dev.winnow.common.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The indexOf-based search counts exactly what a char-by-char case-insensitive scan counts. */
class CountIgnoreCaseTest {
  /** The definition: every position whose char lower-cases to the needle's first, non-overlapping. */
  static int reference(String text, String needle) {
    int c = 0;
    for (int i = 0; i <= text.length() - needle.length(); i++) {
      if (Character.toLowerCase(text.charAt(i)) == needle.charAt(0)
          && text.regionMatches(true, i, needle, 0, needle.length())) {
        c++;
        i += needle.length() - 1;
      }
    }
    return c;
  }

  @Test
  void phrasesInAnyCaseAreCountedOnceEach() {
    assertEquals(2, QualitySignals.countIgnoreCase("JavaScript is off. Enable JAVASCRIPT", "javascript"));
    assertEquals(1, QualitySignals.countIgnoreCase("Lorem Ipsum dolor", "lorem ipsum"));
    assertEquals(0, QualitySignals.countIgnoreCase("java script", "javascript"));
    assertEquals(2, QualitySignals.countIgnoreCase("use cookiesuse cookies", "use cookies"));
    assertEquals(1, QualitySignals.countIgnoreCase("aaa", "aa"));
    assertEquals(0, QualitySignals.countIgnoreCase("co", "cookie policy"));
  }

  @Test
  void agreesWithTheCharByCharScanOnRandomText() {
    String alphabet = "jJaAvVsScCrRiIpPtTlLoOeEmMuUkK \u0130\u212a\u00e9.";
    String[] needles = {"javascript", "lorem ipsum", "use cookies", "terms of use", "ja", "i\u0307", "kk", "e"};
    Random random = new Random(11);
    for (int round = 0; round < 5000; round++) {
      StringBuilder b = new StringBuilder();
      int n = random.nextInt(40);
      for (int i = 0; i < n; i++) {
        if (random.nextInt(8) == 0) {
          b.append(needles[random.nextInt(needles.length)].toUpperCase(java.util.Locale.ROOT));
        } else {
          b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      String text = b.toString();
      for (String needle : needles) {
        assertEquals(reference(text, needle), QualitySignals.countIgnoreCase(text, needle), needle + " in " + text);
      }
    }
  }
}
