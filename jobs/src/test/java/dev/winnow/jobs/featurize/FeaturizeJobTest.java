package dev.winnow.jobs.featurize;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.common.config.WinnowConfig;
import dev.winnow.common.importance.NgramCounts;
import dev.winnow.common.input.InputException;
import dev.winnow.common.quality.QualitySignal;
import dev.winnow.common.text.PackedInts;
import dev.winnow.jobs.SharedSpark;
import dev.winnow.jobs.importance.FeatureVectors;
import dev.winnow.jobs.io.StageManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturizeJobTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final SparkSession spark = SharedSpark.get();

  static WinnowConfig config(String pool, Path work, String... more) {
    List<String> kv = new ArrayList<>(List.of("input.pool", pool));
    kv.addAll(List.of(more));
    return SharedSpark.config(work, kv.toArray(new String[0]));
  }

  static List<JsonNode> quarantine(Path work) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(work.resolve("quarantine/featurize"))) {
      for (Path f : files.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
        if (f.toString().endsWith(".crc")) {
          continue;
        }
        for (String l : Files.readAllLines(f)) {
          out.add(JSON.readTree(l));
        }
      }
    }
    return out;
  }

  @Test
  void cleanMiniIsFeaturizedCompletelyWithTheContractSchema(@TempDir Path work) throws IOException {
    String pool = SharedSpark.resource("corpora/clean_mini/pool.jsonl.gz").toString();
    FeaturesManifest m = FeaturizeJob.run(spark, config(pool, work, "input.metadata_fields", "source,is_target"))
        .body();
    FeaturesManifest.Totals t = m.totals();
    assertEquals(3000, t.records());
    assertEquals(3000, t.docs());
    assertEquals(0, t.quarantined());

    Dataset<Row> f = spark.read().parquet(work.resolve("features").toString());
    assertArrayEquals(new String[] {"doc_id", "src_file", "src_line", "src_offset", "n_tokens", "n_bytes", "ngram_idx",
        "ngram_cnt", "quality", "quality_flags", "lang", "lang_score", "n_tokens_model", "minhash", "text_hash", "meta", "text"},
        f.columns());
    assertEquals(0, f.filter("n_tokens_model is not null").count(), "no model tokenizer by default");
    // the language, since the default quality rules include the stop-word rule (English only)
    assertTrue(m.computed().language(), m.computed().toString());
    assertTrue(f.filter("lang = 'en'").count() > 2000, "clean_mini is mostly English");
    assertTrue(f.filter("lang = 'el' and lang_score >= 0.5").count() > 20, "and holds Greek Europarl passages");
    // the metadata fields, as text: clean_mini's 150 hidden target passages carry is_target = true
    assertEquals(150, f.filter("meta['is_target'] = 'true'").count());
    assertEquals(0, f.filter("meta['source'] is null").count());
    StructType quality = (StructType) f.schema().apply("quality").dataType();
    assertEquals(QualitySignal.values().length, quality.fields().length);
    assertEquals("n_words", quality.fields()[0].name());
    // a 14 x 8 signature of 4-byte values, except for the two passages without a word ("::" and a
    // line of dashes), which have none and count no word
    assertEquals(0, f.filter("minhash is not null and length(minhash) != 448").count());
    assertEquals(List.of("spamassassin/spam-2/00775#1", "techdocs/linux/usb/usbip_protocol.rst.txt#1"),
        f.filter("minhash is null and quality.n_words = 0").orderBy("doc_id").select("doc_id").as(Encoders.STRING())
            .collectAsList());
    assertEquals(2, f.filter("minhash is null or quality.n_words = 0").count());
    assertTrue(f.filter("quality_flags != 0").count() > 0);
    assertEquals(DataTypes.BinaryType, f.schema().apply("ngram_idx").dataType());
    assertEquals(DataTypes.BinaryType, f.schema().apply("ngram_cnt").dataType());
    assertEquals(3000, f.count());
    assertEquals(3000, f.select("doc_id").distinct().count());
    for (Row r : f.limit(200).collectAsList()) {
      int nTokens = r.getInt(r.fieldIndex("n_tokens"));
      int[] idx = PackedInts.unpack((byte[]) r.get(r.fieldIndex("ngram_idx")), true);
      int[] cnt = PackedInts.unpack((byte[]) r.get(r.fieldIndex("ngram_cnt")), false);
      assertEquals(idx.length, cnt.length);
      assertEquals(2 * nTokens - 1, java.util.Arrays.stream(cnt).sum(), "unigrams + bigrams of " + r.getString(0));
      for (int i = 1; i < idx.length; i++) {
        assertTrue(idx[i - 1] < idx[i]);
      }
      assertTrue(idx[idx.length - 1] < 10000);
    }
    // the n-gram counts the tasks summed as they read, against a sum over the written vectors
    FileSystem fs = FileSystem.getLocal(new Configuration());
    NgramCounts published = NgramCountFiles.read(fs, new org.apache.hadoop.fs.Path(work.resolve("features").toUri()),
        10000);
    NgramCounts summed = FeatureVectors.sum(f, 10000, 0, 1);
    assertEquals(3000, published.docs());
    assertTrue(summed.total() > 3000 * 10, "the pool has n-grams: " + summed.total());
    for (int b = 0; b < 10000; b++) {
      assertEquals(summed.count(b), published.count(b), "bucket " + b);
    }
    StageManifest<FeaturesManifest> manifest = StageManifest.of(JSON.readTree(
        work.resolve("features/_MANIFEST.json").toFile()), FeaturesManifest.class);
    assertEquals("featurize", manifest.header().stage());
    assertEquals(64, manifest.header().configHash().length());
    assertEquals(3000, manifest.body().inputs().get(0).records());
    assertFalse(Files.exists(work.resolve("_staging")), "staging removed after publish");
  }

  @Test
  void badInputIsQuarantinedAndEveryFileReconciles(@TempDir Path work) throws IOException {
    Path dir = SharedSpark.resource("bad-input");
    FeaturesManifest m = FeaturizeJob.run(spark, config(dir + "/*.jsonl*", work, "featurize.partition_bytes", "4096"))
        .body();
    Map<String, FeaturesManifest.Input> byFile = new TreeMap<>();
    for (FeaturesManifest.Input in : m.inputs()) {
      byFile.put(Path.of(in.file().replace("file:", "")).getFileName().toString(), in);
      assertEquals(in.records(), in.docs() + in.quarantined(), in.toString());
    }
    assertEquals(List.of("corrupt.jsonl.gz", "corrupt.jsonl.zst", "duplicate-ids.jsonl", "empty-member.jsonl.gz",
        "empty.jsonl", "good.jsonl.zst", "mixed.jsonl", "not-gzip.jsonl.gz", "truncated.jsonl.gz"),
        new ArrayList<>(byFile.keySet()));
    // a stream that fails its check keeps no record: the gzip decodes all 30 lines before its CRC
    // fails, half of them garbled into malformed JSON or bad UTF-8, the others into documents
    // that are quarantined as corrupt_stream with the break itself; the small zstd frame fails
    // at its first block
    FeaturesManifest.Input gz = byFile.get("corrupt.jsonl.gz");
    assertEquals(31, gz.records());
    assertEquals(0, gz.docs(), gz.toString());
    assertTrue(gz.rejected().get("corrupt_stream") > 1, gz.toString());
    FeaturesManifest.Input zst = byFile.get("corrupt.jsonl.zst");
    assertEquals(0, zst.docs(), zst.toString());
    assertEquals(zst.records(), zst.rejected().get("corrupt_stream"), zst.toString());
    // the quarantine's files are named as docs/FEATURIZE.md says
    try (Stream<Path> files = Files.list(work.resolve("quarantine/featurize"))) {
      for (Path f : files.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
        assertTrue(f.getFileName().toString().matches("((duplicate-ids|corrupt-streams)-)?part-\\d{5}\\.jsonl"),
            f.toString());
      }
    }
    // the same records in truncated.jsonl.gz, later in path order, are no duplicates of refused ones
    for (JsonNode r : quarantine(work)) {
      assertFalse(r.get("reason").asText().equals("duplicate_id") && r.get("detail").asText().contains("corrupt."),
          r.toString());
    }
    // mixed.jsonl repeats two ids of duplicate-ids.jsonl, which comes first in path order
    assertEquals(16, byFile.get("mixed.jsonl").docs());
    assertEquals(15, byFile.get("mixed.jsonl").quarantined());
    assertEquals(2, byFile.get("mixed.jsonl").rejected().get("duplicate_id"));
    assertEquals(2, byFile.get("mixed.jsonl").blankLines());
    assertEquals(3, byFile.get("duplicate-ids.jsonl").docs());
    assertEquals(2, byFile.get("duplicate-ids.jsonl").rejected().get("duplicate_id"));
    assertEquals(10, byFile.get("good.jsonl.zst").docs());
    assertEquals(1, byFile.get("not-gzip.jsonl.gz").rejected().get("unreadable_file"));
    assertEquals(1, byFile.get("truncated.jsonl.gz").rejected().get("truncated_input"));
    assertEquals(0, byFile.get("empty.jsonl").records());

    FeaturesManifest.Totals t = m.totals();
    List<JsonNode> q = quarantine(work);
    assertEquals(t.quarantined(), q.size(), "one quarantine line per quarantined record");
    for (JsonNode r : q) {
      assertTrue(r.has("file") && r.has("line") && r.has("reason") && r.has("detail"), r.toString());
    }
    assertTrue(q.stream().anyMatch(r -> r.get("reason").asText().equals("duplicate_id")
        && r.get("detail").asText().contains("was first read at")));
    Dataset<Row> f = spark.read().parquet(work.resolve("features").toString());
    assertEquals(t.docs(), f.count());
    assertEquals(f.count(), f.select("doc_id").distinct().count(), "doc_id is unique after duplicate removal");
    // the tasks' n-gram counts, without the documents the rewrite took out
    NgramCounts published = NgramCountFiles.read(FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(work.resolve("features").toUri()), 10000);
    NgramCounts summed = FeatureVectors.sum(f, 10000, 0, 1);
    assertEquals(t.docs(), published.docs());
    for (int b = 0; b < 10000; b++) {
      assertEquals(summed.count(b), published.count(b), "bucket " + b);
    }
    assertEquals(t.records(), t.docs() + t.quarantined());
  }

  @Test
  void repeatedIdsAreFoundByTheirHashAndTwoIdsThatShareAHashAreNotTakenForOne() {
    StructType schema = new StructType().add("doc_id", DataTypes.StringType);
    Dataset<Row> distinct = spark.createDataFrame(List.of(RowFactory.create("a"), RowFactory.create("b"),
        RowFactory.create("c")), schema);
    Dataset<Row> repeated = spark.createDataFrame(List.of(RowFactory.create("a"), RowFactory.create("b"),
        RowFactory.create("a")), schema);
    Column fullHash = xxhash64(col("doc_id"));
    Column oneHashForAll = lit(7L); // every id collides: only the exact check can tell them apart
    assertFalse(FeaturizeJob.hashesRepeat(distinct, fullHash));
    assertTrue(FeaturizeJob.hashesRepeat(repeated, fullHash));
    assertTrue(FeaturizeJob.hashesRepeat(distinct, oneHashForAll));
    assertFalse(FeaturizeJob.anyRepeatedId(distinct, true), "ids that share a hash are not taken for one");
    assertTrue(FeaturizeJob.anyRepeatedId(repeated, true));
    assertFalse(FeaturizeJob.anyRepeatedId(repeated, false), "no repeated hash: no repeated id, and no job");
  }

  @Test
  void eachTasksRowsWrittenAreCheckedAgainstItsTallyFromTheFilesFooters(@TempDir Path tmp) throws IOException {
    StructType schema = new StructType().add("doc_id", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      rows.add(RowFactory.create("d" + i));
    }
    Path table = tmp.resolve("features");
    spark.createDataFrame(rows, schema).repartition(2).write().parquet(table.toString());
    org.apache.hadoop.fs.FileSystem fs = org.apache.hadoop.fs.FileSystem.getLocal(
        spark.sparkContext().hadoopConfiguration());
    Map<Integer, Long> byTask = FeaturizeJob.rowsByTask(fs, new org.apache.hadoop.fs.Path(table.toString()));
    assertEquals(7L, byTask.values().stream().mapToLong(Long::longValue).sum());
    assertEquals(2, byTask.size(), byTask.toString());
    // the tallies of a checkpoint whose groups are 5 and 6 of the plan
    Path tallies = Files.createDirectories(tmp.resolve("tallies"));
    for (int p = 0; p < 2; p++) {
      tally(tallies, 5 + p, "in-" + p + ".jsonl", byTask.get(p));
    }
    org.apache.hadoop.fs.Path talliesDir = new org.apache.hadoop.fs.Path(tallies.toString());
    FeaturizeJob.verifyRows(byTask, fs, talliesDir, 5, 2);
    tally(tallies, 6, "in-1.jsonl", byTask.get(1) + 1); // a document counted that has no row
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> FeaturizeJob.verifyRows(byTask, fs, talliesDir, 5, 2));
    assertTrue(e.getMessage().contains("task 6 ([in-1.jsonl]) counted " + (byTask.get(1) + 1) + " documents and wrote "
        + byTask.get(1) + " rows"), e.getMessage());
  }

  private static void tally(Path dir, int group, String file, long docs) throws IOException {
    FeaturesManifest.Input t = new FeaturesManifest.Input(file, docs, docs, 0, 0, new java.util.LinkedHashMap<>(),
        null, null, null);
    Files.writeString(dir.resolve(FeaturizeFiles.partName(group, "json")), JSON.writeValueAsString(
        JSON.createObjectNode().<com.fasterxml.jackson.databind.node.ObjectNode>set(FeaturizeFiles.TALLIES,
            JSON.createArrayNode().add(StageManifest.JSON.valueToTree(t)))));
  }

  @Test
  void parquetAndPlainTextInputs(@TempDir Path tmp) throws IOException {
    StructType schema = new StructType().add("id", DataTypes.LongType).add("text", DataTypes.StringType)
        .add("other", DataTypes.DoubleType);
    List<Row> rows = List.of(RowFactory.create(1L, "Call me Ishmael.", 0.5), RowFactory.create(2L, null, 1.0),
        RowFactory.create(null, "It was the best of times.", 2.0), RowFactory.create(4L, "   ", 3.0));
    Path pq = tmp.resolve("pool.parquet");
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(pq.toString());
    Path w1 = tmp.resolve("w1");
    FeaturesManifest.Totals t = FeaturizeJob.run(spark, config(pq.toString(), w1)).body().totals();
    assertEquals(4, t.records());
    assertEquals(2, t.docs());
    assertEquals(1, t.rejected().get("null_text"));
    assertEquals(1, t.rejected().get("empty_text"));
    List<String> ids = spark.read().parquet(w1.resolve("features").toString()).select("doc_id").orderBy("doc_id")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertEquals("1", ids.get(0));
    assertEquals(16, ids.get(1).length(), "no id: derived from the text");

    Path w2 = tmp.resolve("w2");
    FeaturesManifest.Totals lines = FeaturizeJob.run(spark, config(SharedSpark.resource("bad-input/lines.txt")
        .toString(), w2, "input.format", "text-lines")).body().totals();
    assertEquals(5, lines.docs());
    assertEquals(1, lines.rejected().get("invalid_utf8"));

    Path w3 = tmp.resolve("w3");
    FeaturesManifest.Totals files = FeaturizeJob.run(spark, config(SharedSpark.resource("bad-input/text-files")
        .toString(), w3, "input.format", "text-files")).body().totals();
    assertEquals(3, files.docs());
  }

  @Test
  void aParquetFileWithoutATextColumnIsQuarantinedWithItsRowCount(@TempDir Path tmp) throws IOException {
    Path pq = tmp.resolve("wrong.parquet");
    spark.range(7).toDF("id").coalesce(1).write().parquet(pq.toString());
    FeaturesManifest m = FeaturizeJob.run(spark, config(pq.toString(), tmp.resolve("w"))).body();
    assertEquals(1, m.totals().rejected().get("unreadable_file"));
    JsonNode q = quarantine(tmp.resolve("w")).get(0);
    assertTrue(q.get("detail").asText().contains("7 rows"), q.toString());
  }

  @Test
  void featuresDoNotDependOnHowFilesArePackedIntoTasks(@TempDir Path tmp) throws IOException {
    String pool = SharedSpark.resource("bad-input").toString() + "/*.jsonl*";
    FeaturizeJob.run(spark, config(pool, tmp.resolve("a"), "featurize.partition_bytes", "1"));
    FeaturizeJob.run(spark, config(pool, tmp.resolve("b"), "featurize.partition_bytes", "1000000000"));
    List<Row> a = spark.read().parquet(tmp.resolve("a/features").toString()).orderBy("doc_id").collectAsList();
    List<Row> b = spark.read().parquet(tmp.resolve("b/features").toString()).orderBy("doc_id").collectAsList();
    assertEquals(a, b);
  }

  @Test
  void aRunWithoutQualityRulesOrDedupComputesNeitherAndTheRestIsUnchanged(@TempDir Path tmp) throws IOException {
    String pool = SharedSpark.resource("corpora/clean_mini/pool.jsonl.gz").toString();
    WinnowConfig full = config(pool, tmp.resolve("full"));
    WinnowConfig lean = config(pool, tmp.resolve("lean"), "select.quality_rules", "none",
        "select.drop_duplicates", "false");
    FeaturizeJob.run(spark, full);
    FeaturesManifest m = FeaturizeJob.run(spark, lean).body();
    assertFalse(m.computed().qualitySignals());
    assertFalse(m.computed().minhash());
    Dataset<Row> f = spark.read().parquet(tmp.resolve("lean/features").toString());
    assertEquals(3000, f.filter("minhash is null and quality.n_words is null and quality_flags = 0").count());
    // everything else is what the full run wrote
    String[] same = {"doc_id", "src_file", "src_line", "n_tokens", "n_bytes", "ngram_idx", "ngram_cnt", "text_hash",
        "text"};
    assertEquals(spark.read().parquet(tmp.resolve("full/features").toString()).selectExpr(same).orderBy("doc_id")
        .collectAsList(), f.selectExpr(same).orderBy("doc_id").collectAsList());
    // what a run computes is part of the features' fingerprint: changing it makes them stale
    assertTrue(dev.winnow.jobs.pipeline.Stage.FEATURIZE_POOL.upToDate(lean, spark.sparkContext().hadoopConfiguration()));
    WinnowConfig withRules = config(pool, tmp.resolve("lean"), "select.drop_duplicates", "false");
    assertFalse(dev.winnow.jobs.pipeline.Stage.FEATURIZE_POOL.upToDate(withRules,
        spark.sparkContext().hadoopConfiguration()));
  }

  @Test
  void aBigUncompressedFileIsReadInLineRangesByManyTasksWithTheSameResult(@TempDir Path tmp) throws IOException {
    // clean_mini's pool, uncompressed (3 MB), with broken and blank lines spread through it; the
    // same lines gzipped, which is read whole by one task, is what every range must add up to
    List<String> lines = new ArrayList<>();
    try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
        new java.util.zip.GZIPInputStream(Files.newInputStream(SharedSpark.resource("corpora/clean_mini/pool.jsonl.gz"))),
        java.nio.charset.StandardCharsets.UTF_8))) {
      for (String l = in.readLine(); l != null; l = in.readLine()) {
        lines.add(l);
        if (lines.size() % 97 == 0) {
          lines.add("{\"id\": \"broken");
        }
        if (lines.size() % 131 == 0) {
          lines.add("   ");
        }
      }
    }
    Path plain = Files.write(tmp.resolve("pool.jsonl"), lines);
    Path gzip = tmp.resolve("pool.jsonl.gz");
    try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gzip))) {
      Files.copy(plain, out);
    }
    FeaturesManifest cut = FeaturizeJob.run(spark, config(plain.toString(), tmp.resolve("cut"),
        "featurize.partition_bytes", "300000")).body();
    FeaturesManifest whole = FeaturizeJob.run(spark, config(gzip.toString(), tmp.resolve("whole"))).body();
    long capped = (Files.size(plain) + 299_999) / 300_000; // tasks of at most 300,000 bytes
    assertEquals(capped + capped % 2, cut.totals().tasks(), "ranges of at most 300,000 bytes, in whole waves of two");
    assertEquals(1, whole.totals().tasks());
    FeaturesManifest.Input a = whole.inputs().get(0);
    FeaturesManifest.Input b = cut.inputs().get(0);
    assertEquals(List.of(a.records(), a.docs(), a.quarantined(), a.blankLines(), a.rejected()),
        List.of(b.records(), b.docs(), b.quarantined(), b.blankLines(), b.rejected()));
    assertTrue(cut.totals().quarantined() >= 30, cut.toString());
    String[] same = {"doc_id", "src_line", "src_offset", "n_tokens", "n_bytes", "ngram_idx", "ngram_cnt",
        "quality_flags", "lang", "lang_score", "n_tokens_model", "minhash", "text_hash", "text"};
    Dataset<Row> cutFeatures = spark.read().parquet(tmp.resolve("cut/features").toString());
    // the uncompressed file's texts are not stored (featurize.store_text = auto) but read back by offset
    assertTrue(cut.computed().textReadBack() && !whole.computed().textReadBack());
    assertEquals(0, cutFeatures.filter("text is not null").count());
    org.apache.hadoop.fs.FileSystem fs = org.apache.hadoop.fs.FileSystem.getLocal(
        spark.sparkContext().hadoopConfiguration());
    assertEquals(spark.read().parquet(tmp.resolve("whole/features").toString()).selectExpr(same).orderBy("doc_id")
        .collectAsList(), TextReadBack.fill(cutFeatures, fs, new org.apache.hadoop.fs.Path(tmp.resolve("cut/features")
            .toString())).selectExpr(same).orderBy("doc_id").collectAsList());
    // src_offset: where the document's line begins in the file
    long[] offsets = new long[lines.size() + 1];
    for (int i = 0; i < lines.size(); i++) {
      offsets[i + 1] = offsets[i] + lines.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
    }
    for (Row r : cutFeatures.select("src_line", "src_offset").collectAsList()) {
      assertEquals(offsets[(int) r.getLong(0) - 1], r.getLong(1), "line " + r.getLong(0));
    }
    // every quarantined line named with its line number and offset in the whole file
    List<String> expected = new ArrayList<>();
    for (JsonNode q : quarantine(tmp.resolve("whole"))) {
      expected.add(q.get("line") + " " + q.get("offset") + " " + q.get("reason"));
    }
    List<String> got = new ArrayList<>();
    for (JsonNode q : quarantine(tmp.resolve("cut"))) {
      got.add(q.get("line") + " " + q.get("offset") + " " + q.get("reason"));
      assertEquals("{\"id\": \"broken", lines.get(q.get("line").asInt() - 1), q.toString());
    }
    java.util.Collections.sort(expected);
    java.util.Collections.sort(got);
    assertEquals(expected, got);
  }

  /**
   * A crawl as Common Crawl stores it: a WARC of real pages (gzip per record) and a WET of their
   * texts, featurized in one run; pages become documents with their record id, URL and date,
   * other responses go to the quarantine, and every file's accounts reconcile.
   */
  @Test
  void warcAndWetFilesAreFeaturizedWithTheirUrlsAndEveryRecordAccountedFor(@TempDir Path tmp) throws IOException {
    Path in = Files.createDirectories(tmp.resolve("crawl"));
    List<String> pageIds = new ArrayList<>();
    Files.write(in.resolve("CC-MAIN-1.warc.gz"), dev.winnow.common.input.WarcFiles.warc(true, pageIds));
    List<String> wetIds = new ArrayList<>();
    Files.write(in.resolve("CC-MAIN-1.warc.wet.gz"), dev.winnow.common.input.WarcFiles.wet(List.of(
        "The colorsys module defines bidirectional conversions of color values between colors expressed in the RGB "
            + "color space and three other coordinate systems.",
        "The linecache module allows one to get any line from a Python source file, while attempting to optimize "
            + "internally, using a cache."), wetIds));
    Path work = tmp.resolve("work");
    FeaturesManifest.Totals t = FeaturizeJob.run(spark, config(in.toString(), work, "input.metadata_fields",
        "url,date")).body().totals();
    assertEquals(3 + 2, t.docs(), "three pages, two texts: " + t);
    assertEquals(2, t.quarantined(), t.toString());
    assertEquals(2, t.rejected().get("not_html_page"), t.toString());
    assertEquals(3, t.blankLines(), "the three requests, skipped: " + t);
    Dataset<Row> f = spark.read().parquet(work.resolve("features").toString());
    List<String> ids = new ArrayList<>(pageIds);
    ids.addAll(wetIds);
    assertEquals(ids.stream().sorted().toList(), f.select("doc_id").orderBy("doc_id").as(Encoders.STRING())
        .collectAsList());
    assertEquals(dev.winnow.common.input.WarcFiles.url("quopri.html"), f.filter(col("doc_id").equalTo(pageIds.get(2)))
        .select("meta").first().getJavaMap(0).get("url"));
    assertEquals(5, f.filter("meta['date'] = '2026-11-30T12:00:00Z'").count());
    List<String> reasons = new ArrayList<>();
    for (JsonNode q : quarantine(work)) {
      reasons.add(q.get("reason").asText() + " " + q.get("line").asLong());
    }
    assertEquals(List.of("not_html_page 7", "not_html_page 8"), reasons.stream().sorted().toList());
  }

  @Test
  void aRerunReplacesThePublishedOutput(@TempDir Path work) throws IOException {
    String pool = SharedSpark.resource("bad-input/good.jsonl.zst").toString();
    FeaturizeJob.run(spark, config(pool, work));
    FeaturizeJob.run(spark, config(pool, work, "featurize.buckets", "64"));
    Dataset<Row> f = spark.read().parquet(work.resolve("features").toString());
    assertEquals(10, f.count());
    for (Row r : f.select("ngram_idx").collectAsList()) {
      int[] idx = PackedInts.unpack((byte[]) r.get(0), true);
      assertTrue(idx[idx.length - 1] < 64, java.util.Arrays.toString(idx));
    }
    try (Stream<Path> s = Files.list(work)) {
      assertEquals(List.of("features", "quarantine"), s.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  /** A 50 MB record between two ordinary ones, made from a real passage repeated. */
  static Path fiftyMegabyteDocument(Path dir) throws IOException {
    List<String> lines;
    try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(
        new java.util.zip.GZIPInputStream(Files.newInputStream(SharedSpark.resource("corpora/clean_mini/pool.jsonl.gz"))),
        java.nio.charset.StandardCharsets.UTF_8))) {
      lines = r.lines().limit(3).toList();
    }
    String passage = JSON.readTree(lines.get(0)).get("text").asText().replace("\n", " ");
    Path f = dir.resolve("huge.jsonl");
    try (java.io.Writer w = Files.newBufferedWriter(f)) {
      w.write(lines.get(0) + "\n");
      w.write("{\"id\": \"huge\", \"text\": \"");
      String escaped = JSON.writeValueAsString(passage + " ");
      escaped = escaped.substring(1, escaped.length() - 1);
      for (long written = 0; written < (50L << 20); written += escaped.length()) {
        w.write(escaped);
      }
      w.write("\"}\n");
      w.write(lines.get(2) + "\n");
    }
    return f;
  }

  @Test
  void aFiftyMegabyteDocumentIsQuarantinedAsTooLargeOrReadWhenAllowed(@TempDir Path tmp) throws IOException {
    Path f = fiftyMegabyteDocument(tmp);
    FeaturesManifest.Totals t = FeaturizeJob.run(spark, config(f.toString(), tmp.resolve("w1"))).body().totals();
    assertEquals(3, t.records());
    assertEquals(2, t.docs());
    assertEquals(1, t.rejected().get("too_large"));
    JsonNode q = quarantine(tmp.resolve("w1")).get(0);
    assertEquals(2, q.get("line").asLong());
    assertTrue(q.get("detail").asText().contains("exceeds input.max_record_bytes"), q.toString());

    FeaturesManifest.Totals allowed = FeaturizeJob.run(spark, config(f.toString(), tmp.resolve("w2"),
        "input.max_record_bytes", String.valueOf(64 << 20))).body().totals();
    assertEquals(3, allowed.docs());
    Row huge = spark.read().parquet(tmp.resolve("w2/features").toString()).filter("doc_id = 'huge'")
        .select("n_bytes", "n_tokens").first();
    assertTrue(huge.getLong(0) >= 50L << 20, "n_bytes " + huge.getLong(0));
  }

  @Test
  void unreadableInputPathsStopTheRunNamingThePath(@TempDir Path tmp) throws IOException {
    InputException missing = assertThrows(InputException.class,
        () -> FeaturizeJob.run(spark, config(tmp.resolve("nope.jsonl").toString(), tmp.resolve("w"))));
    assertTrue(missing.getMessage().contains("nope.jsonl"), missing.getMessage());
    Path empty = Files.createDirectory(tmp.resolve("empty-dir"));
    InputException none = assertThrows(InputException.class,
        () -> FeaturizeJob.run(spark, config(empty.toString(), tmp.resolve("w"))));
    assertTrue(none.getMessage().contains("empty-dir"), none.getMessage());
    Path odd = Files.writeString(tmp.resolve("notes.md"), "# hello");
    InputException format = assertThrows(InputException.class,
        () -> FeaturizeJob.run(spark, config(odd.toString(), tmp.resolve("w"))));
    assertTrue(format.getMessage().contains("notes.md") && format.getMessage().contains("input.format"));
    assertFalse(Files.exists(tmp.resolve("w/features")));
  }
}
