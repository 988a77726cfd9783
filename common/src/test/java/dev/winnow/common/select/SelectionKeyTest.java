package dev.winnow.common.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The Gumbel top-k key: sampling in proportion to exp(score / temperature), reproducibly. */
class SelectionKeyTest {
  /**
   * Two documents with weights 1 and 3 (scores ln 1 and ln 3) at temperature 1: the heavier one
   * has the larger key with probability 3/4, over 20,000 seeds (standard error 0.003).
   */
  @Test
  void theLargerKeyGoesToADocumentInProportionToItsWeight() {
    int seeds = 20_000;
    int heavierFirst = 0;
    for (long seed = 0; seed < seeds; seed++) {
      if (SelectionKey.key(Math.log(3), 1, seed, "heavy") > SelectionKey.key(Math.log(1), 1, seed, "light")) {
        heavierFirst++;
      }
    }
    double p = heavierFirst / (double) seeds;
    assertTrue(Math.abs(p - 0.75) < 0.015, "P(heavier first) = " + p);
  }

  /** A Gumbel(0, 1) draw has mean Euler's constant 0.5772 (standard deviation pi / sqrt 6). */
  @Test
  void theDrawsAreGumbel() {
    int n = 50_000;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += SelectionKey.gumbel(42, "doc-" + i);
    }
    assertEquals(0.5772, sum / n, 0.03); // 5 standard errors: 5 x 1.28 / sqrt(50,000)
  }

  @Test
  void temperatureZeroIsTheScoreAndKeysAreReproducible() {
    assertEquals(2.5, SelectionKey.key(2.5, 0, 1, "a"));
    assertEquals(SelectionKey.key(2.5, 0.5, 9, "a"), SelectionKey.key(2.5, 0.5, 9, "a"));
    assertTrue(SelectionKey.key(2.5, 0.5, 9, "a") != SelectionKey.key(2.5, 0.5, 10, "a"), "another seed, another draw");
  }
}
