package dev.winnow.jobs.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.common.input.InputException;
import dev.winnow.jobs.SharedSpark;
import dev.winnow.jobs.featurize.FeaturizeJob;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dedup on real passages with planted near duplicates (src-test-resources/dedup/near_dups.jsonl,
 * made by make_near_dups.py from clean_mini): boilerplate added, paragraphs re-wrapped, case and
 * spacing changed, exact copies and small edits are found; consecutive passages of one speech or
 * chapter and a passage's first half are not merged.
 */
class DedupJobTest {
  static final SparkSession spark = SharedSpark.get();
  @TempDir
  static Path dirs;
  static Path nearDups;
  static Path mixed;

  @BeforeAll
  static void featurize() throws IOException {
    nearDups = dirs.resolve("near-dups");
    FeaturizeJob.run(spark, SharedSpark.config(nearDups, "input.pool",
        SharedSpark.resource("dedup/near_dups.jsonl").toString()));
    // clean_mini with the planted variants: a real pool in which some groups exist
    mixed = dirs.resolve("mixed");
    FeaturizeJob.run(spark, SharedSpark.config(mixed, "input.pool",
        SharedSpark.resource("corpora/clean_mini/pool.jsonl.gz") + "," + SharedSpark.resource("dedup/near_dups.jsonl")));
  }

  static Map<String, Row> groups(Path work) {
    Map<String, Row> m = new TreeMap<>();
    for (Row r : spark.read().parquet(work.resolve("dedup").toString()).collectAsList()) {
      m.put(r.getString(r.fieldIndex("doc_id")), r);
    }
    return m;
  }

  @Test
  void plantedDuplicatesAreGroupedAndLookalikesAreNot() throws IOException {
    DedupManifest m = DedupJob.run(spark, SharedSpark.config(nearDups, "input.pool", "unused")).body();
    Map<String, Row> g = groups(nearDups);
    Map<String, String> expect = new HashMap<>();
    for (Row r : spark.read().json(SharedSpark.resource("dedup/near_dups.jsonl").toString()).collectAsList()) {
      expect.put(r.getString(r.fieldIndex("id")), r.getString(r.fieldIndex("expect")));
    }
    assertEquals(expect.keySet(), g.keySet());
    List<String> ids = new ArrayList<>(expect.keySet());
    for (String a : ids) {
      for (String b : ids) {
        boolean same = g.get(a).getString(1).equals(g.get(b).getString(1));
        assertEquals(expect.get(a).equals(expect.get(b)), same, a + " vs " + b);
      }
    }
    // the variants with only case/spacing changes or copied are exact duplicates of their representative
    assertTrue(g.get("variant/C-copy").getBoolean(g.get("variant/C-copy").fieldIndex("exact")));
    assertTrue(g.get("variant/C-case-and-spacing").getBoolean(4));
    assertFalse(g.get("variant/A-boilerplate-1").getBoolean(4));
    DedupManifest.Totals t = m.totals();
    assertEquals(13, t.docs());
    assertEquals(6, t.duplicates()); // 2 in A, 1 in B, 2 in C, 1 in D
    assertEquals(4, t.groupsWithDuplicates());
    assertTrue(t.exactDuplicates() >= 1, t.toString());
    assertEquals(t.duplicates(), t.exactDuplicates() + t.nearDuplicates());
    // the planted groups: B and D of two documents, A and C of three
    assertEquals(List.of(2L, 2L, 0L, 0L, 0L), List.copyOf(m.groupSizes().values()), m.groupSizes().toString());
    assertEquals(List.of("2", "3-5", "6-10", "11-100", "over_100"), List.copyOf(m.groupSizes().keySet()));
  }

