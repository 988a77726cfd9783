package dev.winnow.jobs.importance;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winnow.common.config.ConfigException;
import dev.winnow.common.config.ConfigKey;
import dev.winnow.common.config.WinnowConfig;
import dev.winnow.common.importance.FeaturizerSettings;
import dev.winnow.common.importance.ImportanceModel;
import dev.winnow.common.importance.ModelFormat;
import dev.winnow.common.importance.NgramCounts;
import dev.winnow.common.input.InputException;
import dev.winnow.common.text.HashingMode;
import dev.winnow.jobs.featurize.FeaturizeJob;
import dev.winnow.jobs.featurize.FeaturizeJob.Corpus;
import dev.winnow.jobs.io.StageManifest;
import dev.winnow.jobs.io.StagedOutput;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 2, importance (DSIR): fits bag-of-hashed-n-gram models of the target and of the raw
 * pool, saves them as a model artifact, and writes every pool document's log importance
 * weight to {@code <work>/weights/} (model in {@code weights/_model/}). With
 * {@code importance.model} set it scores with a saved model instead of fitting one.
 */
public final class ImportanceJob {
  public static final String STAGE = "importance";
  public static final String WEIGHTS = "weights";
  public static final String MODEL_DIR = "_model";
  private static final Logger LOG = LoggerFactory.getLogger(ImportanceJob.class);

  static final String[][] WEIGHTS_COLUMNS = {
      {"docId", "doc_id"}, {"logW", "log_w"}, {"meanLogRatio", "mean_log_ratio"}, {"NNgrams", "n_ngrams"},
      {"tooShort", "too_short"}};

  /** What the weights depend on besides the features (whose own keys are included). */
  public static final List<ConfigKey<?>> CONFIG_KEYS;

  static {
    List<ConfigKey<?>> keys = new ArrayList<>(Corpus.POOL.configKeys());
    keys.add(WinnowConfig.INPUT_TARGET);
    keys.addAll(List.of(WinnowConfig.SEED, WinnowConfig.TARGET_PSEUDO_COUNT, WinnowConfig.EPSILON,
        WinnowConfig.RAW_SAMPLE_NGRAMS, WinnowConfig.MIN_TOKENS, WinnowConfig.SCORE, WinnowConfig.MODEL));
    CONFIG_KEYS = List.copyOf(keys);
  }

  private ImportanceJob() {}

  public static ObjectNode run(SparkSession spark, WinnowConfig config) throws IOException {
    long started = System.currentTimeMillis();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    String modelPath = config.get(WinnowConfig.MODEL);
    if (modelPath.isEmpty() && config.get(WinnowConfig.INPUT_TARGET).isEmpty()) {
      throw new ConfigException("importance needs a target corpus (input.target) to fit on, "
          + "or a saved model (importance.model) to score with");
    }
    Path work = new Path(config.get(WinnowConfig.WORK_DIR));
    FileSystem fs = work.getFileSystem(hadoop);
    Path poolDir = new Path(work, Corpus.POOL.features);
    FeaturizerSettings settings = settingsOf(fs, poolDir);
    Dataset<Row> pool = spark.read().parquet(poolDir.toString());

    ImportanceModel model;
    Map<String, Object> fit = new LinkedHashMap<>();
    if (!modelPath.isEmpty()) {
      model = load(fs, new Path(modelPath));
      try {
        model.checkCompatible(settings);
      } catch (IllegalArgumentException e) {
        throw new InputException("cannot score with " + modelPath + ": " + e.getMessage());
      }
      fit.put("model", modelPath);
    } else {
      Path targetDir = new Path(work, Corpus.TARGET.features);
      FeaturizerSettings targetSettings = settingsOf(fs, targetDir);
      if (!targetSettings.equals(settings)) {
        throw new InputException("the target features (" + targetSettings + ") and the pool features (" + settings
            + ") were made with different settings; featurize both again");
      }
      NgramCounts target = FeatureVectors.sum(spark.read().parquet(targetDir.toString()), settings.buckets, 0, 1);
      if (target.docs() == 0) {
        throw new InputException("the target corpus " + targetDir + " holds no document (see its quarantine)");
      }
      if (target.total() == 0) {
        throw new InputException("the target corpus " + targetDir + " has no token");
      }
      long poolNgrams = pool.select(expr("aggregate(ngram_cnt, 0L, (a, x) -> a + x)").as("n"))
          .agg(expr("coalesce(sum(n), 0L)")).first().getLong(0);
      long budget = config.get(WinnowConfig.RAW_SAMPLE_NGRAMS);
      if (budget == WinnowConfig.AUTO) {
        budget = 100_000L * settings.buckets;
      }
      double fraction = poolNgrams == 0 ? 1 : Math.min(1.0, (double) budget / poolNgrams);
      NgramCounts raw = FeatureVectors.sum(pool, settings.buckets, config.get(WinnowConfig.SEED), fraction);
      if (raw.total() == 0) {
        throw new InputException("the pool features under " + poolDir + " have no n-gram to fit the raw model on");
      }
      model = ImportanceModel.fit(settings, target, raw, config.get(WinnowConfig.TARGET_PSEUDO_COUNT),
          config.get(WinnowConfig.EPSILON));
      fit.put("target_docs", target.docs());
      fit.put("target_ngrams", target.total());
      fit.put("raw_docs", raw.docs());
      fit.put("raw_ngrams", raw.total());
      fit.put("raw_sample_fraction", fraction);
      fit.put("pool_ngrams", poolNgrams);
      LOG.info("importance: fitted on {} target documents and {} of the pool's ({} n-grams, fraction {})",
          target.docs(), raw.docs(), raw.total(), fraction);
    }

    StagedOutput out = StagedOutput.begin(config.get(WinnowConfig.WORK_DIR), STAGE, hadoop);
    try {
      Path weights = out.folder("weights", WEIGHTS);
      Broadcast<ImportanceModel> shared = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(model);
      JavaRDD<WeightRow> rows = FeatureVectors.rows(pool)
          .mapPartitions(new Score(shared, config.get(WinnowConfig.MIN_TOKENS)));
      Dataset<Row> table = rename(spark.createDataset(rows.rdd(), Encoders.bean(WeightRow.class)).toDF());
      table.write().mode(SaveMode.ErrorIfExists).option("compression", "zstd").parquet(weights.toString());
      Path modelDir = new Path(weights, MODEL_DIR);
      save(fs, modelDir, model, fit);

      Dataset<Row> written = spark.read().parquet(weights.toString());
      Row stats = written.agg(expr("count(*)"), expr("sum(cast(too_short as long))"), expr("min(log_w)"),
          expr("max(log_w)")).first();
      long featureRows = pool.count();
      if (stats.getLong(0) != featureRows) {
        throw new IllegalStateException("weights have " + stats.getLong(0) + " rows for " + featureRows
            + " feature rows");
      }
      ObjectNode manifest = StageManifest.create(STAGE, config, CONFIG_KEYS, started);
      manifest.put("score", config.get(WinnowConfig.SCORE));
      manifest.put("features", poolDir.toString());
      manifest.put("weights", out.target("weights").toString());
      manifest.put("model", new Path(out.target("weights"), MODEL_DIR).toString());
      ObjectNode totals = manifest.putObject("totals");
      totals.put("docs", stats.getLong(0));
      totals.put("too_short", stats.isNullAt(1) ? 0 : stats.getLong(1));
      if (!stats.isNullAt(2)) {
        totals.put("min_log_w", stats.getDouble(2));
        totals.put("max_log_w", stats.getDouble(3));
      }
      ObjectNode fitNode = manifest.putObject("fit");
      fit.forEach((k, v) -> fitNode.put(k, String.valueOf(v)));
      StageManifest.finish(manifest, started);
      StageManifest.write(fs, weights, manifest);
      out.publish();
      return manifest;
    } catch (IOException | RuntimeException e) {
      out.abandon();
      throw e;
    }
  }

