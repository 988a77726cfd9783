package dev.winnow.jobs.featurize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tasks' sorted id hash files and the driver's merge over them (real files, the local file system). */
class IdHashesTest {
  @TempDir java.nio.file.Path dir;

  private FileSystem fs() throws IOException {
    return FileSystem.getLocal(new Configuration());
  }

  /** A task's file, written by the collector as a task writes it. */
  private Path task(String name, String... ids) throws IOException {
    IdHashes.Collector c = new IdHashes.Collector();
    for (String id : ids) {
      c.add(id);
    }
    Path p = new Path(dir.resolve(name).toString());
    try (OutputStream out = Files.newOutputStream(dir.resolve(name))) {
      c.write(out);
    }
    return p;
  }

  @Test
  void aRepeatInAnotherTaskOrInTheSameTaskIsFoundAndDistinctIdsAreNot() throws IOException {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 5000; i++) { // past the collector's first array: it grows
      many.add("doc-" + i);
    }
    Path a = task("a.ids", many.toArray(new String[0]));
    Path b = task("b.ids", "x", "y", "z");
    Path empty = task("empty.ids");
    assertEquals(5000L * Long.BYTES, Files.size(dir.resolve("a.ids")));
    assertFalse(IdHashes.anyRepeated(fs(), List.of(a, b, empty)));
    assertTrue(IdHashes.anyRepeated(fs(), List.of(a, b, task("c.ids", "q", "doc-4321"))), "across tasks");
    assertTrue(IdHashes.anyRepeated(fs(), List.of(b, task("d.ids", "r", "s", "r"))), "within one task");
    assertFalse(IdHashes.anyRepeated(fs(), List.of()));
  }

  @Test
  void aDamagedFileIsRefusedByName() throws IOException {
    Path good = task("good.ids", "a", "b");
    Files.write(dir.resolve("short.ids"), new byte[12]);
    IOException e = assertThrows(IOException.class,
        () -> IdHashes.anyRepeated(fs(), List.of(good, new Path(dir.resolve("short.ids").toString()))));
    assertTrue(e.getMessage().contains("short.ids") && e.getMessage().contains("rerun featurize"), e.getMessage());
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve("unsorted.ids")))) {
      out.writeLong(5);
      out.writeLong(3);
    }
    e = assertThrows(IOException.class,
        () -> IdHashes.anyRepeated(fs(), List.of(new Path(dir.resolve("unsorted.ids").toString()))));
    assertTrue(e.getMessage().contains("unsorted.ids") && e.getMessage().contains("not sorted"), e.getMessage());
  }
}
