package dev.winnow.bench;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What the cluster stage's semantic duplicates remove beyond MinHash dedup, on a work directory
 * where featurize, dedup and cluster (with cluster.semantic_eps) ran: how many, how many of
 * them MinHash kept (its representatives or documents alone), by source, and examples of such
 * pairs (two per source) with the start of both texts.
 *
 * <p>Usage: {@code SemanticDedupReport WORK_DIR [EXAMPLES]}.
 */
public final class SemanticDedupReport {
  private SemanticDedupReport() {}

  public static void main(String[] args) throws java.io.IOException {
    String work = args[0];
    int examples = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    SparkSession spark = SparkSession.builder().appName("semantic dedup report").getOrCreate();
    Dataset<Row> sem = dev.winnow.jobs.cluster.SemanticDuplicates.read(spark, work + "/clusters/_semantic_duplicates");
    Dataset<Row> dedup = spark.read().parquet(work + "/dedup").select("doc_id", "is_rep");
    Dataset<Row> features = spark.read().parquet(work + "/features")
        .select(col("doc_id"), col("text"), col("meta").getItem("source").as("source"));
    long docs = features.count();
    Dataset<Row> joined = sem.join(dedup, "doc_id");
    long all = sem.count();
    Dataset<Row> beyond = joined.filter(col("is_rep"));
    long beyondMinHash = beyond.count();
    System.out.printf("pool: %d documents; semantic duplicates: %d (%.2f%%); of them kept by MinHash dedup: %d "
        + "(%.2f%% of the pool)%n", docs, all, 100.0 * all / docs, beyondMinHash, 100.0 * beyondMinHash / docs);
    System.out.println("beyond MinHash, by source:");
    for (Row r : beyond.join(features.select("doc_id", "source"), "doc_id").groupBy("source").count()
        .orderBy(col("count").desc()).collectAsList()) {
      System.out.printf("  %-16s %d%n", r.getString(0), r.getLong(1));
    }
    System.out.println("examples beyond MinHash (duplicate | its representative), per source the first two by doc_id:");
    Dataset<Row> text = features.select(col("doc_id"), col("text"), col("source"));
    Dataset<Row> pairs = beyond.select("doc_id", "semantic_rep").join(text, "doc_id")
        .join(text.select(col("doc_id").as("semantic_rep"), col("text").as("rep_text")), "semantic_rep");
    for (Row r : pairs.withColumn("n", org.apache.spark.sql.functions.row_number().over(
            org.apache.spark.sql.expressions.Window.partitionBy("source").orderBy("doc_id")))
        .filter(col("n").leq(2)).orderBy("source", "doc_id").limit(examples).collectAsList()) {
      System.out.printf("- %s: %s%n  %s: %s%n", r.getAs("doc_id"), start(r.getAs("text")), r.getAs("semantic_rep"),
          start(r.getAs("rep_text")));
    }
    spark.stop();
  }

  private static String start(String text) {
    String s = text.replaceAll("\\s+", " ").strip();
    return s.length() > 110 ? s.substring(0, 110) + "..." : s;
  }
}
