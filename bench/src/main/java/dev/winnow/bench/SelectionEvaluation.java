package dev.winnow.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.udf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winnow.jobs.select.SelectionManifest;
import dev.winnow.common.config.WinnowConfig;
import dev.winnow.common.hash.RandomKeys;
import dev.winnow.jobs.Pipeline;
import dev.winnow.jobs.cluster.ClusterJob;
import dev.winnow.jobs.dedup.DedupJob;
import dev.winnow.jobs.importance.ImportanceJob;
import dev.winnow.jobs.select.KlReductionJob;
import dev.winnow.jobs.select.SelectJob;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * The labelled evaluation suite (docs/EVALUATION.md): for every task folder built by
 * {@code bench/eval/make_tasks.py} (pool with an {@code is_target} label, target corpus, budget
 * k), runs featurize, importance, cluster and dedup once, then the real select stage with the
 * default config and with every setting of {@link #SETTINGS}, and beside them the plain
 * rankings of the same weights (DSIR's log_w top-k, the mean log ratio top-k over documents
 * not too short; both also over the documents that pass the filters), a random selection and
 * the ceiling the filters leave. Precision is precision@k: positives kept over k. One JSON line per task
 * and method goes to RESULTS; {@code bench/eval/eval_report.py} turns them into the tables.
 * Usage: {@code SelectionEvaluation TASKS_DIR WORK_DIR RESULTS [task ...]}.
 */
public final class SelectionEvaluation {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The settings tried besides the default: the select stage's ranking score, temperature and quota basis. */
  static final Map<String, List<String>> SETTINGS = new LinkedHashMap<>();

  static {
    SETTINGS.put("score=log_w T=1", List.of("select.score=log_w", "select.temperature=1"));
    SETTINGS.put("score=log_w T=0", List.of("select.score=log_w", "select.temperature=0"));
    SETTINGS.put("score=mean T=0", List.of("select.score=mean", "select.temperature=0"));
    SETTINGS.put("score=mean T=0.1", List.of("select.score=mean", "select.temperature=0.1"));
    for (String e : List.of("0.5", "0.6", "0.7", "0.75", "0.8", "0.9")) {
      SETTINGS.put("discounted " + e + " T=0", List.of("select.score=discounted", "select.length_exponent=" + e,
          "select.temperature=0"));
    }
    for (String t : List.of("0.1", "0.25", "1")) {
      SETTINGS.put("discounted 0.8 T=" + t, List.of("select.score=discounted", "select.length_exponent=0.8",
          "select.temperature=" + t));
    }
    for (String basis : List.of("target", "both", "size")) {
      SETTINGS.put("basis=" + basis, List.of("select.quota_basis=" + basis));
    }
    SETTINGS.put("basis=size tilt=0", List.of("select.quota_basis=size", "select.importance_tilt=0"));
    SETTINGS.put("log_w T=1 basis=size", List.of("select.score=log_w", "select.temperature=1",
        "select.quota_basis=size"));
    SETTINGS.put("tau=0.5", List.of("select.tau=0.5"));
    SETTINGS.put("tau=0", List.of("select.tau=0"));
  }

  /** Fitted again with these: the target model's smoothing. */
  static final Map<String, List<String>> IMPORTANCE_SETTINGS = new LinkedHashMap<>();

  static {
    IMPORTANCE_SETTINGS.put("pseudo_count=1", List.of("importance.target_pseudo_count=1"));
    IMPORTANCE_SETTINGS.put("pseudo_count=0.01", List.of("importance.target_pseudo_count=0.01"));
  }

  private SelectionEvaluation() {}

  public static void main(String[] args) throws IOException {
    Path tasks = Path.of(args[0]);
    Path work = Path.of(args[1]);
    List<String> only = List.of(args).subList(3, args.length);
    SparkSession spark = SparkSession.builder().appName("winnow selection evaluation").getOrCreate();
    try (PrintWriter results = new PrintWriter(Files.newBufferedWriter(Path.of(args[2]), StandardCharsets.UTF_8))) {
      File[] dirs = tasks.toFile().listFiles(File::isDirectory);
      java.util.Arrays.sort(dirs);
      for (File dir : dirs) {
        if (only.isEmpty() || only.contains(dir.getName())) {
          evaluate(spark, dir.toPath(), work.resolve(dir.getName()), results);
        }
      }
    }
  }

  static void evaluate(SparkSession spark, Path task, Path work, PrintWriter results) throws IOException {
    JsonNode info = JSON.readTree(task.resolve("task.json").toFile());
    String name = info.get("task").asText();
    long k = info.get("k").asLong();
    WinnowConfig config = WinnowConfig.of(Map.of("input.pool", task.resolve("pool.jsonl.gz").toString(),
        "input.target", task.resolve("target.jsonl.gz").toString(), "work.dir", work.toString(),
        "input.metadata_fields", "source,is_target", "select.label_field", "is_target",
        "select.budget", String.valueOf(k)));
    long t0 = System.nanoTime();
    Pipeline.featurize(spark, config);
    ImportanceJob.run(spark, config);
    ClusterJob.run(spark, config);
    DedupJob.run(spark, config);
    System.out.printf("%s: stages in %.1f s%n", name, (System.nanoTime() - t0) / 1e9);

    ObjectNode base = JSON.createObjectNode().put("task", name).put("k", k)
        .put("positives", info.get("positives").asLong()).put("pool_docs", info.get("pool_docs").asLong())
        .put("target_docs", info.get("target_docs").asLong());
    ObjectNode def = select(spark, config, List.of(), base, "default");
    emit(results, def);
    long ceiling = Math.min(k, def.get("eligible_positive").asLong());
    emit(results, base.deepCopy().put("method", "ceiling").put("precision", ceiling / (double) k)
        .put("recall", ceiling / (double) def.get("positives").asLong()));
    rankings(spark, config, base, "", results);
    for (Map.Entry<String, List<String>> s : SETTINGS.entrySet()) {
      emit(results, select(spark, config, s.getValue(), base, s.getKey()));
    }
    for (Map.Entry<String, List<String>> s : IMPORTANCE_SETTINGS.entrySet()) {
      WinnowConfig fitted = with(config, s.getValue());
      ImportanceJob.run(spark, fitted);
      emit(results, select(spark, fitted, List.of(), base, "default " + s.getKey()));
      rankings(spark, fitted, base, " " + s.getKey(), results);
    }
    System.out.printf("%s: done in %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
  }

  static WinnowConfig with(WinnowConfig config, List<String> overrides) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String o : overrides) {
      String[] kv = o.split("=", 2);
      m.put(kv[0], kv[1]);
    }
    return config.with(m);
  }

  /** The select stage with the overrides: precision, recall, ceiling and KL reduction from its manifest. */
  static ObjectNode select(SparkSession spark, WinnowConfig config, List<String> overrides, ObjectNode base,
      String method) throws IOException {
    long t0 = System.nanoTime();
    SelectionManifest m = SelectJob.run(spark, with(config, overrides)).body();
    SelectionManifest.Precision p = m.precision();
    // precision@k: positives kept over the budget k, also when the filters leave fewer than k (a shortfall)
    long k = base.get("k").asLong();
    ObjectNode r = base.deepCopy().put("method", method).put("precision", p.keptPositive() / (double) k)
        .put("recall", p.recall()).put("kept", p.kept()).put("eligible_positive", p.eligiblePositive())
        .put("kl_reduction", m.klReduction().klReduction())
        .put("seconds", (System.nanoTime() - t0) / 1e9);
    r.set("overrides", JSON.valueToTree(overrides));
    return r;
  }

  /** DSIR's log_w top-k, the mean log ratio's top-k over documents not too short, and a random k. */
  static void rankings(SparkSession spark, WinnowConfig config, ObjectNode base, String suffix, PrintWriter results)
      throws IOException {
    Path work = Path.of(config.get(WinnowConfig.WORK_DIR));
    long k = base.get("k").asLong();
    long seed = config.get(WinnowConfig.SEED);
    Dataset<Row> docs = spark.read().parquet(work.resolve("features").toString())
        .select(col("doc_id"), try_element_at(col("meta"), lit("is_target")).equalTo("true").as("positive"))
        .join(spark.read().parquet(work.resolve("weights").toString()), "doc_id").cache();
    long positives = docs.filter(col("positive")).count();
    Column random = udf((UDF1<String, Double>) id -> RandomKeys.unit(seed, id), DataTypes.DoubleType)
        .apply(col("doc_id"));
    // what passed the last select run's filters (kept, or dropped only for its cluster's quota)
    Dataset<Row> filtered = docs.join(spark.read().parquet(work.resolve("selection/ledger").toString())
        .filter("reason is null or reason = 'over_quota'").select("doc_id"), "doc_id");
    Map<String, Dataset<Row>> tops = new LinkedHashMap<>();
    tops.put("dsir log_w top-k", docs.orderBy(desc("log_w"), col("doc_id")).limit((int) k));
    tops.put("mean top-k", docs.filter(col("too_short").equalTo(false))
        .orderBy(desc("mean_log_ratio"), col("doc_id")).limit((int) k));
    tops.put("filtered dsir log_w top-k", filtered.orderBy(desc("log_w"), col("doc_id")).limit((int) k));
    tops.put("filtered mean top-k", filtered.orderBy(desc("mean_log_ratio"), col("doc_id")).limit((int) k));
    if (suffix.isEmpty()) {
      tops.put("random", docs.orderBy(random, col("doc_id")).limit((int) k));
    }
    for (Map.Entry<String, Dataset<Row>> e : tops.entrySet()) {
      Dataset<Row> top = e.getValue().cache();
      long hits = top.filter(col("positive")).count();
      double kl = KlReductionJob.measure(spark, config, top.select("doc_id")).klReduction();
      emit(results, base.deepCopy().put("method", e.getKey() + suffix)
          .put("precision", hits / (double) k)
          .put("recall", positives == 0 ? 0 : hits / (double) positives).put("kl_reduction", kl));
      top.unpersist();
    }
    docs.unpersist();
  }

  static void emit(PrintWriter results, ObjectNode r) {
    results.println(r.toString());
    results.flush();
    System.out.printf("%-14s %-32s precision %.3f recall %.3f%n", r.get("task").asText(), r.get("method").asText(),
        r.get("precision").asDouble(), r.get("recall").asDouble());
  }
}
