package dev.winnow.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.common.input.InputFormat;
import dev.winnow.common.text.HashingMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WinnowConfigTest {
  static final Map<String, String> MINIMAL = Map.of("input.pool", "a.jsonl, b/*.jsonl.gz", "work.dir", "out");

  @Test
  void defaultsAndTypedValues() {
    WinnowConfig c = WinnowConfig.of(MINIMAL);
    assertEquals(List.of("a.jsonl", "b/*.jsonl.gz"), c.get(WinnowConfig.INPUT_POOL));
    assertNull(c.get(WinnowConfig.INPUT_FORMAT), "auto");
    assertEquals(10000, c.get(WinnowConfig.BUCKETS));
    assertEquals(2, c.get(WinnowConfig.NGRAM_ORDER));
    assertEquals(HashingMode.FAST, c.get(WinnowConfig.HASHING));
  }

  @Test
  void fileThenOverrides(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("w.properties");
    Files.writeString(f, "# comment\ninput.pool = x.jsonl\nwork.dir=w\nfeaturize.hash = dsir\ninput.format=text-lines\n");
    WinnowConfig c = WinnowConfig.load(f, List.of("featurize.buckets=1_048_576"));
    assertEquals(HashingMode.DSIR, c.get(WinnowConfig.HASHING));
    assertEquals(1 << 20, c.get(WinnowConfig.BUCKETS));
    assertEquals(InputFormat.TEXT_LINES, c.get(WinnowConfig.INPUT_FORMAT));
  }

  @Test
  void refusesWithTheKeyNamed() {
    ConfigException unknown = assertThrows(ConfigException.class,
        () -> WinnowConfig.of(Map.of("input.pool", "a", "work.dir", "w", "featurize.bucket", "5")));
    assertTrue(unknown.getMessage().contains("'featurize.bucket'") && unknown.getMessage().contains("featurize.buckets"),
        unknown.getMessage());
    ConfigException missing = assertThrows(ConfigException.class, () -> WinnowConfig.of(Map.of("input.pool", "a")));
    assertTrue(missing.getMessage().contains("work.dir"), missing.getMessage());
    ConfigException tooMany = assertThrows(ConfigException.class,
        () -> WinnowConfig.of(Map.of("input.pool", "a", "work.dir", "w", "featurize.buckets", "2000000")));
    assertTrue(tooMany.getMessage().startsWith("featurize.buckets"), tooMany.getMessage());
    ConfigException notNumber = assertThrows(ConfigException.class,
        () -> WinnowConfig.of(Map.of("input.pool", "a", "work.dir", "w", "featurize.ngram_order", "two")));
    assertTrue(notNumber.getMessage().contains("featurize.ngram_order"), notNumber.getMessage());
    ConfigException mode = assertThrows(ConfigException.class,
        () -> WinnowConfig.of(Map.of("input.pool", "a", "work.dir", "w", "featurize.hash", "md5")));
    assertTrue(mode.getMessage().contains("featurize.hash"), mode.getMessage());
    ConfigException tokenizer = assertThrows(ConfigException.class,
        () -> WinnowConfig.of(Map.of("input.pool", "a", "work.dir", "w", "featurize.tokenizer", "gpt5")));
    assertTrue(tokenizer.getMessage().contains("featurize.tokenizer") && tokenizer.getMessage().contains("cl100k_base"),
        tokenizer.getMessage());
    assertThrows(ConfigException.class,
        () -> WinnowConfig.of(Map.of("input.pool", "a", "work.dir", "w", "cluster.semantic_eps", "0.9")));
    assertThrows(ConfigException.class, () -> WinnowConfig.load(Path.of("no/such/file.properties"), List.of()));
    assertThrows(ConfigException.class, () -> WinnowConfig.load(null, List.of("novalue")));
  }

  @Test
  void keysThatDependOnEachOtherAreCheckedTogether() {
    ConfigException count = assertThrows(ConfigException.class, () -> WinnowConfig.of(Map.of("input.pool", "a",
        "work.dir", "w", "input.target", "t1.jsonl,t2.jsonl", "importance.separate_targets", "true",
        "importance.target_proportions", "1,2,3")));
    assertTrue(count.getMessage().contains("3 values for the 2 targets"), count.getMessage());
    ConfigException alone = assertThrows(ConfigException.class, () -> WinnowConfig.of(Map.of("input.pool", "a",
        "work.dir", "w", "importance.separate_targets", "true")));
    assertTrue(alone.getMessage().contains("input.target"), alone.getMessage());
    assertEquals(List.of(1.0, 2.0), WinnowConfig.of(Map.of("input.pool", "a", "work.dir", "w", "input.target",
        "t1.jsonl,t2.jsonl", "importance.separate_targets", "true", "importance.target_proportions", "1, 2"))
        .get(WinnowConfig.TARGET_PROPORTIONS));
  }

  @Test
  void hashCoversOnlyTheNamedKeys() {
    WinnowConfig a = WinnowConfig.of(MINIMAL);
    WinnowConfig b = a.with(Map.of("work.dir", "elsewhere"));
    WinnowConfig c = a.with(Map.of("featurize.buckets", "20000"));
    List<ConfigKey<?>> keys = List.of(WinnowConfig.BUCKETS, WinnowConfig.NGRAM_ORDER);
    assertEquals(a.hashOf(keys), b.hashOf(keys));
    assertNotEquals(a.hashOf(keys), c.hashOf(keys));
  }

  @Test
  void everyKeyHasExactlyOneOwner() {
    int owned = 0;
    for (KeyOwner o : KeyOwner.values()) {
      List<ConfigKey<?>> keys = WinnowConfig.keysOwnedBy(java.util.Set.of(o));
      keys.forEach(k -> assertEquals(o, WinnowConfig.owner(k), k.name()));
      owned += keys.size();
    }
    assertEquals(WinnowConfig.keys().size(), owned);
    assertEquals(KeyOwner.SELECT, WinnowConfig.owner(WinnowConfig.SELECT_BUDGET));
    assertEquals(KeyOwner.FEATURIZE, WinnowConfig.owner(WinnowConfig.QUALITY_THRESHOLDS.values().iterator().next()));
  }

  @Test
  void choicesParseIntoTheirConstantsAndRefuseOtherWords() {
    WinnowConfig c = WinnowConfig.of(Map.of("input.pool", "a", "work.dir", "w", "select.output_format", "jsonl.gz",
        "select.score", "log_w", "select.budget_unit", "tokens"));
    assertEquals(Choices.OutputFormat.JSONL_GZ, c.get(WinnowConfig.SELECT_OUTPUT_FORMAT));
    assertEquals(Choices.Score.LOG_W, c.get(WinnowConfig.SELECT_SCORE));
    assertEquals(Choices.BudgetUnit.TOKENS, c.get(WinnowConfig.SELECT_BUDGET_UNIT));
    assertEquals("jsonl.gz", c.get(WinnowConfig.SELECT_OUTPUT_FORMAT).configName());
    ConfigException bad = assertThrows(ConfigException.class,
        () -> WinnowConfig.of(Map.of("input.pool", "a", "work.dir", "w", "select.score", "LOG_W")));
    assertEquals("select.score: 'LOG_W' is not one of log_w, mean, discounted", bad.getMessage());
  }
}
