package dev.winnow.common.text;

import dev.winnow.common.hash.Hash64;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Hashed n-gram features of a document from the n-gram view of its {@link TokenScan}.
 *
 * <p>The text is lower-cased ({@code Locale.ROOT}, as Python's {@code str.lower()}) and split
 * by the WordPunct rule ({@link WordPunct}); n-grams of orders 1..{@code order} over the token
 * sequence are hashed into {@code buckets} buckets ({@link HashingMode}). The scan writes the
 * normalized text (lower-cased, each run of whitespace one space, trimmed) as UTF-8 into a
 * scratch buffer; its xxHash64 is the document's {@code text_hash}, and the tokens' bytes are
 * slices of that buffer, so nothing is allocated per token or per n-gram.
 *
 * <p>Not thread-safe: one instance per task/thread (it owns its scratch buffers).
 */
public final class NgramFeaturizer {
  public static final int MAX_BUCKETS = 1 << 20;
  public static final int MAX_ORDER = 5;

  private final int order;
  private final int buckets;
  private final HashingMode mode;

  private final int[] counts;
  private final long[] touchedBits;
  private int[] touched = new int[1024];
  private int nTouched;
  /** The scan of {@link #featurize(String)}. */
  private final TokenScan scan = new TokenScan();
  private byte[] gram = new byte[256];
  private final MessageDigest sha256;

  public NgramFeaturizer(int order, int buckets, HashingMode mode) {
    if (order < 1 || order > MAX_ORDER) {
      throw new IllegalArgumentException("n-gram order must be in 1.." + MAX_ORDER + ", got " + order);
    }
    if (buckets < 1 || buckets > MAX_BUCKETS) {
      throw new IllegalArgumentException("buckets must be in 1.." + MAX_BUCKETS + ", got " + buckets);
    }
    this.order = order;
    this.buckets = buckets;
    this.mode = mode;
    this.counts = new int[buckets];
    this.touchedBits = new long[(buckets + 63) >>> 6];
    try {
      this.sha256 = mode == HashingMode.DSIR ? MessageDigest.getInstance("SHA-256") : null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  public int order() {
    return order;
  }

  public int buckets() {
    return buckets;
  }

  public HashingMode mode() {
    return mode;
  }

  /** Features of {@code text}. */
  public DocFeatures featurize(String text) {
    scan.scan(text, scanFlags());
    return featurize(scan);
  }

  /** What a {@link TokenScan} must make for {@link #featurize(TokenScan)}. */
  public int scanFlags() {
    return mode == HashingMode.FAST ? TokenScan.NGRAMS | TokenScan.NGRAM_HASHES : TokenScan.NGRAMS;
  }

  /** Features of the text {@code tokens} scanned with {@link #scanFlags()} (its n-gram view). */
  public DocFeatures featurize(TokenScan tokens) {
    int nTokens = tokens.ngramCount;
    long[] tokHash = tokens.ngramHash;
    long textHash = normHash(tokens);
    for (int k = 1; k <= order && k <= nTokens; k++) {
      for (int i = 0; i + k <= nTokens; i++) {
        count(bucket(tokens, tokHash, i, k));
      }
    }
    int[] idx = sortedTouched();
    int[] cnt = new int[idx.length];
    for (int j = 0; j < idx.length; j++) {
      cnt[j] = counts[idx[j]];
      counts[idx[j]] = 0;
    }
    nTouched = 0;
    return new DocFeatures(nTokens, tokens.utf8Bytes, idx, cnt, textHash);
  }

  /**
   * The {@code text_hash} of {@code text}, as {@link #featurize} makes it (the xxHash64 of the
   * normalized text), with {@code scan} as scratch; its {@link TokenScan#utf8Bytes} are then the
   * text's UTF-8 size.
   */
  public static long textHash(TokenScan scan, String text) {
    scan.scan(text, TokenScan.NGRAMS);
    return normHash(scan);
  }

  private static long normHash(TokenScan tokens) {
    return Hash64.xx(tokens.norm, 0, tokens.normLength);
  }

  /**
   * The touched buckets in increasing order: by scanning the touched-bucket bitmap when it is
   * short compared with the number of buckets touched (the usual case with up to a few tens
   * of thousands of buckets), else by sorting.
   */
  private int[] sortedTouched() {
    int[] idx = new int[nTouched];
    if (touchedBits.length <= 4 * nTouched) {
      int j = 0;
      for (int w = 0; w < touchedBits.length; w++) {
        long bits = touchedBits[w];
        while (bits != 0) {
          idx[j++] = (w << 6) + Long.numberOfTrailingZeros(bits);
          bits &= bits - 1;
        }
        touchedBits[w] = 0;
      }
    } else {
      System.arraycopy(touched, 0, idx, 0, nTouched);
      Arrays.sort(idx);
      for (int b : idx) {
        touchedBits[b >>> 6] = 0;
      }
    }
    return idx;
  }

  /** Bucket of the n-gram of {@code k} tokens starting at token {@code i}. */
  private int bucket(TokenScan tokens, long[] tokHash, int i, int k) {
    if (mode == HashingMode.FAST) {
      long h = tokHash[i];
      for (int j = 1; j < k; j++) {
        h = Hash64.combine(h, tokHash[i + j]);
      }
      return Hash64.reduce(h, buckets);
    }
    int len = 0;
    for (int j = 0; j < k; j++) {
      int s = tokens.ngramStart[i + j];
      int l = tokens.ngramEnd[i + j] - s;
      if (gram.length < len + l + 1) {
        gram = Arrays.copyOf(gram, Math.max(2 * gram.length, len + l + 1));
      }
      if (j > 0) {
        gram[len++] = ' ';
      }
      System.arraycopy(tokens.norm, s, gram, len, l);
      len += l;
    }
    sha256.update(gram, 0, len);
    return modBigEndian(sha256.digest(), buckets);
  }

  /** The unsigned big-endian integer in {@code digest}, modulo {@code m} (Horner's rule). */
  static int modBigEndian(byte[] digest, int m) {
    long r = 0;
    for (byte b : digest) {
      r = ((r << 8) | (b & 0xFF)) % m;
    }
    return (int) r;
  }

  private void count(int b) {
    if (counts[b]++ == 0) {
      touchedBits[b >>> 6] |= 1L << b;
      if (nTouched == touched.length) {
        touched = Arrays.copyOf(touched, 2 * touched.length);
      }
      touched[nTouched++] = b;
    }
  }

}
