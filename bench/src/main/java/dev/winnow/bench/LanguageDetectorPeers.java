package dev.winnow.bench;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import dev.winnow.common.lang.LanguageId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Winnow's language detector (optimaize, {@link LanguageId}) against Lingua, the other pure-JVM
 * detector that resolves here (low-accuracy mode, all languages), on clean_mini's pool in one
 * JVM, alternating, on the same first 1,000 characters of each document: time per document per
 * round, and how often they agree, on the Europarl passages and over all.
 *
 * <p>Usage: {@code LanguageDetectorPeers POOL_JSONL_GZ [ROUNDS]}.
 */
public final class LanguageDetectorPeers {
  private LanguageDetectorPeers() {}

  /** Each line's source and text. */
  private static List<String[]> read(Path pool) throws IOException {
    List<String[]> docs = new java.util.ArrayList<>();
    com.fasterxml.jackson.core.JsonFactory json = new com.fasterxml.jackson.core.JsonFactory();
    try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(
        new java.util.zip.GZIPInputStream(java.nio.file.Files.newInputStream(pool)),
        java.nio.charset.StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] d = new String[2];
        try (com.fasterxml.jackson.core.JsonParser p = json.createParser(line)) {
          p.nextToken();
          while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (name.equals("source")) {
              d[0] = p.getText();
            } else if (name.equals("text")) {
              d[1] = p.getText();
            } else {
              p.skipChildren();
            }
          }
        }
        docs.add(d);
      }
    }
    return docs;
  }

  public static void main(String[] args) throws IOException {
    List<String[]> docs = read(Path.of(args[0])); // {source, text}
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    LanguageDetector lingua = LanguageDetectorBuilder.fromAllLanguages().withLowAccuracyMode()
        .withPreloadedLanguageModels().build();
    LanguageId.detect("warm up: load the profiles before timing anything at all");
    String[] ours = new String[docs.size()];
    String[] theirs = new String[docs.size()];
    for (int r = 1; r <= rounds; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < docs.size(); i++) {
        ours[i] = LanguageId.detect(docs.get(i)[1]).lang();
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < docs.size(); i++) {
        String t = docs.get(i)[1];
        Language l = lingua.detectLanguageOf(t.length() > LanguageId.MAX_CHARS ? t.substring(0, LanguageId.MAX_CHARS) : t);
        theirs[i] = l == Language.UNKNOWN ? LanguageId.UNKNOWN : l.getIsoCode639_1().toString().toLowerCase(java.util.Locale.ROOT);
      }
      long t2 = System.nanoTime();
      System.out.printf("round %d: optimaize %.0f us/doc, lingua %.0f us/doc%n", r, (t1 - t0) / 1e3 / docs.size(),
          (t2 - t1) / 1e3 / docs.size());
    }
    int europarl = 0;
    int europarlAgree = 0;
    int agree = 0;
    Map<String, Integer> langs = new TreeMap<>();
    for (int i = 0; i < docs.size(); i++) {
      boolean same = ours[i].equals(theirs[i]);
      agree += same ? 1 : 0;
      if (docs.get(i)[0].equals("europarl")) {
        europarl++;
        europarlAgree += same ? 1 : 0;
        langs.merge(ours[i], 1, Integer::sum);
      }
    }
    System.out.printf("agree on %d of %d Europarl passages, %d of %d documents; Europarl by optimaize: %s%n",
        europarlAgree, europarl, agree, docs.size(), langs);
  }
}
