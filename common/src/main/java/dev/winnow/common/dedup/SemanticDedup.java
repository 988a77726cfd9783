package dev.winnow.common.dedup;

import java.util.ArrayList;
import java.util.List;

/**
 * Semantic near-duplicates inside one cluster, as SemDeDup (Abbas et al. 2023) and NeMo
 * Curator find them: two documents whose unit embeddings have cosine similarity at least
 * {@code 1 - eps} are duplicates, duplicates of duplicates are one group, and the group keeps
 * one representative, its member nearest the cluster's center (then the smallest doc_id).
 *
 * <p>Bounded and streaming: a cluster's documents arrive sorted by their cosine distance to the
 * center (then doc_id). Two unit vectors at cosine {@code >= 1 - eps} are at most
 * {@code sqrt(2 eps)} apart, so their distances to the center differ by at most that much: each
 * document is compared only with the earlier ones within that distance, and with at most
 * {@code window} of them (the nearest in the order). A window that reaches the cap may miss a
 * pair further back; {@link #cappedWindows()} counts them. Memory: the window's vectors and one
 * int and one id per document of the cluster.
 */
public final class SemanticDedup {
  private final double minCos;
  private final double reach;
  private final int window;
  private final float[][] ring;
  private final double[] ringDist;
  private final int[] ringIndex;
  private final List<String> ids = new ArrayList<>();
  private final UnionFind groups = new UnionFind(1024);
  private long compared;
  private long capped;

  public SemanticDedup(double eps, int window, int dimensions) {
    if (!(eps > 0 && eps < 1) || window < 1) {
      throw new IllegalArgumentException("eps in (0, 1) and window >= 1, not " + eps + " and " + window);
    }
    this.minCos = 1 - eps;
    this.reach = Math.sqrt(2 * eps);
    this.window = window;
    this.ring = new float[window][dimensions];
    this.ringDist = new double[window];
    this.ringIndex = new int[window];
  }

  /** The next document of the cluster: its id, distance to the center and unit vector. */
  public void add(String docId, double dist, float[] unit) {
    int i = groups.add(); // numbered in arrival order: a group's root is its member nearest the center
    ids.add(docId);
    int back = 0;
    for (int j = i - 1; j >= 0 && j >= i - window; j--) {
      int slot = j % window;
      if (dist - ringDist[slot] > reach) {
        break;
      }
      back++;
      compared++;
      if (dot(ring[slot], unit) >= minCos) {
        groups.union(ringIndex[slot], i);
      }
    }
    if (back == window && i > window) {
      capped++; // every compared one within reach, and earlier ones left uncompared
    }
    int slot = i % window;
    System.arraycopy(unit, 0, ring[slot], 0, unit.length);
    ringDist[slot] = dist;
    ringIndex[slot] = i;
  }

  /**
   * Ends the cluster: every duplicate's doc id with its representative's, in arrival order; the
   * scanner is then ready for the next cluster.
   */
  public List<String[]> finish() {
    List<String[]> out = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      int r = groups.find(i);
      if (r != i) {
        out.add(new String[] {ids.get(i), ids.get(r)});
      }
    }
    ids.clear();
    groups.clear();
    return out;
  }

  /** Pairs compared so far, over all clusters. */
  public long compared() {
    return compared;
  }

  /** Documents compared with a full window, all within reach, with earlier documents left uncompared. */
  public long cappedWindows() {
    return capped;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
