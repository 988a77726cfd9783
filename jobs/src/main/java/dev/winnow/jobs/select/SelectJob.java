package dev.winnow.jobs.select;

import static dev.winnow.jobs.pipeline.Columns.CLUSTER;
import static dev.winnow.jobs.pipeline.Columns.COPIES;
import static dev.winnow.jobs.pipeline.Columns.DOC_ID;
import static dev.winnow.jobs.pipeline.Columns.EXACT;
import static dev.winnow.jobs.pipeline.Columns.IS_REP;
import static dev.winnow.jobs.pipeline.Columns.KEPT;
import static dev.winnow.jobs.pipeline.Columns.KEY;
import static dev.winnow.jobs.pipeline.Columns.LANG;
import static dev.winnow.jobs.pipeline.Columns.LOG_W;
import static dev.winnow.jobs.pipeline.Columns.MEAN_LOG_RATIO;
import static dev.winnow.jobs.pipeline.Columns.META;
import static dev.winnow.jobs.pipeline.Columns.N_NGRAMS;
import static dev.winnow.jobs.pipeline.Columns.N_TOKENS;
import static dev.winnow.jobs.pipeline.Columns.N_TOKENS_MODEL;
import static dev.winnow.jobs.pipeline.Columns.OTHER_REASONS;
import static dev.winnow.jobs.pipeline.Columns.QUALITY_FLAGS;
import static dev.winnow.jobs.pipeline.Columns.REASON;
import static dev.winnow.jobs.pipeline.Columns.SEMANTIC_REP;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.winnow.jobs.io.ParquetTables;
import dev.winnow.jobs.pipeline.Columns;
import dev.winnow.common.config.Choices.BudgetUnit;
import dev.winnow.common.config.Choices.QuotaBasis;
import dev.winnow.common.config.Choices.Score;
import dev.winnow.common.config.ConfigException;
import dev.winnow.common.config.WinnowConfig;
import dev.winnow.common.input.InputException;
import dev.winnow.common.lang.LanguageId;
import dev.winnow.common.text.ModelTokens;
import dev.winnow.common.quality.QualityRule;
import dev.winnow.common.select.QuotaAllocator;
import dev.winnow.common.select.SelectionKey;
import dev.winnow.common.select.ScoreHistogram;
import dev.winnow.common.select.SelectionReport;
import dev.winnow.common.select.TopCut;
import dev.winnow.jobs.cluster.ClusterJob;
import dev.winnow.jobs.cluster.ClustersManifest;
import dev.winnow.jobs.cluster.SemanticDuplicates;
import dev.winnow.jobs.dedup.DedupJob;
import dev.winnow.jobs.dedup.DedupManifest;
import dev.winnow.jobs.featurize.FeaturesManifest;
import dev.winnow.jobs.featurize.FeaturizeJob;
import dev.winnow.jobs.featurize.TextReadBack;
import dev.winnow.jobs.pipeline.Corpus;
import dev.winnow.jobs.importance.ImportanceJob;
import dev.winnow.jobs.importance.WeightsManifest;
import dev.winnow.jobs.io.Checkpoints;
import dev.winnow.jobs.io.ClusterCuts;
import dev.winnow.jobs.io.KeyFilter;
import dev.winnow.jobs.io.StageManifest;
import dev.winnow.jobs.io.StagedOutput;
import dev.winnow.jobs.pipeline.Stage;
import dev.winnow.jobs.pipeline.StageRun;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 5, select: joins features (lengths, quality flags, metadata), weights, clusters and
 * dedup by doc_id; drops documents by the hard filters (each gets its first reason, in the
 * documented order, and keeps the others in the ledger); splits the budget over the clusters
 * ({@link QuotaAllocator}); keeps each cluster's top documents by
 * {@code score / temperature + Gumbel(seed, doc_id)} ({@link SelectionKey}), found with
 * {@link ClusterCuts} instead of a sort; writes the kept documents, a ledger row for every
 * document, the run manifest and {@code report.html} under {@code <work>/selection/}.
 */
public final class SelectJob {
  public static final String STAGE = Stage.SELECT.label();
  public static final String SELECTION = Stage.SELECT.folder();
  static final int SCORE_BINS = 40;
  private static final Logger LOG = LoggerFactory.getLogger(SelectJob.class);

