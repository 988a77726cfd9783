package dev.winnow.common.quality;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/QUALITY.md must list every signal and every rule (bit, default, test, source) as the code has them. */
class QualityDocTest {
  static String signalRow(QualitySignal q) {
    return "| `" + q.column() + "` | " + q.meaning() + " |";
  }

  static String ruleRow(QualityRule r) {
    return "| " + r.ordinal() + " | `" + r.ruleName() + "` | " + r.defaultThreshold() + " | " + r.describe() + " |";
  }

  @Test
  void everySignalAndRuleIsDocumentedAsTheCodeDefinesIt() throws IOException {
    Path root = Path.of(System.getProperty("winnow.repo.root", ".."));
    String doc = Files.readString(root.resolve("docs/QUALITY.md"));
    for (QualitySignal q : QualitySignal.values()) {
      assertTrue(doc.contains(signalRow(q)), "docs/QUALITY.md lacks or differs for: " + signalRow(q));
    }
    for (QualityRule r : QualityRule.values()) {
      assertTrue(doc.contains(ruleRow(r)), "docs/QUALITY.md lacks or differs for: " + ruleRow(r));
    }
  }
}
