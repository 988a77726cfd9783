package dev.winnow.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Whether to keep the pool's text in the features (issue 16, item 3): the select stage needs the
 * kept documents' text, which it can join from the features or read back from the input files.
 * On one pool, {@code ROUNDS} rounds of:
 * <ul>
 * <li><b>read</b>: the input JSON Lines read and parsed (id, text), text lengths summed: the
 *     floor of any stage that reads the inputs;</li>
 * <li><b>store</b>: the same read, (id, text) written as zstd Parquet, as featurize writes its
 *     text column; store minus read is what keeping the text costs featurize;</li>
 * <li><b>from stored</b>: the text of a 5% sample of ids (a seeded hash; select keeps 5% in the
 *     README's and the DSIR runs) read from that Parquet;</li>
 * <li><b>read back</b>: the same texts read back from the inputs: compressed inputs cannot be
 *     entered at a line, so every file holding a kept document is read and parsed to its end,
 *     which at 5% kept is every file.</li>
 * </ul>
 * Usage: {@code TextStorage POOL_GLOB WORK_DIR ROUNDS}.
 */
public final class TextStorage {
  private TextStorage() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("winnow text storage").getOrCreate();
    String pool = args[0];
    String stored = args[1] + "/text";
    int rounds = Integer.parseInt(args[2]);
    List<double[]> runs = new ArrayList<>();
    for (int r = 1; r <= rounds; r++) {
      double read = time(() -> input(spark, pool).agg(sum(length(col("text")))).first());
      double store = time(() -> input(spark, pool).write().mode(SaveMode.Overwrite).option("compression", "zstd")
          .parquet(stored));
      double fromStored = time(() -> sample(spark.read().parquet(stored)).agg(sum(length(col("text")))).first());
      double readBack = time(() -> sample(input(spark, pool)).agg(sum(length(col("text")))).first());
      runs.add(new double[] {read, store, fromStored, readBack});
      System.out.printf("round %d: read %.1f s, store %.1f s, from stored %.1f s, read back %.1f s%n", r, read, store,
          fromStored, readBack);
    }
    double[] m = new double[4];
    for (int i = 0; i < 4; i++) {
      int k = i;
      m[i] = runs.stream().mapToDouble(x -> x[k]).sorted().toArray()[runs.size() / 2];
    }
    System.out.printf("medians: read %.1f s, store %.1f s (keeping the text costs featurize %.1f s), text of 5%% "
        + "from stored %.1f s, read back %.1f s (ratio %.1fx)%n", m[0], m[1], m[1] - m[0], m[2], m[3], m[3] / m[2]);
    spark.stop();
  }

  private static Dataset<Row> input(SparkSession spark, String pool) {
    return spark.read().schema("id STRING, text STRING").json(pool).select("id", "text");
  }

  /** A 5% sample by a hash of the id (the same ids in both reads). */
  private static Dataset<Row> sample(Dataset<Row> docs) {
    return docs.filter(xxhash64(col("id")).mod(20).equalTo(0));
  }

  private static double time(Runnable r) {
    long t0 = System.nanoTime();
    r.run();
    return (System.nanoTime() - t0) / 1e9;
  }
}
