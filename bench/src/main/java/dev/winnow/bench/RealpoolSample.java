package dev.winnow.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Loads the texts of a realpool shard (../shared/corpora/realpool by default) for kernels. */
public final class RealpoolSample {
  private RealpoolSample() {}

  public static Path shard() {
    String dir = System.getProperty("winnow.realpool", "../shared/corpora/realpool");
    return Path.of(dir, "part-00000.jsonl.gz");
  }

  public static List<String> texts(Path file, int maxDocs) throws IOException {
    JsonFactory json = new JsonFactory();
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null && out.size() < maxDocs) {
        try (JsonParser p = json.createParser(line)) {
          while (p.nextToken() != null) {
            if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("text")) {
              p.nextToken();
              out.add(p.getText());
              break;
            }
          }
        }
      }
    }
    return out;
  }
}
