package dev.winnow.common.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The cluster stage's document vectors and centers, against values worked out by hand. */
class EmbeddingAndCentersTest {
  /** scikit-learn's smoothed IDF: ln((1 + n) / (1 + df)) + 1. */
  @Test
  void idfIsTheSmoothedFormula() {
    double[] idf = DocEmbedding.idf(new long[] {0, 9, 3}, 9);
    assertEquals(Math.log(10.0) + 1, idf[0], 1e-12);
    assertEquals(1.0, idf[1], 1e-12); // in every document: weight 1, not 0
    assertEquals(Math.log(10.0 / 4) + 1, idf[2], 1e-12);
  }

  /** Without projection: counts times IDF, scaled to unit length; an empty document has no vector. */
  @Test
  void unprojectedVectorsAreUnitTfIdf() {
    DocEmbedding e = new DocEmbedding(new double[] {1, 2, 3, 4}, 0, 7);
    double[] v = e.embed(new int[] {1, 3}, new int[] {3, 1}); // weights 6 and 4
    double n = Math.sqrt(36 + 16);
    assertArrayEquals(new double[] {0, 6 / n, 0, 4 / n}, v, 1e-12);
    assertNull(e.embed(new int[0], new int[0]));
  }

  /**
   * The sparse random projection keeps cosine similarity approximately (Johnson-Lindenstrauss):
   * over random sparse documents in 10,000 buckets projected to 256 dimensions, the projected
   * cosine is within 0.15 of the bucket-space cosine for pairs of any similarity; and any
   * embedding made with the same seed is the same.
   */
  @Test
  void theProjectionKeepsCosinesAndDependsOnlyOnTheSeed() {
    int buckets = 10_000;
    double[] idf = new double[buckets];
    java.util.Arrays.fill(idf, 1.0);
    DocEmbedding full = new DocEmbedding(idf, 0, 1);
    DocEmbedding projected = new DocEmbedding(idf, 256, 1);
    Random r = new Random(3);
    double worst = 0;
    for (int t = 0; t < 200; t++) {
      int[][] a = sparse(r, buckets, 300);
      int[][] b = r.nextBoolean() ? a : sparse(r, buckets, 300);
      int[][] mixed = {concat(a[0], Math.min(150, b[0].length), b[0]), concat(a[1], Math.min(150, b[1].length), b[1])};
      double exact = dot(full.embed(a[0], a[1]), full.embed(mixed[0], mixed[1]));
      double approx = dot(projected.embed(a[0], a[1]), projected.embed(mixed[0], mixed[1]));
      worst = Math.max(worst, Math.abs(exact - approx));
    }
    assertTrue(worst < 0.15, "largest cosine error " + worst);
    assertArrayEquals(projected.embed(new int[] {5, 9}, new int[] {1, 2}),
        new DocEmbedding(idf, 256, 1).embed(new int[] {5, 9}, new int[] {1, 2}));
  }

  @Test
  void centersAreUnitAndTheNearestIsTheLargestCosine() {
    Centers c = new Centers(new double[][] {{2, 0}, {0, 5}, {1, 1}});
    assertArrayEquals(new double[] {1, 0}, c.center(0), 1e-12);
    assertArrayEquals(new double[] {0, 1}, c.center(1), 1e-12);
    double s = Math.sqrt(0.5);
    assertEquals(2, c.nearest(new double[] {s, s}));
    assertEquals(0, c.nearest(new double[] {0.99, Math.sqrt(1 - 0.99 * 0.99)}));
    assertEquals(1 - s, c.distance(new double[] {s, s}, 0), 1e-12);
    assertEquals(0, new Centers(new double[][] {{1, 0}, {1, 0}}).nearest(new double[] {1, 0}), "ties: lowest index");
  }

  /** A document of n distinct random buckets with counts 1-3, in increasing bucket order. */
  private static int[][] sparse(Random r, int buckets, int n) {
    java.util.TreeSet<Integer> idx = new java.util.TreeSet<>();
    while (idx.size() < n) {
      idx.add(r.nextInt(buckets));
    }
    int[] i = idx.stream().mapToInt(Integer::intValue).toArray();
    int[] cnt = new int[i.length];
    for (int k = 0; k < cnt.length; k++) {
      cnt[k] = 1 + r.nextInt(3);
    }
    return new int[][] {i, cnt};
  }

  /** The first {@code m} entries of {@code b} after {@code a} (the pair then shares a's buckets). */
  private static int[] concat(int[] a, int m, int[] b) {
    int[] out = java.util.Arrays.copyOf(a, a.length + m);
    System.arraycopy(b, 0, out, a.length, m);
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
