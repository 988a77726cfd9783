package dev.winnow.common.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/CONFIG.md must list every key with its default, owning stage and meaning as the code has them. */
class ConfigDocTest {
  @Test
  void everyKeyIsDocumentedAsTheCodeDefinesIt() throws IOException {
    Path root = Path.of(System.getProperty("winnow.repo.root", ".."));
    String doc = Files.readString(root.resolve("docs/CONFIG.md"));
    for (ConfigKey<?> k : WinnowConfig.keys()) {
      String def = k.defaultValue() == null ? "(required)"
          : k.defaultValue().isEmpty() ? "(empty)" : "`" + k.defaultValue() + "`";
      String row = "| `" + k.name() + "` | " + def + " | " + WinnowConfig.owner(k).label() + " | " + k.meaning() + " |";
      assertTrue(doc.contains(row), "docs/CONFIG.md lacks or differs for: " + row);
    }
    // and no row for a key the code does not have (a removed or renamed key)
    java.util.Set<String> known = new java.util.HashSet<>();
    WinnowConfig.keys().forEach(k -> known.add(k.name()));
    for (String line : doc.split("\n")) {
      if (line.startsWith("| `")) {
        String key = line.substring(3, line.indexOf('`', 3));
        assertTrue(known.contains(key), "docs/CONFIG.md documents " + key + ", which is no config key");
      }
    }
  }
}
