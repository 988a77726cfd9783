package dev.winnow.jobs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.jobs.featurize.FeaturesManifest;
import dev.winnow.jobs.io.StageManifest;
import dev.winnow.jobs.select.SelectionManifest;
import dev.winnow.jobs.SharedSpark;
import dev.winnow.jobs.faults.FaultyFileSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a real Spark standalone cluster (a Master and two Workers, separate
 * JVMs, started by deploy/standalone/cluster.sh), submitted with deploy/spark-submit.sh and the
 * shaded jar, under the faults production clusters have: executors killed mid-stage, task
 * attempts whose reads and writes fail, and another cluster shape. Every run must decide exactly
 * as a clean run did (the select manifest's digests of kept and dropped documents), with the
 * same accounts and the same rows in the same order in each selection file, and leave nothing
 * behind. (Not the same bytes: each run's driver is another JVM, and parquet-mr writes a
 * column's encodings in the footer in the order of a HashSet of enum constants, which
 * changes from JVM to JVM.)
 *
 * <p>The pool: a quarter of clean_mini in four gzip files plus the bad-input sample (malformed lines
 * the quarantine must account for), so that both executors read input and the quarantine has
 * records.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure's runs stay for a look
  static Path tmp;
  private static StandaloneCluster cluster;
  private static Path config;
  private static Path rules;
  private static SelectionManifest clean;
  private static Map<String, List<String>> cleanSelection;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = StandaloneCluster.start(tmp.resolve("cluster"), 2, "1g");
    Path pool = SharedSpark.cleanMiniSample(tmp.resolve("pool"), 4, 4);
    Files.copy(SharedSpark.resource("bad-input/mixed.jsonl"), pool.resolve("part-4.jsonl"));
    rules = tmp.resolve("rules");
    config = Files.writeString(tmp.resolve("cluster-test.properties"), String.join("\n",
        "input.pool = " + pool,
        "input.target = " + SharedSpark.resource("corpora/clean_mini/target.jsonl.gz"),
        "input.metadata_fields = source,is_target",
        "cluster.k = 8",
        "cluster.max_iterations = 8",
        "select.budget = 40",
        "select.label_field = is_target", ""));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /**
   * Also the secrets check: an S3 secret and access key carry a canary value through the run
   * (and through a failing one); it must appear in no output, manifest, ledger, report, quarantine,
   * driver, Master, Worker or executor log, nor in Spark's event log, which must show the
   * setting redacted (proof that the canary was there to leak).
   */
  @Test
  @Order(1)
  void aCleanRunOnTwoExecutorsLeaksNoSecret() throws Exception {
    Path work = tmp.resolve("clean");
    Path log = tmp.resolve("clean.log");
    Path events = Files.createDirectories(tmp.resolve("events"));
    List<String> secrets = List.of("spark.hadoop.fs.s3a.secret.key=" + CANARY,
        "spark.hadoop.fs.s3a.access.key=AKIA" + CANARY, "spark.eventLog.enabled=true",
        "spark.eventLog.dir=" + events.toUri(), "spark.eventLog.compress=false");
    List<String> spark = new ArrayList<>(sparkArgs("spark.sql.shuffle.partitions=4"));
    secrets.forEach(c -> spark.addAll(List.of("--conf", c)));
    spark.add("--verbose");
    int code = cluster.run(log, spark, winnowArgs(work));
    assertEquals(0, code, StandaloneCluster.read(log));
    clean = select(work);
    cleanSelection = rows(work.resolve("selection/data"));
    assertEquals(40, clean.totals().keptDocs());
    // the bad-input sample's 13 bad records, and those of its ids that clean_mini's files hold first
    FeaturesManifest features = StageManifest.of(JSON.readTree(work.resolve("features/_MANIFEST.json").toFile()),
        FeaturesManifest.class).body();
    assertEquals(13, clean.totals().quarantined() - features.totals().rejected().getOrDefault("duplicate_id", 0L));
    assertLeftNothing(work);
    // the executors were started with the vector API's module, which MinHash's minima use where
    // they pay (docs/DEDUP.md): Spark's Worker adds it, as spark-submit does for the driver
    List<String> commands = new ArrayList<>();
    try (Stream<Path> s = Files.walk(cluster.dir)) {
      for (Path p : (Iterable<Path>) s.filter(p -> p.getFileName().toString().equals("stderr"))::iterator) {
        Files.readAllLines(p).stream().filter(l -> l.startsWith("Spark Executor Command:")).forEach(commands::add);
      }
    }
    assertFalse(commands.isEmpty(), "the executors' logs name their commands");
    assertTrue(commands.stream().allMatch(c -> c.contains("--add-modules=jdk.incubator.vector")), commands.toString());

    List<String> missing = new ArrayList<>(List.of("featurize", "--config", config.toString(), "--set",
        "work.dir=" + tmp.resolve("failed"), "--set", "input.pool=s3a://winnow-no-such-bucket/pool/*.jsonl"));
    Path failedLog = tmp.resolve("failed.log");
    assertTrue(cluster.run(failedLog, spark, missing) != 0, StandaloneCluster.read(failedLog));
    StringBuilder eventLog = new StringBuilder(); // Spark 4: a folder of rolling files per application
    try (Stream<Path> s = Files.walk(events)) {
      for (Path p : (Iterable<Path>) s.filter(p -> p.getFileName().toString().startsWith("events_"))::iterator) {
        eventLog.append(StandaloneCluster.read(p));
      }
    }
    assertTrue(eventLog.indexOf("fs.s3a.secret.key") >= 0 && eventLog.indexOf("redacted") >= 0,
        "the secret setting reached Spark, redacted in its event log");
    List<Path> leaks = new ArrayList<>();
    try (Stream<Path> s = Files.walk(tmp)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        byte[] b = Files.readAllBytes(p);
        if (new String(b, StandardCharsets.ISO_8859_1).contains(CANARY) || gunzipContains(p, b)) {
          leaks.add(p);
        }
      }
    }
    assertEquals(List.of(), leaks, "files holding the secret");
  }

  private static final String CANARY = "WinnowCanary7f3c9e1d";

  private static boolean gunzipContains(Path p, byte[] b) throws IOException {
    if (b.length < 2 || (b[0] & 0xff) != 0x1f || (b[1] & 0xff) != 0x8b) {
      return false;
    }
    try (var in = new GZIPInputStream(new java.io.ByteArrayInputStream(b))) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains(CANARY);
    } catch (IOException e) {
      return false; // a truncated test input
    }
  }

  /**
   * One run with every fault: the first executor to read the third pool file (featurize), and
   * later the first to read the dedup output (only select reads it), stop and are killed by
   * their pid; and the first attempt of seven reads and writes fails (input files, features and
   * quarantine written by featurize's tasks, features read by later stages, a dedup
   * checkpoint, the selection's files), retried under {@code spark.task.maxFailures=4}.
   */
  @Test
  @Order(2)
  void killedExecutorsAndFailedTaskAttemptsChangeNothing() throws Exception {
    Path work = tmp.resolve("faults");
    Files.writeString(rules, String.join("\n",
        "open kill .*/pool/part-2\\.jsonl\\.gz",
        "open kill " + work + "/dedup/part-.*",
        "open once .*/pool/part-1\\.jsonl\\.gz",
        "open once .*/pool/part-3\\.jsonl\\.gz",
        "create once " + work + "/_resume/featurize-pool/_running/.*/features/.*part-.*",
        "create once " + work + "/_resume/featurize-pool/_running/.*/quarantine/.*",
        "open once " + work + "/features/part-.*",
        "create once " + work + "/_staging/_checkpoints-dedup-.*/c1/.*part-.*",
        "create once " + work + "/_staging/select-.*/selection/data/.*part-.*",
        ""));
    Path log = tmp.resolve("faults.log");
    Process p = cluster.submit(log, sparkArgs("spark.sql.shuffle.partitions=4", "spark.task.maxFailures=4"),
        winnowArgs(work));
    List<Long> killed = new ArrayList<>();
    for (String victim : new String[] {"1", "2"}) {
      long pid = awaitVictim(rules.resolveSibling("rules.victims").resolve(victim), p, log);
      assertTrue(cluster.executorPids().contains(pid), "pid " + pid + " is one of the cluster's executors");
      ProcessHandle.of(pid).orElseThrow().destroyForcibly();
      killed.add(pid);
    }
    assertTrue(p.waitFor(600, TimeUnit.SECONDS), "the run finished");
    String out = StandaloneCluster.read(log);
    assertEquals(0, p.exitValue(), out);
    assertEquals(2, killed.stream().distinct().count());
    assertTrue(out.contains("Lost executor"), "Spark saw the executors go:\n" + out);
    long fired;
    try (Stream<Path> s = Files.list(rules.resolveSibling("rules.fired"))) {
      fired = s.count();
    }
    assertEquals(7, fired, "injected faults that fired:\n" + out);
    assertTrue(out.contains("injected fault"), "the failed attempts are in the driver's log");
    assertSameAsClean(work);
  }

  @Test
  @Order(3)
  void oneExecutorManyShufflePartitionsAndSmallSplitsDecideAlike() throws Exception {
    Files.deleteIfExists(rules);
    Path work = tmp.resolve("shape");
    Path log = tmp.resolve("shape.log");
    List<String> winnow = new ArrayList<>(winnowArgs(work));
    winnow.addAll(List.of("--set", "featurize.partition_bytes=300000"));
    int code = cluster.run(log, sparkArgs("spark.cores.max=1", "spark.sql.shuffle.partitions=64",
        "spark.sql.files.maxPartitionBytes=65536"), winnow);
    String out = StandaloneCluster.read(log);
    assertEquals(0, code, out);
    assertSameAsClean(work);
  }

  // ---------------------------------------------------------------------------------------------

  private static List<String> sparkArgs(String... conf) {
    List<String> args = new ArrayList<>(List.of(
        // no waiting for a preferred executor: tasks run at once wherever a core is free
        "--conf", "spark.locality.wait=0s",
        "--conf", "spark.executor.extraClassPath=" + testClasses(),
        "--conf", "spark.hadoop.fs.file.impl=" + FaultyFileSystem.class.getName(),
        "--conf", "spark.hadoop." + FaultyFileSystem.RULES + "=" + rules));
    for (String c : conf) {
      args.addAll(List.of("--conf", c));
    }
    return args;
  }

  private static List<String> winnowArgs(Path work) {
    return List.of("run", "--config", config.toString(), "--set", "work.dir=" + work);
  }

  /** The test classes folder (FaultyFileSystem), for the executors' classpath. */
  private static String testClasses() {
    try {
      return Path.of(FaultyFileSystem.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long awaitVictim(Path pidFile, Process run, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline) {
      if (Files.exists(pidFile) && !Files.readString(pidFile).isBlank()) {
        return Long.parseLong(Files.readString(pidFile).trim());
      }
      if (!run.isAlive()) {
        throw new AssertionError("the run ended before " + pidFile + " appeared:\n" + StandaloneCluster.read(log));
      }
      run.waitFor(100, TimeUnit.MILLISECONDS); // returns at once when the run ends
    }
    throw new AssertionError("no executor reached the fault " + pidFile);
  }

  private static SelectionManifest select(Path work) throws IOException {
    return StageManifest.of(JSON.readTree(work.resolve("selection/_MANIFEST.json").toFile()), SelectionManifest.class)
        .body();
  }

  private static void assertSameAsClean(Path work) throws IOException {
    SelectionManifest m = select(work);
    assertEquals(clean.digests(), m.digests(), "kept and dropped the same documents");
    assertEquals(clean.totals(), m.totals());
    assertEquals(clean.dropped(), m.dropped());
    assertEquals(clean.precision(), m.precision());
    assertEquals(cleanSelection, rows(work.resolve("selection/data")), "the same rows in the same order in each file");
    assertEquals(lines(tmp.resolve("clean/quarantine")), lines(work.resolve("quarantine")),
        "the same quarantine records, none twice");
    assertLeftNothing(work);
  }

  /** No staging, checkpoints, trash, lock or task-attempt folders left anywhere in the work dir. */
  private static void assertLeftNothing(Path work) throws IOException {
    try (Stream<Path> s = Files.walk(work)) {
      s.forEach(p -> {
        String name = p.getFileName().toString();
        assertFalse(name.equals("_temporary") || name.equals("_staging") || name.equals("_trash")
            || name.equals("_LOCK") || name.startsWith(".") && name.endsWith(".tmp"), "left behind: " + p);
      });
    }
  }

  /** Every Parquet file under {@code dir}: relative name to its rows, in order. */
  private static Map<String, List<String>> rows(Path dir) throws IOException {
    Map<String, List<String>> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.filter(p -> p.getFileName().toString().endsWith(".parquet"))::iterator) {
        List<String> rows = new ArrayList<>();
        try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(),
            new org.apache.hadoop.fs.Path(p.toUri())).build()) {
          for (Group g = r.read(); g != null; g = r.read()) {
            rows.add(g.toString());
          }
        }
        m.put(dir.relativize(p).toString(), rows);
      }
    }
    return m;
  }

  /** Every line of every file under {@code dir}, sorted (file names follow the task layout). */
  private static List<String> lines(Path dir) throws IOException {
    List<String> all = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(".jsonl"))::iterator) {
        all.addAll(Files.readAllLines(p));
      }
    }
    java.util.Collections.sort(all);
    return all;
  }
}
