package dev.winnow.common.cluster;

import dev.winnow.common.hash.Hash64;
import java.io.Serializable;

/**
 * The cluster stage's document representation: TF-IDF reweighting of the hashed n-gram
 * counts, then (when {@code dim > 0}) a sparse random projection to {@code dim} dimensions,
 * then L2 normalisation, so that k-means works in cosine geometry and its cost does not grow
 * with the bucket count.
 *
 * <p>The projection is a sparse Johnson-Lindenstrauss map: bucket {@code b} adds its weight,
 * with sign +-1/sqrt(s), to {@code s = 4} output dimensions, all drawn from
 * {@code hash(seed, b, j)}. Nothing is stored: any machine recomputes the same map from the
 * seed.
 */
public final class DocEmbedding implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int NONZEROS_PER_BUCKET = 4;

  private final double[] idf;
  private final int dim;
  private final long seed;
  private final int[] projDim;
  private final float[] projSign;

  /**
   * @param idf the inverse document frequency of each bucket ({@link #idf})
   * @param dim output dimensions, or 0 to keep the bucket space (no projection)
   */
  public DocEmbedding(double[] idf, int dim, long seed) {
    this.idf = idf;
    this.dim = dim;
    this.seed = seed;
    if (dim > 0) {
      int n = idf.length * NONZEROS_PER_BUCKET;
      projDim = new int[n];
      projSign = new float[n];
      float scale = (float) (1 / Math.sqrt(NONZEROS_PER_BUCKET));
      for (int b = 0; b < idf.length; b++) {
        for (int j = 0; j < NONZEROS_PER_BUCKET; j++) {
          long h = Hash64.combine(Hash64.combine(Hash64.mix(seed), b), j);
          projDim[b * NONZEROS_PER_BUCKET + j] = Hash64.reduce(h, dim);
          projSign[b * NONZEROS_PER_BUCKET + j] = (h & 1) == 0 ? scale : -scale;
        }
      }
    } else {
      projDim = null;
      projSign = null;
    }
  }

  /** Smoothed IDF, as scikit-learn's: {@code ln((1 + n) / (1 + df)) + 1}. */
  public static double[] idf(long[] documentFrequency, long documents) {
    double[] idf = new double[documentFrequency.length];
    for (int i = 0; i < idf.length; i++) {
      idf[i] = Math.log((1.0 + documents) / (1.0 + documentFrequency[i])) + 1;
    }
    return idf;
  }

  /** Output dimensions: the projection's, or the bucket count. */
  public int dimensions() {
    return dim > 0 ? dim : idf.length;
  }

  public int projectedDim() {
    return dim;
  }

  public long seed() {
    return seed;
  }

  public double[] idf() {
    return idf;
  }

  /** The unit vector of a document, or null when it is zero (nothing to place it by). */
  public double[] embed(int[] idx, int[] cnt) {
    double[] v = new double[dimensions()];
    for (int i = 0; i < idx.length; i++) {
      double w = cnt[i] * idf[idx[i]];
      if (dim > 0) {
        int base = idx[i] * NONZEROS_PER_BUCKET;
        for (int j = 0; j < NONZEROS_PER_BUCKET; j++) {
          v[projDim[base + j]] += w * projSign[base + j];
        }
      } else {
        v[idx[i]] += w;
      }
    }
    double norm = 0;
    for (double x : v) {
      norm += x * x;
    }
    if (norm == 0) {
      return null;
    }
    double inv = 1 / Math.sqrt(norm);
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }
}
