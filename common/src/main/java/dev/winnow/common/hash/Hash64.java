package dev.winnow.common.hash;

import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The project's 64-bit hashes: xxHash64 (seed 0) for bytes, and a murmur3 finalizer to mix
 * combined values. Every place that needs a stable hash (doc ids, text hashes, fast n-gram
 * buckets, random keys) goes through here so that they never drift apart.
 */
public final class Hash64 {
  private static final XXHash64 XX = XXHashFactory.fastestJavaInstance().hash64();
  /** 2^64 / golden ratio: multiplier for order-sensitive combination. */
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Hash64() {}

  /** xxHash64 with seed 0 of {@code len} bytes of {@code buf} from {@code off}. */
  public static long xx(byte[] buf, int off, int len) {
    return XX.hash(buf, off, len, 0L);
  }

  /** xxHash64 with {@code seed}. */
  public static long xx(byte[] buf, int off, int len, long seed) {
    return XX.hash(buf, off, len, seed);
  }

  /** murmur3's fmix64: a bijective avalanche of all 64 bits. */
  public static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  /** Order-sensitive combination of a running hash with the next value. */
  public static long combine(long h, long next) {
    return mix(h * GOLDEN + next);
  }

  /** Maps a 64-bit hash uniformly onto [0, n) using its high 32 bits (Lemire's reduction). */
  public static int reduce(long h, int n) {
    return (int) (((h >>> 32) * (long) n) >>> 32);
  }

  /** 16 lower-case hex digits. */
  public static String hex(long h) {
    String s = Long.toHexString(h);
    return s.length() == 16 ? s : "0".repeat(16 - s.length()) + s;
  }
}
