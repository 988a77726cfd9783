package dev.winnow.common.cluster;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * k-means in cosine geometry (spherical k-means) on unit vectors held in memory: the cluster
 * stage's sample, which the driver already holds, so no iteration costs a Spark job.
 *
 * <p>Seeding is k-means++ (each next center drawn with probability proportional to the cosine
 * distance to the nearest center so far, from a {@link SplittableRandom} of the seed); then
 * Lloyd iterations: every point to its nearest center ({@link Centers#nearest}, lowest index
 * on a tie), every center the normalised sum of its points; a cluster left empty takes the
 * point farthest from its own center. It stops when no assignment changes, or after
 * {@code maxIterations}. The same points in the same order with the same seed give the same
 * centers on any machine (the assignment step runs in parallel, but each point's result is
 * its own, and the sums are added in point order).
 */
public final class SphericalKMeans {
  private SphericalKMeans() {}

  /** The centers of {@code k} clusters of the unit vectors {@code points}. */
  public static Centers fit(double[][] points, int k, int maxIterations, long seed) {
    if (k < 1 || k > points.length) {
      throw new IllegalArgumentException("k = " + k + " for " + points.length + " points");
    }
    Centers centers = new Centers(seed(points, k, seed));
    int[] assignment = new int[points.length];
    Arrays.fill(assignment, -1);
    for (int iteration = 0; iteration < maxIterations; iteration++) {
      Centers current = centers;
      int[] next = IntStream.range(0, points.length).parallel().map(i -> current.nearest(points[i])).toArray();
      if (Arrays.equals(next, assignment)) {
        break;
      }
      assignment = next;
      centers = new Centers(sums(points, assignment, k, current));
    }
    return centers;
  }

  /** k-means++ seeding with cosine distance. */
  static double[][] seed(double[][] points, int k, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[][] chosen = new double[k][];
    chosen[0] = points[rnd.nextInt(points.length)].clone();
    double[] nearest = new double[points.length];
    Arrays.fill(nearest, Double.POSITIVE_INFINITY);
    for (int c = 1; c < k; c++) {
      double[] last = chosen[c - 1];
      double total = 0;
      for (int i = 0; i < points.length; i++) {
        nearest[i] = Math.min(nearest[i], Math.max(0, 1 - dot(points[i], last)));
        total += nearest[i];
      }
      int pick = 0;
      if (total > 0) {
        double r = rnd.nextDouble() * total;
        for (pick = 0; pick < points.length - 1 && (r -= nearest[pick]) > 0; pick++) {
          // walks to the point whose share of the total holds r
        }
      } else {
        pick = rnd.nextInt(points.length); // every point sits on a center already
      }
      chosen[c] = points[pick].clone();
    }
    return chosen;
  }

  /** Each cluster's sum of points; an empty one gets the point farthest from its center. */
  private static double[][] sums(double[][] points, int[] assignment, int k, Centers previous) {
    int dim = points[0].length;
    double[][] sum = new double[k][dim];
    int[] size = new int[k];
    for (int i = 0; i < points.length; i++) {
      double[] s = sum[assignment[i]];
      double[] p = points[i];
      for (int j = 0; j < dim; j++) {
        s[j] += p[j];
      }
      size[assignment[i]]++;
    }
    for (int c = 0; c < k; c++) {
      if (size[c] == 0) {
        int far = 0;
        double farthest = -1;
        for (int i = 0; i < points.length; i++) {
          double d = previous.distance(points[i], assignment[i]);
          if (d > farthest) {
            farthest = d;
            far = i;
          }
        }
        sum[c] = points[far].clone();
        assignment[far] = c; // not taken again by a second empty cluster
      }
    }
    return sum;
  }

  /**
   * The mean silhouette of {@code points} under their nearest centers, with cosine distance
   * {@code 1 - x.y}. Exact in O(n k d): for unit vectors the mean distance from x to the points
   * of a cluster is {@code 1 - x.S / n}, S the cluster's sum (without x when x is in it). A
   * point alone in its cluster scores 0; with one cluster the silhouette is NaN.
   */
  public static double silhouette(double[][] points, Centers centers) {
    int k = centers.k();
    int dim = points[0].length;
    int[] assignment = new int[points.length];
    double[][] sum = new double[k][dim];
    int[] size = new int[k];
    for (int i = 0; i < points.length; i++) {
      int c = centers.nearest(points[i]);
      assignment[i] = c;
      size[c]++;
      for (int j = 0; j < dim; j++) {
        sum[c][j] += points[i][j];
      }
    }
    if (Arrays.stream(size).filter(s -> s > 0).count() < 2) {
      return Double.NaN;
    }
    double total = 0;
    for (int i = 0; i < points.length; i++) {
      int a = assignment[i];
      if (size[a] == 1) {
        continue;
      }
      double[] x = points[i];
      double own = 1 - (dot(x, sum[a]) - dot(x, x)) / (size[a] - 1);
      double other = Double.POSITIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        if (c != a && size[c] > 0) {
          other = Math.min(other, 1 - dot(x, sum[c]) / size[c]);
        }
      }
      double m = Math.max(own, other);
      total += m == 0 ? 0 : (other - own) / m;
    }
    return total / points.length;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
