package dev.winnow.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.jobs.ChildJvm;
import dev.winnow.jobs.SharedSpark;
import dev.winnow.jobs.io.WorkDirLock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI in-process: exit codes and messages a scheduler and a person rely on. */
class WinnowCliTest {
  @BeforeAll
  static void spark() {
    SharedSpark.get(); // the CLI's getOrCreate() picks up the test session
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  static final class Result {
    int code;
    String out;
    String err;
  }

  static Result run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Result r = new Result();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      r.code = WinnowCli.execute(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    r.out = out.toString(StandardCharsets.UTF_8);
    r.err = err.toString(StandardCharsets.UTF_8);
    return r;
  }

  @Test
  void runWithAConfigFileAndOverridesSucceedsAndSaysWhereTheOutputIs(@TempDir Path tmp) throws IOException {
    Path conf = tmp.resolve("w.properties");
    Files.writeString(conf, "input.pool = " + SharedSpark.resource("bad-input/mixed.jsonl") + "\nwork.dir = "
        + tmp.resolve("work") + "\n");
    Result r = run("run", "--config", conf.toString(), "--set", "featurize.hash=dsir");
    assertEquals(0, r.code, r.err);
    assertTrue(r.out.contains("31 records: 18 documents, 13 quarantined"), r.out);
    assertTrue(r.out.contains(tmp.resolve("work/features").toString()), r.out);
    assertTrue(Files.exists(tmp.resolve("work/features/_MANIFEST.json")));
    assertTrue(Files.readString(tmp.resolve("work/features/_MANIFEST.json")).contains("\"featurize.hash\" : \"dsir\""));
  }

  @Test
  void runWithATargetWeightsThePoolAndKlReductionMeasuresASelection(@TempDir Path tmp) throws IOException {
    Path work = tmp.resolve("work");
    String[] common = {"--set", "input.pool=" + SharedSpark.resource("bad-input/mixed.jsonl"), "--set",
        "input.target=" + SharedSpark.resource("bad-input/good.jsonl.zst"), "--set", "work.dir=" + work};
    Result r = run(concat(new String[] {"run", "--set", "cluster.k=3", "--set", "select.budget=5", "--set",
        "select.quality_rules=none", "--set", "select.drop_too_short=false"}, common));
    assertEquals(0, r.code, r.err);
    assertTrue(r.out.contains("featurize target: 1 files, 10 records: 10 documents"), r.out);
    assertTrue(r.out.contains("importance: 18 documents weighted"), r.out);
    assertTrue(r.out.contains("cluster: 18 documents in 3 clusters"), r.out);
    assertTrue(r.out.contains("dedup: 18 docs"), r.out);
    assertTrue(r.out.contains("select: 5 of 18 documents kept"), r.out);
    assertTrue(Files.exists(work.resolve("selection/report.html")));
    Result report = run(concat(new String[] {"report"}, common));
    assertEquals(0, report.code, report.err);
    assertTrue(report.out.contains("select: 5 of 18 documents kept") && report.out.contains("report.html"), report.out);
    Result none = run("report", "--set", "input.pool=x", "--set", "work.dir=" + tmp.resolve("empty"));
    assertEquals(WinnowCli.EXIT_INPUT, none.code);
    assertTrue(none.err.contains("run select first"), none.err);
    assertTrue(Files.exists(work.resolve("weights/_model/mixed/model.json")));

    Path selection = Files.writeString(tmp.resolve("chosen.txt"), "12345\n");
    Result kl = run(concat(new String[] {"kl-reduction", "--selection", selection.toString()}, common));
    assertEquals(0, kl.code, kl.err);
    assertTrue(kl.out.contains("selected_docs = 1") && kl.out.contains("kl_reduction = "), kl.out);
  }

  @Test
  void aDsirStyleRunSkipsClusterAndDedupAndKeepsTheTopWeights(@TempDir Path tmp) throws IOException {
    Path work = tmp.resolve("work");
    String[] common = {"--set", "input.pool=" + SharedSpark.resource("corpora/clean_mini/pool.jsonl.gz"), "--set",
        "input.target=" + SharedSpark.resource("corpora/clean_mini/target.jsonl.gz"), "--set", "work.dir=" + work,
        "--set", "cluster.k=1", "--set", "select.quality_rules=none", "--set", "select.drop_duplicates=false"};
    Result r = run(concat(new String[] {"run", "--set", "select.budget=150", "--set", "select.score=log_w", "--set",
        "select.drop_too_short=false"}, common));
    assertEquals(0, r.code, r.err);
    assertTrue(r.out.contains("cluster: skipped, cluster.k = 1"), r.out);
    assertTrue(r.out.contains("dedup: skipped, select.drop_duplicates = false"), r.out);
    assertTrue(r.out.contains("select: 150 of 3000 documents kept"), r.out);
    assertFalse(Files.exists(work.resolve("clusters")) || Files.exists(work.resolve("dedup")));
    // DSIR's top-k: the 150 highest log importance weights of the whole pool, counted here from weights/
    SparkSession spark = SharedSpark.get();
    List<String> top = spark.read().parquet(work.resolve("weights").toString()).orderBy(
        org.apache.spark.sql.functions.col("log_w").desc()).limit(150).select("doc_id").as(Encoders.STRING())
        .collectAsList();
    List<String> kept = spark.read().parquet(work.resolve("selection/ledger").toString()).filter("kept")
        .select("doc_id").as(Encoders.STRING()).collectAsList();
    assertEquals(new TreeSet<>(top), new TreeSet<>(kept));

    // the parts this run did not compute are refused by name where a later run would need them
    Result dedup = run(concat(new String[] {"dedup"}, common));
    assertEquals(WinnowCli.EXIT_INPUT, dedup.code, dedup.out + dedup.err);
    assertTrue(dedup.err.contains("no minhash") && dedup.err.contains("select.drop_duplicates = true"), dedup.err);
    // (the later --set wins)
    Result rules = run(concat(concat(new String[] {"select", "--set", "select.budget=150"}, common),
        new String[] {"--set", "select.quality_rules=gopher"}));
    assertEquals(WinnowCli.EXIT_INPUT, rules.code, rules.out + rules.err);
    assertTrue(rules.err.contains("no quality signals") && rules.err.contains("select.quality_rules = gopher"),
        rules.err);
  }

  @Test
  void outputFoldersWinnowDidNotWriteAreRefusedAndLeftAlone(@TempDir Path tmp) throws IOException {
    String pool = "input.pool=" + SharedSpark.resource("bad-input/good.jsonl.zst");
    for (String folder : List.of("features", "quarantine/featurize")) {
      Path work = tmp.resolve(folder.replace('/', '-'));
      Path mine = Files.writeString(Files.createDirectories(work.resolve(folder)).resolve("mine.txt"), "a user's file");
      Result r = run("featurize", "--set", pool, "--set", "work.dir=" + work);
      assertEquals(WinnowCli.EXIT_CONFIG, r.code, r.out + r.err);
      assertTrue(r.err.contains(work.resolve(folder).toString()) && r.err.contains("did not write"), r.err);
      assertTrue(Files.exists(mine), "the user's file is left where it was");
    }
    // Winnow's own outputs (features with a manifest, the quarantine its manifest names) are replaced
    Path work = tmp.resolve("ours");
    assertEquals(0, run("featurize", "--set", pool, "--set", "work.dir=" + work).code);
    Result again = run("featurize", "--force", "--set", pool, "--set", "work.dir=" + work);
    assertEquals(0, again.code, again.err);
  }

  @Test
  void textsLeftInUncompressedInputsAreReadBackAsStoredAndAChangedOrMissingInputIsAnInputError(@TempDir Path tmp)
      throws IOException {
    // clean_mini's pool as uncompressed JSONL: featurize.store_text = auto leaves its texts there
    Path pool = Files.createDirectories(tmp.resolve("pool")).resolve("pool.jsonl");
    try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(
        SharedSpark.resource("corpora/clean_mini/pool.jsonl.gz")))) {
      Files.copy(in, pool);
    }
    Map<String, String> original = new HashMap<>();
    for (String line : Files.readAllLines(pool)) {
      com.fasterxml.jackson.databind.JsonNode d = JSON.readTree(line);
      original.put(d.get("id").asText(), d.get("text").asText());
    }
    String[] settings = {"--set", "input.pool=" + pool, "--set",
        "input.target=" + SharedSpark.resource("corpora/clean_mini/target.jsonl.gz"), "--set", "cluster.k=2",
        "--set", "select.budget=150", "--set", "select.quality_rules=none", "--set", "select.drop_duplicates=false"};
    Path auto = tmp.resolve("auto");
    Path always = tmp.resolve("always");
    Result a = run(concat(concat(new String[] {"run"}, settings), new String[] {"--set", "work.dir=" + auto}));
    assertEquals(0, a.code, a.err);
    Result b = run(concat(concat(new String[] {"run"}, settings), new String[] {"--set", "work.dir=" + always,
        "--set", "featurize.store_text=always"}));
    assertEquals(0, b.code, b.err);
    SparkSession spark = SharedSpark.get();
    assertEquals(3000, spark.read().parquet(auto.resolve("features").toString()).filter("text is null").count());
    assertEquals(0, spark.read().parquet(always.resolve("features").toString()).filter("text is null").count());
    // the same selection, each kept text the input's, and the same cluster summaries (their top words)
    List<Row> kept = spark.read().parquet(auto.resolve("selection/data").toString()).orderBy("doc_id")
        .collectAsList();
    assertEquals(150, kept.size());
    for (Row r : kept) {
      assertEquals(original.get(r.getString(r.fieldIndex("doc_id"))), r.getString(r.fieldIndex("text")));
    }
    assertEquals(spark.read().parquet(always.resolve("selection/data").toString()).orderBy("doc_id")
        .collectAsList(), kept);
    assertEquals(JSON.readTree(always.resolve("clusters/_MANIFEST.json").toFile()).at("/body/summaries"),
        JSON.readTree(auto.resolve("clusters/_MANIFEST.json").toFile()).at("/body/summaries"));

