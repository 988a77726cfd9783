package dev.winnow.jobs.cluster;

import static dev.winnow.jobs.pipeline.Columns.CLUSTER;
import static dev.winnow.jobs.pipeline.Columns.DIST;
import static dev.winnow.jobs.pipeline.Columns.DOC_ID;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.winnow.jobs.io.ParquetTables;
import dev.winnow.common.cluster.Centers;
import dev.winnow.common.cluster.DocEmbedding;
import dev.winnow.common.cluster.DocFrequency;
import dev.winnow.common.cluster.SphericalKMeans;
import dev.winnow.common.cluster.TopWords;
import dev.winnow.common.config.WinnowConfig;
import dev.winnow.common.hash.RandomKeys;
import dev.winnow.common.importance.FeaturizerSettings;
import dev.winnow.common.importance.ImportanceModel;
import dev.winnow.common.input.InputException;
import dev.winnow.common.select.TopCut;
import dev.winnow.jobs.featurize.FeaturizeJob;
import dev.winnow.jobs.featurize.TextReadBack;
import dev.winnow.jobs.importance.FeatureVectors;
import dev.winnow.jobs.importance.ImportanceJob;
import dev.winnow.jobs.io.ClusterCuts;
import dev.winnow.jobs.io.StageManifest;
import dev.winnow.jobs.io.StagedOutput;
import dev.winnow.jobs.pipeline.Stage;
import dev.winnow.jobs.pipeline.StageRun;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Stage 3, cluster: TF-IDF + sparse random projection + L2 normalisation of every document
 * ({@link DocEmbedding}), spherical k-means ({@link SphericalKMeans}, on the driver) fitted on a
 * bounded (seed, doc_id)-hashed sample held in a fixed order so that the centers do not depend
 * on how the input is partitioned, k given or chosen by silhouette, then every document assigned to its nearest
 * center: {@code <work>/clusters/} ({@code doc_id, cluster, dist}), summaries in the manifest
 * and the model in {@code clusters/_model/}.
 */
public final class ClusterJob {
  public static final String STAGE = Stage.CLUSTER.label();
  public static final String CLUSTERS = Stage.CLUSTER.folder();
  static final int TOP_WORDS = 8;
  static final int WORD_SAMPLE_PER_CLUSTER = 200;
  private static final Logger LOG = LoggerFactory.getLogger(ClusterJob.class);

  private ClusterJob() {}

  public static StageManifest<ClustersManifest> run(SparkSession spark, WinnowConfig config) throws IOException {
    return StageRun.run(spark, config, Stage.CLUSTER, run -> run(spark, config, run));
  }

