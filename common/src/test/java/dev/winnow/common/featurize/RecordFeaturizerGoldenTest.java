package dev.winnow.common.featurize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.winnow.common.importance.FeaturizerSettings;
import dev.winnow.common.input.InputFormat;
import dev.winnow.common.input.RecordSource;
import dev.winnow.common.input.RecordSources;
import dev.winnow.common.quality.QualityRule;
import dev.winnow.common.text.HashingMode;
import dev.winnow.common.text.ModelTokens;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Every output of the featurizer (n-gram buckets in both hashing modes, token and byte counts,
 * text hash, the quality signals and flags, the MinHash signature) on clean_mini's 3,150 real
 * documents (eleven sources, nine European languages, Greek included) and on texts made to hit
 * the tokenizer's corner cases, pinned as SHA-256 digests of the values made before the
 * tokenization passes were fused into one (issue 16): the fused pass must change nothing.
 */
class RecordFeaturizerGoldenTest {
  /** Corner cases: final sigma and dotted capital I (whole-string lower-casing), marks, no-break and other spaces, surrogate pairs, case-only differences, no words, CRLF. */
  private static final List<String> EDGE = List.of(
      "ΟΔΥΣΣΕΥΣ ΚΑΙ ΟΔΥΣΣΕΑΣ ΣΟΦΟΣ", "İstanbul İSTANBUL istanbul", "Café café CAFÉ cafe\u0301 naïve",
      "a\u00a0b\u2003c\u3000d\u200be", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀😀 text 😀 𝟏𝟐𝟑", "The THE the tHe ThE", "... !!! ??? --- ***",
      "line one\r\nline two\r\n\r\nline two\r\n", "x", "_under_score_ snake_case __init__",
      "ǅemal ǅ ǈ ǋ titlecase", "ⅠⅡⅢ ⅰⅱⅲ roman", "word\u0300 combining\u0301marks", "١٢٣ arabic digits ٤٥٦",
      "中文字符 和 日本語 テキスト", "tab\tseparated\tvalues\tand\u000bvertical\u000cfeed");

  private static byte[] poolBytes() throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (String r : List.of("/corpora/clean_mini/pool.jsonl.gz", "/corpora/clean_mini/target.jsonl.gz")) {
      try (InputStream in = new GZIPInputStream(Objects.requireNonNull(
          RecordFeaturizerGoldenTest.class.getResourceAsStream(r), r))) {
        in.transferTo(all);
      }
    }
    for (int i = 0; i < EDGE.size(); i++) {
      String json = "{\"id\": \"edge-" + i + "\", \"text\": \"" + EDGE.get(i).replace("\\", "\\\\").replace("\"", "\\\"")
          .replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t").replace("\u000b", "\\u000b")
          .replace("\u000c", "\\f") + "\"}\n";
      all.writeBytes(json.getBytes(StandardCharsets.UTF_8));
    }
    return all.toByteArray();
  }

  /** Digests of ngrams, quality and minhash over every document, in input order. */
  private static String[] digests(HashingMode mode) throws Exception {
    byte[] bytes = poolBytes();
    double[] thresholds = new double[QualityRule.values().length];
    for (QualityRule r : QualityRule.values()) {
      thresholds[r.ordinal()] = Double.parseDouble(r.defaultThreshold());
    }
    RecordFeaturizer f = new TextFeatureSpec(new FeaturizerSettings(2, 10_000, mode), thresholds, 5, 14, 8, true, true, false,
        ModelTokens.NONE)
        .newFeaturizer();
    MessageDigest ngrams = MessageDigest.getInstance("SHA-256");
    MessageDigest quality = MessageDigest.getInstance("SHA-256");
    MessageDigest minhash = MessageDigest.getInstance("SHA-256");
    int docs = 0;
    try (RecordSource source = RecordSources.open(() -> new ByteArrayInputStream(bytes), "golden.jsonl", bytes.length,
        InputFormat.JSONL, "id", "text", List.of(), 1 << 24)) {
      for (FeaturizedRecord r; (r = f.next(source)) != null; ) {
        if (!r.isDoc()) {
          continue;
        }
        docs++;
        ByteBuffer b = ByteBuffer.allocate(24 + 8 * r.features.ngramIdx.length);
        b.putInt(r.features.nTokens).putLong(r.features.nBytes).putLong(r.features.textHash)
            .putInt(r.features.ngramIdx.length);
        for (int j = 0; j < r.features.ngramIdx.length; j++) {
          b.putInt(r.features.ngramIdx[j]).putInt(r.features.ngramCnt[j]);
        }
        ngrams.update(b.array());
        ByteBuffer q = ByteBuffer.allocate(8 * r.quality.length + 8);
        for (double v : r.quality) {
          q.putLong(Double.doubleToLongBits(v));
        }
        quality.update(q.putLong(r.qualityFlags).array());
        minhash.update(r.minhash == null ? new byte[] {0} : r.minhash);
      }
    }
    assertEquals(3150 + EDGE.size(), docs);
    HexFormat hex = HexFormat.of();
    return new String[] {hex.formatHex(ngrams.digest()), hex.formatHex(quality.digest()), hex.formatHex(minhash.digest())};
  }

  @Test
  void fastModeOutputsArePinned() throws Exception {
    String[] d = digests(HashingMode.FAST);
    assertEquals("4194229960dc78182ed8cb0a2422d70415d990c4c871e6a2eea8f412af2c0fb1", d[0], "n-grams (fast)");
    assertEquals("ea5aeac8ed39434b6d3f39aebaf2de3e7e74e5741ddb61f8dfb2540e0db15f23", d[1], "quality signals and flags");
    assertEquals("6a49f52d9a0ab2ad8b33cb2627d601d04b04f877ce63162243dd9487081ae432", d[2], "MinHash signatures");
  }

  @Test
  void dsirModeNgramsArePinned() throws Exception {
    assertEquals("b764049d1eacd93d333dcd6e374f114787057b84d2cde1edd0cbf660fa84198b", digests(HashingMode.DSIR)[0], "n-grams (dsir)");
  }
}
