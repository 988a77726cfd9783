package dev.winnow.common.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PackedIntsTest {
  @Test
  void sortedIdsAndCountsComeBackAsTheyWent() {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      int n = random.nextInt(300);
      int[] ids = random.ints(n, 0, Integer.MAX_VALUE).sorted().distinct().toArray();
      int[] counts = random.ints(ids.length, 1, round % 2 == 0 ? 3 : Integer.MAX_VALUE).toArray();
      assertArrayEquals(ids, PackedInts.unpack(PackedInts.pack(ids, true), true));
      assertArrayEquals(counts, PackedInts.unpack(PackedInts.pack(counts, false), false));
    }
  }

  @Test
  void smallGapsTakeOneByteEach() {
    // buckets 5, 6, 133 and 134: gaps 5, 1, 127, 1, one byte each; 128 needs two
    assertArrayEquals(new byte[] {5, 1, 127, 1}, PackedInts.pack(new int[] {5, 6, 133, 134}, true));
    assertArrayEquals(new byte[] {(byte) 0x80, 1}, PackedInts.pack(new int[] {128}, false));
    assertEquals(0, PackedInts.unpack(new byte[0], true).length);
  }

  @Test
  void eachValueTakesTheBytesItsBitsNeedAtEveryLengthsEdge() {
    int[] values = {0, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, 268_435_455, 268_435_456, Integer.MAX_VALUE};
    int[] bytes = {1, 1, 2, 2, 3, 3, 4, 4, 5, 5};
    for (int i = 0; i < values.length; i++) {
      byte[] packed = PackedInts.pack(new int[] {values[i]}, false);
      assertEquals(bytes[i], packed.length, "bytes of " + values[i]);
      assertArrayEquals(new int[] {values[i]}, PackedInts.unpack(packed, false));
    }
  }

  @Test
  void idsOutOfOrderOrNegativeCountsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> PackedInts.pack(new int[] {3, 2}, true));
    assertThrows(IllegalArgumentException.class, () -> PackedInts.pack(new int[] {-1}, false));
  }
}
