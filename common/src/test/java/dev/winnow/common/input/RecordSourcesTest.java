package dev.winnow.common.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.common.featurize.FeaturizedRecord;
import dev.winnow.common.featurize.RecordFeaturizer;
import dev.winnow.common.config.WinnowConfig;
import dev.winnow.common.featurize.TextFeatureSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordSourcesTest {
  static final int MAX = 16 << 20;

  static Path fixture(String name) {
    try {
      return Path.of(RecordSourcesTest.class.getResource("/bad-input/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static RecordSource open(String name, InputFormat format) throws IOException {
    Path p = fixture(name);
    return RecordSources.open(() -> Files.newInputStream(p), name, Files.size(p), format, "id", "text", List.of(), MAX);
  }

  static List<FeaturizedRecord> readAll(RecordSource s) {
    RecordFeaturizer f = TextFeatureSpec.of(WinnowConfig.of(Map.of("input.pool", "x", "work.dir", "w"))).newFeaturizer();
    List<FeaturizedRecord> out = new ArrayList<>();
    FeaturizedRecord r;
    while ((r = f.next(s)) != null) {
      out.add(r);
    }
    return out;
  }

  @Test
  void everyBadLineIsQuarantinedWithItsReasonAndTheRestSurvive() throws IOException {
    List<FeaturizedRecord> recs;
    FileTally t;
    try (RecordSource s = open("mixed.jsonl", InputFormat.JSONL)) {
      recs = readAll(s);
      t = s.tally();
    }
    Map<Long, RejectReason> expected = Map.ofEntries(
        Map.entry(2L, RejectReason.MALFORMED_JSON), Map.entry(4L, RejectReason.NOT_OBJECT),
        Map.entry(6L, RejectReason.NOT_OBJECT), Map.entry(10L, RejectReason.MISSING_TEXT),
        Map.entry(12L, RejectReason.NULL_TEXT), Map.entry(14L, RejectReason.NON_STRING_TEXT),
        Map.entry(16L, RejectReason.EMPTY_TEXT), Map.entry(18L, RejectReason.EMPTY_TEXT),
        Map.entry(20L, RejectReason.BAD_ID), Map.entry(22L, RejectReason.NUL_BYTE),
        Map.entry(24L, RejectReason.NUL_BYTE), Map.entry(26L, RejectReason.INVALID_UTF8),
        Map.entry(28L, RejectReason.MALFORMED_JSON));
    int docs = 0;
    for (FeaturizedRecord r : recs) {
      RejectReason want = expected.get(r.input.line);
      if (want == null) {
        assertTrue(r.isDoc(), "line " + r.input.line + " should be a document: " + r.input.detail);
        docs++;
      } else {
        assertEquals(want, r.input.reason, "line " + r.input.line + ": " + r.input.detail);
        assertNotNull(r.input.detail);
      }
    }
    assertEquals(31, recs.size(), "33 lines less 2 blank ones");
    assertEquals(18, docs);
    assertEquals(31, t.records());
    assertEquals(18, t.docs());
    assertEquals(13, t.rejectedTotal());
    assertEquals(2, t.blankLines());
    assertEquals(t.records(), t.docs() + t.rejectedTotal());
    assertEquals(2L, t.rejected().get(RejectReason.EMPTY_TEXT));

    FeaturizedRecord numericId = recs.stream().filter(r -> r.input.line == 29).findFirst().orElseThrow();
    assertEquals("12345", numericId.docId);
    FeaturizedRecord noId = recs.stream().filter(r -> r.input.line == 30).findFirst().orElseThrow();
    assertEquals(RecordFeaturizer.derivedDocId(noId.features.textHash), noId.docId);
    assertEquals(16, noId.docId.length());
    FeaturizedRecord nullId = recs.stream().filter(r -> r.input.line == 31).findFirst().orElseThrow();
    assertEquals(16, nullId.docId.length());
    FeaturizedRecord crlf = recs.stream().filter(r -> r.input.line == 32).findFirst().orElseThrow();
    assertTrue(!crlf.input.text.endsWith("\r"));
    assertTrue(recs.stream().anyMatch(r -> r.input.line == 33 && r.isDoc()), "last line without newline");
  }

  @Test
  void aTruncatedGzipKeepsTheLinesBeforeTheBreakAndCountsTheLoss() throws IOException {
    try (RecordSource s = open("truncated.jsonl.gz", InputFormat.JSONL)) {
      List<FeaturizedRecord> recs = readAll(s);
      FeaturizedRecord last = recs.get(recs.size() - 1);
      assertEquals(RejectReason.TRUNCATED_INPUT, last.input.reason);
      assertTrue(last.input.detail.contains("rest of the file is lost"), last.input.detail);
      long docs = recs.stream().filter(FeaturizedRecord::isDoc).count();
      assertTrue(docs >= 10 && docs < 30, "some of the 30 records survive: " + docs);
      assertEquals(docs + 1, s.tally().records());
      assertEquals(last.input.line, docs + 1, "the break is reported at the line after the last good one");
    }
  }

  static List<InputRecord> records(RecordSource s) {
    List<InputRecord> out = new ArrayList<>();
    for (InputRecord r = s.next(); r != null; r = s.next()) {
      out.add(r);
    }
    return out;
  }

  /** Every record of {@code refused} is a rejection for {@code reason} whose detail says {@code phrase}. */
  static void assertRefused(List<InputRecord> refused, RejectReason reason, String phrase) {
    for (InputRecord r : refused) {
      assertEquals(reason, r.reason, String.valueOf(r.detail));
      assertTrue(r.detail.contains(phrase), r.detail);
    }
  }

  @Test
  void aByteOrderMarkOpeningAFileIsNotPartOfItsFirstRecord() throws IOException {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] jsonl = "{\"id\": \"a\", \"text\": \"first text\"}\n{\"id\": \"b\", \"text\": \"second\"}\n"
        .getBytes(StandardCharsets.UTF_8);
    for (InputFormat format : List.of(InputFormat.JSONL, InputFormat.TEXT_LINES, InputFormat.TEXT_FILES)) {
      byte[] plain = format == InputFormat.JSONL ? jsonl : "first text\nsecond\n".getBytes(StandardCharsets.UTF_8);
      byte[] withBom = new byte[plain.length + 3];
      System.arraycopy(bom, 0, withBom, 0, 3);
      System.arraycopy(plain, 0, withBom, 3, plain.length);
      List<InputRecord> expected;
      try (RecordSource s = RecordSources.open(() -> new ByteArrayInputStream(plain), "f", plain.length, format, "id",
          "text", List.of(), MAX)) {
        expected = records(s);
      }
      try (RecordSource s = RecordSources.open(() -> new ByteArrayInputStream(withBom), "f", withBom.length, format,
          "id", "text", List.of(), MAX)) {
        List<InputRecord> got = records(s);
        assertEquals(expected.size(), got.size(), format.toString());
        for (int i = 0; i < got.size(); i++) {
          assertTrue(got.get(i).isDoc(), format + ": " + got.get(i).detail);
          assertEquals(expected.get(i).text, got.get(i).text, format.toString());
          assertEquals(expected.get(i).id, got.get(i).id, format.toString());
        }
      }
    }
  }

  @Test
  void aTextOrIdFieldGivenTwiceIsQuarantinedNotSilentlyOverwritten() throws IOException {
    byte[] lines = ("{\"id\": \"a\", \"text\": \"one text\", \"text\": \"another\"}\n"
        + "{\"id\": \"b\", \"id\": \"c\", \"text\": \"one text\"}\n"
        + "{\"id\": \"d\", \"text\": \"fine\", \"other\": 1, \"other\": 2}\n").getBytes(StandardCharsets.UTF_8);
    try (RecordSource s = new JsonlRecordSource(new ByteArrayInputStream(lines), "id", "text", List.of(), MAX)) {
      List<InputRecord> got = records(s);
      assertRefused(got.subList(0, 2), RejectReason.MALFORMED_JSON, "appears more than once");
      assertTrue(got.get(2).isDoc(), "a repeated field Winnow does not read is no harm");
    }
  }

  @Test
  void anEscapedLoneSurrogateIsRefusedAndAPairIsKept() throws IOException {
    byte[] lines = ("{\"id\": \"lone\", \"text\": \"broken \\ud800 text\"}\n"
        + "{\"id\": \"low\\udc00\", \"text\": \"fine text\"}\n"
        + "{\"id\": \"pair\", \"text\": \"a smile \\ud83d\\ude00 here\"}\n").getBytes(StandardCharsets.UTF_8);
    try (RecordSource s = new JsonlRecordSource(new ByteArrayInputStream(lines), "id", "text", List.of(), MAX)) {
      List<InputRecord> got = records(s);
      assertRefused(got.subList(0, 2), RejectReason.INVALID_UTF8, "lone surrogate");
      assertTrue(got.get(2).isDoc());
      assertEquals("a smile \ud83d\ude00 here", got.get(2).text);
    }
  }

  @Test
  void aStreamThatFailsItsCheckEndsInCorruptStreamNotTruncatedInput() throws IOException {
    for (String name : List.of("corrupt.jsonl.gz", "corrupt.jsonl.zst")) {
      try (RecordSource s = open(name, InputFormat.JSONL)) {
        List<FeaturizedRecord> recs = readAll(s);
        FeaturizedRecord last = recs.get(recs.size() - 1);
        assertEquals(RejectReason.CORRUPT_STREAM, last.input.reason, name + ": " + last.input.detail);
        assertTrue(last.input.detail.contains("failed its check"), last.input.detail);
        assertEquals(1L, s.tally().rejected().get(RejectReason.CORRUPT_STREAM), name);
      }
    }
  }

  @Test
  void aStorageFailureIsNeverQuarantinedAsBadInput() throws IOException {
    Path p = fixture("good.jsonl.zst");
    byte[] bytes = Files.readAllBytes(p);
    // the storage gives the first 300 bytes, then fails (a lost connection)
    RecordSources.Opener failsMidway = () -> new SequenceInputStream(new ByteArrayInputStream(bytes, 0, 300),
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("connection reset");
          }
        });
    try (RecordSource s = RecordSources.open(failsMidway, "good.jsonl.zst", bytes.length, InputFormat.JSONL, "id",
        "text", List.of(), MAX)) {
      StorageReadException e = org.junit.jupiter.api.Assertions.assertThrows(StorageReadException.class,
          () -> readAll(s));
      assertTrue(e.getMessage().contains("good.jsonl.zst") && e.getMessage().contains("connection reset"),
          e.getMessage());
    }
    RecordSources.Opener cannotOpen = () -> {
      throw new IOException("no route to host");
    };
    StorageReadException e = org.junit.jupiter.api.Assertions.assertThrows(StorageReadException.class,
        () -> RecordSources.open(cannotOpen, "x.jsonl.gz", 10, InputFormat.JSONL, "id", "text", List.of(), MAX));
    assertTrue(e.getMessage().contains("x.jsonl.gz"), e.getMessage());
    // whole-file text sources alike
    try (RecordSource s = RecordSources.open(failsMidway, "doc.txt.zst", bytes.length, InputFormat.TEXT_FILES, "id",
        "text", List.of(), MAX)) {
      org.junit.jupiter.api.Assertions.assertThrows(StorageReadException.class, () -> readAll(s));
    }
  }

  @Test
  void aFileThatIsNotGzipIsOneUnreadableRecord() throws IOException {
    try (RecordSource s = open("not-gzip.jsonl.gz", InputFormat.JSONL)) {
      List<FeaturizedRecord> recs = readAll(s);
      assertEquals(1, recs.size());
      assertEquals(RejectReason.UNREADABLE_FILE, recs.get(0).input.reason);
      assertTrue(recs.get(0).input.detail.contains("jsonl.gz"), recs.get(0).input.detail);
      assertEquals(1, s.tally().rejectedTotal());
    }
  }

  @Test
  void emptyFilesHoldNothingAndLoseNothing() throws IOException {
    for (String name : List.of("empty.jsonl", "empty-member.jsonl.gz")) {
      try (RecordSource s = open(name, InputFormat.JSONL)) {
        assertNull(s.next(), name);
        assertEquals(0, s.tally().records(), name);
      }
    }
  }

  @Test
  void zstdInputIsRead() throws IOException {
    try (RecordSource s = open("good.jsonl.zst", InputFormat.JSONL)) {
      List<FeaturizedRecord> recs = readAll(s);
      assertEquals(10, recs.size());
      assertTrue(recs.stream().allMatch(FeaturizedRecord::isDoc));
    }
  }

  @Test
  void textLinesAndTextFiles() throws IOException {
    try (RecordSource s = open("lines.txt", InputFormat.TEXT_LINES)) {
      List<FeaturizedRecord> recs = readAll(s);
      assertEquals(6, recs.size());
      assertEquals(5, recs.stream().filter(FeaturizedRecord::isDoc).count());
      assertEquals(RejectReason.INVALID_UTF8, recs.get(5).input.reason);
      assertEquals(7, recs.get(5).input.line);
      assertEquals(1, s.tally().blankLines());
    }
    try (RecordSource s = open("text-files/doc-0.txt", InputFormat.TEXT_FILES)) {
      List<FeaturizedRecord> recs = readAll(s);
      assertEquals(1, recs.size());
      assertEquals(Files.readString(fixture("text-files/doc-0.txt")), recs.get(0).input.text);
    }
  }

  @Test
  void aFiftyMegabyteRecordIsQuarantinedWithoutBeingHeldAndTheNextLineSurvives() throws IOException {
    byte[] head = "{\"id\": \"huge\", \"text\": \"".getBytes(StandardCharsets.UTF_8);
    byte[] chunk = "Call me Ishmael. Some years ago, never mind how long precisely. ".getBytes(StandardCharsets.UTF_8);
    long hugeLen = 50L << 20;
    InputStream body = new InputStream() {
      long left = hugeLen;

      @Override
      public int read() {
        return left-- > 0 ? chunk[(int) (left % chunk.length)] : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        for (int i = 0; i < n; i++) {
          b[off + i] = chunk[(int) ((hugeLen - left + i) % chunk.length)];
        }
        left -= n;
        return n;
      }
    };
    byte[] tail = "\"}\n{\"id\": \"after\", \"text\": \"still here\"}\n".getBytes(StandardCharsets.UTF_8);
    InputStream in = new SequenceInputStream(Collections.enumeration(List.of(
        new ByteArrayInputStream(head), body, new ByteArrayInputStream(tail))));
    try (RecordSource s = new JsonlRecordSource(in, "id", "text", List.of(), MAX)) {
      List<FeaturizedRecord> recs = readAll(s);
      assertEquals(2, recs.size());
      assertEquals(RejectReason.TOO_LARGE, recs.get(0).input.reason);
      assertTrue(recs.get(0).input.detail.contains(String.valueOf(hugeLen + head.length + 2)), recs.get(0).input.detail);
      assertEquals("after", recs.get(1).docId);
    }
  }

  @Test
  void aLargeRecordBelowTheLimitIsRead() throws IOException {
    String text = "word ".repeat(1 << 20); // 5 MiB
    byte[] line = ("{\"text\": \"" + text + "\"}\n").getBytes(StandardCharsets.UTF_8);
    try (RecordSource s = new JsonlRecordSource(new ByteArrayInputStream(line), "id", "text", List.of(), MAX)) {
      List<FeaturizedRecord> recs = readAll(s);
      assertEquals(1, recs.size());
      assertEquals(1 << 20, recs.get(0).features.nTokens);
    }
  }

  @Test
  void metadataFieldsAreKeptAsTextWhenScalar() throws IOException {
    byte[] lines = ("{\"id\": \"a\", \"source\": \"europarl\", \"is_target\": true, \"score\": 0.5, \"text\": \"x y\"}\n"
        + "{\"id\": \"b\", \"source\": null, \"is_target\": [1], \"text\": \"z\", \"other\": 1}\n")
        .getBytes(StandardCharsets.UTF_8);
    try (RecordSource s = new JsonlRecordSource(new ByteArrayInputStream(lines), "id", "text",
        List.of("source", "is_target", "score"), MAX)) {
      List<FeaturizedRecord> recs = readAll(s);
      assertEquals(Map.of("source", "europarl", "is_target", "true", "score", "0.5"), recs.get(0).input.meta);
      // null and non-scalar values are left out, not quarantined: the document is still read
      assertEquals(Map.of(), recs.get(1).input.meta);
      assertEquals("z", recs.get(1).input.text);
    }
  }
}
