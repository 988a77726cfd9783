package dev.winnow.common.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** A file cut at any byte positions is read line for line as when it is read whole. */
class LineRangeTest {
  /** (line number, offset, bytes) of every line a reader returns. */
  static List<String> lines(BoundedLineReader r) throws IOException {
    List<String> out = new ArrayList<>();
    while (r.next()) {
      out.add(r.lineNumber() + "@" + r.lineOffset() + ":" + new String(r.bytes(), 0, r.length(),
          StandardCharsets.UTF_8));
    }
    return out;
  }

  static InputStream from(byte[] file, long position) {
    return new ByteArrayInputStream(file, (int) position, file.length - (int) position);
  }

  /** Blank lines, CRLF, lines of 0 to 40 bytes, with or without a final newline. */
  static byte[] randomFile(Random rnd) {
    StringBuilder b = new StringBuilder();
    int n = rnd.nextInt(30);
    for (int i = 0; i < n; i++) {
      int len = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(40);
      for (int j = 0; j < len; j++) {
        b.append((char) ('a' + rnd.nextInt(26)));
      }
      b.append(rnd.nextInt(5) == 0 ? "\r\n" : "\n");
    }
    if (rnd.nextBoolean()) {
      b.append("last line without a newline");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void everyLineIsReadOnceWithItsNumberAndOffsetWhereverTheFileIsCut() throws IOException {
    Random rnd = new Random(7);
    for (int trial = 0; trial < 2000; trial++) {
      byte[] file = randomFile(rnd);
      List<String> whole = lines(new BoundedLineReader(from(file, 0), 1 << 20));
      // random cut points, including cuts right before and after a newline and at 0 / the end
      TreeSet<Integer> cuts = new TreeSet<>(List.of(0, file.length));
      for (int c = rnd.nextInt(6); c > 0; c--) {
        cuts.add(rnd.nextInt(file.length + 1));
      }
      Integer[] at = cuts.toArray(new Integer[0]);
      List<String> pieces = new ArrayList<>();
      long firstLine = 1;
      for (int i = 0; i + 1 < at.length; i++) {
        LineRange probe = new LineRange(at[i], at[i + 1], 1);
        long starts = probe.lineStarts(from(file, probe.readFrom()));
        LineRange range = new LineRange(at[i], at[i + 1], firstLine);
        List<String> got = lines(new BoundedLineReader(from(file, range.readFrom()), 1 << 20, range));
        assertEquals(starts, got.size(), "lines counted and read in " + range + " of " + Arrays.toString(at));
        pieces.addAll(got);
        firstLine += starts;
      }
      assertEquals(whole, pieces, "cut at " + Arrays.toString(at) + ": " + new String(file, StandardCharsets.UTF_8));
    }
  }

  @Test
  void onlyUncompressedLineOrientedFilesAreSplittable() {
    assertEquals(true, LineRange.splittable(InputFormat.JSONL, "a.jsonl"));
    assertEquals(true, LineRange.splittable(InputFormat.TEXT_LINES, "a.txt"));
    assertEquals(false, LineRange.splittable(InputFormat.JSONL, "a.jsonl.gz"));
    assertEquals(false, LineRange.splittable(InputFormat.JSONL, "a.jsonl.zst"));
    assertEquals(false, LineRange.splittable(InputFormat.TEXT_FILES, "a.txt"));
    assertEquals(false, LineRange.splittable(InputFormat.PARQUET, "a.parquet"));
  }
}
