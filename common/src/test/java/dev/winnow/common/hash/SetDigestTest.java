package dev.winnow.common.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SetDigestTest {
  @Test
  void anyOrderAndAnySplitIntoPartsGiveTheSameDigest() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      ids.add("doc-" + i + "\t" + (i % 3));
    }
    String whole = digest(ids, 0, ids.size()).hex();
    Random random = new Random(7);
    for (int trial = 0; trial < 20; trial++) {
      Collections.shuffle(ids, random);
      int cut = random.nextInt(ids.size());
      SetDigest merged = digest(ids, 0, cut).merge(digest(ids, cut, ids.size()));
      assertEquals(whole, merged.hex());
      assertEquals(ids.size(), merged.count());
    }
  }

  @Test
  void oneChangedOrMissingElementChangesIt() {
    List<String> ids = List.of("a\t1", "b\t1", "c\t0");
    String d = digest(ids, 0, 3).hex();
    assertNotEquals(d, digest(List.of("a\t1", "b\t2", "c\t0"), 0, 3).hex());
    assertNotEquals(d, digest(ids, 0, 2).hex());
    assertEquals(32, d.length());
    assertEquals("0".repeat(32), new SetDigest().hex());
  }

  private static SetDigest digest(List<String> ids, int from, int to) {
    SetDigest d = new SetDigest();
    ids.subList(from, to).forEach(d::add);
    return d;
  }
}