  /** The featurizer settings recorded in a published features folder's manifest. */
  static FeaturizerSettings settingsOf(FileSystem fs, Path featuresDir) throws IOException {
    ObjectNode m;
    try {
      m = StageManifest.read(fs, featuresDir);
    } catch (FileNotFoundException e) {
      throw new InputException("no published features at " + featuresDir + ": run featurize first");
    }
    JsonNode c = m.get("config");
    return new FeaturizerSettings(c.get(WinnowConfig.NGRAM_ORDER.name()).asInt(),
        c.get(WinnowConfig.BUCKETS.name()).asInt(), HashingMode.parse(c.get(WinnowConfig.HASHING.name()).asText()));
  }

  public static ImportanceModel load(FileSystem fs, Path dir) throws IOException {
    try (InputStream json = fs.open(new Path(dir, ModelFormat.JSON_FILE));
        InputStream vectors = fs.open(new Path(dir, ModelFormat.VECTORS_FILE))) {
      return ModelFormat.read(json, vectors, dir.toString());
    } catch (FileNotFoundException e) {
      throw new InputException("no importance model at " + dir + " (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw new InputException("cannot read the importance model at " + dir + ": " + e.getMessage(), e);
    }
  }

  static void save(FileSystem fs, Path dir, ImportanceModel model, Map<String, Object> fit) throws IOException {
    fs.mkdirs(dir);
    try (OutputStream out = fs.create(new Path(dir, ModelFormat.JSON_FILE), true)) {
      ModelFormat.writeJson(model, fit, out);
    }
    try (OutputStream out = fs.create(new Path(dir, ModelFormat.VECTORS_FILE), true)) {
      ModelFormat.writeVectors(model, out);
    }
  }

  static Dataset<Row> rename(Dataset<Row> beans) {
    Column[] cols = new Column[WEIGHTS_COLUMNS.length];
    for (int i = 0; i < cols.length; i++) {
      cols[i] = col(WEIGHTS_COLUMNS[i][0]).as(WEIGHTS_COLUMNS[i][1]);
    }
    return beans.select(cols);
  }

  /** Scores each feature row with the broadcast model. */
  static final class Score implements FlatMapFunction<Iterator<InternalRow>, WeightRow> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<ImportanceModel> model;
    private final int minTokens;

    Score(Broadcast<ImportanceModel> model, int minTokens) {
      this.model = model;
      this.minTokens = minTokens;
    }

    @Override
    public Iterator<WeightRow> call(Iterator<InternalRow> rows) {
      ImportanceModel m = model.value();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public WeightRow next() {
          InternalRow r = rows.next();
          int[] idx = FeatureVectors.idx(r);
          int[] cnt = FeatureVectors.cnt(r);
          long n = 0;
          for (int c : cnt) {
            n += c;
          }
          double logW = m.logWeight(idx, cnt);
          return new WeightRow(FeatureVectors.docId(r), logW, n == 0 ? 0 : logW / n, n,
              FeatureVectors.nTokens(r) < minTokens);
        }
      };
    }
  }
}
