package dev.winnow.common.cluster;

import java.io.Serializable;

/** k-means centers in cosine geometry: assignment to the nearest by cosine distance. */
public final class Centers implements Serializable {
  private static final long serialVersionUID = 1L;
  private final double[][] unit;

  /** Centers as k-means found them; they are normalised here (cosine ignores length). */
  public Centers(double[][] centers) {
    unit = new double[centers.length][];
    for (int c = 0; c < centers.length; c++) {
      double n = 0;
      for (double x : centers[c]) {
        n += x * x;
      }
      double inv = n == 0 ? 0 : 1 / Math.sqrt(n);
      unit[c] = new double[centers[c].length];
      for (int i = 0; i < unit[c].length; i++) {
        unit[c][i] = centers[c][i] * inv;
      }
    }
  }

  public int k() {
    return unit.length;
  }

  public double[] center(int c) {
    return unit[c].clone();
  }

  /** Index of the nearest center (lowest index on a tie). */
  public int nearest(double[] v) {
    int best = 0;
    double bestDot = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < unit.length; c++) {
      double d = dot(unit[c], v);
      if (d > bestDot) {
        bestDot = d;
        best = c;
      }
    }
    return best;
  }

  /** Cosine distance {@code 1 - cos} of a unit vector to center {@code c}. */
  public double distance(double[] v, int c) {
    return 1 - dot(unit[c], v);
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
