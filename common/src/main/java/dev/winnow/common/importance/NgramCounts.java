package dev.winnow.common.importance;

import java.io.Serializable;

/**
 * Summed hashed n-gram counts of a corpus (a bag-of-n-grams model before normalisation).
 * Mergeable, so that Spark can tree-aggregate it: only this small vector, never anything per
 * document, reaches the driver.
 */
public final class NgramCounts implements Serializable {
  private static final long serialVersionUID = 1L;
  private final long[] counts;
  private long docs;

  public NgramCounts(int buckets) {
    this.counts = new long[buckets];
  }

  /** Adds one document's sparse counts. */
  public NgramCounts add(int[] idx, int[] cnt) {
    for (int i = 0; i < idx.length; i++) {
      counts[idx[i]] += cnt[i];
    }
    docs++;
    return this;
  }

  /** Adds another corpus part's counts into this one. */
  public NgramCounts merge(NgramCounts other) {
    if (other.counts.length != counts.length) {
      throw new IllegalArgumentException("cannot merge counts of " + other.counts.length + " and " + counts.length
          + " buckets");
    }
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    docs += other.docs;
    return this;
  }

  public int buckets() {
    return counts.length;
  }

  public long docs() {
    return docs;
  }

  /** Sum of all counts: the number of n-gram occurrences. */
  public long total() {
    long t = 0;
    for (long c : counts) {
      t += c;
    }
    return t;
  }

  public long count(int bucket) {
    return counts[bucket];
  }

  /**
   * Probabilities {@code (c + pseudoCount) / (total + pseudoCount * buckets)}: Laplace
   * smoothing with the given pseudo-count (0: plain frequencies, as the DSIR reference).
   */
  public double[] probabilities(double pseudoCount) {
    double denom = total() + pseudoCount * counts.length;
    double[] p = new double[counts.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = (counts[i] + pseudoCount) / denom;
    }
    return p;
  }
}
