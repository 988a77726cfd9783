package dev.winnow.jobs.dedup;

import static dev.winnow.jobs.pipeline.Columns.DOC_ID;
import static dev.winnow.jobs.pipeline.Columns.DUP_GROUP;
import static dev.winnow.jobs.pipeline.Columns.EXACT;
import static dev.winnow.jobs.pipeline.Columns.GROUP_SIZE;
import static dev.winnow.jobs.pipeline.Columns.IS_REP;
import static dev.winnow.jobs.pipeline.Columns.MINHASH;
import static dev.winnow.jobs.pipeline.Columns.QUALITY_FLAGS;
import static dev.winnow.jobs.pipeline.Columns.TEXT_HASH;
import static org.apache.spark.sql.functions.bit_count;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.winnow.jobs.io.ParquetTables;
import dev.winnow.common.config.WinnowConfig;
import dev.winnow.common.dedup.BucketWindow;
import dev.winnow.common.dedup.MinHash;
import dev.winnow.common.input.InputException;
import dev.winnow.jobs.featurize.FeaturizeJob;
import dev.winnow.jobs.io.Checkpoints;
import dev.winnow.jobs.io.StageManifest;
import dev.winnow.jobs.io.StagedOutput;
import dev.winnow.jobs.pipeline.Stage;
import dev.winnow.jobs.pipeline.StageRun;
import dev.winnow.jobs.featurize.FeaturesManifest;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 4, dedup: exact duplicates by the hash of the normalized text, near duplicates by
 * MinHash LSH (band collisions give candidate pairs; a pair counts only when its estimated
 * Jaccard similarity reaches {@code dedup.threshold}), groups as connected components computed on
 * the executors ({@link ConnectedComponents}), and per group one representative: the document
 * failing the fewest quality rules, then the smallest doc_id. Output {@code <work>/dedup/}:
 * {@code doc_id, dup_group (the representative's doc_id), is_rep, group_size, exact}.
 */
public final class DedupJob {
  public static final String STAGE = Stage.DEDUP.label();
  public static final String DEDUP = Stage.DEDUP.folder();
  private static final Logger LOG = LoggerFactory.getLogger(DedupJob.class);
  private static final int LARGEST_GROUPS = 10;

  private DedupJob() {}

  public static StageManifest<DedupManifest> run(SparkSession spark, WinnowConfig config) throws IOException {
    return StageRun.run(spark, config, Stage.DEDUP, run -> run(spark, config, run));
  }

  private static StageManifest<DedupManifest> run(SparkSession spark, WinnowConfig config, StageRun run)
      throws IOException {
    long started = run.started();
    Checkpoints checkpoints = run.checkpoints();
    Path poolDir = run.input(Stage.FEATURIZE_POOL);
    MinHash minHash = minHashOf(run.fs(), poolDir);
    double threshold = config.get(WinnowConfig.DEDUP_THRESHOLD);
    int window = config.get(WinnowConfig.DEDUP_BUCKET_WINDOW);

    Dataset<Row> pool = ParquetTables.read(spark, poolDir);
    Dataset<Row> docs = pool
        .select(col(DOC_ID), col(TEXT_HASH), col(MINHASH), bit_count(col(QUALITY_FLAGS)).as("bad"));
    // exact duplicates: the best of each text hash stands for the others in the near-duplicate search
    WindowSpec byText = Window.partitionBy(TEXT_HASH).orderBy("bad", DOC_ID);
    Dataset<Row> exact = docs.withColumn("exact_rep", first(DOC_ID).over(byText));
    Dataset<Row> nodes = exact.filter(col(DOC_ID).equalTo(col("exact_rep")).and(col(MINHASH).isNotNull()))
        .select(DOC_ID, MINHASH);

    Dataset<Row> candidates = checkpoints.save(candidatePairs(nodes, minHash, window));
    UserDefinedFunction similarity = udf((UDF2<byte[], byte[], Double>) MinHash::similarity, DataTypes.DoubleType);
    Dataset<Row> edges = checkpoints.save(candidates
        .join(nodes.select(col(DOC_ID).as("a"), col(MINHASH).as("sig_a")), "a")
        .join(nodes.select(col(DOC_ID).as("b"), col(MINHASH).as("sig_b")), "b")
        .withColumn("similarity", similarity.apply(col("sig_a"), col("sig_b")))
        .filter(col("similarity").geq(threshold))
        .select(col("a").as("u"), col("b").as("v")));
    long candidateCount = candidates.count();
    long edgeCount = edges.count();
    long grouping = System.currentTimeMillis();
    LOG.info("dedup: {} candidate pairs from shared bands, {} at Jaccard >= {}, in {} ms", candidateCount, edgeCount,
        threshold, grouping - started);
    ConnectedComponents.Result cc = ConnectedComponents.of(edges, edgeCount,
        config.get(WinnowConfig.DEDUP_DRIVER_MAX_EDGES), checkpoints);
    LOG.info("dedup: connected components {}, {} ms", cc.rounds == 0 ? "on the driver" : "in " + cc.rounds + " rounds",
        System.currentTimeMillis() - grouping);

    // every document's component: that of its exact representative (a root or lone node is its own)
    Dataset<Row> component = exact
        .join(cc.parents, exact.col("exact_rep").equalTo(cc.parents.col("node")), "left")
        .select(col(DOC_ID), col("bad"), col(TEXT_HASH), coalesce(col("root"), col("exact_rep")).as("component"));
    WindowSpec byComponent = Window.partitionBy("component").orderBy("bad", DOC_ID);
    WindowSpec wholeComponent = Window.partitionBy("component");
    Dataset<Row> groups = component
        .withColumn(DUP_GROUP, first(DOC_ID).over(byComponent))
        .withColumn("rep_text_hash", first(TEXT_HASH).over(byComponent))
        .withColumn(GROUP_SIZE, count(lit(1)).over(wholeComponent))
        .select(col(DOC_ID), col(DUP_GROUP), col(DOC_ID).equalTo(col(DUP_GROUP)).as(IS_REP),
            col(GROUP_SIZE), col(TEXT_HASH).equalTo(col("rep_text_hash")).as(EXACT));

    StagedOutput out = run.staging();
    Path dir = out.folder("dedup", DEDUP);
    groups.write().mode(SaveMode.ErrorIfExists).option("compression", "zstd").parquet(dir.toString());
    Dataset<Row> written = ParquetTables.read(spark, dir);
    // the totals and the group sizes' histogram in one aggregation
    List<Column> figures = new ArrayList<>(List.of(count(lit(1)), sum(when(col(IS_REP), 0).otherwise(1)),
        sum(when(col(IS_REP).or(col(EXACT).equalTo(false)), 0).otherwise(1)),
        sum(when(col(IS_REP).and(col(GROUP_SIZE).gt(1)), 1).otherwise(0))));
    Map<String, Column> sizes = groupSizes();
    figures.addAll(sizes.values());
    Row t = written.agg(figures.get(0), figures.subList(1, figures.size()).toArray(new Column[0])).first();
    long docsRead = t.getLong(0);
    long dropped = t.isNullAt(1) ? 0 : t.getLong(1);
    long exactDups = t.isNullAt(2) ? 0 : t.getLong(2);
    DedupManifest.Totals totals = new DedupManifest.Totals(docsRead, docsRead - dropped, dropped, exactDups,
        dropped - exactDups, t.isNullAt(3) ? 0 : t.getLong(3), candidateCount, edgeCount, cc.rounds);
    long featureRows = FeaturizeJob.manifest(run.fs(), poolDir).body().totals().docs(); // the published count
    if (docsRead != featureRows) {
      throw new IllegalStateException("dedup has " + docsRead + " rows for " + featureRows + " feature rows");
    }
    List<DedupManifest.Group> largest = new ArrayList<>();
    for (Row r : written.filter(col(IS_REP).and(col(GROUP_SIZE).gt(1)))
        .orderBy(col(GROUP_SIZE).desc(), col(DOC_ID)).limit(LARGEST_GROUPS).collectAsList()) {
      largest.add(new DedupManifest.Group(r.getString(0), r.getLong(3)));
    }
    StageManifest<DedupManifest> m = run.publish(new DedupManifest(out.target("dedup").toString(), poolDir.toString(),
        minHash.permutations(), minHash.bands(), totals, histogram(t, 4, sizes.keySet()), largest), dir);
    LOG.info("dedup: {} duplicates in {} groups; stage done in {} ms", dropped, totals.groupsWithDuplicates(),
        System.currentTimeMillis() - started);
    return m;
  }

  /** The MinHash the features were made with (their manifest's dedup.* settings). */
  static MinHash minHashOf(FileSystem fs, Path poolDir) throws IOException {
    StageManifest<FeaturesManifest> m = FeaturizeJob.manifest(fs, poolDir);
    FeaturizeJob.requireComputed(m.body().computed().minhash(), "minhash", "dedup", "select.drop_duplicates = true");
    Map<String, String> c = m.header().config();
    if (!c.containsKey(WinnowConfig.DEDUP_BANDS.name())) {
      throw new InputException("the features at " + poolDir + " have no MinHash signatures (made by an older "
          + "version): run featurize again");
    }
    return new MinHash(Integer.parseInt(c.get(WinnowConfig.DEDUP_SHINGLE_WORDS.name())),
        Integer.parseInt(c.get(WinnowConfig.DEDUP_BANDS.name())),
        Integer.parseInt(c.get(WinnowConfig.DEDUP_ROWS.name())));
  }

  /**
   * Pairs of documents that share a band ({@link BucketWindow}): rows of one band key meet in
   * one partition, ordered by doc_id, and each is paired with at most {@code window} before it.
   */
  static Dataset<Row> candidatePairs(Dataset<Row> nodes, MinHash minHash, int window) {
    StructType bandSchema = new StructType().add("key", DataTypes.LongType).add(DOC_ID, DataTypes.StringType);
    Dataset<Row> bands = nodes.flatMap((FlatMapFunction<Row, Row>) r -> {
      List<Row> out = new ArrayList<>();
      for (long k : minHash.bandKeys((byte[]) r.get(1))) {
        out.add(RowFactory.create(k, r.getString(0)));
      }
      return out.iterator();
    }, Encoders.row(bandSchema));
    StructType pairSchema = new StructType().add("a", DataTypes.StringType).add("b", DataTypes.StringType);
    return bands.repartition(col("key")).sortWithinPartitions("key", DOC_ID)
        .mapPartitions((MapPartitionsFunction<Row, Row>) rows -> pairs(rows, window), Encoders.row(pairSchema))
        .distinct();
  }

  /** The pairs of {@link #candidatePairs}, produced lazily from the sorted band rows of one partition. */
  static Iterator<Row> pairs(Iterator<Row> sorted, int window) {
    BucketWindow buckets = new BucketWindow(window);
    ArrayDeque<Row> pending = new ArrayDeque<>();
    BucketWindow.Pairs collect = (a, b) -> pending.add(RowFactory.create(a, b));
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        while (pending.isEmpty() && sorted.hasNext()) {
          Row r = sorted.next();
          buckets.add(r.getLong(0), r.getString(1), collect);
        }
        return !pending.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return pending.removeFirst();
      }
    };
  }

  /** The counts of duplicate groups by size (their representatives' rows): 2, 3-5, 6-10, 11-100, over 100. */
  private static Map<String, Column> groupSizes() {
    Column group = col(IS_REP).and(col(GROUP_SIZE).gt(1));
    Map<String, Column> m = new LinkedHashMap<>();
    m.put("2", col(GROUP_SIZE).equalTo(2));
    m.put("3-5", col(GROUP_SIZE).between(3, 5));
    m.put("6-10", col(GROUP_SIZE).between(6, 10));
    m.put("11-100", col(GROUP_SIZE).between(11, 100));
    m.put("over_100", col(GROUP_SIZE).gt(100));
    m.replaceAll((name, in) -> sum(when(group.and(in), 1).otherwise(0)));
    return m;
  }

  /** The histogram of group sizes: {@code r}'s {@link #groupSizes} counts, named, from column {@code from}. */
  private static Map<String, Long> histogram(Row r, int from, Iterable<String> names) {
    Map<String, Long> h = new LinkedHashMap<>();
    int i = from;
    for (String name : names) {
      h.put(name, r.isNullAt(i) ? 0 : r.getLong(i));
      i++;
    }
    return h;
  }
}
