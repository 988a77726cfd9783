package dev.winnow.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.common.input.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing input directories on the local file system: every real file once, links that lead nowhere named. */
class InputFilesTest {
  static List<String> names(Path dir) {
    return InputFiles.list(List.of(dir.toString()), null, new Configuration()).stream()
        .map(f -> dir.toUri().relativize(Path.of(java.net.URI.create(f.path.replace("file:/", "file:///"))).toUri())
            .toString())
        .toList();
  }

  @Test
  void aDirectoryLinkLoopAndASecondPathToAFileAreReadOnce(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("a.jsonl"), "{}\n");
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/b.jsonl"), "{}\n");
    Files.createSymbolicLink(dir.resolve("sub/loop"), dir);       // sub/loop -> the directory itself
    Files.createSymbolicLink(dir.resolve("c-link.jsonl"), dir.resolve("a.jsonl"));
    Files.writeString(dir.resolve("_SUCCESS"), "");
    assertEquals(List.of("a.jsonl", "sub/b.jsonl"), names(dir));
  }

  @Test
  void aLinkToNothingIsAnInputErrorNamingIt(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("a.jsonl"), "{}\n");
    Files.createSymbolicLink(dir.resolve("gone.jsonl"), dir.resolve("deleted.jsonl"));
    InputException e = assertThrows(InputException.class, () -> names(dir));
    assertTrue(e.getMessage().contains("gone.jsonl") && e.getMessage().contains("symbolic link to nothing"),
        e.getMessage());
  }
}