  /** Drop reasons besides the quality rules' names, in the order they are checked. */
  public static final String TOO_FEW_TOKENS = "too_few_tokens";
  public static final String TOO_MANY_TOKENS = "too_many_tokens";
  public static final String LANGUAGE = "language";
  public static final String TOO_SHORT = "too_short";
  public static final String EXACT_DUPLICATE = "exact_duplicate";
  public static final String NEAR_DUPLICATE = "near_duplicate";
  public static final String SEMANTIC_DUPLICATE = "semantic_duplicate";
  public static final String UNASSIGNED = "unassigned";
  public static final String OVER_QUOTA = "over_quota";

  private SelectJob() {}

  /** The run's inputs: the published outputs of the earlier stages and their manifests. */
  static final class Inputs {
    Path features;
    Path weights;
    Path clusters;
    Path dedup;
    FeaturesManifest featuresManifest;
    WeightsManifest weightsManifest;
    /** The clusters' manifest, or that of one cluster when cluster.k = 1 ({@link ClustersManifest#oneCluster}). */
    ClustersManifest clustersManifest;
    /** The dedup manifest, or null when select.drop_duplicates is false. */
    DedupManifest dedupManifest;
  }

  /** Reads the earlier stages' manifests and checks the config against them, before any heavy work. */
  static Inputs check(FileSystem fs, Path work, WinnowConfig config) throws IOException {
    if (config.get(WinnowConfig.SELECT_BUDGET) == 0) {
      throw new ConfigException("select.budget is not set: how many " + config.raw(WinnowConfig.SELECT_BUDGET_UNIT)
          + " should the selection hold?");
    }
    Inputs in = new Inputs();
    in.features = new Path(work, Corpus.POOL.features);
    in.weights = new Path(work, ImportanceJob.WEIGHTS);
    in.clusters = new Path(work, ClusterJob.CLUSTERS);
    in.dedup = new Path(work, DedupJob.DEDUP);
    in.featuresManifest = FeaturizeJob.manifest(fs, in.features).body();
    FeaturesManifest.Computed computed = in.featuresManifest.computed();
    if (config.get(WinnowConfig.SELECT_QUALITY_RULES) != 0) {
      FeaturizeJob.requireComputed(computed.qualitySignals(), "quality signals", "select.quality_rules = "
          + config.raw(WinnowConfig.SELECT_QUALITY_RULES), "select.quality_rules is not none");
    }
    if (!config.get(WinnowConfig.SELECT_LANGUAGES).isEmpty()) {
      FeaturizeJob.requireComputed(computed.language(), "language", "select.languages = "
          + config.raw(WinnowConfig.SELECT_LANGUAGES), "select.languages is set");
    }
    if (config.get(WinnowConfig.SELECT_PARTITION_BY).equals(WinnowConfig.LANG)) {
      FeaturizeJob.requireComputed(computed.language(), "language", "select.partition_by = lang",
          "select.partition_by is lang");
    }
    String tokenizer = config.get(WinnowConfig.TOKENIZER);
    String counted = computed.tokenizer() == null ? ModelTokens.NONE : computed.tokenizer();
    if (!tokenizer.equals(counted)) {
      throw new InputException("featurize.tokenizer = " + tokenizer + " but the features under " + in.features
          + " counted " + (counted.equals(ModelTokens.NONE) ? "no model tokens" : counted + " tokens")
          + ": run featurize again (winnow run does)");
    }
    in.weightsManifest = StageManifest.readPublished(fs, in.weights, ImportanceJob.STAGE, WeightsManifest.class)
        .body();
    // cluster.k = 1: no clustering (winnow run skips the stage); the pool is one cluster, 0
    in.clustersManifest = Stage.oneCluster(config) ? ClustersManifest.oneCluster()
        : StageManifest.readPublished(fs, in.clusters, ClusterJob.STAGE, ClustersManifest.class).body();
    in.dedupManifest = config.get(WinnowConfig.SELECT_DROP_DUPLICATES)
        ? StageManifest.readPublished(fs, in.dedup, DedupJob.STAGE, DedupManifest.class).body() : null;
    long budget = config.get(WinnowConfig.SELECT_BUDGET);
    int k = in.clustersManifest.k();
    long minPer = config.get(WinnowConfig.SELECT_MIN_PER_CLUSTER);
    if (minPer > 0 && minPer * k > budget) {
      throw new ConfigException("select.min_per_cluster = " + minPer + " for " + k + " clusters needs " + minPer * k
          + " " + config.raw(WinnowConfig.SELECT_BUDGET_UNIT) + ", more than select.budget = " + budget);
    }
    QuotaBasis basis = config.get(WinnowConfig.SELECT_QUOTA_BASIS);
    if ((basis == QuotaBasis.TARGET || basis == QuotaBasis.BOTH) && in.clustersManifest.targetMix() == null && k > 1) {
      throw new ConfigException("select.quota_basis = " + basis.configName() + " needs the target's cluster mix, "
          + "which the cluster stage records when input.target is set; set input.target and run cluster again, or use "
          + "select.quota_basis = weights");
    }
    if (config.get(WinnowConfig.SELECT_BUDGET_UNIT) == BudgetUnit.DOCS) {
      long docs = in.featuresManifest.totals().docs();
      double most = docs * config.get(WinnowConfig.SELECT_MAX_REPETITION);
      if (budget > most) {
        throw new ConfigException("select.budget = " + budget + " documents is beyond the pool: " + docs
            + " documents x select.max_repetition " + config.get(WinnowConfig.SELECT_MAX_REPETITION));
      }
    }
    return in;
  }