  @Test
  void theRepresentativeFailsFewestRulesThenHasTheSmallestId() throws IOException {
    DedupJob.run(spark, SharedSpark.config(nearDups, "input.pool", "unused"));
    Map<String, Row> g = groups(nearDups);
    Map<String, Long> flags = new HashMap<>();
    for (Row r : spark.read().parquet(nearDups.resolve("features").toString()).select("doc_id", "quality_flags")
        .collectAsList()) {
      flags.put(r.getString(0), r.getLong(1));
    }
    Map<String, String> best = new HashMap<>();
    for (Row r : g.values()) {
      String id = r.getString(0);
      String group = r.getString(1);
      String cur = best.get(group);
      if (cur == null || Long.bitCount(flags.get(id)) < Long.bitCount(flags.get(cur))
          || (Long.bitCount(flags.get(id)) == Long.bitCount(flags.get(cur)) && id.compareTo(cur) < 0)) {
        best.put(group, id);
      }
    }
    for (Row r : g.values()) {
      assertEquals(best.get(r.getString(1)), r.getString(1), "group of " + r.getString(0));
      assertEquals(r.getString(0).equals(r.getString(1)), r.getBoolean(2));
    }
  }

  @Test
  void groupsDoNotDependOnThePartitioningNorOnWhereTheComponentsAreFound() throws IOException {
    Map<String, Row> reference = null;
    for (int n : new int[] {1, 16}) {
      Path work = SharedSpark.repartitionedFeatures(mixed, dirs.resolve("parts-" + n), n);
      // 1 partition: components by union-find on the driver; 16: by Spark's large/small-star rounds
      DedupManifest.Totals t = DedupJob.run(spark, SharedSpark.config(work, "input.pool", "unused",
          "dedup.driver_max_edges", n == 1 ? "1000000" : "0")).body().totals();
      assertTrue(t.groupsWithDuplicates() >= 4, t.toString());
      assertEquals(n == 1, t.componentsRounds() == 0, t.toString());
      Map<String, Row> g = groups(work);
      if (reference == null) {
        reference = g;
      } else {
        assertEquals(reference.keySet(), g.keySet());
        for (String id : g.keySet()) {
          assertEquals(reference.get(id), g.get(id), "partitions " + n + ", " + id);
        }
      }
    }
  }

  @Test
  void unionFindRootsEveryComponentAtItsSmallestNode() {
    List<Row> edges = List.of(RowFactory.create("d", "c"), RowFactory.create("c", "e"), RowFactory.create("e", "b"),
        RowFactory.create("y", "x"), RowFactory.create("z", "y"), RowFactory.create("b", "d"));
    Map<String, String> parents = new TreeMap<>();
    for (Row r : ConnectedComponents.parents(edges)) {
      assertEquals(null, parents.put(r.getString(0), r.getString(1)), "one row per node");
    }
    assertEquals(Map.of("c", "b", "d", "b", "e", "b", "y", "x", "z", "x"), parents);
  }

  @Test
  void aSmallBucketWindowStillChainsAGroupTogether() throws IOException {
    // with a window of 1 each member of a bucket meets only its predecessor: the planted groups still form
    Path work = SharedSpark.repartitionedFeatures(nearDups, dirs.resolve("window-1"), 2);
    DedupJob.run(spark, SharedSpark.config(work, "input.pool", "unused", "dedup.bucket_window", "1"));
    Map<String, Row> g = groups(work);
    assertEquals(g.get("variant/A-boilerplate-1").getString(1), g.get("variant/A-boilerplate-2").getString(1));
    assertEquals(g.get("variant/C-copy").getString(1), g.get("variant/C-case-and-spacing").getString(1));
  }

  @Test
  void withoutFeaturesItSaysWhatToRunFirst() {
    InputException e = assertThrows(InputException.class,
        () -> DedupJob.run(spark, SharedSpark.config(dirs.resolve("nothing"), "input.pool", "unused")));
    assertTrue(e.getMessage().contains("run featurize first"), e.getMessage());
  }

  @Test
  void aThresholdOfOneKeepsOnlyIdenticalSignatures() throws IOException {
    Path work = SharedSpark.repartitionedFeatures(nearDups, dirs.resolve("strict"), 3);
    DedupJob.run(spark, SharedSpark.config(work, "input.pool", "unused", "dedup.threshold", "1"));
    Map<String, Row> g = groups(work);
    // boilerplate changes the shingles: no longer merged; re-wrapping does not (words are the same)
    assertTrue(g.get("variant/A-boilerplate-1").getBoolean(2));
    assertEquals(g.get("variant/B-rewrapped").getString(1), g.get("sotu/1791_george_washington_n#1").getString(1));
  }
}
