package dev.winnow.jobs.select;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.winnow.common.config.ConfigException;
import dev.winnow.common.config.WinnowConfig;
import dev.winnow.common.hash.RandomKeys;
import dev.winnow.common.hash.SetDigest;
import dev.winnow.common.select.SelectionKey;
import dev.winnow.jobs.Pipeline;
import dev.winnow.jobs.SharedSpark;
import dev.winnow.jobs.cluster.ClustersManifest;
import dev.winnow.jobs.io.StageManifest;
import dev.winnow.jobs.pipeline.Columns;
import dev.winnow.jobs.cluster.ClusterJob;
import dev.winnow.jobs.cluster.ClusterModelFiles;
import dev.winnow.jobs.dedup.DedupJob;
import dev.winnow.jobs.featurize.FeaturizeJob;
import dev.winnow.jobs.importance.ImportanceJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline on clean_mini, then the select stage under several configs. */
class SelectJobTest {
  static final SparkSession spark = SharedSpark.get();
  @TempDir
  static Path dirs;
  static Path base;
  static String pool;
  static String target;

  static WinnowConfig config(Path work, String... more) {
    List<String> kv = new ArrayList<>(List.of("input.pool", pool, "input.target", target,
        "input.metadata_fields", "source,is_target", "cluster.k", "8", "select.budget", "150",
        "select.label_field", "is_target"));
    kv.addAll(List.of(more));
    return SharedSpark.config(work, kv.toArray(new String[0]));
  }

  @BeforeAll
  static void pipeline() throws IOException {
    pool = SharedSpark.resource("corpora/clean_mini/pool.jsonl.gz").toString();
    target = SharedSpark.resource("corpora/clean_mini/target.jsonl.gz").toString();
    base = dirs.resolve("base");
    WinnowConfig c = config(base);
    Pipeline.featurize(spark, c);
    ImportanceJob.run(spark, c);
    ClusterJob.run(spark, c);
    DedupJob.run(spark, c);
  }

  @Test
  void klBaselineIsThePoolsLargestDrawsFoundWithoutASort() {
    Dataset<Row> pool = spark.read().parquet(base.resolve("features").toString());
    Dataset<Row> chosen = pool.filter(KlReductionJob.randomSelection(spark, pool, 7, 150));
    // the definition, on the driver: the 150 largest (seed, doc_id) draws, ties by doc_id
    List<String> expected = pool.select("doc_id").as(Encoders.STRING()).collectAsList().stream()
        .sorted(java.util.Comparator.comparingDouble((String id) -> -RandomKeys.unit(7, id))
            .thenComparing(java.util.Comparator.naturalOrder()))
        .limit(150).sorted().toList();
    assertEquals(expected, chosen.select("doc_id").as(Encoders.STRING()).collectAsList().stream().sorted().toList());
    String plan = chosen.queryExecution().executedPlan().toString();
    assertTrue(!plan.contains("Sort") && !plan.contains("TakeOrdered") && !plan.contains("Exchange"), plan);
  }

  /** A work dir with the base run's stage outputs, the features in {@code n} partitions (0: as they are). */
  static Path workWith(String name, int n) throws IOException {
    Path work = dirs.resolve(name);
    for (String d : List.of("weights", "clusters", "dedup", "target_features")) {
      FileUtils.copyDirectory(base.resolve(d).toFile(), work.resolve(d).toFile());
    }
    if (n > 0) {
      SharedSpark.repartitionedFeatures(base, work, n);
    } else {
      FileUtils.copyDirectory(base.resolve("features").toFile(), work.resolve("features").toFile());
    }
    return work;
  }

