package dev.winnow.common.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The project's hashes against published values and their defining properties. */
class Hash64Test {
  private static long xx(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return Hash64.xx(b, 0, b.length);
  }

  /** xxHash64 with seed 0, the values the xxHash project publishes for its own test strings. */
  @Test
  void xxHash64MatchesThePublishedValues() {
    assertEquals(0xEF46DB3751D8E999L, xx(""));
    assertEquals(0x44BC2CF5AD770999L, xx("abc"));
    // an offset and length select the same bytes
    byte[] padded = "__abc__".getBytes(StandardCharsets.UTF_8);
    assertEquals(xx("abc"), Hash64.xx(padded, 2, 3));
  }

  /** fmix64 is a bijection (it is made of invertible steps): a million inputs, a million outputs. */
  @Test
  void mixIsABijectionAndCombineIsOrderSensitive() {
    Set<Long> seen = new HashSet<>();
    for (long i = 0; i < 1_000_000; i++) {
      assertTrue(seen.add(Hash64.mix(i)), "collision at " + i);
    }
    assertEquals(0L, Hash64.mix(0L));
    assertTrue(Hash64.combine(Hash64.combine(7, 1), 2) != Hash64.combine(Hash64.combine(7, 2), 1));
  }

  @Test
  void reduceMapsOntoTheRangeEvenly() {
    int n = 10;
    int[] counts = new int[n];
    for (long i = 0; i < 100_000; i++) {
      int r = Hash64.reduce(Hash64.mix(i + 1), n);
      assertTrue(r >= 0 && r < n, "out of range: " + r);
      counts[r]++;
    }
    for (int c : counts) {
      assertTrue(Math.abs(c - 10_000) < 500, "bucket counts " + java.util.Arrays.toString(counts)); // 5 sigma
    }
    assertEquals(0, Hash64.reduce(0L, n));
    assertEquals(n - 1, Hash64.reduce(-1L, n));
  }

  @Test
  void hexHasSixteenDigits() {
    assertEquals("000000000000000f", Hash64.hex(15));
    assertEquals("ffffffffffffffff", Hash64.hex(-1));
  }
}
