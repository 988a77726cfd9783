package dev.winnow.common.dedup;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ShingleMinima#update} with the JDK's vector API: a vector of permutations at a time,
 * their minima kept in a register over all the shingles. Loaded only where the JVM has the
 * module {@code jdk.incubator.vector} (by {@link ShingleMinima}'s warm-up, then by callers).
 */
final class VectorShingleMinima {
  private static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_PREFERRED;

  private VectorShingleMinima() {}

  static int lanes() {
    return SPECIES.length();
  }

  static void update(long[] a, long[] b, long[] xs, int n, long[] mins) {
    int whole = SPECIES.loopBound(a.length);
    for (int i = 0; i < whole; i += SPECIES.length()) {
      LongVector va = LongVector.fromArray(SPECIES, a, i);
      LongVector vb = LongVector.fromArray(SPECIES, b, i);
      LongVector m = LongVector.fromArray(SPECIES, mins, i);
      for (int s = 0; s < n; s++) {
        m = m.min(va.mul(xs[s]).add(vb).lanewise(VectorOperators.LSHR, 32));
      }
      m.intoArray(mins, i);
    }
    ShingleMinima.update(a, b, xs, n, mins, whole);
  }
}