  @Test
  void selectsTheBudgetAndAccountsForEveryDocument() throws IOException {
    Path work = workWith("main", 0);
    SelectionManifest m = SelectJob.run(spark, config(work)).body();
    SelectionManifest.Totals t = m.totals();
    assertEquals(150, t.keptDocs());
    assertEquals(150, t.keptUnits());
    assertEquals(3000, t.docs());
    long dropped = 0;
    for (long v : m.dropped().values()) {
      dropped += v;
    }
    assertEquals(3000 - 150, dropped);
    assertEquals(t.records(), t.docs() + t.quarantined());
    long quotas = 0;
    for (SelectionManifest.Cluster c : m.clusters()) {
      quotas += c.quota();
      assertTrue(c.keptDocs() <= c.availableDocs(), c.toString());
      assertEquals(c.quota(), c.filled(), c.toString());
    }
    assertEquals(150, quotas);
    // every published table has the columns the contract names (docs/DESIGN.md, Columns), in order
    Map<String, List<String>> tables = Map.of("features", Columns.FEATURES, "weights", Columns.WEIGHTS, "clusters",
        Columns.CLUSTERS, "dedup", Columns.DEDUP, "selection/ledger", Columns.LEDGER);
    tables.forEach((dir, columns) -> assertEquals(columns,
        List.of(spark.read().parquet(work.resolve(dir).toString()).columns()), dir));
    // the ledger: one row per document, every dropped one with a reason, the kept ones without
    Dataset<Row> ledger = spark.read().parquet(work.resolve("selection/ledger").toString());
    assertEquals(3000, ledger.count());
    assertEquals(0, ledger.filter("kept and reason is not null").count());
    assertEquals(0, ledger.filter("not kept and reason is null").count());
    // precision against the labels, and the KL reduction, are stated
    SelectionManifest.Precision p = m.precision();
    assertEquals(150, p.kept());
    assertEquals(150, p.poolPositive());
    assertTrue(p.precision() > 3 * p.poolRate(), p.toString());
    assertTrue(m.klReduction().klReduction() > 0, m.klReduction().toString());
    // the kept documents: 4 files with fixed names, text and metadata columns
    try (Stream<Path> files = Files.list(work.resolve("selection/data"))) {
      assertEquals(List.of("part-00000.parquet", "part-00001.parquet", "part-00002.parquet", "part-00003.parquet"),
          files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("part-")).sorted().toList());
    }
    Dataset<Row> data = spark.read().parquet(work.resolve("selection/data").toString());
    assertArrayEquals(new String[] {"doc_id", "text", "cluster", "log_w", "n_tokens", "copies", "lang", "source",
        "is_target"},
        data.columns());
    assertEquals(150, data.count());
    assertTrue(Files.exists(work.resolve("selection/report.html")));
  }

  static List<String> keptIds(Path work) {
    return spark.read().parquet(work.resolve("selection/ledger").toString()).filter("kept").select("doc_id")
        .orderBy("doc_id").as(Encoders.STRING()).collectAsList();
  }

  /**
   * The digests as documented (docs/SELECT.md), from the written ledger's rows one by one: the
   * kept documents' "doc_id TAB copies", and every document's "doc_id TAB copies TAB reason".
   */
  static SelectionManifest.Digests digestsOf(Path work) {
    SetDigest kept = new SetDigest();
    SetDigest all = new SetDigest();
    for (Row r : spark.read().parquet(work.resolve("selection/ledger").toString()).select("doc_id", "copies", "reason")
        .collectAsList()) {
      String idCopies = r.getString(0) + "\t" + r.getInt(1);
      if (r.getInt(1) > 0) {
        kept.add(idCopies);
      }
      all.add(idCopies + "\t" + (r.isNullAt(2) ? "" : r.getString(2)));
    }
    return new SelectionManifest.Digests(kept.hex(), all.hex());
  }

  static Map<String, byte[]> dataFiles(Path work) throws IOException {
    Map<String, byte[]> m = new TreeMap<>();
    try (Stream<Path> files = Files.walk(work.resolve("selection/data"))) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
        m.put(work.resolve("selection/data").relativize(f).toString(), Files.readAllBytes(f));
      }
    }
    return m;
  }

  @Test
  void nothingSurvivingTheFiltersKeepsNothingAndStillAccountsForEveryDocument() throws IOException {
    Path work = workWith("none-left", 0);
    SelectionManifest m = SelectJob.run(spark, config(work, "select.min_tokens", "100000000")).body();
    SelectionManifest.Totals t = m.totals();
    assertEquals(0, t.keptDocs());
    assertEquals(150, t.shortfall(), t.toString());
    assertEquals(3000, m.dropped().get("too_few_tokens"), m.dropped().toString());
    assertEquals(3000, spark.read().parquet(work.resolve("selection/ledger").toString()).filter("not kept").count());
    assertEquals(0, spark.read().parquet(work.resolve("selection/data").toString()).count());
    assertTrue(Files.size(work.resolve("selection/report.html")) > 0);
  }

  @Test
  void theSameFilesWhateverThePartitioningAndOnEveryRerun() throws IOException {
    List<String> reference = null;
    Map<String, byte[]> referenceFiles = null;
    SelectionManifest.Digests referenceDigests = null;
    int run = 0;
    for (int n : new int[] {1, 16, 16}) {
      Path work = workWith("run-" + run++ + "-parts-" + n, n);
      SelectionManifest.Digests digests = SelectJob.run(spark, config(work)).body().digests();
      List<String> ids = keptIds(work);
      Map<String, byte[]> files = dataFiles(work);
      if (reference == null) {
        reference = ids;
        referenceFiles = files;
        referenceDigests = digests;
        assertEquals(150, ids.size());
        assertEquals(digestsOf(work), digests, "the digests are of the ledger's rows");
        assertNotEquals(digests.kept(), digests.ledger());
      } else {
        assertEquals(reference, ids, n + " partitions");
        assertEquals(referenceDigests, digests, n + " partitions");
        assertEquals(referenceFiles.keySet(), files.keySet());
        for (String f : files.keySet()) {
          assertArrayEquals(referenceFiles.get(f), files.get(f), f + " with " + n + " partitions");
        }
      }
    }
  }

  @Test
  void aTokenBudgetWithRepetitionRepeatsTheBestClusters() throws IOException {
    Path work = workWith("tokens", 0);
    SelectionManifest.Totals first = SelectJob.run(spark, config(work, "select.budget_unit", "tokens", "select.budget",
        "50000")).body().totals();
    long kept = first.keptUnits();
    assertTrue(kept <= 50_000 && kept > 45_000, first.toString());
    // a budget beyond what the filters leave, with repetition allowed: whole clusters are kept twice or more
    StageManifest<SelectionManifest> twice = SelectJob.run(spark, config(work, "select.budget_unit", "tokens", "select.budget", "2000000",
        "select.max_repetition", "3", "select.drop_too_short", "false"));
    Dataset<Row> ledger = spark.read().parquet(work.resolve("selection/ledger").toString());
    assertTrue(ledger.filter("copies >= 2").count() > 0);
    assertEquals(0, ledger.filter("copies > 3").count());
    SelectionManifest.Totals t = twice.body().totals();
    assertTrue(t.keptUnits() <= 2_000_000, t.toString());
  }

  @Test
  void jsonLinesPartitionedBySource() throws IOException {
    Path work = workWith("jsonl", 0);
    SelectJob.run(spark, config(work, "select.output_format", "jsonl.gz", "select.partition_by", "source",
        "select.output_files", "2"));
    Path data = work.resolve("selection/data");
    List<String> folders;
    try (Stream<Path> s = Files.list(data)) {
      folders = s.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("source=")).sorted().toList();
    }
    assertTrue(folders.size() >= 1, folders.toString());
    for (String f : folders) {
      try (Stream<Path> s = Files.list(data.resolve(f))) {
        List<String> parts = s.map(p -> p.getFileName().toString()).filter(p -> p.startsWith("part-")).toList();
        assertTrue(parts.stream().allMatch(p -> p.matches("part-0000[01]\\.jsonl\\.gz")), parts.toString());
      }
    }
    assertEquals(150, spark.read().json(data.toString()).count());
  }

  /**
   * select.languages keeps the listed languages and drops the others with reason language
   * (unless an earlier check dropped them); the manifest counts the pool and the selection per
   * language, names each cluster's main language, and partition_by = lang makes a folder per
   * kept language. Expected values come from the features' lang column, which featurize wrote.
   */
  @Test
  void aLanguageListDropsTheOtherLanguagesAndTheOutputFoldersByLanguage() throws IOException {
    Path work = workWith("languages", 0);
    SelectionManifest m = SelectJob.run(spark, config(work, "select.languages", "en,de", "select.partition_by", "lang",
        "select.output_format", "jsonl.gz")).body();
    Dataset<Row> features = spark.read().parquet(work.resolve("features").toString());
    Dataset<Row> ledger = spark.read().parquet(work.resolve("selection/ledger").toString());
    String other = "lang not in ('en', 'de')";
    long others = features.filter(other).count();
    assertTrue(others > 400, "clean_mini's Europarl passages are in many languages: " + others);
    assertEquals(0, ledger.filter("kept and " + other).count());
    long minTokens = config(work).get(WinnowConfig.SELECT_MIN_TOKENS);
    assertEquals(features.filter(other + " and n_tokens >= " + minTokens).count(),
        ledger.filter("reason = 'language'").count(), "every other language dropped for its language");
    assertEquals(ledger.filter("reason = 'language'").count(), m.dropped().get("language"));
    for (String lang : List.of("en", "de", "fr", "el")) {
      assertEquals(features.filter("lang = '" + lang + "'").count(),
          m.languages().get(lang).poolDocs(), lang);
      assertEquals(ledger.filter("kept and lang = '" + lang + "'").count(),
          m.languages().get(lang).keptDocs(), lang);
    }
    for (SelectionManifest.Cluster c : m.clusters()) {
      if (c.poolDocs() > 0) {
        assertTrue(c.mainLanguage().matches("[a-z]{2,3}"), c.toString());
      }
    }
    List<String> folders;
    try (Stream<Path> s = Files.list(work.resolve("selection/data"))) {
      folders = s.map(f -> f.getFileName().toString()).sorted().toList();
    }
    List<String> expected = ledger.filter("kept").select("lang").distinct().orderBy("lang").as(Encoders.STRING())
        .collectAsList().stream().map(l -> "lang=" + l).toList();
    assertEquals(expected, folders);
    assertTrue(folders.contains("lang=en"), folders.toString());
    assertTrue(Files.readString(work.resolve("selection/report.html")).contains("data-figure=\"kept_lang_en\""));
  }

  /**
   * With featurize.tokenizer a token budget counts the model's tokens: featurize writes them
   * (n_tokens_model, the counts OpenAI's tiktoken gives for the documents listed in
   * src-test-resources/tokens), and select fills the budget with them; features counted
   * otherwise are refused.
   */
  @Test
  void aModelTokenizerCountsTheTokenBudget() throws IOException {
    Path work = workWith("model-tokens", 0);
    FileUtils.deleteDirectory(work.resolve("features").toFile());
    String[] settings = {"featurize.tokenizer", "cl100k_base", "select.budget_unit", "tokens", "select.budget",
        "50000"};
    FeaturizeJob.run(spark, config(work, settings));
    Dataset<Row> features = spark.read().parquet(work.resolve("features").toString());
    // featurize's counts are tiktoken's
    Map<String, Long> tiktoken = new TreeMap<>();
    for (String line : Files.readAllLines(SharedSpark.resource("tokens/tiktoken_counts.tsv"))) {
      String[] f = line.split("\t");
      if (!f[0].equals("id") && !f[0].startsWith("corner-")) {
        tiktoken.put(f[0], Long.parseLong(f[3]));
      }
    }
    Map<String, Long> counted = new TreeMap<>();
    for (Row r : features.filter(col("doc_id").isin(tiktoken.keySet().toArray())).select("doc_id", "n_tokens_model")
        .collectAsList()) {
      counted.put(r.getString(0), (long) r.getInt(1));
    }
    assertEquals(tiktoken, counted);
    SelectionManifest m = SelectJob.run(spark, config(work, settings)).body();
    assertEquals("cl100k_base", m.tokenCount());
    long kept = m.totals().keptUnits();
    assertTrue(kept <= 50_000 && kept > 45_000, m.totals().toString());
    Dataset<Row> ledger = spark.read().parquet(work.resolve("selection/ledger").toString()).filter("kept");
    long byFeatures = ledger.select("doc_id", "copies").join(features.select("doc_id", "n_tokens_model"), "doc_id")
        .selectExpr("sum(cast(n_tokens_model as long) * copies)").first().getLong(0);
    assertEquals(byFeatures, kept, "the kept units are the model's tokens");
    assertTrue(byFeatures != ledger.selectExpr("sum(cast(n_tokens as long) * copies)").first().getLong(0),
        "not WordPunct's");
    dev.winnow.common.input.InputException stale = assertThrows(dev.winnow.common.input.InputException.class,
        () -> SelectJob.run(spark, config(work, "select.budget_unit", "tokens", "select.budget", "50000")));
    assertTrue(stale.getMessage().contains("counted cl100k_base tokens"), stale.getMessage());
  }

  /**
   * cluster.semantic_eps finds SemDeDup's semantic duplicates: every duplicate lies in its
   * representative's cluster at cosine >= 1 - eps to some member of its group (measured here
   * from the saved embedding), every exact copy
   * dedup found is among them (identical texts, identical vectors), and select drops them as
   * semantic_duplicate unless an earlier reason already did.
   */
  @Test
  void semanticDuplicatesAreFoundInsideClustersAndDropped() throws IOException {
    Path work = workWith("semantic", 0);
    FileUtils.deleteDirectory(work.resolve("clusters").toFile());
    String[] settings = {"cluster.semantic_eps", "0.05"};
    ClustersManifest.Semantic sem = ClusterJob.run(spark, config(work, settings)).body().semanticDuplicates();
    Dataset<Row> pairs = dev.winnow.jobs.cluster.SemanticDuplicates.read(spark, sem.path());
    assertEquals(sem.duplicates(), pairs.count());
    assertTrue(pairs.count() > 30, sem.toString());
    // each pair: one cluster, cosine at least 1 - eps, from the embedding the stage saved
    dev.winnow.common.cluster.DocEmbedding embedding = ClusterModelFiles.load(
        org.apache.hadoop.fs.FileSystem.getLocal(new org.apache.hadoop.conf.Configuration()),
        new org.apache.hadoop.fs.Path(work.resolve("clusters/_model").toString())).embedding;
    Map<String, double[]> vectors = new TreeMap<>();
    for (Row r : spark.read().parquet(work.resolve("features").toString()).select("doc_id", "ngram_idx", "ngram_cnt")
        .collectAsList()) {
      vectors.put(r.getString(0), embedding.embed(dev.winnow.common.text.PackedInts.unpack(r.getAs(1), true),
          dev.winnow.common.text.PackedInts.unpack(r.getAs(2), false)));
    }
    Map<String, Integer> clusterOf = new TreeMap<>();
    for (Row r : spark.read().parquet(work.resolve("clusters").toString()).collectAsList()) {
      clusterOf.put(r.getString(0), r.getInt(1));
    }
    Map<String, String> repOf = new TreeMap<>();
    Map<String, List<String>> groups = new TreeMap<>();
    for (Row r : pairs.collectAsList()) {
      repOf.put(r.getString(0), r.getString(1));
      groups.computeIfAbsent(r.getString(1), x -> new ArrayList<>(List.of(x))).add(r.getString(0));
      assertEquals(clusterOf.get(r.getString(0)), clusterOf.get(r.getString(1)), r.toString());
    }
    for (Map.Entry<String, String> d : repOf.entrySet()) { // a group is a chain of such pairs
      double best = -1;
      for (String other : groups.get(d.getValue())) {
        if (!other.equals(d.getKey())) {
          double cos = 0;
          for (int i = 0; i < vectors.get(other).length; i++) {
            cos += vectors.get(other)[i] * vectors.get(d.getKey())[i];
          }
          best = Math.max(best, cos);
        }
      }
      assertTrue(best >= 1 - 0.05 - 1e-6, d + ": no member of its group at cosine >= 0.95, the nearest " + best);
    }
    for (Row r : spark.read().parquet(work.resolve("dedup").toString()).filter("exact and not is_rep")
        .select("doc_id", "dup_group").collectAsList()) {
      String later = r.getString(0).compareTo(r.getString(1)) > 0 ? r.getString(0) : r.getString(1);
      assertTrue(repOf.containsKey(later), "the exact copy " + later + " is a semantic duplicate too");
    }
    SelectionManifest m = SelectJob.run(spark, config(work, settings)).body();
    Dataset<Row> ledger = spark.read().parquet(work.resolve("selection/ledger").toString());
    assertEquals(repOf.size(), ledger.filter("reason = 'semantic_duplicate' or array_contains(other_reasons, "
        + "'semantic_duplicate')").count());
    assertEquals(ledger.filter("reason = 'semantic_duplicate'").count(),
        m.dropped().get("semantic_duplicate"));
    assertTrue(m.dropped().get("semantic_duplicate") > 0, m.dropped().toString());
    assertEquals(0, ledger.filter(col("kept").and(col("doc_id").isin(repOf.keySet().toArray()))).count());
  }

  /** Reads the rows of every data file as written: file name to "doc_id#copy" in file order. */
  static Map<String, List<String>> rowsByFile(Path work) throws IOException {
    Map<String, List<String>> rows = new TreeMap<>();
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    Path data = work.resolve("selection/data");
    try (Stream<Path> files = Files.list(data)) {
      for (Path f : files.sorted().toList()) {
        List<String> in = new ArrayList<>();
        try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(
            new java.util.zip.GZIPInputStream(Files.newInputStream(f)), StandardCharsets.UTF_8))) {
          for (String line = r.readLine(); line != null; line = r.readLine()) {
            JsonNode row = json.readTree(line);
            in.add(row.get("doc_id").asText() + "#" + row.path("copy").asInt(0));
          }
        }
        rows.put(f.getFileName().toString(), in);
      }
    }
    return rows;
  }

  /**
   * Trainer-ready files: with materialize_copies a document kept c times is c rows (copy 1 to c);
   * with shuffle the rows are spread over the files and mixed in each, by the seed, the same
   * whatever the partitioning; the data folder holds the data files only (no _SUCCESS, no .crc).
   */
  @Test
  void materializedCopiesAndAShuffleGiveTrainerReadyFiles() throws IOException {
    String[] settings = {"select.budget", "4000", "select.max_repetition", "3", "select.drop_too_short", "false",
        "select.materialize_copies", "true", "select.shuffle", "true", "select.output_format", "jsonl.gz"};
    Path work = workWith("trainer", 0);
    SelectionManifest m = SelectJob.run(spark, config(work, settings)).body();
    Map<String, List<String>> rows = rowsByFile(work);
    assertEquals(List.of("part-00000.jsonl.gz", "part-00001.jsonl.gz", "part-00002.jsonl.gz", "part-00003.jsonl.gz"),
        List.copyOf(rows.keySet()), "the data files and nothing else");
    // every kept document as many times as the ledger's copies, copy 1 .. copies, each row once
    List<String> expected = new ArrayList<>();
    for (Row r : spark.read().parquet(work.resolve("selection/ledger").toString()).filter("kept")
        .select("doc_id", "copies").collectAsList()) {
      for (int c = 1; c <= r.getInt(1); c++) {
        expected.add(r.getString(0) + "#" + c);
      }
    }
    List<String> written = rows.values().stream().flatMap(List::stream).sorted().toList();
    assertEquals(expected.stream().sorted().toList(), written);
    assertEquals(m.totals().keptUnits(), written.size(), "docs budget: a row per unit");
    assertTrue(expected.size() > m.totals().keptDocs(), "some documents are kept twice or more");
    // mixed: no file in doc_id order, and a document's copies are not kept together in one file
    for (List<String> file : rows.values()) {
      assertNotEquals(file.stream().sorted().toList(), file, "a file in doc_id order");
    }
    Map<String, java.util.Set<String>> filesOfDoc = new TreeMap<>();
    rows.forEach((f, in) -> in.forEach(r -> filesOfDoc.computeIfAbsent(r.substring(0, r.lastIndexOf('#')),
        d -> new java.util.TreeSet<>()).add(f)));
    assertTrue(filesOfDoc.values().stream().anyMatch(f -> f.size() > 1), "copies spread over files");
    // each file in the order of the seeded key of (doc_id, copy)
    long seed = config(work, settings).get(WinnowConfig.SEED);
    for (List<String> file : rows.values()) {
      List<Long> keys = file.stream().map(r -> OutputFiles.shuffleKey(seed, r.substring(0, r.lastIndexOf('#')),
          Integer.parseInt(r.substring(r.lastIndexOf('#') + 1)))).toList();
      assertEquals(keys.stream().sorted().toList(), keys);
    }
    // the same rows in the same places with the features in 16 partitions
    Path again = workWith("trainer-16", 16);
    SelectJob.run(spark, config(again, settings));
    assertEquals(rows, rowsByFile(again));
  }

  /**
   * The partition field stays in every row: a document whose source is the text
   * __HIVE_DEFAULT_PARTITION__ (Hive's folder name for a missing value) reads back as that text,
   * one without a source as missing, although both are in the folder of that name.
   */
  @Test
  void thePartitionFieldStaysInTheRowsAndAMissingValueIsNotTheTextHiveUsesForIt() throws IOException {
    String hive = "__HIVE_DEFAULT_PARTITION__";
    Path work = workWith("hive", 0);
    FileUtils.deleteDirectory(work.resolve("features").toFile());
    spark.read().parquet(base.resolve("features").toString())
        .withColumn("meta", org.apache.spark.sql.functions.expr("if(xxhash64(doc_id) % 2 = 0, "
            + "map_concat(map_filter(meta, (k, v) -> k != 'source'), map('source', '" + hive + "')), "
            + "map_filter(meta, (k, v) -> k != 'source'))"))
        .write().parquet(work.resolve("features").toString());
    Files.copy(base.resolve("features/_MANIFEST.json"), work.resolve("features/_MANIFEST.json"));
    Map<String, String> expected = new TreeMap<>();
    for (Row r : spark.read().parquet(work.resolve("features").toString())
        .selectExpr("doc_id", "meta['source']").collectAsList()) {
      expected.put(r.getString(0), r.getString(1));
    }
    SelectJob.run(spark, config(work, "select.output_format", "jsonl.gz", "select.partition_by", "source"));
    Path data = work.resolve("selection/data");
    Map<String, String> read = new TreeMap<>();
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    List<Path> parts;
    try (Stream<Path> s = Files.walk(data)) {
      parts = s.filter(p -> p.getFileName().toString().matches("part-\\d+\\.jsonl\\.gz")).toList();
    }
    for (Path p : parts) {
      String folder = p.getParent().getFileName().toString();
      assertTrue(folder.equals("source=" + hive) || folder.equals("source=" + hive + "_as_text"), folder);
      try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(
          new java.util.zip.GZIPInputStream(Files.newInputStream(p)), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          JsonNode row = json.readTree(line);
          read.put(row.get("doc_id").asText(), row.hasNonNull("source") ? row.get("source").asText() : null);
        }
      }
    }
    assertEquals(150, read.size());
    for (Map.Entry<String, String> e : read.entrySet()) {
      assertEquals(expected.get(e.getKey()), e.getValue(), e.getKey());
    }
    assertTrue(read.containsValue(hive) && read.containsValue(null), read.values().toString());
    // Spark's partition discovery would take the folder's value; reading the files as files takes the rows'
    long literal = read.values().stream().filter(hive::equals).count();
    assertEquals(literal, spark.read().option("recursiveFileLookup", "true").json(data.toString())
        .filter(org.apache.spark.sql.functions.col("source").equalTo(hive)).count());
  }

  /**
   * With a target the default quotas (basis weights, tau 1) are each cluster's share of one
   * importance resampling of the budget over the filtered pool, so the selection is that draw:
   * the top keys of all filtered documents, whatever the clusters. The keys are computed here
   * from the weights; the score named by select.score is the one used.
   */
  @Test
  void weightsQuotasKeepOneImportanceResamplingOfTheFilteredPool() throws IOException {
    Path work = workWith("resampling", 0);
    Dataset<Row> weights = spark.read().parquet(work.resolve("weights").toString());
    for (String[] s : new String[][] {{"log_w", "1"}, {"mean", "0"}, {"discounted", "0.5"}}) {
      WinnowConfig c = config(work, "select.score", s[0], "select.temperature", s[1],
          "select.length_exponent", "0.6");
      SelectionManifest m = SelectJob.run(spark, c).body();
      assertEquals(s[0], m.score());
      assertEquals("weights", m.quotaBasis());
      double t = Double.parseDouble(s[1]);
      long seed = c.get(WinnowConfig.SEED);
      List<Object[]> keyed = new ArrayList<>();
      for (Row r : spark.read().parquet(work.resolve("selection/ledger").toString())
          .filter("reason is null or reason = 'over_quota'").select("doc_id").join(weights, "doc_id")
          .select("doc_id", "log_w", "mean_log_ratio", "n_ngrams").collectAsList()) {
        double score = switch (s[0]) {
          case "log_w" -> r.getDouble(1);
          case "mean" -> r.getDouble(2);
          default -> r.getDouble(1) / Math.pow(Math.max(1, r.getLong(3)), 0.6);
        };
        keyed.add(new Object[] {SelectionKey.key(score, t, seed, r.getString(0)), r.getString(0)});
      }
      keyed.sort((a, b) -> ((Double) a[0]).equals(b[0]) ? ((String) a[1]).compareTo((String) b[1])
          : Double.compare((Double) b[0], (Double) a[0]));
      List<String> expected = keyed.subList(0, 150).stream().map(k -> (String) k[1]).sorted().toList();
      assertEquals(expected, keptIds(work), s[0] + " at temperature " + s[1]);
    }
  }

  /** Quotas by the target's own cluster mix: water-filling, so the clusters not full share alike. */
  @Test
  void targetQuotasFollowTheTargetsClusterMix() throws IOException {
    Path work = workWith("target-basis", 0);
    double[] mix = StageManifest.of(StageManifest.JSON.readTree(work.resolve("clusters/_MANIFEST.json").toFile()),
        ClustersManifest.class).body().targetMix().share();
    SelectionManifest m = SelectJob.run(spark, config(work, "select.quota_basis", "target")).body();
    assertEquals("target", m.quotaBasis());
    long capped = 0;
    double uncappedShare = 0;
    long roomWhereTargetLies = 0;
    for (SelectionManifest.Cluster c : m.clusters()) {
      double share = mix[c.cluster()];
      assertEquals(share, c.targetShare(), 0);
      roomWhereTargetLies += share > 0 ? c.availableDocs() : 0;
      if (c.quota() == c.availableDocs() && share > 0) {
        capped += c.quota();
      } else {
        uncappedShare += share;
      }
    }
    assertTrue(roomWhereTargetLies >= 150, "the target-like clusters can hold the budget on clean_mini");
    double level = (150 - capped) / uncappedShare;
    for (SelectionManifest.Cluster c : m.clusters()) {
      double share = mix[c.cluster()];
      long quota = c.quota();
      if (share == 0) {
        assertEquals(0, quota, c.toString());
      } else if (quota < c.availableDocs()) {
        assertEquals(level * share, quota, 1.0, c.toString());
      }
    }
  }

  @Test
  void badSettingsAreRefusedBeforeAnyHeavyWork() throws IOException {
    Path work = workWith("bad", 0);
    ConfigException unset = assertThrows(ConfigException.class,
        () -> SelectJob.run(spark, config(work, "select.budget", "")));
    assertTrue(unset.getMessage().contains("select.budget is not set"), unset.getMessage());
    assertThrows(ConfigException.class, () -> config(work, "select.budget", "0"));
    assertThrows(ConfigException.class, () -> config(work, "select.temperature", "-1"));
    ConfigException rule = assertThrows(ConfigException.class,
        () -> config(work, "select.quality_rules", "gopher,no_such_rule"));
    assertTrue(rule.getMessage().contains("no_such_rule"), rule.getMessage());
    ConfigException beyond = assertThrows(ConfigException.class,
        () -> SelectJob.run(spark, config(work, "select.budget", "3001")));
    assertTrue(beyond.getMessage().contains("beyond the pool"), beyond.getMessage());
    ConfigException quotas = assertThrows(ConfigException.class,
        () -> SelectJob.run(spark, config(work, "select.min_per_cluster", "20")));
    assertTrue(quotas.getMessage().contains("select.min_per_cluster"), quotas.getMessage());
    assertThrows(ConfigException.class, () -> config(work, "select.partition_by", "url"));
    ConfigException language = assertThrows(ConfigException.class, () -> config(work, "select.languages", "english"));
    assertTrue(language.getMessage().contains("'english' is not a language code"), language.getMessage());
    // the score is the select stage's choice now: the old importance key is refused with the new name
    ConfigException moved = assertThrows(ConfigException.class, () -> config(work, "importance.score", "mean"));
    assertTrue(moved.getMessage().contains("select.score"), moved.getMessage());
    // quotas by the target's mix need the mix: clusters published without a target have none
    Path manifest = work.resolve("clusters/_MANIFEST.json");
    com.fasterxml.jackson.databind.node.ObjectNode clusters = (com.fasterxml.jackson.databind.node.ObjectNode)
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(manifest.toFile());
    clusters.remove("target_mix");
    Files.writeString(manifest, clusters.toString());
    Files.delete(work.resolve("clusters/._MANIFEST.json.crc")); // Hadoop's checksum of the old text
    for (String basis : List.of("target", "both")) {
      ConfigException noMix = assertThrows(ConfigException.class,
          () -> SelectJob.run(spark, config(work, "select.quota_basis", basis)));
      assertTrue(noMix.getMessage().contains("select.quota_basis = " + basis)
          && noMix.getMessage().contains("input.target"), noMix.getMessage());
    }
    assertTrue(Files.notExists(work.resolve("selection")), "nothing published");
  }

  @Test
  void theReportDrawsItsPlotsInChromiumAndStatesTheManifestsFigures() throws Exception {
    Path chromium = Path.of("/usr/bin/chromium");
    // a missing browser fails the test rather than skipping it: a skipped test would pass CI unseen
    assertTrue(Files.isExecutable(chromium), "the report test needs Debian's chromium at " + chromium
        + ": apt-get install chromium (.ci/run does)");
    Path work = workWith("report", 0);
    SelectionManifest m = SelectJob.run(spark, config(work)).body();
    Path profile = Files.createDirectories(dirs.resolve("chromium-profile"));
    Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom",
        work.resolve("selection/report.html").toUri().toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium finished");
    for (String plot : List.of("quota_vs_size", "target_share_vs_quota", "score_distribution", "drops_by_reason")) {
      Matcher d = Pattern.compile("data-plot=\"" + plot + "\"[^>]*data-drawn=\"(\\d+)\"").matcher(dom);
      assertTrue(d.find(), plot + " was not laid out: " + dom.substring(0, Math.min(dom.length(), 500)));
      assertTrue(Integer.parseInt(d.group(1)) > 0, plot + " has no drawn mark");
    }
    assertEquals(String.valueOf(m.totals().keptDocs()), figure(dom, "kept_docs"));
    assertEquals(String.format(Locale.ROOT, "%.4f", m.precision().precision()),
        figure(dom, "precision"));
    assertEquals(String.format(Locale.ROOT, "%.4f", m.klReduction().klReduction()),
        figure(dom, "kl_reduction"));
    assertEquals(String.format(Locale.ROOT, "%.4f", m.precision().ceiling()),
        figure(dom, "ceiling"));
    assertEquals("discounted", figure(dom, "score"));
    assertEquals("weights", figure(dom, "quota_basis"));
    for (SelectionManifest.Cluster c : m.clusters()) {
      assertEquals(String.valueOf(c.quota()), figure(dom, "quota_" + c.cluster()));
    }
  }

  static String figure(String dom, String name) {
    Matcher f = Pattern.compile("data-figure=\"" + name + "\">([^<]*)<").matcher(dom);
    assertTrue(f.find(), "no figure " + name);
    return f.group(1);
  }
}