  public static StageManifest<SelectionManifest> run(SparkSession spark, WinnowConfig config) throws IOException {
    return StageRun.run(spark, config, Stage.SELECT, run -> run(spark, config, run));
  }

  private static StageManifest<SelectionManifest> run(SparkSession spark, WinnowConfig config, StageRun run)
      throws IOException {
    FileSystem fs = run.fs();
    Inputs in = check(fs, run.work(), config);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Checkpoints checkpoints = run.checkpoints();

    Dataset<Row> features = ParquetTables.read(spark, in.features);
    Dataset<Row> decided = checkpoints.save(decide(spark, config, in, features));
    Dataset<Row> eligible = decided.filter(size(col("reasons")).equalTo(0));
    QuotaPlan plan = new QuotaPlan(jsc, config, in.clustersManifest, eligible);
    if (plan.quotas.shortfall > 0) {
      LOG.warn("select: the budget of {} {} exceeds what the filters leave ({} x max repetition); selecting all "
          + "of it, {} short", config.get(WinnowConfig.SELECT_BUDGET), config.raw(WinnowConfig.SELECT_BUDGET_UNIT),
          plan.quotas.total(), plan.quotas.shortfall);
    }
    StagedOutput out = run.staging();
    Path dir = out.folder("selection", SELECTION);
    Path ledgerDir = new Path(dir, "ledger");
    writeLedger(jsc, decided, plan, ledgerDir);
    Dataset<Row> ledger = ParquetTables.read(spark, ledgerDir);
    // the written ledger's account first: its kept documents size the texts' filter (no count query)
    WeightsManifest.Totals weights = in.weightsManifest.totals();
    Accounting accounting = Accounting.of(ledger, in.featuresManifest.totals(), units(config), weights.minLogW(),
        weights.maxLogW());
    Dataset<Row> keptRows = ledger.filter(col(KEPT))
        .select(col(DOC_ID), col(CLUSTER), col(LOG_W), col(N_TOKENS), col(COPIES), col(LANG));
    try (KeyFilter texts = KeyFilter.mightMatch(TextReadBack.texts(features, META), keptRows, DOC_ID,
        accounting.keptDocs)) {
      OutputFiles.write(TextReadBack.fill(keptRows.join(texts.rows(), DOC_ID), fs, in.features),
          config.get(WinnowConfig.INPUT_METADATA_FIELDS), config, new Path(dir, "data"));
    }
    Path published = out.target("selection");
    SelectionReport report = new SelectionReport().unit(config.get(WinnowConfig.SELECT_BUDGET_UNIT).configName());
    SelectionManifest manifest = describe(spark, config, in, plan, decided, ledger, accounting, published, report);
    try (OutputStream o = fs.create(new Path(dir, "report.html"), false)) {
      o.write(report.html().getBytes(StandardCharsets.UTF_8));
    }
    StageManifest<SelectionManifest> m = run.publish(manifest, dir);
    LOG.info("select: {} documents kept of {} in {} ms", manifest.totals().keptDocs(), manifest.totals().docs(),
        System.currentTimeMillis() - run.started());
    return m;
  }

