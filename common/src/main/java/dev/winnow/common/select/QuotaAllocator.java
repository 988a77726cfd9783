package dev.winnow.common.select;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Splits a budget (documents or tokens) over clusters.
 *
 * <p>Each cluster c has what is available after the hard filters ({@code available_c}, in the
 * budget's unit) and either an estimate of the target's share of it ({@code share_c}, with a
 * target) or a mean importance {@code m_c} (without). With a share its weight is
 * {@code w_c = share_c^tau}: tau = 1 follows the target's mix, tau = 0 is uniform over the
 * clusters, in between flattens the mix for diversity. Without one it is
 * {@code w_c = available_c^tau x exp(tilt x (m_c - max m))}: tau = 1 shares in proportion to
 * size, tau = 0 uniformly, tilt > 0 leans towards the clusters that look most like the target.
 * When the clusters of positive weight cannot hold the budget (the target lies where the
 * filters left little), they get all they can hold and the rest is shared over the others by
 * {@code available_c^tau}. Its cap is {@code floor(available_c x maxRepetition)}: with a repetition above 1 the best
 * clusters may be repeated when the budget exceeds what is available. Water-filling finds the
 * level lambda with {@code sum_c min(cap_c, lambda x w_c) = budget}; whole quotas come from the
 * real ones by largest remainder (ties: the lower cluster index), never above a cap, so they
 * sum exactly to the budget, or, when the caps sum to less, every cluster gets its cap and the
 * result says how much is missing. A minimum per cluster is set aside first (at most each
 * cluster's cap); the rest is shared as above over what the caps leave.
 */
public final class QuotaAllocator {
  private QuotaAllocator() {}

  /** One cluster's inputs. */
  public static final class Cluster {
    public final int id;
    public final long available;
    public final double meanImportance;
    /** The target's estimated share of this cluster (0 to 1), or NaN for size-based weights. */
    public final double share;

    /** A cluster weighted by its size and mean importance. */
    public Cluster(int id, long available, double meanImportance) {
      this(id, available, meanImportance, Double.NaN);
    }

    private Cluster(int id, long available, double meanImportance, double share) {
      if (available < 0) {
        throw new IllegalArgumentException("cluster " + id + ": negative availability " + available);
      }
      if (!Double.isNaN(share) && !(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException("cluster " + id + ": the target's share must be in [0, 1], not " + share);
      }
      this.id = id;
      this.available = available;
      this.meanImportance = meanImportance;
      this.share = share;
    }

    /**
     * A cluster weighted by its size and how its mean score stands among all eligible
     * documents': {@code (clusterMean - poolMean) / poolSd} standard deviations (the z-score
     * {@code select.importance_tilt} multiplies).
     */
    public static Cluster withScore(int id, long available, double clusterMean, double poolMean, double poolSd) {
      return new Cluster(id, available, (clusterMean - poolMean) / poolSd);
    }

    /** A cluster weighted by the target's share of it. */
    public static Cluster withShare(int id, long available, double share) {
      if (Double.isNaN(share)) {
        throw new IllegalArgumentException("cluster " + id + ": the target's share is not a number");
      }
      return new Cluster(id, available, Double.NaN, share);
    }
  }

  /** The quotas, in the order of the clusters given, and what the caps could not cover. */
  public static final class Result {
    public final long[] quotas;
    public final long[] caps;
    public final double[] weights;
    public final long shortfall;

    Result(long[] quotas, long[] caps, double[] weights, long shortfall) {
      this.quotas = quotas;
      this.caps = caps;
      this.weights = weights;
      this.shortfall = shortfall;
    }

    public long total() {
      return Arrays.stream(quotas).sum();
    }

    /**
     * How many whole copies of every one of cluster {@code c}'s {@code available} units its quota
     * keeps (above 1 only when the quota exceeds what it has: repetition).
     */
    public long copies(int c, long available) {
      return available == 0 ? 0 : quotas[c] / available;
    }

    /** The units of cluster {@code c}'s quota left after its whole copies: its top documents fill them. */
    public long remainder(int c, long available) {
      return quotas[c] - copies(c, available) * available;
    }
  }

  public static Result allocate(long budget, List<Cluster> clusters, double tau, double tilt,
      double maxRepetition) {
    return allocate(budget, clusters, tau, tilt, maxRepetition, 0);
  }

  public static Result allocate(long budget, List<Cluster> clusters, double tau, double tilt,
      double maxRepetition, long minPerCluster) {
    if (budget <= 0) {
      throw new IllegalArgumentException("the budget must be positive, not " + budget);
    }
    if (!(tau >= 0) || Double.isInfinite(tau)) {
      throw new IllegalArgumentException("tau must be a finite number >= 0, not " + tau);
    }
    if (!(maxRepetition >= 1) || Double.isInfinite(maxRepetition)) {
      throw new IllegalArgumentException("the maximum repetition must be a finite number >= 1, not " + maxRepetition);
    }
    if (Double.isNaN(tilt) || Double.isInfinite(tilt)) {
      throw new IllegalArgumentException("tilt must be a finite number, not " + tilt);
    }
    int n = clusters.size();
    long[] caps = new long[n];
    double[] weights = new double[n];
    boolean shares = !clusters.isEmpty() && !Double.isNaN(clusters.get(0).share);
    for (Cluster c : clusters) {
      if (Double.isNaN(c.share) == shares) {
        throw new IllegalArgumentException("every cluster needs a target share, or none may have one");
      }
    }
    double maxMean = Double.NEGATIVE_INFINITY;
    for (Cluster c : clusters) {
      if (c.available > 0 && !Double.isNaN(c.meanImportance)) {
        maxMean = Math.max(maxMean, c.meanImportance);
      }
    }
    long capSum = 0;
    for (int i = 0; i < n; i++) {
      Cluster c = clusters.get(i);
      caps[i] = (long) Math.floor(c.available * maxRepetition);
      capSum += caps[i];
      if (c.available > 0 && shares) {
        weights[i] = Math.pow(c.share, tau);
      } else if (c.available > 0) {
        double lean = tilt == 0 || Double.isNaN(c.meanImportance) ? 1 : Math.exp(tilt * (c.meanImportance - maxMean));
        weights[i] = Math.pow(c.available, tau) * lean;
      }
    }
    if (capSum <= budget) {
      return new Result(caps.clone(), caps, weights, budget - capSum);
    }
    long[] floors = new long[n];
    long[] rest = new long[n];
    long floorSum = 0;
    for (int i = 0; i < n; i++) {
      floors[i] = Math.min(Math.max(0, minPerCluster), caps[i]);
      rest[i] = caps[i] - floors[i];
      floorSum += floors[i];
    }
    if (floorSum > budget) {
      throw new IllegalArgumentException("the minimum per cluster needs " + floorSum + ", more than the budget "
          + budget);
    }
    long[] q = floorSum == budget ? new long[n] : round(budget - floorSum, share(budget - floorSum, rest, weights,
        clusters, tau), rest);
    for (int i = 0; i < n; i++) {
      q[i] += floors[i];
    }
    return new Result(q, caps, weights, 0);
  }

  /**
   * Real quotas: water-filling by the weights, and when the clusters of positive weight cannot
   * hold the budget, all they hold plus the rest water-filled over the others by size^tau.
   */
  static double[] share(long budget, long[] caps, double[] weights, List<Cluster> clusters, double tau) {
    long weighted = 0;
    for (int i = 0; i < caps.length; i++) {
      weighted += weights[i] > 0 ? caps[i] : 0;
    }
    if (weighted >= budget) {
      return waterFill(budget, caps, weights);
    }
    double[] q = new double[caps.length];
    long[] otherCaps = new long[caps.length];
    double[] bySize = new double[caps.length];
    for (int i = 0; i < caps.length; i++) {
      if (weights[i] > 0) {
        q[i] = caps[i];
      } else if (clusters.get(i).available > 0) {
        otherCaps[i] = caps[i];
        bySize[i] = Math.pow(clusters.get(i).available, tau);
      }
    }
    double[] rest = waterFill(budget - weighted, otherCaps, bySize);
    for (int i = 0; i < caps.length; i++) {
      q[i] += rest[i];
    }
    return q;
  }

  /** Real quotas min(cap, lambda x w) summing to the budget (which is below the sum of caps). */
  static double[] waterFill(long budget, long[] caps, double[] weights) {
    int n = caps.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    // clusters that fill first: the smallest cap per unit of weight
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> weights[i] > 0 ? caps[i] / weights[i]
        : Double.POSITIVE_INFINITY).thenComparingInt(i -> i));
    double[] q = new double[n];
    double remaining = budget;
    double weightLeft = 0;
    for (double w : weights) {
      weightLeft += w;
    }
    int k = 0;
    while (k < n && weights[order[k]] > 0 && caps[order[k]] <= remaining * weights[order[k]] / weightLeft) {
      int i = order[k];
      q[i] = caps[i];
      remaining -= caps[i];
      weightLeft -= weights[i];
      k++;
    }
    double lambda = weightLeft > 0 ? remaining / weightLeft : 0;
    for (; k < n; k++) {
      int i = order[k];
      q[i] = Math.min(caps[i], lambda * weights[i]);
    }
    return q;
  }

  /** Whole quotas: floors, then the remaining units to the largest remainders under their caps. */
  static long[] round(long budget, double[] real, long[] caps) {
    int n = real.length;
    long[] q = new long[n];
    long sum = 0;
    for (int i = 0; i < n; i++) {
      q[i] = Math.min(caps[i], (long) Math.floor(real[i] + 1e-9));
      sum += q[i];
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingDouble((Integer i) -> -(real[i] - Math.floor(real[i] + 1e-9)))
        .thenComparingInt(i -> i));
    // a unit per pass to the largest remainders that still have room; more passes when caps bind
    while (sum < budget) {
      boolean gave = false;
      for (int i : order) {
        if (sum == budget) {
          break;
        }
        if (q[i] < caps[i]) {
          q[i]++;
          sum++;
          gave = true;
        }
      }
      if (!gave) {
        throw new IllegalStateException("caps " + Arrays.toString(caps) + " cannot hold " + budget);
      }
    }
    return q;
  }
}
