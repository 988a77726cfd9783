package dev.winnow.common.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BucketWindowTest {
  private static List<String> pairs(int window, Object... keyAndIds) {
    BucketWindow w = new BucketWindow(window);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < keyAndIds.length; i += 2) {
      w.add((Long) keyAndIds[i], (String) keyAndIds[i + 1], (a, b) -> out.add(a + "-" + b));
    }
    return out;
  }

  @Test
  void eachDocumentMeetsTheWindowBeforeItInItsBucket() {
    // one bucket of five: with a window of 2, each meets the two before it
    assertEquals(List.of("a-b", "a-c", "b-c", "b-d", "c-d", "c-e", "d-e"),
        pairs(2, 7L, "a", 7L, "b", 7L, "c", 7L, "d", 7L, "e"));
    // a window as large as the bucket: every pair, once
    assertEquals(List.of("a-b", "a-c", "b-c"), pairs(10, 7L, "a", 7L, "b", 7L, "c"));
  }

  @Test
  void aNewBucketStartsAfresh() {
    assertEquals(List.of("a-b", "c-d"), pairs(4, 1L, "a", 1L, "b", 2L, "c", 2L, "d"));
    // the same key after another is a new bucket only in sorted input; a lone document pairs with nothing
    assertEquals(List.of(), pairs(4, 1L, "a", 2L, "b", 3L, "c"));
  }

  @Test
  void aDocumentIsNotPairedWithItself() {
    assertEquals(List.of("a-b", "a-b"), pairs(3, 5L, "a", 5L, "a", 5L, "b"));
  }

  @Test
  void aWindowOfNothingIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new BucketWindow(0));
  }
}
