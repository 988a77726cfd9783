package dev.winnow.common.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** SemDeDup's groups against all pairs compared by brute force. */
class SemanticDedupTest {
  private static float[] unit(double[] v) {
    double n = 0;
    for (double x : v) {
      n += x * x;
    }
    float[] u = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      u[i] = (float) (v[i] / Math.sqrt(n));
    }
    return u;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** A cluster around a center: some documents with near copies (a small perturbation), the rest apart. */
  @Test
  void findsTheGroupsThatAllPairsFindAndKeepsTheMemberNearestTheCenter() {
    Random rnd = new Random(42);
    int dim = 32;
    double[] c = new double[dim];
    for (int i = 0; i < dim; i++) {
      c[i] = rnd.nextGaussian();
    }
    float[] center = unit(c);
    List<float[]> docs = new ArrayList<>();
    for (int d = 0; d < 300; d++) {
      double[] v = new double[dim];
      for (int i = 0; i < dim; i++) {
        v[i] = c[i] + 1.5 * rnd.nextGaussian();
      }
      docs.add(unit(v));
      for (int k = 0; k < d % 3; k++) { // 0, 1 or 2 near copies
        double[] w = new double[dim];
        for (int i = 0; i < dim; i++) {
          w[i] = v[i] + 0.02 * rnd.nextGaussian();
        }
        docs.add(unit(w));
      }
    }
    // the order the cluster stage feeds: by distance to the center, then id
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < docs.size(); i++) {
      order.add(i);
    }
    order.sort((a, b) -> {
      int byDist = Double.compare(1 - dot(docs.get(a), center), 1 - dot(docs.get(b), center));
      return byDist != 0 ? byDist : String.format("d%05d", a).compareTo(String.format("d%05d", b));
    });
    double eps = 0.01;
    SemanticDedup scan = new SemanticDedup(eps, 1000, dim);
    for (int i : order) {
      scan.add(String.format("d%05d", i), 1 - dot(docs.get(i), center), docs.get(i));
    }
    List<String[]> found = scan.finish();
    // brute force: every pair, union-find, the representative the first in the order
    int n = docs.size();
    int[] rank = new int[n];
    for (int p = 0; p < n; p++) {
      rank[order.get(p)] = p;
    }
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    for (int a = 0; a < n; a++) {
      for (int b = a + 1; b < n; b++) {
        if (dot(docs.get(a), docs.get(b)) >= 1 - eps) {
          int ra = root(parent, a);
          int rb = root(parent, b);
          if (ra != rb) {
            if (rank[ra] < rank[rb]) {
              parent[rb] = ra;
            } else {
              parent[ra] = rb;
            }
          }
        }
      }
    }
    List<String> expected = new ArrayList<>();
    for (int p = 0; p < n; p++) {
      int i = order.get(p);
      if (root(parent, i) != i) {
        expected.add(String.format("d%05d -> d%05d", i, root(parent, i)));
      }
    }
    assertEquals(expected, found.stream().map(f -> f[0] + " -> " + f[1]).toList());
    assertEquals(300, n - expected.size(), "each original with its near copies is one group");
    assertEquals(0, scan.cappedWindows());
    // the next cluster starts afresh
    scan.add("x", 0.1, docs.get(0));
    scan.add("y", 0.1, docs.get(0));
    assertEquals(List.of("y -> x"), scan.finish().stream().map(f -> f[0] + " -> " + f[1]).toList());
  }

  @Test
  void aSmallWindowIsABoundAndSaysSo() {
    SemanticDedup scan = new SemanticDedup(0.5, 2, 2);
    float[] v = {1, 0};
    for (int i = 0; i < 5; i++) {
      scan.add("d" + i, 0.0, v);
    }
    assertEquals(4, scan.finish().size(), "chained through the window: one group");
    assertEquals(2, scan.cappedWindows(), "the fourth and fifth saw only two of the earlier ones");
    assertThrows(IllegalArgumentException.class, () -> new SemanticDedup(0, 10, 2));
  }

  private static int root(int[] parent, int i) {
    while (parent[i] != i) {
      i = parent[i];
    }
    return i;
  }
}
