package dev.winnow.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.common.config.ConfigKey;
import dev.winnow.common.config.KeyOwner;
import dev.winnow.common.config.WinnowConfig;
import dev.winnow.common.featurize.TextFeatureSpec;
import dev.winnow.jobs.Pipeline;
import dev.winnow.jobs.SharedSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stage's fingerprint hashes the keys {@link Stage#configKeys} derives from the keys' owners:
 * a key the stage reads but does not hash would let a rerun reuse stale output. So every stage
 * runs here, with most options on, while {@link WinnowConfig#logReads} collects every key read
 * in the JVM (the driver's reads and the local-mode tasks'), and each stage's reads must be
 * among its keys, the execution keys, and for featurize the keys its spec is decided by.
 */
class StageKeysTest {
  static final SparkSession spark = SharedSpark.get();

  @Test
  void everyStageReadsOnlyKeysItsFingerprintHashes(@TempDir Path dir) throws IOException {
    Path pool = SharedSpark.cleanMiniSample(dir.resolve("pool"), 10, 2);
    WinnowConfig config = SharedSpark.config(dir.resolve("work"), "input.pool", pool.toString(),
        "input.target", SharedSpark.resource("corpora/clean_mini/target.jsonl.gz").toString(),
        "input.metadata_fields", "source,is_target", "featurize.tokenizer", "cl100k_base",
        "cluster.k_candidates", "2,4", "cluster.semantic_eps", "0.05", "select.budget", "60",
        "select.quota_basis", "both", "select.temperature", "1", "select.max_repetition", "2",
        "select.min_per_cluster", "1", "select.min_tokens", "5", "select.max_tokens", "100000",
        "select.languages", "en,de", "select.partition_by", "lang", "select.label_field", "is_target",
        "select.shuffle", "true", "select.materialize_copies", "true", "select.output_format", "jsonl.gz");
    Map<Stage, Set<String>> unhashed = new EnumMap<>(Stage.class);
    for (Stage stage : Stage.values()) {
      assertEquals(null, stage.skipReason(config), stage + " runs with this config");
      Set<String> read = ConcurrentHashMap.newKeySet();
      WinnowConfig.logReads(read);
      try {
        Pipeline.job(stage).run(spark, config);
      } finally {
        WinnowConfig.logReads(null);
      }
      Set<String> allowed = new TreeSet<>(names(stage.configKeys()));
      allowed.addAll(names(WinnowConfig.keysOwnedBy(Set.of(KeyOwner.EXECUTION))));
      if (stage == Stage.FEATURIZE_POOL || stage == Stage.FEATURIZE_TARGET) {
        allowed.addAll(names(TextFeatureSpec.DECIDED_BY));
      }
      assertTrue(read.contains(WinnowConfig.WORK_DIR.name()), stage + " read " + read); // the log works
      Set<String> extra = new TreeSet<>(read);
      extra.removeAll(allowed);
      if (!extra.isEmpty()) {
        unhashed.put(stage, extra);
      }
    }
    assertEquals(Map.of(), unhashed, "keys a stage reads that its fingerprint does not hash");
  }

  @Test
  void stagesHashTheirOwnKeysAndEveryEarlierStagesTheyRead() {
    // dedup reads the pool's features only: featurize's keys and its own, none of cluster's
    Set<String> dedup = names(Stage.DEDUP.configKeys());
    assertTrue(dedup.containsAll(Set.of("featurize.buckets", "input.pool", "dedup.threshold")), dedup.toString());
    assertTrue(dedup.stream().noneMatch(k -> k.startsWith("cluster.") || k.startsWith("select.")), dedup.toString());
    // select reads every stage: every key but the execution settings
    Set<String> select = names(Stage.SELECT.configKeys());
    Set<String> all = names(WinnowConfig.keys());
    all.removeAll(names(WinnowConfig.keysOwnedBy(Set.of(KeyOwner.EXECUTION))));
    assertEquals(all, select);
    assertTrue(!select.contains("work.dir") && !select.contains("featurize.partition_bytes"));
  }

  private static Set<String> names(List<ConfigKey<?>> keys) {
    Set<String> s = new TreeSet<>();
    keys.forEach(k -> s.add(k.name()));
    return s;
  }
}