  /**
   * Every pool document with what the decisions need: its lengths, flags, language and metadata,
   * score and weight, cluster, duplicate marks, its drop reasons in order ({@link #reasonChecks}),
   * its selection key and the units it counts against the budget.
   */
  private static Dataset<Row> decide(SparkSession spark, WinnowConfig config, Inputs in, Dataset<Row> features)
      throws IOException {
    Dataset<Row> joined = features.select(DOC_ID, N_TOKENS, N_TOKENS_MODEL, QUALITY_FLAGS, LANG,
            META)
        .join(ParquetTables.read(spark, in.weights)
            .select(col(DOC_ID), col(LOG_W), score(config.get(WinnowConfig.SELECT_SCORE),
                config.get(WinnowConfig.SELECT_LENGTH_EXPONENT)).as("score"), col(Columns.TOO_SHORT)), DOC_ID, "left");
    joined = Stage.oneCluster(config) ? joined.withColumn(CLUSTER, lit(0))
        : joined.join(ParquetTables.read(spark, in.clusters).select(DOC_ID, CLUSTER), DOC_ID, "left");
    if (in.dedupManifest != null) {
      joined = joined.join(ParquetTables.read(spark, in.dedup).select(DOC_ID, IS_REP, EXACT), DOC_ID,
          "left");
    }
    String semantic = in.clustersManifest.semanticDuplicates() == null ? ""
        : in.clustersManifest.semanticDuplicates().path();
    if (!semantic.isEmpty()) {
      joined = joined.join(SemanticDuplicates.read(spark, semantic).select(DOC_ID, SEMANTIC_REP), DOC_ID,
          "left");
    }
    double temperature = config.get(WinnowConfig.SELECT_TEMPERATURE);
    long seed = config.get(WinnowConfig.SEED);
    UserDefinedFunction keyOf = udf((UDF2<String, Double, Double>) (id, score) -> score == null ? null
        : SelectionKey.key(score, temperature, seed, id), DataTypes.DoubleType);
    return joined
        .withColumn("reasons", array_compact(array(reasonChecks(config, in.dedupManifest != null, !semantic.isEmpty())
            .toArray(new Column[0]))))
        .withColumn(KEY, keyOf.apply(col(DOC_ID), col("score")))
        .withColumn("units", units(config));
  }

  /**
   * The decisions, written as the ledger: every document's copies (its cluster's whole copies,
   * plus one when its cut keeps it; none when it has a reason), kept, its first reason
   * (over_quota when the quotas left it out) and the others. Written once, straight to the
   * output, so that the plan's broadcasts can go and every later reader reads the files.
   */
  private static void writeLedger(JavaSparkContext jsc, Dataset<Row> decided, QuotaPlan plan, Path ledgerDir) {
    Broadcast<Map<Integer, Long>> sharedCopies = jsc.broadcast(plan.copies);
    Broadcast<Map<Integer, TopCut.Cut>> sharedCuts = jsc.broadcast(plan.cuts);
    UserDefinedFunction copiesOf = udf((UDF4<Integer, Double, String, Integer, Integer>) (cluster, key, id, n) -> {
      if (n > 0 || cluster == null || key == null) {
        return 0;
      }
      TopCut.Cut cut = sharedCuts.value().get(cluster);
      return (int) (sharedCopies.value().getOrDefault(cluster, 0L) + (cut != null && cut.keeps(key, id) ? 1 : 0));
    }, DataTypes.IntegerType);
    decided
        .withColumn(COPIES, copiesOf.apply(col(CLUSTER), col(KEY), col(DOC_ID), size(col("reasons"))))
        .withColumn(KEPT, col(COPIES).gt(0))
        .withColumn(REASON, when(col(KEPT), lit(null).cast("string"))
            .otherwise(coalesce(try_element_at(col("reasons"), lit(1)), lit(OVER_QUOTA))))
        .withColumn(OTHER_REASONS, slice(col("reasons"), 2, Integer.MAX_VALUE))
        .select(DOC_ID, KEPT, COPIES, REASON, OTHER_REASONS, CLUSTER, LOG_W, KEY, N_TOKENS, N_TOKENS_MODEL, LANG)
        .write().mode(SaveMode.ErrorIfExists).option("compression", "zstd").parquet(ledgerDir.toString());
    sharedCopies.destroy(); // the ledger is written: nothing reads them again
    sharedCuts.destroy();
  }

