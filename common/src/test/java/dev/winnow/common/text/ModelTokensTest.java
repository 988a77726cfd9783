package dev.winnow.common.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.knuddels.jtokkit.api.Encoding;
import dev.winnow.common.CleanMini;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Model token counts against OpenAI's own tiktoken: src-test-resources/tokens/tiktoken_counts.tsv
 * was made by tiktoken (its npm build; make_tiktoken_counts.js beside it says how) for every 20th
 * document of clean_mini and corner cases, in four encodings.
 */
class ModelTokensTest {
  private static final List<String> CORNER = List.of("", " ", "<|endoftext|> is text here", "naïve café — ünïcödé",
      "中文字符 和 日本語 テキスト", "emoji 🎉👍🏽 and \u200d joiners", "tabs\tand\nnewlines\r\n", "1234567890 3.14159 1e-10");

  private static Map<String, String> texts() throws IOException {
    Map<String, String> texts = new HashMap<>(CleanMini.pool());
    for (int i = 0; i < CORNER.size(); i++) {
      texts.put("corner-" + i, CORNER.get(i));
    }
    return texts;
  }

  @Test
  void countsAsTiktokenDoes() throws IOException {
    Map<String, String> texts = texts();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
        ModelTokensTest.class.getResourceAsStream("/tokens/tiktoken_counts.tsv")), StandardCharsets.UTF_8))) {
      String[] names = r.readLine().split("\t");
      Encoding[] encodings = new Encoding[names.length];
      for (int i = 1; i < names.length; i++) {
        encodings[i] = ModelTokens.encoding(names[i]);
      }
      int rows = 0;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] f = line.split("\t");
        String text = Objects.requireNonNull(texts.get(f[0]), f[0]);
        for (int i = 1; i < names.length; i++) {
          assertEquals(Integer.parseInt(f[i]), ModelTokens.count(encodings[i], text), f[0] + " in " + names[i]);
        }
        rows++;
      }
      assertEquals(158, rows, "150 documents of clean_mini and 8 corner cases");
    }
  }

  @Test
  void anUnknownTokenizerIsRefusedWithTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelTokens.encoding("gpt5"));
    assertEquals(true, e.getMessage().contains("cl100k_base"), e.getMessage());
  }
}
