package dev.winnow.common.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-pass token scan: its premise, and its two views against the WordPunct rule written out. */
class TokenScanTest {
  /**
   * The scan reads both views' token boundaries off the original code points, which is right only
   * if lower-casing never changes a code point's class. A JDK with other Unicode tables could
   * break that: this fails then, naming the code points.
   */
  @Test
  void lowerCasingKeepsEveryCodePointsClass() {
    List<String> moved = new ArrayList<>();
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      int lower = Character.toLowerCase(cp);
      if (lower != cp && WordPunct.classify(lower) != WordPunct.classify(cp)) {
        moved.add(String.format("U+%04X", cp));
      }
    }
    assertEquals(List.of(), moved);
  }

  @Test
  void theViewsAreTheWordPunctTokensOfTheTextAndOfItsLowerCase() {
    TokenScan scan = new TokenScan();
    String text = "  Hello,  WORLD!!  naïve_Σ ΟΔΟΣ\u00a0x2 ";
    scan.scan(text, TokenScan.NGRAMS | TokenScan.QUALITY | TokenScan.WORDS);
    List<String> original = new ArrayList<>();
    for (int t = 0; t < scan.count; t++) {
      original.add(text.substring(scan.start[t], scan.end[t]));
      assertEquals(text.codePointCount(scan.start[t], scan.end[t]), scan.length[t]);
      assertEquals(scan.type[t] == WordPunct.WORD, scan.wordHash[t] != 0, original.get(t));
    }
    assertEquals(List.of("Hello", ",", "WORLD", "!!", "naïve_Σ", "ΟΔΟΣ", "x2"), original);
    List<String> ngram = new ArrayList<>();
    for (int t = 0; t < scan.ngramCount; t++) {
      ngram.add(new String(scan.norm, scan.ngramStart[t], scan.ngramEnd[t] - scan.ngramStart[t],
          java.nio.charset.StandardCharsets.UTF_8));
    }
    // the whole text lower-cased (a word-final capital sigma becomes a final sigma), then split
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    List<String> expected = java.util.regex.Pattern.compile("\\w+|[^\\w\\s]+",
        java.util.regex.Pattern.UNICODE_CHARACTER_CLASS).matcher(lower).results().map(m -> m.group()).toList();
    assertEquals(expected, ngram);
    assertEquals(String.join(" ", lower.strip().split("(?U)\\s+")),
        new String(scan.norm, 0, scan.normLength, java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, scan.utf8Bytes);
    // a word's hash ignores case: the same word in other case, the same hash
    scan.scan("Word word WORD", TokenScan.WORDS);
    assertTrue(scan.wordHash[0] == scan.wordHash[1] && scan.wordHash[1] == scan.wordHash[2]);
  }
}
