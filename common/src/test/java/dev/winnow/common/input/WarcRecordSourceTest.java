package dev.winnow.common.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** WARC (HTML pages) and WET (text) input, on files written from real pages (WarcFiles). */
class WarcRecordSourceTest {
  static List<InputRecord> read(byte[] file, String name, int maxRecordBytes, RecordSource[] source)
      throws IOException {
    RecordSource s = RecordSources.open(() -> new ByteArrayInputStream(file), name, file.length,
        InputFormat.fromName(name), "id", "text", List.of("url", "date"), maxRecordBytes);
    source[0] = s;
    List<InputRecord> out = new ArrayList<>();
    for (InputRecord r; (r = s.next()) != null; ) {
      out.add(r);
    }
    s.close();
    return out;
  }

  @Test
  void aWarcGivesEachHtmlPageItsMainTextAndQuarantinesOtherResponses() throws IOException {
    for (boolean gzip : new boolean[] {true, false}) {
      List<String> ids = new ArrayList<>();
      byte[] file = WarcFiles.warc(gzip, ids);
      RecordSource[] source = new RecordSource[1];
      List<InputRecord> records = read(file, gzip ? "crawl.warc.gz" : "crawl.warc", 1 << 24, source);
      List<InputRecord> docs = records.stream().filter(InputRecord::isDoc).toList();
      assertEquals(ids, docs.stream().map(r -> r.id).toList(), "the pages, by record id, in file order");
      for (int i = 0; i < docs.size(); i++) {
        assertEquals(Map.of("url", WarcFiles.url(WarcFiles.PAGES.get(i)), "date", "2026-11-30T12:00:00Z"),
            docs.get(i).meta);
      }
      // the main text: the module's own prose and code stay; navigation, search box and footer go
      String colorsys = docs.get(1).text;
      assertTrue(colorsys.contains("The colorsys module defines bidirectional conversions of color values between "
          + "colors expressed in the RGB (Red Green Blue) color space"), colorsys);
      assertTrue(colorsys.contains(">>> colorsys.rgb_to_hsv(0.2, 0.4, 0.4)"), "the example code: " + colorsys);
      for (String boilerplate : List.of("Previous topic", "Quick search", "Copyright", "Navigation", "modules |",
          "Theme", "Report a Bug")) {
        assertFalse(colorsys.contains(boilerplate), boilerplate + " in: " + colorsys);
      }
      List<InputRecord> rejected = records.stream().filter(r -> !r.isDoc()).toList();
      assertEquals(List.of(RejectReason.NOT_HTML_PAGE, RejectReason.NOT_HTML_PAGE),
          rejected.stream().map(r -> r.reason).toList());
      assertTrue(rejected.get(0).detail.contains("HTTP status 404"), rejected.get(0).detail);
      assertTrue(rejected.get(1).detail.contains("image/png"), rejected.get(1).detail);
      // the record ordinal is the "line": requests and responses alternate
      assertEquals(List.of(2L, 4L, 6L, 7L, 8L), records.stream().map(r -> r.line).toList());
      FileTally t = source[0].tally();
      assertEquals(5, t.records());
      assertEquals(3, t.docs());
      assertEquals(3, t.blankLines(), "the three requests are skipped, counted");
    }
  }

  @Test
  void aWetGivesEachConversionRecordItsText() throws IOException {
    List<String> texts = List.of("First page text, as Common Crawl extracted it.", "Zweite Seite: ein Text.",
        "Third page.");
    List<String> ids = new ArrayList<>();
    byte[] file = WarcFiles.wet(texts, ids);
    RecordSource[] source = new RecordSource[1];
    List<InputRecord> records = read(file, "CC-MAIN-20261130.warc.wet.gz", 1 << 24, source);
    assertEquals(texts, records.stream().map(r -> r.text).toList());
    assertEquals(ids, records.stream().map(r -> r.id).toList());
    assertEquals(WarcFiles.url("colorsys.html"), records.get(1).meta.get("url"));
    // a record larger than input.max_record_bytes is quarantined, counted, and the next one read
    List<InputRecord> small = read(file, "x.wet.gz", 20, source);
    assertEquals(Arrays.asList(RejectReason.TOO_LARGE, RejectReason.TOO_LARGE, null),
        small.stream().map(r -> r.reason).toList());
    assertEquals("Third page.", small.get(2).text);
  }

  @Test
  void aCutOrForeignFileEndsInOneRejectionAfterWhatCouldBeRead() throws IOException {
    byte[] whole = WarcFiles.warc(false, new ArrayList<>());
    String s = new String(whole, StandardCharsets.ISO_8859_1);
    List<Integer> starts = new ArrayList<>(); // where each record starts
    for (int i = s.indexOf("WARC-Type: "); i >= 0; i = s.indexOf("WARC-Type: ", i + 1)) {
      starts.add(i);
    }
    assertEquals(8, starts.size());
    byte[] file = Arrays.copyOf(whole, starts.get(5) + 40); // inside the third page's response
    RecordSource[] source = new RecordSource[1];
    List<InputRecord> records = read(file, "cut.warc", 1 << 24, source);
    InputRecord last = records.get(records.size() - 1);
    assertEquals(RejectReason.TRUNCATED_INPUT, last.reason, last.detail);
    assertEquals(2, records.stream().filter(InputRecord::isDoc).count(), "the pages before the cut are read");
    assertEquals(source[0].tally().records(), source[0].tally().docs() + source[0].tally().rejectedTotal());
    List<InputRecord> foreign = read("{\"id\": 1, \"text\": \"json, not a WARC\"}\n".getBytes(StandardCharsets.UTF_8),
        "mislabelled.warc", 1 << 24, source);
    assertEquals(1, foreign.size());
    assertFalse(foreign.get(0).isDoc());
    assertNull(foreign.get(0).text);
  }
}
