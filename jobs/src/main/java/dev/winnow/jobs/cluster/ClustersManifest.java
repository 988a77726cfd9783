package dev.winnow.jobs.cluster;

import java.util.List;
import java.util.Map;

/**
 * The cluster stage's part of its manifest ({@link dev.winnow.jobs.io.StageManifest}): how k was
 * chosen (the silhouette of each candidate, the sample) or the model used instead, the semantic
 * duplicates found, k, where the assignments are, each cluster's summary, the target's mix over
 * the clusters (when input.target is set) and the totals.
 */
public record ClustersManifest(Map<String, Double> silhouette, Integer sampleDocs, Integer distinctSampleVectors,
    String modelUsed, Semantic semanticDuplicates, int k, String clusters, List<Summary> summaries, Mix targetMix,
    Totals totals) {

  /** The manifest of a run without clustering (cluster.k = 1): the pool is one cluster, 0. */
  public static ClustersManifest oneCluster() {
    return new ClustersManifest(null, null, null, null, null, 1, null, List.of(), null, null);
  }

  /**
   * The semantic duplicates' search (cluster.semantic_eps, cluster.semantic_window), how many it
   * found, the pairs it compared, the windows it capped, and where they are.
   */
  public record Semantic(double eps, int window, long duplicates, long pairsCompared, long cappedWindows,
      String path) {}

  /**
   * One cluster (-1: the documents without a usable vector): its size, mean log weight (when
   * weights exist), three example documents, top words, and the target documents nearest it
   * with their share of the target in documents and tokens (when input.target is set).
   */
  public record Summary(int cluster, long size, Double meanLogW, List<String> examples, List<String> topWords,
      Long targetDocs, Double targetShare, Double targetTokenShare) {

    Summary withTarget(long docs, double share, double tokenShare) {
      return new Summary(cluster, size, meanLogW, examples, topWords, docs, share, tokenShare);
    }
  }

  /**
   * The target's documents assigned to a cluster and those without a vector, each cluster's share
   * of them in documents and in tokens (the proportion-weighted mix of separate targets), and
   * each target's own.
   */
  public record Mix(long docs, long unassigned, double[] share, double[] tokenShare, List<Target> targets) {

    /** One target's own mix. */
    public record Target(String name, double proportion, long docs, long unassigned, double[] share) {}
  }

  /** Documents assigned (rows written), and those without a usable vector. */
  public record Totals(long docs, long unassigned) {}
}