  private static StageManifest<ClustersManifest> run(SparkSession spark, WinnowConfig config, StageRun run)
      throws IOException {
    FileSystem fs = run.fs();
    Path poolDir = run.input(Stage.FEATURIZE_POOL);
    FeaturizerSettings settings = FeaturizeJob.settingsOf(fs, poolDir);
    // the target's features are checked before any fitting: missing or made otherwise is an input error
    Path targetDir = config.get(WinnowConfig.INPUT_TARGET).isEmpty() ? null
        : FeaturizeJob.targetMatching(fs, run.work(), settings);
    Dataset<Row> pool = ParquetTables.read(spark, poolDir);
    String modelPath = config.get(WinnowConfig.CLUSTER_MODEL);
    Fitted fitted;
    if (modelPath.isEmpty()) {
      fitted = fit(spark, config, pool, poolDir, settings);
    } else {
      ClusterModelFiles.Loaded loaded = ClusterModelFiles.load(fs, new Path(modelPath));
      if (!loaded.featurizer.equals(settings)) {
        throw new InputException("cannot assign with the cluster model " + modelPath + ": it was fitted on features "
            + "made with " + loaded.featurizer + " but these were made with " + settings);
      }
      fitted = new Fitted(loaded.embedding, loaded.centers, FeaturizeJob.manifest(fs, poolDir).body().totals().docs(),
          null, null, null);
    }
    DocEmbedding embedding = fitted.embedding;
    Centers centers = fitted.centers;
    Broadcast<DocEmbedding> sharedEmbedding = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(embedding);

    StagedOutput out = run.staging();
    Path clusters = out.folder("clusters", CLUSTERS);
    long assigning = System.currentTimeMillis();
    Broadcast<Centers> sharedCenters = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(centers);
    // the summaries' sizes and mean log_w, gathered as the clusters are written: each document's
    // log_w is the importance model's of its vector, as the importance stage computed it
    Path weights = run.input(Stage.IMPORTANCE);
    Broadcast<ImportanceModel> sharedModel = fs.exists(new Path(weights, StageManifest.FILE))
        ? JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(
            ImportanceJob.loadMixed(fs, new Path(weights, ImportanceJob.MODEL_DIR))) : null;
    ClusterTotals totals = new ClusterTotals();
    spark.sparkContext().register(totals, "winnow cluster: sizes and log_w");
    JavaRDD<Row> assigned = FeatureVectors.rows(pool).mapPartitions(rows -> assign(rows, sharedEmbedding.value(),
        sharedCenters.value(), sharedModel == null ? null : sharedModel.value(), totals));
    StructType schema = new StructType().add(DOC_ID, DataTypes.StringType, false)
        .add(CLUSTER, DataTypes.IntegerType, false).add(DIST, DataTypes.DoubleType, true);
    spark.createDataFrame(assigned, schema).write().mode(SaveMode.ErrorIfExists).option("compression", "zstd")
        .parquet(clusters.toString());
    if (sharedModel != null) {
      sharedModel.destroy();
    }
    Map<Integer, ClusterTotals.Sum> sizes = totals.value();
    long written = ParquetTables.rowsByFile(fs, clusters).values().stream().mapToLong(Long::longValue).sum();
    long counted = sizes.values().stream().mapToLong(s -> s.docs).sum();
    if (written != counted) {
      throw new IllegalStateException("the cluster assignment wrote " + written + " rows but counted " + counted);
    }
    ClusterModelFiles.save(fs, new Path(clusters, ClusterModelFiles.MODEL_DIR), embedding, centers, settings);
    double eps = config.get(WinnowConfig.CLUSTER_SEMANTIC_EPS);
    ClustersManifest.Semantic semantic = null;
    if (eps > 0) {
      long searching = System.currentTimeMillis();
      semantic = SemanticDuplicates.find(spark, pool, sharedEmbedding, sharedCenters, eps,
          config.get(WinnowConfig.CLUSTER_SEMANTIC_WINDOW), clusters, out.target("clusters"));
      LOG.info("cluster: semantic duplicates in {} ms", System.currentTimeMillis() - searching);
    }

    long summarising = System.currentTimeMillis();
    LOG.info("cluster: assigned in {} ms", summarising - assigning);
    List<ClustersManifest.Summary> summaries = summaries(spark, config, ParquetTables.read(spark, clusters), pool,
        poolDir, sizes, fs);
    ClustersManifest.Mix mix = null;
    if (targetDir != null) {
      TargetMix target = TargetMix.measure(spark, config, targetDir, sharedEmbedding, sharedCenters);
      summaries = target.addTo(summaries);
      mix = target.mix();
    }
    sharedEmbedding.destroy();
    sharedCenters.destroy();
    LOG.info("cluster: summaries in {} ms", System.currentTimeMillis() - summarising);
    long rows = 0;
    long unassigned = 0;
    for (ClustersManifest.Summary c : summaries) { // the sizes counted as the rows were written
      rows += c.size();
      unassigned += c.cluster() < 0 ? c.size() : 0;
    }
    if (rows != fitted.docs) {
      throw new IllegalStateException("clusters have " + rows + " rows for " + fitted.docs + " feature rows");
    }
    return run.publish(new ClustersManifest(fitted.silhouette, fitted.sampleDocs, fitted.distinctSampleVectors,
        modelPath.isEmpty() ? null : modelPath, semantic, centers.k(), out.target("clusters").toString(), summaries,
        mix, new ClustersManifest.Totals(rows, unassigned)), clusters);
  }

  /**
   * The fitted representation and centers, and the pool's document count; when fitted here
   * (not loaded), the silhouette of each candidate k and the sample's size and distinct vectors.
   */
  record Fitted(DocEmbedding embedding, Centers centers, long docs, Map<String, Double> silhouette, Integer sampleDocs,
      Integer distinctSampleVectors) {}

