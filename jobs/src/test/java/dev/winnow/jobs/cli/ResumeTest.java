package dev.winnow.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.jobs.ChildJvm;
import dev.winnow.jobs.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
    Process child = ChildJvm.start(tmp.resolve("child.log"), args(killed));
    try {
      // kill it once importance is published and the cluster stage has staged its first files
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
      while (child.isAlive() && System.nanoTime() < deadline && !clusterStaging(killed)) {
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

  private static boolean clusterStaging(Path work) throws IOException {
    Path staging = work.resolve("_staging");
    if (!Files.isDirectory(staging)) {
      return false;
    }
    try (Stream<Path> s = Files.list(staging)) {
      return s.anyMatch(p -> p.getFileName().toString().startsWith("cluster-"));
    }
  }
}
