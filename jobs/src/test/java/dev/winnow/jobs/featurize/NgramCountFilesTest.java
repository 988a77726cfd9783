package dev.winnow.jobs.featurize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.winnow.common.importance.NgramCounts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's sum of the featurize tasks' n-gram counts files: every task's counts added, the
 * documents a rewrite removed taken out; and nothing published when a task left no file (a
 * checkpoint an earlier Winnow committed, resumed), so that importance sums the features itself
 * rather than fit on a part of the corpus.
 */
class NgramCountFilesTest {
  private static final int BUCKETS = 16;

  @TempDir
  java.nio.file.Path dir;

  @Test
  void theTasksCountsLessTheRemovedArePublishedAndNothingWhenATaskLeftNoFile() throws IOException {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path counts = new Path(dir.resolve("counts").toUri());
    Path features = new Path(dir.resolve("features").toUri());
    fs.mkdirs(counts);
    fs.mkdirs(features);
    // task 0: two documents; task 1: one; task 2: one, which a rewrite later removed
    write(fs, counts, 0, new NgramCounts(BUCKETS).add(new int[] {1, 5}, new int[] {2, 3})
        .add(new int[] {5}, new int[] {1}));
    write(fs, counts, 1, new NgramCounts(BUCKETS).add(new int[] {1, 9}, new int[] {1, 4}));
    write(fs, counts, 2, new NgramCounts(BUCKETS).add(new int[] {9, 15}, new int[] {2, 7}));
    NgramCounts removed = new NgramCounts(BUCKETS).add(new int[] {9, 15}, new int[] {2, 7});

    NgramCountFiles.publish(fs, counts, 3, removed, features);
    NgramCounts published = NgramCountFiles.read(fs, features, BUCKETS);
    assertEquals(3, published.docs());
    assertEquals(3, published.count(1));
    assertEquals(4, published.count(5));
    assertEquals(4, published.count(9));
    assertEquals(0, published.count(15));
    assertEquals(11, published.total());

    // task 1's file missing: no sum of the other tasks' alone is published
    Files.delete(dir.resolve("features").resolve(NgramCountFiles.FILE));
    Files.delete(dir.resolve("counts").resolve(FeaturizeFiles.partName(1, NgramCountFiles.EXT)));
    NgramCountFiles.publish(fs, counts, 3, removed, features);
    assertFalse(Files.exists(dir.resolve("features").resolve(NgramCountFiles.FILE)));
    assertNull(NgramCountFiles.read(fs, features, BUCKETS));
  }

  private static void write(FileSystem fs, Path dir, int task, NgramCounts c) throws IOException {
    try (OutputStream out = fs.create(new Path(dir, FeaturizeFiles.partName(task, NgramCountFiles.EXT)), false)) {
      c.write(out);
    }
  }
}
