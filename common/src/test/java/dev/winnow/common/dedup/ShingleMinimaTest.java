package dev.winnow.common.dedup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * MinHash's two loops ({@link ShingleMinima}): the plain one and the vector API's give the
 * minima of the definition, on every permutation count (whole vectors and a remainder) and on
 * extreme hashes. The vector loop is called directly: which one MinHash runs depends on the
 * machine and on the JIT's timing, and must not change a signature.
 */
class ShingleMinimaTest {
  private static final long[] EXTREMES = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0xFFFF_FFFFL, 1L << 32};

  @Test
  void bothLoopsGiveTheMinimaOfTheDefinition() {
    SplittableRandom random = new SplittableRandom(7);
    for (int perms : new int[] {1, 3, 8, 13, 112, 120}) {
      long[] a = random.longs(perms).map(x -> x | 1).toArray();
      long[] b = random.longs(perms).toArray();
      for (int n : new int[] {1, 2, 5, 64, 300}) {
        long[] xs = random.longs(n + 3).toArray(); // longer than n: the rest must not count
        System.arraycopy(EXTREMES, 0, xs, 0, Math.min(n, EXTREMES.length));
        // minima from an earlier call: a call lowers them, never raises them
        long[] start = random.longs(perms, 0, 1L << 32).toArray();
        long[] expected = definition(a, b, xs, n, start);
        long[] plain = start.clone();
        ShingleMinima.update(a, b, xs, n, plain, 0);
        long[] vector = start.clone();
        VectorShingleMinima.update(a, b, xs, n, vector);
        String at = perms + " permutations, " + n + " shingles";
        assertArrayEquals(expected, plain, "plain loop, " + at);
        assertArrayEquals(expected, vector, "vector loop, " + at);
        long[] fresh = new long[perms];
        Arrays.fill(fresh, Long.MAX_VALUE);
        long[] dispatched = fresh.clone();
        ShingleMinima.update(a, b, xs, n, dispatched);
        assertArrayEquals(definition(a, b, xs, n, fresh), dispatched, "either loop, " + at);
      }
    }
  }

  /**
   * The warm-up never switches callers to a vector loop that fails or gives other minima, and a
   * failure stays on the warm-up's thread: the plain loop goes on, nothing is thrown.
   */
  @Test
  void aVectorLoopThatFailsOrErrsIsNotUsed() {
    long nanos = 10_000_000_000L; // the refusal comes on the first round, long before this
    assertFalse(ShingleMinima.vectorWins((a, b, xs, n, mins) -> {
      throw new UnsupportedOperationException("no vectors of this shape here");
    }, nanos));
    assertFalse(ShingleMinima.vectorWins((a, b, xs, n, mins) -> {
      throw new NoClassDefFoundError("jdk/incubator/vector/LongVector");
    }, nanos));
    // fast, since it does nothing, but its minima are wrong
    assertFalse(ShingleMinima.vectorWins((a, b, xs, n, mins) -> { }, nanos));
    // one lane off: the minima of every permutation but the last
    assertFalse(ShingleMinima.vectorWins((a, b, xs, n, mins) -> {
      long last = mins[mins.length - 1];
      ShingleMinima.update(a, b, xs, n, mins, 0);
      mins[mins.length - 1] = last;
    }, nanos));
  }

  /** Per permutation, the least unsigned high half of a x + b over the first n hashes, or start's. */
  private static long[] definition(long[] a, long[] b, long[] xs, int n, long[] start) {
    long[] mins = start.clone();
    for (int s = 0; s < n; s++) {
      for (int i = 0; i < a.length; i++) {
        long high = Integer.toUnsignedLong((int) ((a[i] * xs[s] + b[i]) >> 32));
        if (Long.compareUnsigned(high, mins[i]) < 0) {
          mins[i] = high;
        }
      }
    }
    return mins;
  }
}
