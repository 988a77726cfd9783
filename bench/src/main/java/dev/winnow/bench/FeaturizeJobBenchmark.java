package dev.winnow.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.sum;

import dev.winnow.common.config.WinnowConfig;
import dev.winnow.jobs.featurize.FeaturizeJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.NGram;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Whole-job featurize benchmark, with its peers in the same JVM and Spark session:
 * <ul>
 *   <li>{@code floor}: Spark's own {@code spark.read().json} of the pool, touching every text
 *       (sum of lengths): reading, decompressing and parsing, nothing else;
 *   <li>{@code mllib}: the pipeline a Spark user would write (RegexTokenizer with the WordPunct
 *       pattern, NGram, HashingTF with the same buckets for unigrams and bigrams), written
 *       to Parquet like Winnow's features;
 *   <li>{@code winnow}: Winnow's featurize stage (features Parquet, quarantine, manifest).
 * </ul>
 * Usage: {@code FeaturizeJobBenchmark POOL_DIR WORK_DIR [rounds]}; prints one line per run;
 * {@code -Dbench.peers=floor,mllib,winnow} picks which to run (all by default).
 * The master comes from spark-submit or -Dspark.master, as for every Winnow job.
 */
public final class FeaturizeJobBenchmark {
  private FeaturizeJobBenchmark() {}

  public static void main(String[] args) throws IOException {
    String pool = args[0];
    Path work = Path.of(args[1]);
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    SparkSession spark = SparkSession.builder().appName("winnow featurize benchmark").getOrCreate();
    long bytes = poolBytes(spark, pool);
    long docs = spark.read().json(pool).count();
    System.out.printf("pool: %s, %d documents, %d text bytes (UTF-16 chars), %d cores%n", pool, docs, bytes,
        spark.sparkContext().defaultParallelism());
    List<String> lines = new ArrayList<>();
    List<String> peers = List.of(System.getProperty("bench.peers", "floor,mllib,winnow").split(","));
    for (int r = 1; r <= rounds; r++) {
      if (peers.contains("floor")) {
        lines.add(time("floor", r, docs, bytes, () -> floor(spark, pool)));
      }
      if (peers.contains("mllib")) {
        lines.add(time("mllib", r, docs, bytes, () -> mllib(spark.read().json(pool), work.resolve("mllib"))));
      }
      if (peers.contains("winnow")) {
        lines.add(time("winnow", r, docs, bytes, () -> winnow(spark, pool, work.resolve("winnow"))));
      }
    }
    System.out.println("RESULTS");
    lines.forEach(System.out::println);
    spark.stop();
  }

  interface Run {
    void run() throws IOException;
  }

  static String time(String name, int round, long docs, long bytes, Run run) throws IOException {
    long t0 = System.nanoTime();
    run.run();
    double s = (System.nanoTime() - t0) / 1e9;
    String line = bytes > 0
        ? String.format("%-7s round %d: %6.1f s  %8.0f docs/s  %6.1f MB/s", name, round, s, docs / s, bytes / 1e6 / s)
        : String.format("%-7s round %d: %6.1f s  %8.0f docs/s", name, round, s, docs / s);
    System.out.println(line);
    return line;
  }

  static long poolBytes(SparkSession spark, String pool) {
    return spark.read().json(pool).agg(sum(length(col("text")))).first().getLong(0);
  }

  static void floor(SparkSession spark, String pool) {
    poolBytes(spark, pool);
  }

  /** The MLlib pipeline over {@code raw}'s {@code id} and {@code text}, written to {@code out}. */
  static void mllib(Dataset<Row> raw, Path out) throws IOException {
    delete(out);
    Pipeline p = new Pipeline().setStages(ngramStages("features"));
    Dataset<Row> docs = raw.select("id", "text");
    p.fit(docs).transform(docs).select("id", "features", "text").write().mode(SaveMode.Overwrite)
        .option("compression", "zstd").parquet(out.toString());
  }

  /** MLlib's stages from {@code text} to hashed unigram + bigram counts in 10,000 buckets, as {@code out}. */
  static PipelineStage[] ngramStages(String out) {
    RegexTokenizer tokens = new RegexTokenizer().setInputCol("text").setOutputCol("tokens")
        .setPattern("\\w+|[^\\w\\s]+").setGaps(false).setToLowercase(true);
    NGram bigrams = new NGram().setN(2).setInputCol("tokens").setOutputCol("bigrams");
    SQLTransformer both = new SQLTransformer().setStatement("SELECT *, concat(tokens, bigrams) AS ngrams FROM __THIS__");
    HashingTF tf = new HashingTF().setInputCol("ngrams").setOutputCol(out).setNumFeatures(10_000);
    return new PipelineStage[] {tokens, bigrams, both, tf};
  }

  static void winnow(SparkSession spark, String pool, Path work) throws IOException {
    delete(work);
    FeaturizeJob.run(spark, WinnowConfig.of(Map.of("input.pool", pool, "work.dir", work.toString())));
  }

  static void delete(Path p) throws IOException {
    if (Files.exists(p)) {
      try (Stream<Path> s = Files.walk(p)) {
        for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
  }
}
