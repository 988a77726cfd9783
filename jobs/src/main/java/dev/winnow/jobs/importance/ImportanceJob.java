package dev.winnow.jobs.importance;

import static dev.winnow.jobs.pipeline.Columns.DOC_ID;
import static dev.winnow.jobs.pipeline.Columns.LOG_W;
import static dev.winnow.jobs.pipeline.Columns.MEAN_LOG_RATIO;
import static dev.winnow.jobs.pipeline.Columns.N_NGRAMS;
import static dev.winnow.jobs.pipeline.Columns.SRC_FILE;
import static dev.winnow.jobs.pipeline.Columns.TOO_SHORT;
import static org.apache.spark.sql.functions.col;

import dev.winnow.jobs.io.ParquetTables;
import dev.winnow.common.config.ConfigException;
import dev.winnow.common.config.WinnowConfig;
import dev.winnow.common.importance.FeaturizerSettings;
import dev.winnow.common.importance.ImportanceModel;
import dev.winnow.common.importance.ModelFormat;
import dev.winnow.common.importance.NgramCounts;
import dev.winnow.common.input.InputException;
import dev.winnow.jobs.featurize.FeaturizeJob;
import dev.winnow.jobs.featurize.NgramCountFiles;
import dev.winnow.jobs.pipeline.Corpus;
import dev.winnow.jobs.io.InputFile;
import dev.winnow.jobs.io.InputFiles;
import dev.winnow.jobs.io.StageManifest;
import dev.winnow.jobs.io.StagedOutput;
import dev.winnow.jobs.pipeline.Stage;
import dev.winnow.jobs.pipeline.StageRun;
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
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 2, importance (DSIR): fits bag-of-hashed-n-gram models of the target and of the raw
 * pool, saves them as a model artifact ({@code weights/_model/}), and writes every pool
 * document's log importance weight to {@code <work>/weights/}. With
 * {@code importance.model} set it scores with saved models instead of fitting.
 */
public final class ImportanceJob {
  public static final String STAGE = Stage.IMPORTANCE.label();
  public static final String WEIGHTS = Stage.IMPORTANCE.folder();
  public static final String MODEL_DIR = "_model";
  private static final Logger LOG = LoggerFactory.getLogger(ImportanceJob.class);

  private ImportanceJob() {}

  public static StageManifest<WeightsManifest> run(SparkSession spark, WinnowConfig config) throws IOException {
    return StageRun.run(spark, config, Stage.IMPORTANCE, run -> run(spark, config, run));
  }

  private static StageManifest<WeightsManifest> run(SparkSession spark, WinnowConfig config, StageRun run)
      throws IOException {
    String modelPath = config.get(WinnowConfig.MODEL);
    if (modelPath.isEmpty() && config.get(WinnowConfig.INPUT_TARGET).isEmpty()) {
      throw new ConfigException("importance needs a target corpus (input.target) to fit on, "
          + "or a saved model (importance.model) to score with");
    }
    FileSystem fs = run.fs();
    Path poolDir = run.input(Stage.FEATURIZE_POOL);
    FeaturizerSettings settings = FeaturizeJob.settingsOf(fs, poolDir);
    Dataset<Row> pool = ParquetTables.read(spark, poolDir);

    List<NamedModel> models;
    Map<String, Object> fit = new LinkedHashMap<>();
    if (!modelPath.isEmpty()) {
      models = loadAll(fs, new Path(modelPath));
      for (NamedModel m : models) {
        try {
          m.model.checkCompatible(settings);
        } catch (IllegalArgumentException e) {
          throw new InputException("cannot score with " + modelPath + ": " + e.getMessage());
        }
      }
      fit.put("model", modelPath);
    } else {
      models = fit(spark, config, fs, run.work(), pool, settings, fit);
    }

    StagedOutput out = run.staging();
    Path weights = out.folder("weights", WEIGHTS);
    Broadcast<List<NamedModel>> shared = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(models);
    // the totals gathered as the weights are written: no query over them afterwards
    LongAccumulator tooShort = spark.sparkContext().longAccumulator("winnow importance: too short");
    LogWRange range = new LogWRange();
    spark.sparkContext().register(range, "winnow importance: log_w range");
    JavaRDD<Row> rows = FeatureVectors.rows(pool).mapPartitions(new Score(shared, config.get(WinnowConfig.MIN_TOKENS),
        tooShort, range));
    spark.createDataFrame(rows, schema(models)).write().mode(SaveMode.ErrorIfExists).option("compression", "zstd")
        .parquet(weights.toString());
    shared.destroy();
    for (NamedModel m : models) {
      save(fs, new Path(new Path(weights, MODEL_DIR), m.name), m, fit);
    }

    long written = ParquetTables.rowsByFile(fs, weights).values().stream().mapToLong(Long::longValue).sum();
    long featureRows = FeaturizeJob.manifest(fs, poolDir).body().totals().docs(); // the published count
    if (written != featureRows) {
      throw new IllegalStateException("weights have " + written + " rows for " + featureRows + " feature rows");
    }
    List<WeightsManifest.Target> targets = new ArrayList<>();
    for (NamedModel m : models) {
      targets.add(new WeightsManifest.Target(m.name, m.proportion, LOG_W + m.suffix()));
    }
    double[] logW = range.value();
    WeightsManifest.Totals totals = new WeightsManifest.Totals(written, tooShort.value(),
        logW == null ? null : logW[0], logW == null ? null : logW[1]);
    Map<String, String> fitFigures = new LinkedHashMap<>();
    fit.forEach((k, v) -> fitFigures.put(k, String.valueOf(v)));
    return run.publish(new WeightsManifest(poolDir.toString(), out.target("weights").toString(),
        new Path(out.target("weights"), MODEL_DIR).toString(), targets, totals, fitFigures), weights);
  }

