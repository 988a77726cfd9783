package dev.winnow.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/DESIGN.md's table of the published tables ("Stages and their data contracts") against
 * {@link Columns}: a column renamed, added or moved in the code and not in the docs (or the other
 * way round) fails here.
 */
class ColumnsDocTest {
  private static final Path DESIGN = Path.of(System.getProperty("winnow.repo.root", ".."), "docs", "DESIGN.md");

  /** The table's rows: table name to its columns, in order. */
  static Map<String, List<String>> documented() throws IOException {
    Map<String, List<String>> tables = new LinkedHashMap<>();
    Matcher row = Pattern.compile("(?m)^\\| ([a-z ]+) \\| [^|]+ \\| `([a-z_0-9, ]+)` \\|$")
        .matcher(Files.readString(DESIGN));
    while (row.find()) {
      tables.put(row.group(1), Arrays.asList(row.group(2).split(", ")));
    }
    return tables;
  }

  @Test
  void theDesignListsEachTablesColumnsAsTheCodeNamesThem() throws IOException {
    Map<String, List<String>> expected = new LinkedHashMap<>();
    expected.put("features", Columns.FEATURES);
    expected.put("weights", Columns.WEIGHTS);
    expected.put("clusters", Columns.CLUSTERS);
    expected.put("semantic duplicates", Columns.SEMANTIC_DUPLICATES);
    expected.put("dedup", Columns.DEDUP);
    expected.put("ledger", Columns.LEDGER);
    assertEquals(expected, documented());
  }
}
