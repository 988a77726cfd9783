package dev.winnow.common.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopWordsTest {
  @Test
  void wordsAreLowerCasedLettersOnlyOfThreeOrMore() {
    assertEquals(List.of("the", "quick", "brown", "fox", "dogs", "über"),
        TopWords.words("The Quick, brown fox's 42 dogs! a3b Über"));
  }

  @Test
  void frequentAndDistinctiveWordsComeFirst() {
    Map<String, Long> a = Map.of("alpha", 4L, "beta", 1L, "delta", 1L);
    Map<String, Long> b = Map.of("beta", 4L, "gamma", 1L);
    Map<String, Long> all = Map.of("alpha", 4L, "beta", 5L, "gamma", 1L, "delta", 1L);
    // in a (6 words of 11): alpha 4 x log((4/6) / (4/11)) > 0; delta 1 x log((1/6) / (1/11)) > 0, below alpha;
    // beta 1 x log((1/6) / (5/11)) < 0
    assertEquals(List.of("alpha", "delta", "beta"), TopWords.rank(a, all, 8));
    assertEquals(List.of("alpha"), TopWords.rank(a, all, 1));
    // in b (5 of 11): gamma 1 x log((1/5) / (1/11)) = 0.79 against beta 4 x log((4/5) / (5/11)) = 2.26
    assertEquals(List.of("beta", "gamma"), TopWords.rank(b, all, 8));
  }

  @Test
  void documentFrequenciesCountDocumentsNotOccurrences() {
    DocFrequency x = new DocFrequency(4).add(new int[] {0, 2}).add(new int[] {2});
    DocFrequency y = new DocFrequency(4).add(new int[] {1, 2, 3});
    DocFrequency d = x.merge(y);
    assertArrayEquals(new long[] {1, 1, 3, 1}, d.counts);
    assertEquals(3, d.docs);
  }
}