  /** Fits the mixed target's model, and one per target when they are separate. */
  private static List<NamedModel> fit(SparkSession spark, WinnowConfig config, FileSystem fs, Path work,
      Dataset<Row> pool, FeaturizerSettings settings, Map<String, Object> fit) throws IOException {
    Path poolDir = new Path(work, Corpus.POOL.features);
    Path targetDir = FeaturizeJob.targetMatching(fs, work, settings);
    Dataset<Row> targetFeatures = ParquetTables.read(spark, targetDir);
    NgramCounts target = counts(fs, targetDir, targetFeatures, settings.buckets, fit, "target_counts");
    if (target.docs() == 0) {
      throw new InputException("the target corpus " + targetDir + " holds no document (see its quarantine)");
    }
    long budget = config.get(WinnowConfig.RAW_SAMPLE_NGRAMS);
    if (budget == WinnowConfig.AUTO) {
      budget = 100_000L * settings.buckets;
    }
    // the whole pool's counts; a sampled pass only when the pool exceeds the budget
    NgramCounts raw = counts(fs, poolDir, pool, settings.buckets, fit, "pool_counts");
    long poolNgrams = raw.total();
    double fraction = poolNgrams == 0 ? 1 : Math.min(1.0, (double) budget / poolNgrams);
    if (fraction < 1) {
      raw = FeatureVectors.sum(pool, settings.buckets, config.get(WinnowConfig.SEED), fraction);
    }
    if (raw.total() == 0) {
      throw new InputException("the pool features under " + poolDir + " have no n-gram to fit the raw model on");
    }
    double pseudo = config.get(WinnowConfig.TARGET_PSEUDO_COUNT);
    double eps = config.get(WinnowConfig.EPSILON);
    List<NamedModel> models = new ArrayList<>();
    models.add(new NamedModel(NamedModel.MIXED, 1, ImportanceModel.fit(settings, target, raw, pseudo, eps)));
    fit.put("target_docs", target.docs());
    fit.put("target_ngrams", target.total());
    fit.put("raw_docs", raw.docs());
    fit.put("raw_ngrams", raw.total());
    fit.put("raw_sample_fraction", fraction);
    fit.put("pool_ngrams", poolNgrams);
    if (config.get(WinnowConfig.SEPARATE_TARGETS)) {
      List<String> specs = config.get(WinnowConfig.INPUT_TARGET);
      double[] shares = targetShares(config);
      Configuration hadoop = spark.sparkContext().hadoopConfiguration();
      for (int i = 0; i < specs.size(); i++) {
        String name = "t" + (i + 1);
        NgramCounts own = FeatureVectors.sum(ownTarget(targetFeatures, specs.get(i), config, hadoop),
            settings.buckets, 0, 1);
        if (own.docs() == 0) {
          throw new InputException("target " + name + " (" + specs.get(i) + ") holds no document (see its quarantine)");
        }
        models.add(new NamedModel(name, shares[i], ImportanceModel.fit(settings, own, raw, pseudo, eps)));
        fit.put(name + "_target", specs.get(i));
        fit.put(name + "_target_docs", own.docs());
      }
    }
    LOG.info("importance: fitted {} model(s) on {} target documents and {} of the pool's ({} n-grams, fraction {})",
        models.size(), target.docs(), raw.docs(), raw.total(), fraction);
    return models;
  }

  /**
   * A corpus's summed n-gram counts: those featurize published with its features
   * ({@link NgramCountFiles}), else a pass over the features; {@code fit} records which under
   * {@code figure}.
   */
  private static NgramCounts counts(FileSystem fs, Path dir, Dataset<Row> features, int buckets,
      Map<String, Object> fit, String figure) throws IOException {
    NgramCounts published = NgramCountFiles.read(fs, dir, buckets);
    fit.put(figure, published != null ? NgramCountFiles.FILE : "summed from the features");
    return published != null ? published : FeatureVectors.sum(features, buckets, 0, 1);
  }

  /** The target features of one separate target: the documents read from the files {@code spec} names. */
  public static Dataset<Row> ownTarget(Dataset<Row> targetFeatures, String spec, WinnowConfig config,
      Configuration hadoop) throws IOException {
    List<Object> files = new ArrayList<>();
    for (InputFile f : InputFiles.list(List.of(spec), config.get(WinnowConfig.INPUT_FORMAT), hadoop)) {
      files.add(f.path);
    }
    return targetFeatures.filter(col(SRC_FILE).isin(files.toArray()));
  }

