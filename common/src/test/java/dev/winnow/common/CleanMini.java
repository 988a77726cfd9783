package dev.winnow.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/** clean_mini's pool (src-test-resources/corpora/clean_mini) for tests: each passage's id and text. */
public final class CleanMini {
  private CleanMini() {}

  /** id to text, in file order. */
  public static Map<String, String> pool() throws IOException {
    Map<String, String> texts = new LinkedHashMap<>();
    JsonFactory json = new JsonFactory();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Objects.requireNonNull(
        CleanMini.class.getResourceAsStream("/corpora/clean_mini/pool.jsonl.gz"))), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String id = null;
        String text = null;
        try (JsonParser p = json.createParser(line)) {
          p.nextToken();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (name.equals("id")) {
              id = p.getText();
            } else if (name.equals("text")) {
              text = p.getText();
            } else {
              p.skipChildren();
            }
          }
        }
        texts.put(id, text);
      }
    }
    return texts;
  }
}
