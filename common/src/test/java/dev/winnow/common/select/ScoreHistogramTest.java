package dev.winnow.common.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ScoreHistogramTest {
  @Test
  void binsTheRangeEquallyWithTheLargestValueInTheLastBin() {
    ScoreHistogram h = ScoreHistogram.over(-2.0, 2.0, 4);
    for (double v : new double[] {-2, -1.5, -1, 0, 0.5, 1.999, 2}) {
      h.add(v, v >= 0);
    }
    assertArrayEquals(new double[] {-2, -1, 0, 1, 2}, h.edges());
    assertArrayEquals(new long[] {2, 1, 2, 2}, h.pool());
    assertArrayEquals(new long[] {0, 0, 2, 2}, h.kept());
  }

  @Test
  void partialHistogramsMergeToTheWholeOne() {
    ScoreHistogram whole = ScoreHistogram.over(0.0, 10.0, 5);
    ScoreHistogram a = ScoreHistogram.over(0.0, 10.0, 5);
    ScoreHistogram b = ScoreHistogram.over(0.0, 10.0, 5);
    for (int i = 0; i <= 10; i++) {
      whole.add(i, i % 3 == 0);
      (i % 2 == 0 ? a : b).add(i, i % 3 == 0);
    }
    ScoreHistogram merged = a.merge(b);
    assertArrayEquals(whole.pool(), merged.pool());
    assertArrayEquals(whole.kept(), merged.kept());
    assertEquals(11, java.util.Arrays.stream(merged.pool()).sum());
  }

  @Test
  void oneValueSpansARangeOfOne() {
    ScoreHistogram h = ScoreHistogram.over(3.0, 3.0, 2);
    h.add(3, true);
    assertArrayEquals(new double[] {3, 3.5, 4}, h.edges());
    assertArrayEquals(new long[] {1, 0}, h.pool());
  }

  @Test
  void noRangeIsNoBinsAndAValueOutsideTheRangeIsRefused() {
    ScoreHistogram none = ScoreHistogram.over(null, null, 40);
    assertEquals(0, none.edges().length);
    assertEquals(0, none.pool().length);
    assertThrows(IllegalArgumentException.class, () -> none.add(1, false));
    ScoreHistogram h = ScoreHistogram.over(0.0, 1.0, 4);
    assertThrows(IllegalArgumentException.class, () -> h.add(1.5, false));
    assertThrows(IllegalArgumentException.class, () -> h.add(-0.1, false));
    assertThrows(IllegalArgumentException.class, () -> h.add(Double.NaN, false));
  }
}