  /**
   * The separate targets' shares of the selection (importance.target_proportions normalised to
   * sum 1; equal shares when it is empty), in the order of input.target.
   */
  public static double[] targetShares(WinnowConfig config) {
    List<String> specs = config.get(WinnowConfig.INPUT_TARGET);
    List<Double> props = config.get(WinnowConfig.TARGET_PROPORTIONS);
    double sum = props.isEmpty() ? specs.size() : props.stream().mapToDouble(Double::doubleValue).sum();
    double[] shares = new double[specs.size()];
    for (int i = 0; i < shares.length; i++) {
      shares[i] = (props.isEmpty() ? 1 : props.get(i)) / sum;
    }
    return shares;
  }

  static StructType schema(List<NamedModel> models) {
    StructType s = new StructType()
        .add(DOC_ID, DataTypes.StringType, false)
        .add(LOG_W, DataTypes.DoubleType, false)
        .add(MEAN_LOG_RATIO, DataTypes.DoubleType, false)
        .add(N_NGRAMS, DataTypes.LongType, false)
        .add(TOO_SHORT, DataTypes.BooleanType, false);
    for (NamedModel m : models.subList(1, models.size())) {
      s = s.add(LOG_W + m.suffix(), DataTypes.DoubleType, false)
          .add(MEAN_LOG_RATIO + m.suffix(), DataTypes.DoubleType, false);
    }
    return s;
  }

  /** Every model of a saved {@code _model} folder: the mixed one first, then t1, t2, ... */
  public static List<NamedModel> loadAll(FileSystem fs, Path dir) throws IOException {
    List<NamedModel> models = new ArrayList<>();
    models.add(load(fs, new Path(dir, NamedModel.MIXED), NamedModel.MIXED));
    FileStatus[] subs;
    try {
      subs = fs.listStatus(dir);
    } catch (FileNotFoundException e) {
      throw new InputException("no importance model at " + dir);
    }
    for (int i = 1; i <= subs.length; i++) {
      Path sub = new Path(dir, "t" + i);
      if (fs.exists(sub)) {
        models.add(load(fs, sub, "t" + i));
      }
    }
    return models;
  }

  /** The mixed target's model of a saved {@code _model} folder. */
  public static ImportanceModel loadMixed(FileSystem fs, Path dir) throws IOException {
    return load(fs, new Path(dir, NamedModel.MIXED), NamedModel.MIXED).model;
  }

  private static NamedModel load(FileSystem fs, Path dir, String name) throws IOException {
    try (InputStream json = fs.open(new Path(dir, ModelFormat.JSON_FILE));
        InputStream vectors = fs.open(new Path(dir, ModelFormat.VECTORS_FILE))) {
      ModelFormat.Loaded l = ModelFormat.read(json, vectors, dir.toString());
      return new NamedModel(name, l.proportion, l.model);
    } catch (FileNotFoundException e) {
      throw new InputException("no importance model at " + dir + " (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw new InputException("cannot read the importance model at " + dir + ": " + e.getMessage(), e);
    }
  }

  static void save(FileSystem fs, Path dir, NamedModel m, Map<String, Object> fit) throws IOException {
    fs.mkdirs(dir);
    try (OutputStream out = fs.create(new Path(dir, ModelFormat.JSON_FILE), true)) {
      ModelFormat.writeJson(m.model, m.proportion, fit, out);
    }
    try (OutputStream out = fs.create(new Path(dir, ModelFormat.VECTORS_FILE), true)) {
      ModelFormat.writeVectors(m.model, out);
    }
  }

  /** Scores each feature row with every broadcast model. */
  static final class Score implements FlatMapFunction<Iterator<Row>, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<List<NamedModel>> models;
    private final int minTokens;
    private final LongAccumulator tooShort;
    private final LogWRange range;

    Score(Broadcast<List<NamedModel>> models, int minTokens, LongAccumulator tooShort, LogWRange range) {
      this.models = models;
      this.minTokens = minTokens;
      this.tooShort = tooShort;
      this.range = range;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      List<NamedModel> ms = models.value();
      return FeatureVectors.map(rows, r -> {
        int[] idx = FeatureVectors.idx(r);
        int[] cnt = FeatureVectors.cnt(r);
        long n = ImportanceModel.ngrams(cnt);
        Object[] values = new Object[5 + 2 * (ms.size() - 1)];
        values[0] = FeatureVectors.docId(r);
        values[3] = n;
        boolean isShort = FeatureVectors.nTokens(r) < minTokens;
        values[4] = isShort;
        if (isShort) {
          tooShort.add(1);
        }
        for (int k = 0; k < ms.size(); k++) {
          double logW = ms.get(k).model.logWeight(idx, cnt);
          if (k == 0) {
            range.add(logW);
          }
          int at = k == 0 ? 1 : 3 + 2 * k;
          values[at] = logW;
          values[at + 1] = ImportanceModel.meanLogRatio(logW, n);
        }
        return RowFactory.create(values);
      });
    }
  }
}