  /**
   * The manifest's account of the written ledger ({@code accounting}: totals, drops by reason,
   * digests, per cluster and per language) with the KL reduction and the precision, for the
   * selection to be published at {@code published}; the same in {@code report}.
   */
  private static SelectionManifest describe(SparkSession spark, WinnowConfig config, Inputs in, QuotaPlan plan,
      Dataset<Row> decided, Dataset<Row> written, Accounting accounting, Path published, SelectionReport report)
      throws IOException {
    Score score = config.get(WinnowConfig.SELECT_SCORE);
    boolean languages = in.featuresManifest.computed().language();
    Map<Integer, String> mainLanguage = languages ? accounting.mainLanguageByCluster() : Map.of();
    List<SelectionManifest.Cluster> perCluster = new ArrayList<>();
    Map<Integer, long[]> kept = accounting.keptByCluster();
    Map<Integer, Long> poolSizes = accounting.poolByCluster();
    Map<Integer, List<String>> topWords = topWords(in.clustersManifest);
    for (int c = 0; c < plan.k; c++) {
      long[] a = plan.available.getOrDefault(c, new long[2]);
      long[] f = kept.getOrDefault(c, new long[2]);
      List<String> words = topWords.getOrDefault(c, List.of());
      perCluster.add(new SelectionManifest.Cluster(c, poolSizes.getOrDefault(c, 0L), a[0], a[1],
          plan.quotas.weights[c], plan.quotas.quotas[c], f[0], f[1], plan.clusterMean.get(c),
          plan.targetShare == null ? null : plan.targetShare[c],
          plan.weightsShare == null ? null : plan.weightsShare[c], words, mainLanguage.get(c)));
      report.cluster(new SelectionReport.ClusterRow(c, poolSizes.getOrDefault(c, 0L), a[1], plan.quotas.quotas[c],
          f[1], words, plan.targetShare == null ? Double.NaN : plan.targetShare[c]));
    }
    // nothing kept: nothing to measure, and the manifest says so by leaving it out
    SelectionManifest.KlReduction kl = accounting.keptDocs == 0 ? null : KlReductionJob.measure(spark, config,
        written.filter(col(KEPT)).select(DOC_ID), accounting.keptDocs);
    String labelField = config.get(WinnowConfig.SELECT_LABEL_FIELD);
    SelectionManifest.Precision precision = labelField.isEmpty() ? null
        : precision(decided, written, labelField);
    Map<String, SelectionManifest.Language> byLanguage = null;
    if (languages) {
      byLanguage = new LinkedHashMap<>();
      for (Map.Entry<String, long[]> e : accounting.byLanguage().entrySet()) {
        byLanguage.put(e.getKey(), new SelectionManifest.Language(e.getValue()[0], e.getValue()[1]));
      }
      report.languages(accounting.byLanguage());
    }
    SelectionManifest manifest = new SelectionManifest(published.toString(), new Path(published, "data").toString(),
        new Path(published, "ledger").toString(), new Path(published, "report.html").toString(),
        config.get(WinnowConfig.SEED), score.configName(),
        score == Score.DISCOUNTED ? config.get(WinnowConfig.SELECT_LENGTH_EXPONENT) : null,
        config.get(WinnowConfig.SELECT_TEMPERATURE), plan.basis, in.featuresManifest.inputDigest(), tokenCount(config),
        accounting.totals(config.get(WinnowConfig.SELECT_BUDGET), plan.quotas.shortfall), accounting.byReason(),
        accounting.digests(), perCluster, kl, precision, byLanguage);
    figures(report, manifest, config);
    report.reasons(accounting.byReason());
    ScoreHistogram scores = accounting.scores();
    report.scores(score == Score.LOG_W ? LOG_W : "log_w (ranking by " + score.configName() + ")", scores.edges(),
        scores.pool(), scores.kept());
    return manifest;
  }

