package dev.winnow.common.select;

import java.io.Serializable;

/**
 * The report's histogram of a score over the pool and over the kept documents: {@code bins}
 * equal bins from the pool's least to its largest value (a range of one when they are equal),
 * the largest value in the last bin. The range is known before the pass (the importance stage
 * records it), so executors fill histograms of their partitions and the driver merges them.
 */
public final class ScoreHistogram implements Serializable {
  private static final long serialVersionUID = 1L;
  private final double lo;
  private final double hi;
  private final double width;
  private final long[] pool;
  private final long[] kept;

  private ScoreHistogram(double lo, double hi, int bins) {
    this.lo = lo;
    this.hi = hi;
    this.width = (hi - lo) / Math.max(1, bins);
    this.pool = new long[bins];
    this.kept = new long[bins];
  }

  /** An empty histogram over [min, max], or one of no bins when there is no range (no value at all). */
  public static ScoreHistogram over(Double min, Double max, int bins) {
    if (min == null || max == null) {
      return new ScoreHistogram(0, 1, 0);
    }
    return new ScoreHistogram(min, max > min ? max : min + 1, bins);
  }

  /**
   * Counts a value of the pool, and of the kept documents when {@code isKept}.
   *
   * @throws IllegalArgumentException when the value is outside the range: the range was not the pool's
   */
  public void add(double value, boolean isKept) {
    if (pool.length == 0 || !(value >= lo && value <= hi)) {
      throw new IllegalArgumentException("score " + value + " outside the histogram's range "
          + (pool.length == 0 ? "(none: no scores were expected)" : "[" + lo + ", " + hi + "]"));
    }
    int b = Math.min(pool.length - 1, (int) Math.floor((value - lo) / width));
    pool[b]++;
    if (isKept) {
      kept[b]++;
    }
  }

  public ScoreHistogram merge(ScoreHistogram other) {
    for (int i = 0; i < pool.length; i++) {
      pool[i] += other.pool[i];
      kept[i] += other.kept[i];
    }
    return this;
  }

  /** The bins' edges: one more than the bins, none when there are no bins. */
  public double[] edges() {
    if (pool.length == 0) {
      return new double[0];
    }
    double[] edges = new double[pool.length + 1];
    for (int i = 0; i < edges.length; i++) {
      edges[i] = lo + i * width;
    }
    return edges;
  }

  public long[] pool() {
    return pool.clone();
  }

  public long[] kept() {
    return kept.clone();
  }
}