    // the pool edited after featurize: every text's e an x (each line as long, and where it was)
    String[] select = concat(concat(new String[] {"select", "--force"}, settings),
        new String[] {"--set", "work.dir=" + auto});
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(pool));
    List<String> edited = new java.util.ArrayList<>();
    for (String line : lines) {
      int text = line.indexOf("\"text\": \"") + "\"text\": \"".length();
      int end = line.indexOf("\", \"domain\": ", text);
      edited.add(line.substring(0, text) + line.substring(text, end).replace('e', 'x') + line.substring(end));
    }
    Files.write(pool, edited);
    Result changed = run(select);
    assertEquals(WinnowCli.EXIT_INPUT, changed.code, changed.out + changed.err);
    String file = "the input file " + pool.toUri().toString().replace("file:///", "file:/") + ", line ";
    assertTrue(changed.err.contains(file) && changed.err.contains("changed since featurize")
        && changed.err.contains("and another text") && changed.err.contains("featurize.store_text = always"),
        changed.err);
    // reordered: no document begins where the features say one does
    java.util.Collections.reverse(lines);
    Files.write(pool, lines);
    Result moved = run(select);
    assertEquals(WinnowCli.EXIT_INPUT, moved.code, moved.out + moved.err);
    assertTrue(moved.err.contains(file) && moved.err.contains("no document begins there"), moved.err);
    // and gone
    Files.delete(pool);
    Result gone = run(select);
    assertEquals(WinnowCli.EXIT_INPUT, gone.code, gone.out + gone.err);
    assertTrue(gone.err.contains("is gone"), gone.err);
    // the features that store every text need no input
    Result stored = run(concat(concat(new String[] {"select", "--force"}, settings),
        new String[] {"--set", "work.dir=" + always}));
    assertEquals(0, stored.code, stored.err);
  }

  static String[] concat(String[] a, String[] b) {
    String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  @Test
  void configErrorsExitWithTwoAndNameTheKey(@TempDir Path tmp) {
    Result r = run("featurize", "--set", "input.pool=x.jsonl", "--set", "work.dir=" + tmp, "--set", "featurize.buckts=5");
    assertEquals(WinnowCli.EXIT_CONFIG, r.code);
    assertTrue(r.err.contains("featurize.buckts") && r.err.contains("featurize.buckets"), r.err);
    Result missing = run("featurize", "--config", tmp.resolve("none.properties").toString());
    assertEquals(WinnowCli.EXIT_CONFIG, missing.code);
    assertTrue(missing.err.contains("none.properties"), missing.err);
    assertEquals(WinnowCli.EXIT_CONFIG, run("no-such-command").code);
  }

  @Test
  void aWorkDirThatWouldWriteIntoOrOverTheInputIsRefusedBeforeAnyWrite(@TempDir Path tmp) throws IOException {
    Path input = Files.createDirectories(tmp.resolve("raw/2026"));
    Files.writeString(input.resolve("a.jsonl"), "{\"id\": \"1\", \"text\": \"x\"}\n");
    Files.createSymbolicLink(tmp.resolve("link"), input);
    String files = input.resolve("*.jsonl").toString();
    String[][] refused = { // input.pool, work.dir, the refusal
        {input.toString(), input.resolve("out").toString(), "is inside the input"},
        {input.toString(), input.toString(), "is inside the input"},
        {input.toString(), tmp.resolve("link/out").toString(), "is inside the input"}, // through a symbolic link
        {tmp.resolve("raw/20*").toString(), input.resolve("out").toString(), "is inside the input"},
        // not there yet, but the glob would read it as input once a stage wrote it
        {tmp.resolve("raw/20*").toString(), tmp.resolve("raw/2027").toString(), "is inside the input"},
        {files, input.toString(), "contains the input"},
        {files, tmp.resolve("raw").toString(), "contains the input"},
        {files, tmp.resolve("raw/../raw/./").toString(), "contains the input"},
        {files, "/", "is the root"},
        {files, "file:///", "is the root"},
        {files, " ", "work.dir"},
    };
    for (String[] r : refused) {
      Result res = run("run", "--set", "input.pool=" + r[0], "--set", "work.dir=" + r[1]);
      assertEquals(WinnowCli.EXIT_CONFIG, res.code, r[0] + " " + r[1] + ": " + res.err);
      assertTrue(res.err.contains(r[2]), r[1] + " should be refused with '" + r[2] + "': " + res.err);
      Result config = run("config", "--set", "input.pool=" + r[0], "--set", "work.dir=" + r[1]);
      assertEquals(WinnowCli.EXIT_CONFIG, config.code, "winnow config refuses it too: " + config.out);
    }
    try (var s = Files.walk(tmp)) {
      assertEquals(List.of("a.jsonl"), s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList(),
          "nothing was written");
    }
    // siblings: a name that starts like the input's, and a folder beside the files the glob cannot match
    for (Path work : List.of(tmp.resolve("raw-work"), input.resolve("work"))) {
      Result sibling = run("featurize", "--set", "input.pool=" + files, "--set", "work.dir=" + work);
      assertEquals(0, sibling.code, work + " is fine: " + sibling.err);
    }
  }

  @Test
  void inputErrorsExitWithThreeAndNameThePath(@TempDir Path tmp) {
    Result r = run("featurize", "--set", "input.pool=" + tmp.resolve("missing/*.jsonl"), "--set",
        "work.dir=" + tmp.resolve("work"));
    assertEquals(WinnowCli.EXIT_INPUT, r.code);
    assertTrue(r.err.contains("missing/*.jsonl"), r.err);
    // winnow config finds it before any Spark starts, the target's too
    Result config = run("config", "--set", "input.pool=" + tmp.resolve("missing/*.jsonl"), "--set",
        "work.dir=" + tmp.resolve("work"));
    assertEquals(WinnowCli.EXIT_INPUT, config.code, config.out);
    assertTrue(config.err.contains("missing/*.jsonl"), config.err);
    Result target = run("config", "--set", "input.pool=" + SharedSpark.resource("corpora/clean_mini/pool.jsonl.gz"),
        "--set", "input.target=" + tmp.resolve("target.jsonl"), "--set", "work.dir=" + tmp.resolve("work"));
    assertEquals(WinnowCli.EXIT_INPUT, target.code, target.out);
    assertTrue(target.err.contains(tmp.resolve("target.jsonl").toString()), target.err);
    Result fine = run("config", "--set", "input.pool=" + SharedSpark.resource("corpora/clean_mini/pool.jsonl.gz"),
        "--set", "work.dir=" + tmp.resolve("work"));
    assertEquals(0, fine.code, fine.err);
    assertTrue(fine.out.contains("input.pool: 1 files, 1152001 bytes"), fine.out);
  }

  @Test
  void aSecondRunOnALockedWorkDirectoryFailsFastAndTheFirstFinishes(@TempDir Path tmp) throws Exception {
    Path work = tmp.resolve("work");
    String[] args = {"featurize", "--set", "input.pool=" + SharedSpark.resource("corpora/clean_mini/pool.jsonl.gz"),
        "--set", "work.dir=" + work};
    Process first = ChildJvm.start(tmp.resolve("first.log"), args);
    try {
      Path lock = work.resolve(WorkDirLock.FILE);
      // the first run takes the lock once its Spark session is up: wait for it (or for the process to end)
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(180);
      while (!Files.exists(lock) && first.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertTrue(Files.exists(lock), "the first run took the lock: " + Files.readString(tmp.resolve("first.log")));
      Result second = run(args);
      assertEquals(WinnowCli.EXIT_LOCKED, second.code, second.err);
      assertTrue(second.err.contains("pid " + first.pid()), second.err);
      assertTrue(second.err.contains("still running on this host"), second.err);
      // --break-lock never kills a live run: refused, and the first run goes on to publish
      Result breaking = run(concat(args, new String[] {"--break-lock"}));
      assertEquals(WinnowCli.EXIT_LOCKED, breaking.code, breaking.err);
      assertTrue(breaking.err.contains("--break-lock never removes a live run's lock"), breaking.err);
      assertEquals(0, first.waitFor(), Files.readString(tmp.resolve("first.log")));
    } finally {
      first.destroyForcibly();
    }
    assertTrue(Files.exists(work.resolve("features/_MANIFEST.json")), "the first run published");
    assertTrue(Files.notExists(work.resolve(WorkDirLock.FILE)), "and released the lock");
  }

  @Test
  void aLockOfAnotherHostIsRefusedWhileItsLeaseIsFreshAndTakenOverOnceItLapses(@TempDir Path tmp)
      throws IOException {
    Path work = Files.createDirectories(tmp.resolve("work"));
    Path lock = work.resolve(WorkDirLock.FILE);
    Files.writeString(lock, "{\"command\": \"run\", \"pid\": 99999999, \"host\": \"gone\"}");
    String[] args = {"featurize", "--set", "input.pool=" + SharedSpark.resource("bad-input/mixed.jsonl"), "--set",
        "work.dir=" + work};
    Result locked = run(concat(args, new String[] {"--break-lock"}));
    assertEquals(WinnowCli.EXIT_LOCKED, locked.code);
    assertTrue(locked.err.contains("pid 99999999 on gone"), locked.err);
    assertTrue(locked.err.contains("wait for the lease to lapse"), locked.err);
    Files.setLastModifiedTime(lock, java.nio.file.attribute.FileTime.fromMillis(
        System.currentTimeMillis() - (WorkDirLock.LEASE_SECONDS + 60) * 1000));
    Result taken = run(args);
    assertEquals(0, taken.code, taken.err);
    assertTrue(taken.err.contains("took over the lock of"), taken.err);
    assertTrue(Files.notExists(lock));
  }

  /**
   * A file edited in place keeping its size and modification time: input.fingerprint=content sees
   * the edit and featurizes again; the default (stat) does not, as documented.
   */
  @Test
  void aContentFingerprintSeesAnInPlaceEditThatKeepsSizeAndTime(@TempDir Path tmp) throws IOException {
    Path pool = tmp.resolve("pool.jsonl");
    Files.copy(SharedSpark.resource("bad-input/mixed.jsonl"), pool);
    for (String mode : List.of("content", "stat")) {
      String[] args = {"featurize", "--set", "input.pool=" + pool, "--set", "work.dir=" + tmp.resolve(mode), "--set",
          "input.fingerprint=" + mode};
      assertEquals(0, run(args).code);
      java.nio.file.attribute.FileTime time = Files.getLastModifiedTime(pool);
      byte[] bytes = Files.readAllBytes(pool);
      int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("\"text\": \"") + 9; // the first text's first byte
      bytes[at] = (byte) (bytes[at] == 'x' ? 'y' : 'x');
      Files.write(pool, bytes);
      Files.setLastModifiedTime(pool, time);
      Result again = run(args);
      assertEquals(0, again.code, again.err);
      assertEquals(mode.equals("stat"), again.out.contains("featurize pool: up to date, skipped"), mode + ": " + again.out);
    }
  }

  /**
   * Progress lines of a whole run: featurize's records are counted while its only task is still
   * running (before, only finished tasks' records counted), and within each stage the tasks done
   * never go backwards, although its Spark stages come and go (before, the count was of the
   * running Spark stages only and fell back to 0 with each new one).
   */
  @Test
  void progressLinesCountRecordsAsTheyAreReadAndNeverGoBackwards(@TempDir Path tmp) throws Exception {
    Path log = tmp.resolve("child.log");
    Process child = ChildJvm.start(log, List.of("-Dwinnow.progress.seconds=1", "-Dspark.executor.heartbeatInterval=500ms"),
        "run", "--config", Path.of(System.getProperty("winnow.repo.root", "..")).resolve("conf/local.properties")
            .toString(), "--set", "input.pool=" + SharedSpark.resource("corpora/clean_mini/pool.jsonl.gz"), "--set",
        "input.target=" + SharedSpark.resource("corpora/clean_mini/target.jsonl.gz"), "--set",
        "work.dir=" + tmp.resolve("work"));
    assertEquals(0, child.waitFor(), Files.readString(log));
    List<String> lines = Files.readAllLines(log).stream().filter(l -> l.startsWith("progress: ")).toList();
    assertTrue(lines.stream().anyMatch(l -> l.matches("progress: featurize pool: .*, 0 of 1 featurize tasks done, "
        + "[1-9][0-9,]* records read")), String.join("\n", lines));
    java.util.Map<String, Long> last = new java.util.HashMap<>();
    java.util.regex.Pattern done = java.util.regex.Pattern.compile("progress: ([a-z ]+): [0-9]+ s, ([0-9,]+) (of [0-9]+ featurize )?tasks done.*");
    int checked = 0;
    for (String l : lines) {
      java.util.regex.Matcher m = done.matcher(l);
      assertTrue(m.matches(), l);
      long n = Long.parseLong(m.group(2).replace(",", ""));
      assertTrue(n >= last.getOrDefault(m.group(1), 0L), "went backwards: " + l + "\n" + String.join("\n", lines));
      last.put(m.group(1), n);
      checked++;
    }
    assertTrue(checked > 10 && last.containsKey("select") && last.containsKey("cluster"), String.join("\n", lines));
  }

  @Test
  void featurizeEstimatesTheTimeLeftFromTheShareOfTasksDone() {
    assertEquals("0 of 8 featurize tasks done", Progress.featurizeTasks(8, 0, 5));
    assertEquals("2 of 8 featurize tasks done, about 30 s left", Progress.featurizeTasks(8, 2, 10));
    assertEquals("8 of 8 featurize tasks done", Progress.featurizeTasks(8, 9, 40));
  }

  @Test
  void configExplainListsEveryKeyWithTheGivenValue() {
    Result r = run("config", "--explain", "--set", "input.pool=a.jsonl", "--set", "work.dir=w", "--set",
        "select.budget=150");
    assertEquals(0, r.code, r.err);
    for (dev.winnow.common.config.ConfigKey<?> k : dev.winnow.common.config.WinnowConfig.keys()) {
      assertTrue(r.out.contains(k.name() + "\n"), k.name());
    }
    assertTrue(r.out.contains("select.budget\n    default: (empty)    value: 150    stage: select\n"), r.out);
    assertTrue(r.out.contains("work.dir\n    default: (required)    value: w    stage: execution\n"), r.out);
    Result bad = run("config", "--set", "input.pool=a.jsonl", "--set", "work.dir=w", "--set", "select.tau=-1");
    assertEquals(WinnowCli.EXIT_CONFIG, bad.code);
  }
}
