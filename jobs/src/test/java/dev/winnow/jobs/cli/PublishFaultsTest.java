package dev.winnow.jobs.cli;

import static dev.winnow.jobs.cli.WinnowCliTest.concat;
import static dev.winnow.jobs.cli.WinnowCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.jobs.SharedSpark;
import dev.winnow.jobs.faults.FaultyFileSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage faults while a stage publishes (the work directory on {@link FaultyFileSystem}): a
 * failed rename, a failed move-aside of the previous output, a full disk while the manifest is
 * written. Each time the run fails naming what it could not do, the published selection is the
 * previous one byte for byte, and nothing is left in the work directory; a retry then publishes
 * exactly once.
 */
class PublishFaultsTest {
  @Test
  void aFailedPublishLeavesThePreviousOutputAndTheRetryPublishesOnce(@TempDir Path tmp) throws IOException {
    Path rules = tmp.resolve("rules");
    Configuration hadoop = SharedSpark.get().sparkContext().hadoopConfiguration();
    hadoop.set("fs." + FaultyFileSystem.SCHEME + ".impl", FaultyFileSystem.class.getName());
    hadoop.setBoolean("fs." + FaultyFileSystem.SCHEME + ".impl.disable.cache", true);
    hadoop.set(FaultyFileSystem.RULES, rules.toString());
    Path work = tmp.resolve("work");
    String[] common = {"--set", "input.pool=" + SharedSpark.resource("bad-input/mixed.jsonl"), "--set",
        "input.target=" + SharedSpark.resource("bad-input/good.jsonl.zst"), "--set",
        "work.dir=" + FaultyFileSystem.SCHEME + "://" + work, "--set", "cluster.k=3", "--set",
        "select.quality_rules=none", "--set", "select.drop_too_short=false"};
    WinnowCliTest.Result first = run(concat(new String[] {"run", "--set", "select.budget=5"}, common));
    assertEquals(0, first.code, first.err);
    Map<String, String> published = contents(work.resolve("selection"));
    assertTrue(published.containsKey("_MANIFEST.json"), published.keySet().toString());

    String staged = work + "/_staging/select-[^/]+/selection";
    String[][] faults = {
        {"rename always " + staged, "cannot publish"},
        {"rename always " + work + "/selection", "cannot move the previous"},
        {"create full " + staged + "/_MANIFEST.json", "No space left on device"},
    };
    for (String[] fault : faults) {
      Files.writeString(rules, fault[0] + "\n");
      WinnowCliTest.Result r = run(concat(new String[] {"select", "--set", "select.budget=6"}, common));
      assertEquals(WinnowCli.EXIT_FAILURE, r.code, fault[0] + "\n" + r.out);
      assertTrue(r.err.contains(fault[1]), fault[0] + " should fail with '" + fault[1] + "':\n" + r.err);
      assertEquals(published, contents(work.resolve("selection")), fault[0] + " changed the published selection");
      assertLeftNothing(work);
    }

    Files.delete(rules);
    WinnowCliTest.Result retry = run(concat(new String[] {"select", "--set", "select.budget=6"}, common));
    assertEquals(0, retry.code, retry.err);
    assertTrue(retry.out.contains("select: 6 of 18 documents kept"), retry.out);
    // the same files (the ledger's part name carries a write id), one manifest, one report
    assertEquals(published.keySet().stream().map(k -> k.replaceAll("-[0-9a-f-]{36}-", "-")).toList(),
        contents(work.resolve("selection")).keySet().stream().map(k -> k.replaceAll("-[0-9a-f-]{36}-", "-"))
            .toList());
    assertTrue(Files.readString(work.resolve("selection/_MANIFEST.json")).contains("\"kept_docs\" : 6"));
    assertLeftNothing(work);
  }

  /** No staging, checkpoint, trash or lock left behind. */
  static void assertLeftNothing(Path work) throws IOException {
    try (Stream<Path> s = Files.list(work)) {
      s.forEach(p -> assertFalse(p.getFileName().toString().startsWith("_"), "left behind: " + p));
    }
  }

  /** Every file under {@code dir} (relative name to SHA-256 of its bytes). */
  static Map<String, String> contents(Path dir) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        m.put(dir.relativize(p).toString(), sha256(Files.readAllBytes(p)));
      }
    }
    return m;
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

}
