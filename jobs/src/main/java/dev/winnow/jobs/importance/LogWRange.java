package dev.winnow.jobs.importance;

import org.apache.spark.util.AccumulatorV2;

/**
 * The smallest and largest log_w the scoring tasks wrote, gathered as they write them (the
 * manifest's {@code min_log_w} and {@code max_log_w}) instead of a query over the written
 * weights. The write is an action, and Spark merges each of its tasks' updates once, from the
 * attempt that succeeded. log_w is finite (the model's log ratios are of smoothed
 * probabilities).
 */
final class LogWRange extends AccumulatorV2<Double, double[]> {
  private static final long serialVersionUID = 1L;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private long n;

  @Override
  public boolean isZero() {
    return n == 0;
  }

  @Override
  public LogWRange copy() {
    LogWRange c = new LogWRange();
    c.min = min;
    c.max = max;
    c.n = n;
    return c;
  }

  @Override
  public void reset() {
    min = Double.POSITIVE_INFINITY;
    max = Double.NEGATIVE_INFINITY;
    n = 0;
  }

  @Override
  public void add(Double v) {
    add(v.doubleValue());
  }

  void add(double v) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    n++;
  }

  @Override
  public void merge(AccumulatorV2<Double, double[]> other) {
    LogWRange o = (LogWRange) other;
    min = Math.min(min, o.min);
    max = Math.max(max, o.max);
    n += o.n;
  }

  /** {min, max}, or null when no document was scored. */
  @Override
  public double[] value() {
    return n == 0 ? null : new double[] {min, max};
  }
}
