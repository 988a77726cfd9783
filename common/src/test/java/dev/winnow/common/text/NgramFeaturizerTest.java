package dev.winnow.common.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.common.TestJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class NgramFeaturizerTest {

  private static List<String> lines(String resource) throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        Objects.requireNonNull(NgramFeaturizerTest.class.getResourceAsStream(resource), resource), StandardCharsets.UTF_8))) {
      return r.lines().toList();
    }
  }

  /** Every document and setting of the golden file, computed by NLTK + hashlib (make_dsir_golden.py). */
  @Test
  void dsirModeMatchesTheReferenceImplementationExactly() throws IOException {
    Map<String, String> texts = new HashMap<>();
    for (String l : lines("/golden/dsir_input.jsonl")) {
      Map<String, Object> d = TestJson.object(l);
      texts.put((String) d.get("id"), (String) d.get("text"));
    }
    Map<String, NgramFeaturizer> featurizers = new HashMap<>();
    int checked = 0;
    int nonAscii = 0;
    for (String l : lines("/golden/dsir_expected.jsonl")) {
      Map<String, Object> e = TestJson.object(l);
      int order = ((Long) e.get("order")).intValue();
      int buckets = ((Long) e.get("buckets")).intValue();
      NgramFeaturizer f = featurizers.computeIfAbsent(order + "/" + buckets,
          k -> new NgramFeaturizer(order, buckets, HashingMode.DSIR));
      String id = (String) e.get("id");
      String text = texts.get(id);
      DocFeatures got = f.featurize(text);
      String where = id + " order=" + order + " buckets=" + buckets;
      assertEquals(((Long) e.get("n_tokens")).intValue(), got.nTokens, where);
      assertArrayEquals(TestJson.ints(e.get("idx")), got.ngramIdx, where);
      assertArrayEquals(TestJson.ints(e.get("cnt")), got.ngramCnt, where);
      checked++;
      if (!text.chars().allMatch(c -> c < 128)) {
        nonAscii++;
      }
    }
    assertEquals(44 * 3, checked);
    assertTrue(nonAscii >= 30, "golden set must exercise non-ASCII text, had " + nonAscii);
  }

  @Test
  void tokensFollowPythonsWordAndSpaceClasses() {
    NgramFeaturizer f = new NgramFeaturizer(1, NgramFeaturizer.MAX_BUCKETS, HashingMode.FAST);
    // "Don't" -> don ' t ; "café—ok" -> café — ok ; combining acute (Mn) is not \w in Python
    assertEquals(3, f.featurize("Don't").nTokens);
    assertEquals(3, f.featurize("café—ok").nTokens);
    assertEquals(3, f.featurize("cafe\u0301s").nTokens); // cafe, U+0301, s
    // no-break space and ideographic space separate tokens (Python isspace), ² is a number (No)
    assertEquals(2, f.featurize("a\u00A0b").nTokens);
    assertEquals(2, f.featurize("一\u3000二").nTokens);
    assertEquals(1, f.featurize("x²").nTokens);
    // a word character outside the BMP (mathematical bold A, Lu)
    assertEquals(1, f.featurize("\uD835\uDC00bc").nTokens);
    assertEquals(0, f.featurize(" \t\n\u2003 ").nTokens);
  }

  @Test
  void fastModeIsStableAndCaseInsensitive() {
    NgramFeaturizer f = new NgramFeaturizer(2, 10000, HashingMode.FAST);
    DocFeatures a = f.featurize("The quick brown fox, the QUICK dog.");
    DocFeatures b = f.featurize("the   quick brown FOX, the quick\n dog.");
    assertArrayEquals(a.ngramIdx, b.ngramIdx);
    assertArrayEquals(a.ngramCnt, b.ngramCnt);
    assertEquals(a.textHash, b.textHash, "text hash is over the normalized text");
    assertEquals(9, a.nTokens);
    // 9 unigrams + 8 bigrams
    assertEquals(17, java.util.Arrays.stream(a.ngramCnt).sum());
    for (int i = 1; i < a.ngramIdx.length; i++) {
      assertTrue(a.ngramIdx[i - 1] < a.ngramIdx[i], "indices sorted and distinct");
    }
    assertNotEquals(a.textHash, f.featurize("the quick brown fox").textHash);
  }

  @Test
  void bigramOrderMattersInFastMode() {
    NgramFeaturizer f = new NgramFeaturizer(2, NgramFeaturizer.MAX_BUCKETS, HashingMode.FAST);
    DocFeatures ab = f.featurize("alpha beta");
    DocFeatures ba = f.featurize("beta alpha");
    // same unigrams, different bigram
    assertEquals(3, ab.ngramIdx.length);
    assertNotEquals(java.util.Arrays.toString(ab.ngramIdx), java.util.Arrays.toString(ba.ngramIdx));
  }

  @Test
  void sizesAreUtf8Bytes() {
    NgramFeaturizer f = new NgramFeaturizer(2, 100, HashingMode.FAST);
    assertEquals(7, f.featurize("añb€").nBytes); // 1 + 2 + 1 + 3
    assertEquals(4, f.featurize("\uD835\uDC00").nBytes);
  }

  @Test
  void refusesImpossibleSettings() {
    assertThrows(IllegalArgumentException.class, () -> new NgramFeaturizer(0, 10, HashingMode.FAST));
    assertThrows(IllegalArgumentException.class, () -> new NgramFeaturizer(2, (1 << 20) + 1, HashingMode.FAST));
  }

  @Test
  void modMatchesBigIntegerArithmetic() {
    byte[] d = new byte[32];
    for (int i = 0; i < d.length; i++) {
      d[i] = (byte) (i * 37 + 11);
    }
    for (int m : new int[] {1, 7, 10000, 1 << 20}) {
      assertEquals(new java.math.BigInteger(1, d).mod(java.math.BigInteger.valueOf(m)).intValue(),
          NgramFeaturizer.modBigEndian(d, m));
    }
  }
}