  /**
   * What a document counts against the budget: 1 in docs; in tokens the featurize.tokenizer's
   * tokens, or WordPunct's when none is set.
   */
  static Column units(WinnowConfig config) {
    if (config.get(WinnowConfig.SELECT_BUDGET_UNIT) != BudgetUnit.TOKENS) {
      return lit(1L);
    }
    return col(config.get(WinnowConfig.TOKENIZER).equals(ModelTokens.NONE) ? N_TOKENS : N_TOKENS_MODEL)
        .cast("long");
  }

  /** What a token is in this run's budget: the tokenizer's name, or wordpunct. */
  static String tokenCount(WinnowConfig config) {
    String t = config.get(WinnowConfig.TOKENIZER);
    return t.equals(ModelTokens.NONE) ? "wordpunct" : t;
  }

  /** The score column the documents are ranked by, from the weights' columns (docs/SELECT.md). */
  static Column score(Score score, double lengthExponent) {
    return switch (score) {
      case LOG_W -> col(LOG_W);
      case MEAN -> col(MEAN_LOG_RATIO);
      case DISCOUNTED -> col(LOG_W).divide(pow(greatest(col(N_NGRAMS), lit(1L)), lengthExponent));
    };
  }

  /** The quota basis in force: auto is weights (docs/SELECT.md, docs/EVALUATION.md). */
  static QuotaBasis quotaBasis(WinnowConfig config) {
    QuotaBasis basis = config.get(WinnowConfig.SELECT_QUOTA_BASIS);
    return basis == QuotaBasis.AUTO ? QuotaBasis.WEIGHTS : basis;
  }

  /**
   * Every drop reason in the order they are checked (a document's first is its reason, the rest
   * its other_reasons): the one list the checks ({@link #reasonChecks}) and the books
   * ({@link Accounting}) follow.
   */
  static List<String> reasonOrder() {
    List<String> order = new ArrayList<>(List.of(TOO_FEW_TOKENS, TOO_MANY_TOKENS, LANGUAGE));
    for (QualityRule r : QualityRule.values()) {
      order.add(r.ruleName());
    }
    order.addAll(List.of(TOO_SHORT, EXACT_DUPLICATE, NEAR_DUPLICATE, SEMANTIC_DUPLICATE, UNASSIGNED, OVER_QUOTA));
    return order;
  }

  /** The drop checks in order, each a column that is the reason's name when it applies, else null. */
  static List<Column> reasonChecks(WinnowConfig config, boolean dedup, boolean semantic) {
    long minTokens = config.get(WinnowConfig.SELECT_MIN_TOKENS);
    long maxTokens = config.get(WinnowConfig.SELECT_MAX_TOKENS);
    List<String> languages = config.get(WinnowConfig.SELECT_LANGUAGES);
    long rules = config.get(WinnowConfig.SELECT_QUALITY_RULES);
    boolean dropTooShort = config.get(WinnowConfig.SELECT_DROP_TOO_SHORT);
    List<Column> checks = new ArrayList<>();
    for (String reason : reasonOrder()) {
      Column applies = switch (reason) {
        case TOO_FEW_TOKENS -> col(N_TOKENS).lt(minTokens);
        case TOO_MANY_TOKENS -> maxTokens > 0 ? col(N_TOKENS).gt(maxTokens) : null;
        case LANGUAGE -> languages.isEmpty() ? null
            : not(coalesce(col(LANG), lit(LanguageId.UNKNOWN)).isin(languages.toArray()));
        case TOO_SHORT -> dropTooShort ? col(Columns.TOO_SHORT) : null;
        case EXACT_DUPLICATE -> dedup ? col(IS_REP).equalTo(false).and(col(EXACT)) : null;
        case NEAR_DUPLICATE -> dedup ? col(IS_REP).equalTo(false).and(col(EXACT).equalTo(false)) : null;
        case SEMANTIC_DUPLICATE -> semantic ? col(SEMANTIC_REP).isNotNull() : null;
        case UNASSIGNED -> col(CLUSTER).isNull().or(col(CLUSTER).lt(0)).or(col("score").isNull());
        case OVER_QUOTA -> null; // what the quotas leave out, decided after the checks
        default -> { // a quality rule
          QualityRule r = QualityRule.byName(reason);
          yield (rules & r.bit()) != 0 ? col(QUALITY_FLAGS).bitwiseAND(r.bit()).notEqual(0) : null;
        }
      };
      if (applies != null) {
        checks.add(when(applies, lit(reason)));
      }
    }
    return checks;
  }

