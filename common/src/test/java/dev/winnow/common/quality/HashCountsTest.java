package dev.winnow.common.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** HashCounts counts like a map of key to (count, first index), across clears, growth and shrinking. */
class HashCountsTest {
  @Test
  void countsAndFirstIndicesMatchAMapAcrossDocuments() {
    HashCounts table = new HashCounts();
    Random random = new Random(3);
    for (int doc = 0; doc < 300; doc++) {
      // mostly short documents, now and then one that grows the table far (then shrinks it back)
      int n = doc % 50 == 7 ? 40_000 : random.nextInt(600);
      int distinct = 1 + random.nextInt(Math.max(1, n));
      table.clear(n);
      Map<Long, int[]> expect = new HashMap<>();
      for (int i = 0; i < n; i++) {
        long key = random.nextInt(distinct) == 0 ? 0L : (long) random.nextInt(distinct) * 0x9E3779B97F4A7C15L;
        int slot = table.increment(key, i);
        int[] e = expect.computeIfAbsent(key, k -> new int[] {0, -1});
        e[0]++;
        if (e[1] < 0) {
          e[1] = i;
        }
        assertEquals(e[0], table.count(slot), "count of " + key);
        assertEquals(e[1], table.first(slot), "first index of " + key);
      }
    }
  }

  @Test
  void addSaysWhetherTheKeyIsNew() {
    HashCounts table = new HashCounts();
    table.clear(4);
    assertEquals(true, table.add(42));
    assertEquals(false, table.add(42));
    assertEquals(true, table.add(0));
    assertEquals(false, table.add(0));
    table.clear(4);
    assertEquals(true, table.add(42), "cleared");
  }
}
