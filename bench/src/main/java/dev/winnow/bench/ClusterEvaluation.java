package dev.winnow.bench;

import static org.apache.spark.sql.functions.col;

import dev.winnow.jobs.featurize.FeaturesManifest;
import dev.winnow.jobs.cluster.ClustersManifest;
import dev.winnow.common.config.WinnowConfig;
import dev.winnow.jobs.cluster.ClusterJob;
import dev.winnow.jobs.featurize.FeaturizeJob;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Cluster stage on realpool: featurizes the pool, runs the cluster stage (default settings:
 * k chosen among the candidates by silhouette) ROUNDS times, and measures how well the
 * clusters line up with the documents' {@code source} labels: purity and the adjusted Rand
 * index, with two peers: a floor (reading the features' vector columns) and MLlib's k-means
 * pipeline on the same texts for the same k ({@link #mllib}), timed and scored the same way.
 * Usage: {@code ClusterEvaluation POOL WORK_DIR [rounds] [key=value ...]}.
 */
public final class ClusterEvaluation {
  private ClusterEvaluation() {}

  public static void main(String[] args) throws IOException {
    SparkSession spark = SparkSession.builder().appName("winnow cluster evaluation").getOrCreate();
    // the MLlib peer reads the features' texts: keep them all there, whatever the pool's format
    Map<String, String> settings = new HashMap<>(Map.of("input.pool", args[0], "work.dir", args[1],
        "featurize.store_text", "always"));
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    for (int i = 3; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      settings.put(kv[0], kv[1]);
    }
    WinnowConfig config = WinnowConfig.of(settings);
    FeaturesManifest featurized = FeaturizeJob.run(spark, config).body();
    long docs = featurized.totals().docs();
    String features = featurized.features();
    ClustersManifest manifest = null;
    for (int r = 1; r <= rounds; r++) {
      FeaturizeJobBenchmark.time("floor", r, docs, 0,
          () -> dev.winnow.jobs.importance.FeatureVectors.totalNgrams(spark.read().parquet(features)));
      long t0 = System.nanoTime();
      manifest = ClusterJob.run(spark, config).body();
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf("cluster round %d: %.1f s, %.0f docs/s, k = %d, silhouette by k %s%n", r, s, docs / s,
          manifest.k(), manifest.silhouette());
    }
    Dataset<Row> sources = spark.read().json(args[0]).select(col("id").as("doc_id"), col("source"));
    labels("winnow", spark.read().parquet(manifest.clusters()), sources);
    // the peer: what a Spark user would write with MLlib on the same parsed texts, for the same k
    int k = manifest.k();
    for (int r = 1; r <= rounds; r++) {
      long t0 = System.nanoTime();
      Path out = Path.of(args[1], "mllib-clusters");
      mllib(spark.read().parquet(features).select("doc_id", "text"), k, config.get(WinnowConfig.SEED),
          config.get(WinnowConfig.CLUSTER_MAX_ITERATIONS), out);
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf("mllib round %d: %.1f s, %.0f docs/s, k = %d%n", r, s, docs / s, k);
      if (r == rounds) {
        labels("mllib", spark.read().parquet(out.toString()), sources);
      }
    }
    spark.stop();
  }

  /**
   * MLlib's k-means as a Spark user would run it on the pool: WordPunct tokens and bigrams into
   * 10,000 HashingTF buckets (as the featurize peer), IDF, k-means with cosine distance
   * (k-means|| seeding) fitted on every document, and every document's cluster written out.
   */
  static void mllib(Dataset<Row> docs, int k, long seed, int maxIterations, Path out) throws IOException {
    FeaturizeJobBenchmark.delete(out);
    IDF idf = new IDF().setInputCol("tf").setOutputCol("features");
    KMeans kmeans = new KMeans().setK(k).setSeed(seed).setMaxIter(maxIterations).setDistanceMeasure("cosine")
        .setPredictionCol("cluster");
    List<PipelineStage> stages = new java.util.ArrayList<>(List.of(FeaturizeJobBenchmark.ngramStages("tf")));
    stages.addAll(List.of(idf, kmeans));
    Pipeline p = new Pipeline().setStages(stages.toArray(new PipelineStage[0]));
    p.fit(docs).transform(docs).select("doc_id", "cluster").write().parquet(out.toString());
  }

  /** Purity and the adjusted Rand index of {@code clusters} (doc_id, cluster) against the source labels. */
  static void labels(String name, Dataset<Row> clusters, Dataset<Row> sources) {
    List<Row> table = clusters.join(sources, "doc_id").groupBy("cluster", "source").count().collectAsList();
    Map<Integer, Map<String, Long>> byCluster = new HashMap<>();
    Map<String, Long> bySource = new HashMap<>();
    long n = 0;
    for (Row r : table) {
      byCluster.computeIfAbsent(r.getInt(0), c -> new HashMap<>()).put(r.getString(1), r.getLong(2));
      bySource.merge(r.getString(1), r.getLong(2), Long::sum);
      n += r.getLong(2);
    }
    long majority = 0;
    double sumCells = 0;
    double sumClusters = 0;
    for (Map<String, Long> m : byCluster.values()) {
      majority += m.values().stream().mapToLong(Long::longValue).max().orElse(0);
      long size = 0;
      for (long v : m.values()) {
        sumCells += pairs(v);
        size += v;
      }
      sumClusters += pairs(size);
    }
    double sumSources = bySource.values().stream().mapToDouble(ClusterEvaluation::pairs).sum();
    double expected = sumClusters * sumSources / pairs(n);
    double ari = (sumCells - expected) / (0.5 * (sumClusters + sumSources) - expected);
    System.out.printf("labels %s: %d sources, %d documents; clusters: %d; purity %.3f (majority-source baseline "
        + "%.3f); adjusted Rand index %.3f%n", name, bySource.size(), n, byCluster.size(), majority / (double) n,
        bySource.values().stream().mapToLong(Long::longValue).max().orElse(0) / (double) n, ari);
  }

  static double pairs(long x) {
    return x * (x - 1) / 2.0;
  }
}
