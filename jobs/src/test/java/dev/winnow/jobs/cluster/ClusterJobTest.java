package dev.winnow.jobs.cluster;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.common.config.WinnowConfig;
import dev.winnow.common.hash.RandomKeys;
import dev.winnow.common.input.InputException;
import dev.winnow.jobs.pipeline.Corpus;
import dev.winnow.jobs.SharedSpark;
import dev.winnow.jobs.featurize.FeaturizeJob;
import dev.winnow.jobs.importance.ImportanceJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterJobTest {
  static final SparkSession spark = SharedSpark.get();
  @TempDir
  static Path dirs;
  static Path cleanMini;

  static WinnowConfig config(Path work, String pool, String... more) {
    List<String> kv = new ArrayList<>(List.of("input.pool", pool));
    kv.addAll(List.of(more));
    return SharedSpark.config(work, kv.toArray(new String[0]));
  }

  @BeforeAll
  static void featurize() throws IOException {
    cleanMini = dirs.resolve("clean_mini");
    FeaturizeJob.run(spark, config(cleanMini, SharedSpark.resource("corpora/clean_mini/pool.jsonl.gz").toString()));
  }

  /**
   * The summaries' sizes and mean log_w, gathered while the clusters are written, are those of
   * the written clusters joined with the importance stage's weights.
   */
  @Test
  void eachClustersSizeAndMeanLogWAreThoseOfItsWrittenRowsAndTheirWeights(@TempDir Path work) throws IOException {
    WinnowConfig c = config(work, SharedSpark.resource("corpora/clean_mini/pool.jsonl.gz").toString(), "input.target",
        SharedSpark.resource("corpora/clean_mini/target.jsonl.gz").toString(), "cluster.k", "4");
    FeaturizeJob.run(spark, c, Corpus.POOL);
    FeaturizeJob.run(spark, c, Corpus.TARGET);
    ImportanceJob.run(spark, c);
    ClustersManifest m = ClusterJob.run(spark, c).body();
    Map<Integer, Row> expected = new java.util.TreeMap<>();
    for (Row r : spark.read().parquet(work.resolve("clusters").toString())
        .join(spark.read().parquet(work.resolve("weights").toString()), "doc_id")
        .groupBy("cluster").agg(count(lit(1)), avg("log_w")).collectAsList()) {
      expected.put(r.getInt(0), r);
    }
    assertEquals(4, expected.size());
    assertEquals(expected.keySet(), m.summaries().stream().map(ClustersManifest.Summary::cluster)
        .collect(java.util.stream.Collectors.toSet()));
    for (ClustersManifest.Summary s : m.summaries()) {
      Row r = expected.get(s.cluster());
      assertEquals(r.getLong(1), s.size(), "cluster " + s.cluster());
      assertEquals(r.getDouble(2), s.meanLogW(), 1e-9 * Math.abs(r.getDouble(2)), "cluster " + s.cluster());
    }
  }

  @Test
  void everyDocumentIsAssignedAndClustersAreSummarised() throws IOException {
    WinnowConfig c = config(cleanMini, "unused", "cluster.k", "8");
    ClustersManifest m = ClusterJob.run(spark, c).body();
    assertEquals(8, m.k());
    Dataset<Row> a = spark.read().parquet(cleanMini.resolve("clusters").toString());
    assertEquals(3000, a.count());
    assertEquals(0, a.filter("cluster < 0 or cluster >= 8").count());
    long total = 0;
    for (ClustersManifest.Summary s : m.summaries()) {
      total += s.size();
      assertTrue(s.examples().size() >= 1, s.toString());
      assertTrue(s.topWords().size() >= 1, s.toString());
    }
    assertEquals(3000, total);
    // each cluster's examples: its three documents with the largest (seed, doc_id) draws, ties by doc_id
    Map<Integer, List<String>> members = new java.util.TreeMap<>();
    for (Row r : a.select("cluster", "doc_id").collectAsList()) {
      members.computeIfAbsent(r.getInt(0), x -> new ArrayList<>()).add(r.getString(1));
    }
    for (ClustersManifest.Summary s : m.summaries()) {
      List<String> expected = members.get(s.cluster()).stream()
          .sorted(java.util.Comparator.comparingDouble((String id) -> -RandomKeys.unit(0, id))
              .thenComparing(java.util.Comparator.naturalOrder()))
          .limit(3).toList();
      assertEquals(expected, s.examples(), "cluster " + s.cluster());
    }
    assertTrue(Files.exists(cleanMini.resolve("clusters/_model/centers.f64")));

    // the saved model assigns again without fitting, and refuses features made otherwise
    Path model = dirs.resolve("cluster-model");
    org.apache.commons.io.FileUtils.copyDirectory(cleanMini.resolve("clusters/_model").toFile(), model.toFile());
    List<Row> fitted = a.orderBy("doc_id").collectAsList();
    ClustersManifest reused = ClusterJob.run(spark, config(cleanMini, "unused", "cluster.model", model.toString()))
        .body();
    assertEquals(model.toString(), reused.modelUsed());
    List<Row> again = spark.read().parquet(cleanMini.resolve("clusters").toString()).orderBy("doc_id").collectAsList();
    assertEquals(fitted.size(), again.size());
    for (int i = 0; i < fitted.size(); i++) {
      assertEquals(fitted.get(i).getString(0), again.get(i).getString(0));
      assertEquals(fitted.get(i).getInt(1), again.get(i).getInt(1), fitted.get(i).getString(0));
      // the saved centers are re-normalised on load: distances agree to rounding
      assertEquals(fitted.get(i).getDouble(2), again.get(i).getDouble(2), 1e-12);
    }
    Path other = dirs.resolve("other-buckets");
    FeaturizeJob.run(spark, config(other, SharedSpark.resource("bad-input/good.jsonl.zst").toString(),
        "featurize.buckets", "64"));
    InputException refused = assertThrows(InputException.class, () -> ClusterJob.run(spark,
        config(other, "unused", "featurize.buckets", "64", "cluster.model", model.toString())));
    assertTrue(refused.getMessage().contains("featurize.buckets=64"), refused.getMessage());
  }

  /**
   * The target's documents are assigned with the pool's model and counted per cluster; with
   * separate targets the mix weighs each target's shares by its proportion. The expectation is
   * counted here from the saved model and the target features, target by target.
   */
  @Test
  void theTargetsClusterMixIsRecordedWithProportionsAndWithASavedModel() throws IOException {
    Path work = dirs.resolve("target-mix");
    org.apache.commons.io.FileUtils.copyDirectory(cleanMini.resolve("features").toFile(),
        work.resolve("features").toFile());
    // clean_mini's target, split in two files: the State of the Union passages and Moby Dick's
    List<String> sotu = new ArrayList<>();
    List<String> moby = new ArrayList<>();
    try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(
        new java.util.zip.GZIPInputStream(Files.newInputStream(SharedSpark.resource(
            "corpora/clean_mini/target.jsonl.gz"))), java.nio.charset.StandardCharsets.UTF_8))) {
      r.lines().forEach(l -> (l.contains("\"id\": \"sotu/") ? sotu : moby).add(l));
    }
    Path sotuFile = Files.write(dirs.resolve("target-sotu.jsonl"), sotu);
    Path mobyFile = Files.write(dirs.resolve("target-moby.jsonl"), moby);
    String[] targets = {"input.target", sotuFile + "," + mobyFile, "importance.separate_targets", "true",
        "importance.target_proportions", "0.8,0.2", "cluster.k", "8"};
    WinnowConfig c = config(work, "unused", targets);
    FeaturizeJob.run(spark, c, Corpus.TARGET);
    ClustersManifest.Mix mix = ClusterJob.run(spark, c).body().targetMix();

    ClusterModelFiles.Loaded model = ClusterModelFiles.load(org.apache.hadoop.fs.FileSystem.getLocal(
        new org.apache.hadoop.conf.Configuration()), new org.apache.hadoop.fs.Path(work.resolve("clusters/_model")
        .toString()));
    double[][] own = new double[2][8];
    for (Row r : spark.read().parquet(work.resolve("target_features").toString())
        .select("src_file", "ngram_idx", "ngram_cnt").collectAsList()) {
      double[] v = model.embedding.embed(dev.winnow.common.text.PackedInts.unpack((byte[]) r.get(1), true),
          dev.winnow.common.text.PackedInts.unpack((byte[]) r.get(2), false));
      own[r.getString(0).endsWith("target-sotu.jsonl") ? 0 : 1][model.centers.nearest(v)]++;
    }
    assertEquals(sotu.size(), (long) java.util.Arrays.stream(own[0]).sum());
    assertEquals(moby.size(), (long) java.util.Arrays.stream(own[1]).sum());
    assertEquals(sotu.size() + moby.size(), mix.docs());
    assertEquals(0, mix.unassigned());
    double total = 0;
    for (int k = 0; k < 8; k++) {
      double expected = 0.8 * own[0][k] / sotu.size() + 0.2 * own[1][k] / moby.size();
      assertEquals(expected, mix.share()[k], 1e-12, "cluster " + k);
      assertEquals(own[0][k] / sotu.size(), mix.targets().get(0).share()[k], 1e-12);
      total += mix.share()[k];
    }
    assertEquals(1, total, 1e-9);

    // assigning with the saved model gives the same mix
    Path saved = dirs.resolve("target-mix-model");
    org.apache.commons.io.FileUtils.copyDirectory(work.resolve("clusters/_model").toFile(), saved.toFile());
    List<String> withModel = new ArrayList<>(List.of(targets));
    withModel.addAll(List.of("cluster.model", saved.toString()));
    ClustersManifest.Mix again = ClusterJob.run(spark, config(work, "unused", withModel.toArray(new String[0])))
        .body().targetMix();
    assertArrayEquals(mix.share(), again.share());
    assertArrayEquals(mix.tokenShare(), again.tokenShare());
  }

  /** A target that was never featurized, or featurized otherwise, is an input error naming why. */
  @Test
  void aTargetMissingOrFeaturizedOtherwiseIsRefused(@TempDir Path tmp) throws IOException {
    Path work = tmp.resolve("work");
    org.apache.commons.io.FileUtils.copyDirectory(cleanMini.resolve("features").toFile(),
        work.resolve("features").toFile());
    String target = SharedSpark.resource("corpora/clean_mini/target.jsonl.gz").toString();
    InputException missing = assertThrows(InputException.class,
        () -> ClusterJob.run(spark, config(work, "unused", "input.target", target)));
    assertTrue(missing.getMessage().contains("target_features") && missing.getMessage().contains("featurize"),
        missing.getMessage());
    FeaturizeJob.run(spark, config(work, "unused", "input.target", target, "featurize.buckets", "64"),
        Corpus.TARGET);
    InputException other = assertThrows(InputException.class,
        () -> ClusterJob.run(spark, config(work, "unused", "input.target", target)));
    assertTrue(other.getMessage().contains("featurize.buckets=64") && other.getMessage().contains("different settings"),
        other.getMessage());
    assertTrue(Files.notExists(work.resolve("clusters")), "nothing published");
  }

  /**
   * Three topics of disjoint vocabularies, 40 documents each: k = 3 is the answer by
   * construction, so the candidates 2, 3 and 6 must pick it (2 merges two topics, 6 splits them).
   */
  @Test
  void kIsChosenBySilhouetteAmongTheCandidates() throws IOException {
    Path pool = dirs.resolve("three-topics.jsonl");
    java.util.Random random = new java.util.Random(11);
    StringBuilder b = new StringBuilder();
    for (int topic = 0; topic < 3; topic++) {
      for (int d = 0; d < 40; d++) {
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < 60; w++) {
          text.append(w == 0 ? "" : " ").append("t").append(topic).append("w").append(random.nextInt(40));
        }
        b.append("{\"id\":\"").append(topic).append('-').append(d).append("\",\"text\":\"").append(text)
            .append("\"}\n");
      }
    }
    Files.writeString(pool, b.toString());
    Path work = dirs.resolve("three-topics");
    WinnowConfig c = config(work, pool.toString(), "cluster.k_candidates", "2,3,6", "cluster.silhouette_docs", "120");
    FeaturizeJob.run(spark, c);
    ClustersManifest m = ClusterJob.run(spark, c).body();
    assertEquals(3, m.silhouette().size());
    assertEquals(3, m.k(), m.silhouette().toString());
    // and each topic is one cluster
    Dataset<Row> a = spark.read().parquet(work.resolve("clusters").toString());
    assertEquals(3, a.select(org.apache.spark.sql.functions.substring(a.col("doc_id"), 1, 1), a.col("cluster"))
        .distinct().count());
  }

  @Test
  void assignmentsDoNotDependOnTheInputPartitioning() throws IOException {
    List<Row> reference = null;
    for (int n : new int[] {1, 16}) {
      Path work = SharedSpark.repartitionedFeatures(cleanMini, dirs.resolve("parts-" + n), n);
      ClusterJob.run(spark, config(work, "unused", "cluster.k", "6"));
      List<Row> rows = spark.read().parquet(work.resolve("clusters").toString()).orderBy("doc_id").collectAsList();
      if (reference == null) {
        reference = rows;
      } else {
        assertEquals(reference, rows, n + " partitions");
      }
    }
  }

  @Test
  void impossibleKAndEmptyPoolsAreClearErrorsOrDocumentedFallbacks(@TempDir Path tmp) throws IOException {
    Path small = tmp.resolve("small");
    FeaturizeJob.run(spark, config(small, SharedSpark.resource("bad-input/good.jsonl.zst").toString()));
    InputException tooMany = assertThrows(InputException.class,
        () -> ClusterJob.run(spark, config(small, "unused", "cluster.k", "50")));
    assertTrue(tooMany.getMessage().contains("cluster.k = 50") && tooMany.getMessage().contains("10 distinct"),
        tooMany.getMessage());
    ClustersManifest fallback = ClusterJob.run(spark, config(small, "unused", "cluster.k_candidates", "16,32"))
        .body();
    assertEquals(10, fallback.k(), "every candidate too large: k = the distinct documents");

    Path blank = Files.writeString(tmp.resolve("blank.jsonl"), "{\"text\": \" \"}\n{\"text\": \"\\t\"}\n");
    Path empty = tmp.resolve("empty");
    FeaturizeJob.run(spark, config(empty, blank.toString()));
    InputException none = assertThrows(InputException.class,
        () -> ClusterJob.run(spark, config(empty, "unused")));
    assertTrue(none.getMessage().contains("hold no document"), none.getMessage());
  }
}
