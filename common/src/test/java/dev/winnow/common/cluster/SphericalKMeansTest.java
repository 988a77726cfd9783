package dev.winnow.common.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SphericalKMeansTest {
  static double[] unit(double[] v) {
    double n = Math.sqrt(SphericalKMeans.dot(v, v));
    for (int i = 0; i < v.length; i++) {
      v[i] /= n;
    }
    return v;
  }

  /** {@code groups} tight groups of unit vectors around random directions in {@code dim} dimensions. */
  static double[][] groups(Random rnd, int groups, int perGroup, int dim, double spread) {
    double[][] dirs = new double[groups][dim];
    for (double[] d : dirs) {
      for (int j = 0; j < dim; j++) {
        d[j] = rnd.nextGaussian();
      }
    }
    double[][] points = new double[groups * perGroup][];
    for (int i = 0; i < points.length; i++) {
      double[] p = dirs[i % groups].clone();
      for (int j = 0; j < dim; j++) {
        p[j] += spread * rnd.nextGaussian();
      }
      points[i] = unit(p);
    }
    return points;
  }

  @Test
  void wellSeparatedGroupsAreFoundExactly() {
    double[][] points = groups(new Random(1), 6, 50, 32, 0.05);
    Centers centers = SphericalKMeans.fit(points, 6, 20, 7);
    for (int g = 0; g < 6; g++) {
      Set<Integer> assigned = new HashSet<>();
      for (int i = g; i < points.length; i += 6) {
        assigned.add(centers.nearest(points[i]));
      }
      assertEquals(1, assigned.size(), "group " + g + " split over " + assigned);
    }
    Set<Integer> used = new HashSet<>();
    for (double[] p : points) {
      used.add(centers.nearest(p));
    }
    assertEquals(6, used.size(), "every group its own cluster");
    assertTrue(SphericalKMeans.silhouette(points, centers) > 0.9);
  }

  @Test
  void theSilhouetteIsTheDefinitionsPairByPairMean() {
    Random rnd = new Random(3);
    double[][] points = groups(rnd, 4, 30, 8, 0.8);
    points[0] = points[1].clone(); // duplicates too
    Centers centers = SphericalKMeans.fit(points, 4, 20, 11);
    // the textbook silhouette: a(i) mean distance to the others of its cluster, b(i) the least
    // mean distance to another cluster, (b - a) / max(a, b), 0 alone in a cluster
    int n = points.length;
    int[] c = new int[n];
    for (int i = 0; i < n; i++) {
      c[i] = centers.nearest(points[i]);
    }
    double total = 0;
    for (int i = 0; i < n; i++) {
      double[] dist = new double[4];
      int[] count = new int[4];
      for (int j = 0; j < n; j++) {
        if (j != i) {
          dist[c[j]] += 1 - SphericalKMeans.dot(points[i], points[j]);
          count[c[j]]++;
        }
      }
      if (count[c[i]] == 0) {
        continue;
      }
      double a = dist[c[i]] / count[c[i]];
      double b = Double.POSITIVE_INFINITY;
      for (int k = 0; k < 4; k++) {
        if (k != c[i] && count[k] > 0) {
          b = Math.min(b, dist[k] / count[k]);
        }
      }
      total += (b - a) / Math.max(a, b);
    }
    assertEquals(total / n, SphericalKMeans.silhouette(points, centers), 1e-9);
  }

  @Test
  void theSameSeedGivesTheSameCenters() {
    double[][] points = groups(new Random(5), 5, 40, 16, 1.0);
    Centers a = SphericalKMeans.fit(points, 5, 20, 42);
    Centers b = SphericalKMeans.fit(points, 5, 20, 42);
    for (int c = 0; c < 5; c++) {
      assertArrayEquals(a.center(c), b.center(c));
    }
  }
}