  private static Map<Integer, List<String>> topWords(ClustersManifest clustersManifest) {
    Map<Integer, List<String>> m = new HashMap<>();
    for (ClustersManifest.Summary s : clustersManifest.summaries()) {
      m.put(s.cluster(), s.topWords() == null ? List.of() : s.topWords());
    }
    return m;
  }

  /** The selection's precision against a true/false metadata label, beside the pool's rate. */
  private static SelectionManifest.Precision precision(Dataset<Row> decided, Dataset<Row> ledger, String field) {
    Column label = try_element_at(col(META), lit(field));
    Column positive = label.isin("true", "1", "True", "TRUE", "yes");
    Dataset<Row> withKept = decided.select(col(DOC_ID), positive.as("positive"), label.isNotNull().as("labelled"),
            size(col("reasons")).equalTo(0).as("eligible"))
        .join(ledger.select(DOC_ID, KEPT), DOC_ID);
    Row r = withKept.agg(
        sum(when(col(KEPT).and(col("positive")), 1).otherwise(0)),
        sum(when(col(KEPT), 1).otherwise(0)),
        sum(when(col("positive"), 1).otherwise(0)),
        count(lit(1)),
        sum(when(col("labelled"), 1).otherwise(0)),
        sum(when(col("eligible").and(col("positive")), 1).otherwise(0))).first();
    long keptPositive = r.getLong(0);
    long kept = r.getLong(1);
    long poolPositive = r.getLong(2);
    long pool = r.getLong(3);
    long eligiblePositive = r.getLong(5);
    return new SelectionManifest.Precision(field, keptPositive, kept, kept == 0 ? 0 : keptPositive / (double) kept,
        poolPositive == 0 ? 0 : keptPositive / (double) poolPositive, eligiblePositive,
        kept == 0 ? 0 : Math.min(kept, eligiblePositive) / (double) kept, poolPositive, pool, r.getLong(4),
        pool == 0 ? 0 : poolPositive / (double) pool);
  }

  private static void figures(SelectionReport report, SelectionManifest manifest, WinnowConfig config) {
    SelectionManifest.Totals t = manifest.totals();
    report.figure("budget", "budget (" + config.raw(WinnowConfig.SELECT_BUDGET_UNIT) + ")", String.valueOf(t.budget()));
    report.figure("docs", "documents in the pool", String.valueOf(t.docs()));
    report.figure("quarantined", "records quarantined by featurize", String.valueOf(t.quarantined()));
    report.figure("kept_docs", "documents kept", String.valueOf(t.keptDocs()));
    report.figure("kept_units", "kept " + config.raw(WinnowConfig.SELECT_BUDGET_UNIT) + " (with copies)",
        String.valueOf(t.keptUnits()));
    report.figure("score", "documents ranked by (select.score)", manifest.score());
    report.figure("quota_basis", "quotas follow (select.quota_basis)", manifest.quotaBasis());
    report.figure("dropped", "documents dropped", String.valueOf(t.dropped()));
    report.figure("kl_reduction", "KL reduction vs a random selection of the same size",
        manifest.klReduction() != null ? String.format(java.util.Locale.ROOT, "%.4f",
            manifest.klReduction().klReduction()) : "none (nothing kept)");
    SelectionManifest.Precision p = manifest.precision();
    if (p != null) {
      report.figure("precision", "precision against " + p.labelField(),
          String.format(java.util.Locale.ROOT, "%.4f", p.precision()));
      report.figure("ceiling", "precision ceiling: positives that pass the filters, of the documents kept",
          String.format(java.util.Locale.ROOT, "%.4f", p.ceiling()));
      report.figure("recall", "recall: positives kept, of the pool's", String.format(java.util.Locale.ROOT, "%.4f",
          p.recall()));
      report.figure("pool_rate", "share of the pool with " + p.labelField(),
          String.format(java.util.Locale.ROOT, "%.4f", p.poolRate()));
    }
  }
}
