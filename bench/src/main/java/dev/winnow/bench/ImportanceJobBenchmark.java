package dev.winnow.bench;

import dev.winnow.jobs.pipeline.Corpus;
import dev.winnow.jobs.featurize.FeaturizeJob;
import dev.winnow.jobs.featurize.FeaturesManifest;
import dev.winnow.common.config.WinnowConfig;
import dev.winnow.common.text.PackedInts;
import dev.winnow.jobs.importance.FeatureVectors;
import dev.winnow.jobs.importance.ImportanceJob;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * Importance stage benchmark: featurizes the pool and the target once, then times, in the
 * same JVM and session, ROUNDS times each:
 * <ul>
 *   <li>{@code floor}: reading the features' vector columns ({@link FeatureVectors}: Spark's
 *       public {@code Row}s) and summing the n-gram counts (what any consumer of the features pays);
 *   <li>{@code floor-internal}: the same through Spark's internal binary rows
 *       ({@code queryExecution().toRdd()}), as {@link FeatureVectors} read them before: the
 *       price of the public API;
 *   <li>{@code winnow}: ImportanceJob: fit both models (target: all; raw: all of realpool,
 *       which is under the 100,000 x buckets budget), score every document, write weights.
 * </ul>
 * Usage: {@code ImportanceJobBenchmark POOL TARGET WORK_DIR [rounds]}.
 */
public final class ImportanceJobBenchmark {
  private ImportanceJobBenchmark() {}

  public static void main(String[] args) throws IOException {
    SparkSession spark = SparkSession.builder().appName("winnow importance benchmark").getOrCreate();
    WinnowConfig config = WinnowConfig.of(Map.of("input.pool", args[0], "input.target", args[1], "work.dir", args[2]));
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    FeaturesManifest pool = FeaturizeJob.run(spark, config, Corpus.POOL).body();
    FeaturesManifest target = FeaturizeJob.run(spark, config, Corpus.TARGET).body();
    long docs = pool.totals().docs();
    String features = pool.features();
    System.out.printf("pool: %s, %d documents featurized; target: %s, %d documents; %d cores%n", args[0], docs, args[1],
        target.totals().docs(), spark.sparkContext().defaultParallelism());
    List<String> lines = new ArrayList<>();
    for (int r = 1; r <= rounds; r++) {
      lines.add(FeaturizeJobBenchmark.time("floor", r, docs, 0,
          () -> FeatureVectors.totalNgrams(spark.read().parquet(features))));
      lines.add(FeaturizeJobBenchmark.time("floor-internal", r, docs, 0,
          () -> internalTotal(spark.read().parquet(features))));
      lines.add(FeaturizeJobBenchmark.time("winnow", r, docs, 0, () -> ImportanceJob.run(spark, config)));
    }
    System.out.println("RESULTS");
    lines.forEach(System.out::println);
    spark.stop();
  }

  /** {@link FeatureVectors#totalNgrams} through Spark's internal rows: the peer of the public API. */
  static long internalTotal(Dataset<Row> features) {
    JavaRDD<InternalRow> rows = features.select(FeatureVectors.COLUMNS[0], FeatureVectors.COLUMNS[1],
        FeatureVectors.COLUMNS[2], FeatureVectors.COLUMNS[3]).queryExecution().toRdd().toJavaRDD();
    return rows.aggregate(0L, (acc, r) -> {
      long s = acc;
      r.getUTF8String(0).toString(); // as the jobs read the id
      for (int c : PackedInts.unpack(r.getBinary(3), false)) {
        s += c;
      }
      return s;
    }, Long::sum);
  }
}