  /** IDF over the pool, the ordered sample, and k-means for each candidate k; the best by silhouette. */
  static Fitted fit(SparkSession spark, WinnowConfig config, Dataset<Row> pool, Path poolDir,
      FeaturizerSettings settings) {
    long seed = config.get(WinnowConfig.SEED);
    long t0 = System.currentTimeMillis();
    DocFrequency df = FeatureVectors.rows(pool).treeAggregate(new DocFrequency(settings.buckets),
        (d, r) -> d.add(FeatureVectors.idx(r)), DocFrequency::merge, 2);
    if (df.docs == 0) {
      throw new InputException("the pool features under " + poolDir + " hold no document: nothing to cluster");
    }
    DocEmbedding embedding = new DocEmbedding(DocEmbedding.idf(df.counts, df.docs), config.get(WinnowConfig.CLUSTER_DIM),
        seed);
    Broadcast<DocEmbedding> sharedEmbedding = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(embedding);

    // the sample, sorted by doc id on the driver: the same k-means input whatever the partitioning
    double fraction = Math.min(1.0, (double) config.get(WinnowConfig.CLUSTER_SAMPLE_DOCS) / df.docs);
    List<Tuple2<String, double[]>> sample = new ArrayList<>(FeatureVectors.rows(pool)
        .filter(r -> fraction >= 1 || RandomKeys.unit(seed, FeatureVectors.docId(r)) < fraction)
        .map(r -> new Tuple2<>(FeatureVectors.docId(r), sharedEmbedding.value().embed(FeatureVectors.idx(r),
            FeatureVectors.cnt(r))))
        .filter(t -> t._2() != null)
        .collect());
    sharedEmbedding.destroy();
    sample.sort(Comparator.comparing(Tuple2::_1));
    int distinct = distinctVectors(sample);
    if (distinct == 0) {
      throw new InputException("no document of the pool has a usable vector: nothing to cluster");
    }
    List<Integer> candidates = candidates(config, distinct);
    LOG.info("cluster: idf and a sample of {} documents in {} ms", sample.size(), System.currentTimeMillis() - t0);

    double[][] points = new double[sample.size()][];
    for (int i = 0; i < points.length; i++) {
      points[i] = sample.get(i)._2();
    }
    // the silhouette's documents: the first of the sample by a (seed, doc_id) hash
    double[][] silhouetteSet = sample.stream()
        .sorted(Comparator.comparingDouble((Tuple2<String, double[]> t) -> RandomKeys.unit(seed, t._1()))
            .thenComparing(Tuple2::_1))
        .limit(config.get(WinnowConfig.CLUSTER_SILHOUETTE_DOCS)).map(Tuple2::_2).toArray(double[][]::new);
    Map<String, Double> scores = new LinkedHashMap<>();
    Centers best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int k : candidates) {
      long tk = System.currentTimeMillis();
      // on the driver, which holds the sample: an iteration is a pass over memory, not a Spark job
      Centers m = SphericalKMeans.fit(points, k, config.get(WinnowConfig.CLUSTER_MAX_ITERATIONS), seed);
      double score = candidates.size() == 1 ? Double.NaN : SphericalKMeans.silhouette(silhouetteSet, m);
      if (!Double.isNaN(score)) {
        scores.put(String.valueOf(k), score);
      }
      LOG.info("cluster: k = {}: silhouette {} ({} ms)", k, score, System.currentTimeMillis() - tk);
      if (best == null || score > bestScore) {
        best = m;
        bestScore = score;
      }
    }
    return new Fitted(embedding, best, df.docs, scores, sample.size(), distinct);
  }

  /** Candidate k values: the given k (refused when larger than the distinct documents), or the fitting candidates. */
  static List<Integer> candidates(WinnowConfig config, int distinct) {
    int k = config.get(WinnowConfig.CLUSTER_K);
    if (k > 0) {
      if (k > distinct) {
        throw new InputException("cluster.k = " + k + " but the sample holds only " + distinct
            + " distinct document vectors; lower cluster.k or use auto");
      }
      return List.of(k);
    }
    List<Integer> fit = new ArrayList<>();
    for (int c : config.get(WinnowConfig.CLUSTER_K_CANDIDATES)) {
      if (c <= distinct) {
        fit.add(c);
      }
    }
    if (fit.isEmpty()) {
      LOG.warn("cluster: every candidate k exceeds the {} distinct documents; using k = {}", distinct, distinct);
      fit.add(distinct);
    }
    return fit;
  }

  static int distinctVectors(List<Tuple2<String, double[]>> sample) {
    Set<List<Double>> seen = new HashSet<>();
    for (Tuple2<String, double[]> t : sample) {
      seen.add(Arrays.stream(t._2()).boxed().toList());
    }
    return seen.size();
  }

  static Iterator<Row> assign(Iterator<Row> rows, DocEmbedding embedding, Centers centers, ImportanceModel model,
      ClusterTotals totals) {
    int partition = TaskContext.getPartitionId();
    return FeatureVectors.map(rows, r -> {
      int[] idx = FeatureVectors.idx(r);
      int[] cnt = FeatureVectors.cnt(r);
      double[] v = embedding.embed(idx, cnt);
      int c = v == null ? -1 : centers.nearest(v);
      totals.add(new ClusterTotals.Doc(partition, c, model == null ? Double.NaN : model.logWeight(idx, cnt)));
      return v == null ? RowFactory.create(FeatureVectors.docId(r), -1, null)
          : RowFactory.create(FeatureVectors.docId(r), c, centers.distance(v, c));
    });
  }

  /**
   * Per cluster: size, mean importance weight (when weights exist), top words, example doc ids.
   * Sizes and mean weights as the assignment gathered them ({@code sizes}); each cluster's sample (its
   * {@link #WORD_SAMPLE_PER_CLUSTER} documents with the largest (seed, doc_id) draws, found by
   * {@link ClusterCuts}' histograms), collected once to the driver, which picks the examples; and
   * the sample's words, counted by one pass over the pool that looks each doc id up in the
   * broadcast sample (its texts read back from the inputs where featurize left them there:
   * {@link TextReadBack}).
   */
  static List<ClustersManifest.Summary> summaries(SparkSession spark, WinnowConfig config, Dataset<Row> clusters,
      Dataset<Row> pool, Path poolDir, Map<Integer, ClusterTotals.Sum> sizes, FileSystem fs) throws IOException {
    long seed = config.get(WinnowConfig.SEED);
    // each cluster's sample: its documents with the largest (seed, doc_id) draws, cut by histograms, not a window
    Map<Integer, Long> wanted = new TreeMap<>();
    Map<Integer, double[]> range = new TreeMap<>();
    sizes.forEach((c, size) -> {
      if (size.docs > WORD_SAMPLE_PER_CLUSTER) { // a smaller cluster is its own sample
        wanted.put(c, (long) WORD_SAMPLE_PER_CLUSTER);
        range.put(c, new double[] {0, 1});
      }
    });
    Dataset<Row> drawn = clusters.select(col(CLUSTER), ClusterCuts.draw(seed, col(DOC_ID)).as("key"),
        col(DOC_ID), lit(1L).as("units"));
    Map<Integer, TopCut.Cut> cuts = new HashMap<>(ClusterCuts.find(JavaSparkContext.fromSparkContext(
        spark.sparkContext()), drawn, wanted, range));
    sizes.keySet().forEach(c -> cuts.putIfAbsent(c, TopCut.Cut.all()));
    List<Row> sample = new ArrayList<>(drawn.filter(ClusterCuts.keeps(cuts, col(CLUSTER), col("key"),
        col(DOC_ID))).select(CLUSTER, "key", DOC_ID).collectAsList());
    // in draw order (the largest first, ties by doc_id), as the cut ranks them
    sample.sort(Comparator.comparingInt((Row r) -> r.getInt(0)).thenComparing((Row r) -> -r.getDouble(1))
        .thenComparing(r -> r.getString(2)));
    Map<String, Integer> clusterOf = new HashMap<>();
    Map<Integer, List<String>> examples = new HashMap<>();
    for (Row r : sample) {
      clusterOf.put(r.getString(2), r.getInt(0));
      List<String> some = examples.computeIfAbsent(r.getInt(0), c -> new ArrayList<>());
      if (some.size() < 3) {
        some.add(r.getString(2));
      }
    }
    // characteristic words: hashed buckets cannot be inverted, so re-tokenize the sample's texts
    Broadcast<Map<String, Integer>> sampled = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .broadcast(clusterOf);
    Dataset<Row> texts = TextReadBack.fill(TextReadBack.texts(pool)
        .filter((FilterFunction<Row>) r -> sampled.value().containsKey(r.getString(0))), fs, poolDir);
    Dataset<Row> words = texts.flatMap(
        (org.apache.spark.api.java.function.FlatMapFunction<Row, Row>) r ->
            wordsOf(sampled.value().get(r.getString(0)), r.getString(1)),
        Encoders.row(new StructType()
            .add(CLUSTER, DataTypes.IntegerType).add("word", DataTypes.StringType)))
        .groupBy(CLUSTER, "word").count().filter(col("count").geq(3));
    Map<Integer, Map<String, Long>> counts = new HashMap<>();
    Map<String, Long> all = new HashMap<>();
    for (Row r : words.collectAsList()) {
      counts.computeIfAbsent(r.getInt(0), c -> new HashMap<>()).put(r.getString(1), r.getLong(2));
      all.merge(r.getString(1), r.getLong(2), Long::sum);
    }
    sampled.destroy();
    List<ClustersManifest.Summary> out = new ArrayList<>();
    sizes.forEach((c, size) -> out.add(new ClustersManifest.Summary(c, size.docs, size.meanLogW(), examples.get(c),
        counts.containsKey(c) ? TopWords.rank(counts.get(c), all, TOP_WORDS) : null, null, null, null)));
    return out;
  }

  /** The (cluster, word) rows of a sampled text's words ({@link TopWords#words}). */
  static Iterator<Row> wordsOf(int cluster, String text) {
    return TopWords.words(text).stream().map(w -> RowFactory.create(cluster, w)).iterator();
  }
}
