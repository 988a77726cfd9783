package dev.winnow.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.jobs.ChildJvm;
import dev.winnow.jobs.SharedSpark;
import dev.winnow.jobs.faults.FaultyFileSystem;
import dev.winnow.jobs.featurize.FeaturesManifest;
import dev.winnow.jobs.featurize.NgramCountFiles;
import dev.winnow.jobs.io.StageManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed (SIGKILL, a real separate JVM) in the middle of a stage, then rerun: the stages
 * it had published are skipped, the rest run, and the output equals an uninterrupted run's.
 */
class ResumeTest {
  private static Path pool; // half of clean_mini: 1,500 documents

  static String[] args(Path work, String... more) {
    List<String> a = new ArrayList<>(List.of("run", "--set", "input.pool=" + pool, "--set",
        "input.target=" + SharedSpark.resource("corpora/clean_mini/target.jsonl.gz"), "--set", "work.dir=" + work,
        "--set", "input.metadata_fields=source,is_target", "--set", "cluster.k=4", "--set", "select.budget=50"));
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  static Map<String, byte[]> selectionFiles(Path work) throws IOException {
    Map<String, byte[]> m = new TreeMap<>();
    try (Stream<Path> files = Files.walk(work.resolve("selection/data"))) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
        m.put(f.getFileName().toString(), Files.readAllBytes(f));
      }
    }
    return m;
  }

  @Test
  void aKilledRunResumesWithTheStagesItPublishedSkippedAndTheSameOutput(@TempDir Path tmp) throws Exception {
    SharedSpark.get();
    pool = SharedSpark.cleanMiniSample(tmp.resolve("pool"), 2, 1);
    Path killed = tmp.resolve("killed");
    // the child's local file system holds the cluster stage's publishing rename until the test kills it
    Path rules = tmp.resolve("faults.rules");
    Files.writeString(rules, "rename hold .*/_staging/cluster-[^/]+/clusters\n");
    Process child = ChildJvm.start(tmp.resolve("child.log"), List.of("-Dspark.hadoop.fs.file.impl="
        + FaultyFileSystem.class.getName(), "-Dspark.hadoop." + FaultyFileSystem.RULES + "=" + rules), args(killed));
    try {
      // kill it where it waits: importance published, the cluster stage's output complete in staging
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
      while (child.isAlive() && System.nanoTime() < deadline && !Files.exists(Path.of(rules + ".held", "1"))) {
        Thread.sleep(20);
      }
      assertTrue(child.isAlive(), "the run was still going: " + Files.readString(tmp.resolve("child.log")));
      child.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
    } finally {
      child.destroyForcibly();
    }
    assertTrue(Files.exists(killed.resolve("weights/_MANIFEST.json")));
    assertFalse(Files.exists(killed.resolve("clusters/_MANIFEST.json")), "killed before cluster published");
    assertTrue(Files.exists(killed.resolve("_LOCK")), "a SIGKILL leaves the lock");

    WinnowCliTest.Result locked = WinnowCliTest.run(args(killed));
    assertEquals(WinnowCli.EXIT_LOCKED, locked.code, locked.err);
    WinnowCliTest.Result resumed = WinnowCliTest.run(args(killed, "--break-lock"));
    assertEquals(0, resumed.code, resumed.err);
    assertTrue(resumed.out.contains("featurize pool: up to date, skipped"), resumed.out);
    assertTrue(resumed.out.contains("featurize target: up to date, skipped"), resumed.out);
    assertTrue(resumed.out.contains("importance: up to date, skipped"), resumed.out);
    assertTrue(resumed.out.contains("cluster: 1500 documents in 4 clusters"), resumed.out);
    assertTrue(resumed.out.contains("select: 50 of 1500 documents kept"), resumed.out);
    assertFalse(Files.exists(killed.resolve("_staging")), "the dead run's staging is gone, never published");

    Path clean = tmp.resolve("clean");
    WinnowCliTest.Result uninterrupted = WinnowCliTest.run(args(clean));
    assertEquals(0, uninterrupted.code, uninterrupted.err);
    Map<String, byte[]> expected = selectionFiles(clean);
    Map<String, byte[]> got = selectionFiles(killed);
    assertEquals(expected.keySet(), got.keySet());
    for (String f : expected.keySet()) {
      assertArrayEquals(expected.get(f), got.get(f), f);
    }

    // nothing changed: nothing runs; a select setting changed: only select runs
    WinnowCliTest.Result again = WinnowCliTest.run(args(clean));
    assertEquals(0, again.code, again.err);
    for (String stage : List.of("featurize pool", "featurize target", "importance", "cluster", "dedup", "select")) {
      assertTrue(again.out.contains(stage + ": up to date, skipped"), again.out);
    }
    WinnowCliTest.Result changed = WinnowCliTest.run(args(clean, "--set", "select.budget=40"));
    assertEquals(0, changed.code, changed.err);
    assertTrue(changed.out.contains("dedup: up to date, skipped"), changed.out);
    assertTrue(changed.out.contains("select: 40 of 1500 documents kept"), changed.out);
  }

  /**
   * Featurize killed (SIGKILL) after some of its checkpoints: the rerun, in a JVM with another
   * parallelism, featurizes only the checkpoints not done and publishes what an uninterrupted run
   * publishes: the same feature rows, quarantine lines and per-file accounts.
   */
  @Test
  void aKilledFeaturizeResumesAfterItsLastCheckpointWithTheSameOutput(@TempDir Path tmp) throws Exception {
    SharedSpark.get();
    Path eight = SharedSpark.cleanMiniSample(tmp.resolve("pool"), 1, 8);
    Files.copy(SharedSpark.resource("bad-input/mixed.jsonl"), eight.resolve("mixed.jsonl")); // some quarantine
    Path killed = tmp.resolve("killed");
    java.util.function.Function<Path, String[]> featurize = work -> new String[] {"featurize", "--set",
        "input.pool=" + eight, "--set", "work.dir=" + work, "--set", "featurize.partition_bytes=150000", "--set",
        "featurize.checkpoint_bytes=150000", "--set", "input.metadata_fields=source"};
    Path records = killed.resolve("_resume/featurize-pool/_checkpoints");
    Process child = ChildJvm.start(tmp.resolve("child.log"), featurize.apply(killed));
    try {
      // kill it once two checkpoints are recorded: each is a Spark job of its own, the rest take seconds
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
      while (child.isAlive() && System.nanoTime() < deadline && !Files.exists(records.resolve("checkpoint-00001.json"))) {
        Thread.sleep(20);
      }
      assertTrue(child.isAlive(), "the run was still going: " + Files.readString(tmp.resolve("child.log")));
      child.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
    } finally {
      child.destroyForcibly();
    }
    assertFalse(Files.exists(killed.resolve("features/_MANIFEST.json")), "killed before featurize published");

    WinnowCliTest.Result resumed = WinnowCliTest.run(concat(featurize.apply(killed), "--break-lock"));
    assertEquals(0, resumed.code, resumed.err);
    Matcher m = Pattern.compile("resumed: (\\d+) of (\\d+) checkpoints").matcher(resumed.out);
    assertTrue(m.find(), resumed.out);
    int done = Integer.parseInt(m.group(1));
    int all = Integer.parseInt(m.group(2));
    assertTrue(done >= 2 && done < all, resumed.out);
    assertFalse(Files.exists(killed.resolve("_resume")), "the resumable staging goes once published");

    Path clean = tmp.resolve("clean");
    WinnowCliTest.Result uninterrupted = WinnowCliTest.run(featurize.apply(clean));
    assertEquals(0, uninterrupted.code, uninterrupted.err);
    assertFalse(uninterrupted.out.contains("resumed:"), uninterrupted.out);
    SparkSession spark = SharedSpark.get();
    // set operations take no map column: the metadata as its sorted entries
    Dataset<Row> a = spark.read().parquet(clean.resolve("features").toString())
        .withColumn("meta", org.apache.spark.sql.functions.expr("array_sort(map_entries(meta))"));
    Dataset<Row> b = spark.read().parquet(killed.resolve("features").toString())
        .withColumn("meta", org.apache.spark.sql.functions.expr("array_sort(map_entries(meta))"));
    assertEquals(a.count(), b.count());
    assertEquals(0, a.exceptAll(b).count(), "rows of an uninterrupted run missing after the resume");
    assertEquals(0, b.exceptAll(a).count(), "rows after the resume that an uninterrupted run has not");
    assertEquals(quarantineLines(clean), quarantineLines(killed));
    StageManifest<FeaturesManifest> ma = features(clean);
    StageManifest<FeaturesManifest> mb = features(killed);
    assertEquals(ma.header().fingerprint(), mb.header().fingerprint());
    FeaturesManifest.Totals ta = ma.body().totals();
    FeaturesManifest.Totals tb = mb.body().totals();
    assertEquals(List.of(ta.records(), ta.docs(), ta.quarantined(), ta.rejected(), ta.files()),
        List.of(tb.records(), tb.docs(), tb.quarantined(), tb.rejected(), tb.files()));
    assertEquals(ma.body().inputs(), mb.body().inputs());
    // the n-gram counts importance fits on: the resumed checkpoints' tasks' and the rerun's, summed
    assertArrayEquals(Files.readAllBytes(clean.resolve("features").resolve(NgramCountFiles.FILE)),
        Files.readAllBytes(killed.resolve("features").resolve(NgramCountFiles.FILE)));
  }

  private static String[] concat(String[] a, String b) {
    return WinnowCliTest.concat(a, new String[] {b});
  }

  /** Every quarantine line of a work directory, sorted. */
  private static StageManifest<FeaturesManifest> features(Path work) throws IOException {
    return StageManifest.of(StageManifest.JSON.readTree(work.resolve("features/_MANIFEST.json").toFile()),
        FeaturesManifest.class);
  }

  private static List<String> quarantineLines(Path work) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(work.resolve("quarantine"))) {
      for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).toList()) {
        lines.addAll(Files.readAllLines(f));
      }
    }
    java.util.Collections.sort(lines);
    assertFalse(lines.isEmpty());
    return lines;
  }
}
