package dev.winnow.common.hash;

import java.nio.charset.StandardCharsets;

/**
 * Deterministic randomness keyed by (seed, doc_id): the same document gets the same draw
 * whatever the partitioning, executor count or retries. Never use Spark's rand() for a
 * decision.
 */
public final class RandomKeys {
  private RandomKeys() {}

  /** A 64-bit hash of the seed and the doc id. */
  public static long hash(long seed, String docId) {
    byte[] b = docId.getBytes(StandardCharsets.UTF_8);
    return Hash64.combine(Hash64.mix(seed), Hash64.xx(b, 0, b.length));
  }

  /** A uniform draw in [0, 1) (53 random bits). */
  public static double unit(long seed, String docId) {
    return (hash(seed, docId) >>> 11) * 0x1.0p-53;
  }
}
