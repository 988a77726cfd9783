package dev.winnow.common.importance;

/**
 * The DSIR paper's KL reduction: how much closer (in KL divergence from the target's hashed
 * n-gram distribution) a selection's distribution is than a random selection's of the same
 * size. {@code KL(t || q) = sum_i t_i log(t_i / q_i)} over buckets with {@code t_i > 0}; the
 * selection's distribution is smoothed by {@code epsilon} (as the log ratio is) so that a
 * bucket the selection misses costs a finite amount.
 */
public final class KlReduction {
  private KlReduction() {}

  public static double kl(double[] target, NgramCounts selection, double epsilon) {
    double total = selection.total();
    if (total == 0) {
      throw new IllegalArgumentException("the selection has no n-gram");
    }
    double kl = 0;
    for (int i = 0; i < target.length; i++) {
      if (target[i] > 0) {
        double q = selection.count(i) / total;
        kl += target[i] * (Math.log(target[i] + epsilon) - Math.log(q + epsilon));
      }
    }
    return kl;
  }

  /** {@code KL(target || random) - KL(target || selected)}: positive when the selection is closer. */
  public static double reduction(double[] target, NgramCounts selected, NgramCounts random, double epsilon) {
    return kl(target, random, epsilon) - kl(target, selected, epsilon);
  }
}
