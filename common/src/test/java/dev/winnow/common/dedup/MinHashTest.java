package dev.winnow.common.dedup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * MinHash signatures are stored in the features and compared by dedup, possibly across
 * versions: their bytes are pinned here (the values the first version computed).
 */
class MinHashTest {
  private static final MinHash FINEWEB = new MinHash(5, 14, 8);
  private static final String TEXT =
      "The quick brown fox jumps over the lazy dog, again and again, until the dog wakes up.";

  @Test
  void theSignatureBytesArePinned() {
    byte[] s = FINEWEB.signature(TEXT);
    assertEquals(448, s.length);
    assertEquals("012ca7e82bb39b79053cd93900da521f", HexFormat.of().formatHex(s, 0, 16));
    assertEquals("4182e0c40e5507f8", HexFormat.of().formatHex(s, 440, 448));
  }

  @Test
  void caseAndPunctuationDoNotMatterAndAnEditLowersTheSimilarity() {
    assertArrayEquals(FINEWEB.signature(TEXT), FINEWEB.signature(TEXT.toUpperCase(java.util.Locale.ROOT)
        .replace(",", " ;")));
    double edited = MinHash.similarity(FINEWEB.signature(TEXT), FINEWEB.signature(TEXT.replace("lazy", "busy")));
    assertTrue(edited > 0.2 && edited < 1, "similarity " + edited);
    assertNull(FINEWEB.signature(" -- :: "), "no word, no signature");
  }
}
