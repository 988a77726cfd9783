package dev.winnow.jobs.cluster;

import dev.winnow.jobs.io.ParquetTables;
import dev.winnow.common.cluster.Centers;
import dev.winnow.common.cluster.DocEmbedding;
import dev.winnow.common.config.WinnowConfig;
import dev.winnow.jobs.importance.FeatureVectors;
import dev.winnow.jobs.importance.ImportanceJob;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where the target lies among the clusters: every target document assigned to its nearest
 * center with the same representation as the pool (fitted or loaded from cluster.model),
 * counted per cluster in documents and tokens. With separate targets each is counted on its
 * own and the mix is the proportion-weighted sum of their shares, so a target given 70% of the
 * selection weighs 70% in it whatever its size. The select stage's {@code target} and
 * {@code both} quota bases read it from the clusters manifest.
 */
final class TargetMix {
  /** Per cluster: documents, tokens; the last slot holds the documents without a usable vector. */
  static final class Counts implements Serializable {
    private static final long serialVersionUID = 1L;
    final long[] docs;
    final long[] tokens;

    Counts(int k) {
      docs = new long[k + 1];
      tokens = new long[k + 1];
    }

    Counts add(int cluster, long n) {
      int at = cluster < 0 ? docs.length - 1 : cluster;
      docs[at]++;
      tokens[at] += n;
      return this;
    }

    Counts merge(Counts o) {
      for (int i = 0; i < docs.length; i++) {
        docs[i] += o.docs[i];
        tokens[i] += o.tokens[i];
      }
      return this;
    }

    long assignedDocs() {
      long n = 0;
      for (int i = 0; i < docs.length - 1; i++) {
        n += docs[i];
      }
      return n;
    }

    /** The share of each cluster among the assigned documents (or tokens); zeros when none is. */
    double[] shares(boolean byTokens) {
      long[] v = byTokens ? tokens : docs;
      double total = 0;
      for (int i = 0; i < v.length - 1; i++) {
        total += v[i];
      }
      double[] s = new double[v.length - 1];
      for (int i = 0; i < s.length; i++) {
        s[i] = total == 0 ? 0 : v[i] / total;
      }
      return s;
    }
  }

  private final int k;
  private final List<String> names = new ArrayList<>();
  private final List<Double> proportions = new ArrayList<>();
  private final List<Counts> counts = new ArrayList<>();

  private TargetMix(int k) {
    this.k = k;
  }

  /** {@code dir}: the target features, checked against the pool's settings by the caller. */
  static TargetMix measure(SparkSession spark, WinnowConfig config, Path dir, Broadcast<DocEmbedding> embedding,
      Broadcast<Centers> centers) throws IOException {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Dataset<Row> target = ParquetTables.read(spark, dir);
    TargetMix mix = new TargetMix(centers.value().k());
    if (config.get(WinnowConfig.SEPARATE_TARGETS)) {
      List<String> specs = config.get(WinnowConfig.INPUT_TARGET);
      double[] shares = ImportanceJob.targetShares(config);
      for (int i = 0; i < specs.size(); i++) {
        mix.add("t" + (i + 1), shares[i], count(ImportanceJob.ownTarget(target, specs.get(i), config, hadoop),
            embedding, centers, mix.k));
      }
    } else {
      mix.add("target", 1, count(target, embedding, centers, mix.k));
    }
    return mix;
  }

  private static Counts count(Dataset<Row> features, Broadcast<DocEmbedding> embedding, Broadcast<Centers> centers,
      int k) {
    return FeatureVectors.rows(features).treeAggregate(new Counts(k), (Counts c, Row r) -> {
      double[] v = embedding.value().embed(FeatureVectors.idx(r), FeatureVectors.cnt(r));
      return c.add(v == null ? -1 : centers.value().nearest(v), FeatureVectors.nTokens(r));
    }, Counts::merge, 2);
  }

  private void add(String name, double proportion, Counts c) {
    names.add(name);
    proportions.add(proportion);
    counts.add(c);
  }

  /** The proportion-weighted mix of the targets' shares; targets with no assigned document weigh nothing. */
  double[] shares(boolean byTokens) {
    double[] mix = new double[k];
    double weight = 0;
    for (int t = 0; t < counts.size(); t++) {
      if (counts.get(t).assignedDocs() > 0) {
        double[] s = counts.get(t).shares(byTokens);
        for (int c = 0; c < k; c++) {
          mix[c] += proportions.get(t) * s[c];
        }
        weight += proportions.get(t);
      }
    }
    for (int c = 0; c < k; c++) {
      mix[c] = weight == 0 ? 0 : mix[c] / weight;
    }
    return mix;
  }

  /** Each cluster's summary with its target documents and the target's share of it in documents and tokens. */
  List<ClustersManifest.Summary> addTo(List<ClustersManifest.Summary> summaries) {
    double[] docShare = shares(false);
    double[] tokenShare = shares(true);
    long[] docs = new long[k];
    for (Counts c : counts) {
      for (int i = 0; i < k; i++) {
        docs[i] += c.docs[i];
      }
    }
    List<ClustersManifest.Summary> out = new ArrayList<>();
    for (ClustersManifest.Summary s : summaries) {
      int c = s.cluster();
      out.add(c >= 0 && c < k ? s.withTarget(docs[c], docShare[c], tokenShare[c]) : s);
    }
    return out;
  }

  /** The manifest's {@code target_mix}. */
  ClustersManifest.Mix mix() {
    long assigned = 0;
    long unassigned = 0;
    List<ClustersManifest.Mix.Target> targets = new ArrayList<>();
    for (int t = 0; t < counts.size(); t++) {
      Counts c = counts.get(t);
      assigned += c.assignedDocs();
      unassigned += c.docs[k];
      targets.add(new ClustersManifest.Mix.Target(names.get(t), proportions.get(t), c.assignedDocs(), c.docs[k],
          c.shares(false)));
    }
    return new ClustersManifest.Mix(assigned, unassigned, shares(false), shares(true), targets);
  }
}
