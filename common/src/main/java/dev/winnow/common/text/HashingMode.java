package dev.winnow.common.text;

import java.util.Locale;

/** How an n-gram is mapped to a feature bucket. */
public enum HashingMode {
  /**
   * {@code SHA-256(utf8(ngram)) mod buckets}, the n-gram's tokens joined by one space:
   * bit-identical to the DSIR reference ({@code hashed_ngram_dsir.py}). Slow (a SHA-256 per
   * n-gram); use it to reproduce or compare with the reference.
   */
  DSIR,
  /**
   * Each token hashed once with xxHash64 of its UTF-8 bytes; an n-gram's hash is its tokens'
   * hashes folded left with {@link dev.winnow.common.hash.Hash64#combine}; the bucket is
   * {@link dev.winnow.common.hash.Hash64#reduce}. No per-n-gram allocation.
   */
  FAST;

  public static HashingMode parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown hashing mode '" + s + "' (expected fast or dsir)");
    }
  }

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
