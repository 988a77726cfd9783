package dev.winnow.common.importance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NgramCountsTest {
  private static byte[] bytes(NgramCounts c) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    c.write(out);
    return out.toByteArray();
  }

  private static NgramCounts read(byte[] b, int buckets) throws IOException {
    return NgramCounts.read(new ByteArrayInputStream(b), buckets, "counts.bin");
  }

  @Test
  void writtenCountsReadBackBucketForBucketAndOnlyTheBucketsInUseTakeSpace() throws IOException {
    NgramCounts c = ImportanceModelTest.RAW;
    NgramCounts back = read(bytes(c), 64);
    assertEquals(c.docs(), back.docs());
    assertEquals(c.total(), back.total());
    int used = 0;
    for (int b = 0; b < 64; b++) {
      assertEquals(c.count(b), back.count(b), "bucket " + b);
      used += c.count(b) != 0 ? 1 : 0;
    }
    assertTrue(used > 0 && used < 64, "the fixture uses some buckets, not all: " + used);
    // the header (format, buckets, docs, entries) and 12 bytes a bucket in use
    assertEquals(2 + NgramCounts.FORMAT.length() + 4 + 8 + 4 + 12 * used, bytes(c).length);
    NgramCounts empty = read(bytes(new NgramCounts(1 << 20)), 1 << 20);
    assertEquals(0, empty.docs());
    assertEquals(0, empty.total());
  }

  @Test
  void aPartSubtractedLeavesTheRestAndMoreThanTheCountsHoldIsRefused() {
    NgramCounts both = ImportanceModelTest.counts("int main(void) { return 0; }", "ls -la /usr/bin | grep java");
    NgramCounts rest = both.subtract(ImportanceModelTest.counts("ls -la /usr/bin | grep java"));
    NgramCounts first = ImportanceModelTest.counts("int main(void) { return 0; }");
    assertEquals(1, rest.docs());
    for (int b = 0; b < 64; b++) {
      assertEquals(first.count(b), rest.count(b), "bucket " + b);
    }
    assertThrows(IllegalArgumentException.class, () -> first.subtract(ImportanceModelTest.counts("grep java")));
  }

  @Test
  void aDamagedOrForeignFileIsRefusedNamingIt() throws IOException {
    byte[] good = bytes(ImportanceModelTest.TARGET);
    assertRefused(Arrays.copyOf(good, good.length - 3), 64, "ends before its last entry");
    assertRefused(Arrays.copyOf(good, good.length + 1), 64, "is longer than its");
    assertRefused(good, 128, "counts of 64 buckets where 128 were expected");
    assertRefused("PAR1 not counts at all".getBytes(), 64, "is not a file of n-gram counts");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DataOutputStream d = new DataOutputStream(out)) { // two entries out of order
      d.writeUTF(NgramCounts.FORMAT);
      d.writeInt(64);
      d.writeLong(1);
      d.writeInt(2);
      d.writeInt(9);
      d.writeLong(3);
      d.writeInt(4);
      d.writeLong(1);
    }
    assertRefused(out.toByteArray(), 64, "entry 1 is bucket 4");
  }

  private static void assertRefused(byte[] b, int buckets, String says) {
    IOException e = assertThrows(IOException.class, () -> read(b, buckets));
    assertTrue(e.getMessage().startsWith("counts.bin ") && e.getMessage().contains(says), e.getMessage());
  }
}
