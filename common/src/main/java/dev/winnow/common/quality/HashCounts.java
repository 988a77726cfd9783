package dev.winnow.common.quality;

/**
 * Counts of 64-bit hashes (well mixed: their low bits pick the slot), open addressing, reused across documents without allocating: each
 * key keeps its count and the index at which it was first seen. {@link #clear(int)} is O(1): a
 * slot belongs to the current round only when its stamp is the current generation, so a table
 * grown by one long document costs later short ones nothing.
 */
final class HashCounts {
  private long[] keys = new long[1024];
  private int[] counts = new int[1024];
  private int[] firsts = new int[1024];
  private int[] stamps = new int[1024];
  private int generation = 1;
  private int size;

  /**
   * Empties the table for about {@code expected} keys. A table grown far beyond that by an
   * earlier, longer document is replaced by a small one: probing a few keys over megabytes of
   * arrays would miss the cache on every access. One too small for them is replaced by one of
   * their size, empty, rather than doubled and rehashed while they come.
   */
  void clear(int expected) {
    int want = Math.max(1024, Integer.highestOneBit(Math.max(1, expected) * 2 - 1) * 2);
    if (keys.length > 8 * want || keys.length < want) {
      keys = new long[want];
      counts = new int[want];
      firsts = new int[want];
      stamps = new int[want];
      generation = 1;
      size = 0;
      return;
    }
    size = 0;
    if (++generation == Integer.MAX_VALUE) {
      java.util.Arrays.fill(stamps, 0);
      generation = 1;
    }
  }

  /** Adds {@code key}; true when it was not there yet. */
  boolean add(long key) {
    return count(increment(key, size)) == 1;
  }

  /** Counts one more {@code key} (first seen at {@code index} if new); returns its slot. */
  int increment(long key, int index) {
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    int slot = (int) key & mask; // keys are mixed hashes already
    while (stamps[slot] == generation && keys[slot] != key) {
      slot = (slot + 1) & mask;
    }
    if (stamps[slot] != generation) {
      stamps[slot] = generation;
      keys[slot] = key;
      counts[slot] = 0;
      firsts[slot] = index;
      size++;
    }
    counts[slot]++;
    return slot;
  }

  int count(int slot) {
    return counts[slot];
  }

  int first(int slot) {
    return firsts[slot];
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldCounts = counts;
    int[] oldFirsts = firsts;
    int[] oldStamps = stamps;
    int oldGeneration = generation;
    keys = new long[oldKeys.length * 2];
    counts = new int[oldKeys.length * 2];
    firsts = new int[oldKeys.length * 2];
    stamps = new int[oldKeys.length * 2];
    generation = 1;
    int mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldStamps[i] == oldGeneration) {
        int slot = (int) oldKeys[i] & mask;
        while (stamps[slot] == generation) {
          slot = (slot + 1) & mask;
        }
        stamps[slot] = generation;
        keys[slot] = oldKeys[i];
        counts[slot] = oldCounts[i];
        firsts[slot] = oldFirsts[i];
      }
    }
  }
}
