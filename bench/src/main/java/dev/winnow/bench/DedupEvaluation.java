package dev.winnow.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.when;

import dev.winnow.jobs.dedup.DedupManifest;
import dev.winnow.common.config.WinnowConfig;
import dev.winnow.common.hash.Hash64;
import dev.winnow.jobs.dedup.DedupJob;
import dev.winnow.jobs.featurize.FeaturizeJob;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Dedup stage on realpool, then on realpool replicated 4 times with light, planted edits:
 * copy 1 gains a header and a footer line, copy 2 has one word in 100 changed, copy 3 is
 * re-wrapped into short lines with one word in 100 changed and a footer. Reports the stage's time
 * and the recall of the planted duplicates (a copy in its original's group), by the original's
 * length; on realpool also MLlib's MinHashLSH as the peer ({@link #mllibPeer}). Usage: {@code DedupEvaluation REALPOOL_DIR WORK_DIR}.
 */
public final class DedupEvaluation {
  static final int COPIES = 3;

  private DedupEvaluation() {}

  public static void main(String[] args) throws IOException {
    SparkSession spark = SparkSession.builder().appName("winnow dedup evaluation").getOrCreate();
    String pool = args[0];
    String work = args[1];

    // the MLlib peer reads the features' texts: keep them all there, whatever the pool's format
    WinnowConfig plain = WinnowConfig.of(Map.of("input.pool", pool, "work.dir", work + "/realpool",
        "featurize.store_text", "always"));
    FeaturizeJob.run(spark, plain);
    long t0 = System.nanoTime();
    DedupManifest m = DedupJob.run(spark, plain).body();
    report("realpool", m, (System.nanoTime() - t0) / 1e9);
    mllibPeer(spark, work + "/realpool", m.totals().similarPairs());

    String replicated = work + "/replicated-input";
    StructType schema = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType);
    spark.read().json(pool).select("id", "text")
        .flatMap((FlatMapFunction<Row, Row>) r -> copies(r.getString(0), r.getString(1)).iterator(),
            Encoders.row(schema))
        .write().mode(SaveMode.Overwrite).option("compression", "gzip").json(replicated);
    WinnowConfig four = WinnowConfig.of(Map.of("input.pool", replicated, "work.dir", work + "/replicated",
        "featurize.store_text", "always"));
    FeaturizeJob.run(spark, four);
    t0 = System.nanoTime();
    m = DedupJob.run(spark, four).body();
    report("realpool x" + (COPIES + 1), m, (System.nanoTime() - t0) / 1e9);

    // recall: a planted copy "id~c" is found when it is in the group of its original "id"
    Dataset<Row> groups = spark.read().parquet(work + "/replicated/dedup").select("doc_id", "dup_group");
    Dataset<Row> words = spark.read().json(pool).select(col("id").as("orig"),
        size(split(col("text"), "\\s+")).as("words"));
    Dataset<Row> copies = groups.filter(col("doc_id").contains("~"))
        .withColumn("orig", regexp_extract(col("doc_id"), "^(.*)~[0-9]+$", 1))
        .withColumn("copy", regexp_extract(col("doc_id"), "~([0-9]+)$", 1))
        .join(groups.select(col("doc_id").as("orig"), col("dup_group").as("orig_group")), "orig")
        .join(words, "orig")
        .withColumn("found", col("dup_group").equalTo(col("orig_group")))
        .withColumn("length", when(col("words").lt(20), "a: under 20 words")
            .when(col("words").lt(50), "b: 20-49 words").when(col("words").lt(200), "c: 50-199 words")
            .otherwise("d: 200+ words"));
    List<Row> all = copies.groupBy().agg(org.apache.spark.sql.functions.count("found"),
        org.apache.spark.sql.functions.sum(when(col("found"), 1).otherwise(0))).collectAsList();
    System.out.printf("recall: %d of %d planted copies found (%.3f)%n", all.get(0).getLong(1), all.get(0).getLong(0),
        all.get(0).getLong(1) / (double) all.get(0).getLong(0));
    for (Row r : copies.groupBy("length", "copy").agg(org.apache.spark.sql.functions.count("found"),
        org.apache.spark.sql.functions.sum(when(col("found"), 1).otherwise(0))).orderBy("length", "copy")
        .collectAsList()) {
      System.out.printf("recall %s, copy %s: %d of %d (%.3f)%n", r.getString(0), r.getString(1), r.getLong(3),
          r.getLong(2), r.getLong(3) / (double) r.getLong(2));
    }
    spark.stop();
  }

  /**
   * The peer: MLlib's MinHashLSH as a Spark user would run it on the same texts (the features'
   * text column, so reading is alike): 5-word shingles of lower-cased words (Java's Unicode
   * {@code \\w+}, within a hair of Winnow's WordPunct words), hashed into
   * a 2^20-dimensional binary vector, {@code MinHashLSH} with 5 hash tables (its documented
   * default is 1), and {@code approxSimilarityJoin} of the pool with itself at Jaccard distance
   * at most 0.3 (similarity at least 0.7, Winnow's default threshold), pairs counted. Timed in
   * two parts: the vectors (Winnow computes its signatures in featurize) and the LSH join (what
   * Winnow's dedup stage does from the signatures, without its connected components).
   */
  static void mllibPeer(SparkSession spark, String work, long winnowPairs) {
    long t0 = System.nanoTime();
    StructType vectorSchema = new StructType().add("doc_id", DataTypes.StringType)
        .add("shingles", new org.apache.spark.ml.linalg.VectorUDT());
    Dataset<Row> vectors = spark.read().parquet(work + "/features").select("doc_id", "text")
        .flatMap((FlatMapFunction<Row, Row>) r -> {
          org.apache.spark.ml.linalg.Vector v = shingleVector(r.getString(1));
          return v == null ? java.util.Collections.emptyIterator() : List.of(RowFactory.create(r.getString(0), v))
              .iterator();
        }, Encoders.row(vectorSchema))
        .cache();
    long docs = vectors.count();
    double vectorSeconds = (System.nanoTime() - t0) / 1e9;
    long t1 = System.nanoTime();
    org.apache.spark.ml.feature.MinHashLSHModel model = new org.apache.spark.ml.feature.MinHashLSH()
        .setNumHashTables(5).setInputCol("shingles").setOutputCol("hashes").setSeed(0).fit(vectors);
    long pairs = model.approxSimilarityJoin(vectors, vectors, 0.3, "distance")
        .filter(col("datasetA.doc_id").lt(col("datasetB.doc_id"))).count();
    double joinSeconds = (System.nanoTime() - t1) / 1e9;
    System.out.printf("mllib MinHashLSH: vectors %.1f s for %d docs, LSH join %.1f s: %d pairs at Jaccard >= 0.7 "
        + "(Winnow's dedup: %d similar pairs)%n", vectorSeconds, docs, joinSeconds, pairs, winnowPairs);
    vectors.unpersist();
  }

  /** The set of 5-word shingles (lower-cased \\w+ words, as Winnow's MinHash) hashed into 2^20 dimensions. */
  static org.apache.spark.ml.linalg.Vector shingleVector(String text) {
    List<String> words = new java.util.ArrayList<>();
    java.util.regex.Matcher w = java.util.regex.Pattern.compile("\\w+", java.util.regex.Pattern.UNICODE_CHARACTER_CLASS)
        .matcher(text.toLowerCase(java.util.Locale.ROOT));
    while (w.find()) {
      words.add(w.group());
    }
    if (words.isEmpty()) {
      return null;
    }
    int k = Math.min(5, words.size());
    java.util.TreeSet<Integer> idx = new java.util.TreeSet<>();
    for (int i = 0; i + k <= words.size(); i++) {
      idx.add((String.join(" ", words.subList(i, i + k)).hashCode() & 0x7fffffff) % (1 << 20));
    }
    int[] indices = idx.stream().mapToInt(Integer::intValue).toArray();
    double[] ones = new double[indices.length];
    java.util.Arrays.fill(ones, 1.0);
    return org.apache.spark.ml.linalg.Vectors.sparse(1 << 20, indices, ones);
  }

  static void report(String name, DedupManifest m, double seconds) {
    DedupManifest.Totals t = m.totals();
    System.out.printf("%s: dedup %.1f s for %d docs; %d duplicates (%d exact, %d near) in %d groups; %d candidate "
        + "pairs, %d similar; %d rounds; group sizes %s%n", name, seconds, t.docs(), t.duplicates(),
        t.exactDuplicates(), t.nearDuplicates(), t.groupsWithDuplicates(), t.candidatePairs(), t.similarPairs(),
        t.componentsRounds(), m.groupSizes());
  }

  /** The original and its three edited copies. */
  static List<Row> copies(String id, String text) {
    return List.of(RowFactory.create(id, text),
        RowFactory.create(id + "~1", "Posted in Archive | Share | Print\n" + text + "\nAll rights reserved."),
        RowFactory.create(id + "~2", editWords(id, 2, text)),
        RowFactory.create(id + "~3", rewrap(editWords(id, 3, text)) + "\n\nLast modified: 2024-05-01"));
  }

  /** One word in 100 (a hashed choice) gets an "x" appended. */
  static String editWords(String id, int copy, String text) {
    String[] words = text.split(" ", -1);
    long h = Hash64.combine(Hash64.mix(id.hashCode()), copy);
    int offset = (int) Long.remainderUnsigned(h, 100);
    for (int i = offset; i < words.length; i += 100) {
      words[i] = words[i] + "x";
    }
    return String.join(" ", words);
  }

  /** Whitespace runs replaced by single spaces, then lines of at most 60 characters. */
  static String rewrap(String text) {
    StringBuilder out = new StringBuilder();
    int lineLength = 0;
    for (String w : text.trim().split("\\s+")) {
      if (lineLength > 0 && lineLength + 1 + w.length() > 60) {
        out.append('\n');
        lineLength = 0;
      } else if (lineLength > 0) {
        out.append(' ');
        lineLength++;
      }
      out.append(w);
      lineLength += w.length();
    }
    return out.toString();
  }
}
