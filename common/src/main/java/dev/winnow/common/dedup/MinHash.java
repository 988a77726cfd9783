package dev.winnow.common.dedup;

import dev.winnow.common.hash.Hash64;
import dev.winnow.common.text.TokenScan;
import dev.winnow.common.text.WordPunct;

/**
 * MinHash signatures over word shingles, for near-duplicate detection with LSH bands.
 *
 * <p>Words are the lower-cased {@code \w+} runs of the text (hashed by {@link TokenScan}) (punctuation, case and spacing do
 * not matter); a shingle is {@code shingleWords} consecutive words (a shorter text is one
 * shingle), hashed to 64 bits. Each of the {@code bands x rows} permutations is a
 * multiply-shift hash {@code (a_i * x + b_i) >>> 32} with fixed odd {@code a_i}; the signature
 * keeps the minimum of each as an unsigned 32-bit value, packed big-endian into
 * {@code 4 x bands x rows} bytes. The coefficients come from a fixed seed, so signatures made by
 * any run or machine compare.
 */
public final class MinHash implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private static final long COEFFICIENT_SEED = 0x5EED_D0D0_CAFE_F00DL;
  private final int shingleWords;
  private final int bands;
  private final int rows;
  private final long[] a;
  private final long[] b;
  private long[] words = new long[256];
  /** The scan of {@link #signature(String)}, made on first use (the class is serializable, the scan is not). */
  private transient TokenScan scan;
  /** Scratch: a document's shingle hashes, made on first use. */
  private transient long[] shingleHashes;

  public MinHash(int shingleWords, int bands, int rows) {
    if (shingleWords < 1 || bands < 1 || rows < 1) {
      throw new IllegalArgumentException("shingle words, bands and rows must be positive");
    }
    this.shingleWords = shingleWords;
    this.bands = bands;
    this.rows = rows;
    int n = bands * rows;
    a = new long[n];
    b = new long[n];
    for (int i = 0; i < n; i++) {
      a[i] = Hash64.mix(Hash64.combine(COEFFICIENT_SEED, 2L * i)) | 1L;
      b[i] = Hash64.mix(Hash64.combine(COEFFICIENT_SEED, 2L * i + 1));
    }
  }

  public int permutations() {
    return a.length;
  }

  public int bands() {
    return bands;
  }

  /** The signature of {@code text}, or null when it has no word. */
  public byte[] signature(String text) {
    if (scan == null) {
      scan = new TokenScan();
    }
    scan.scan(text, TokenScan.WORDS);
    return signature(scan);
  }

  /** The signature of the text {@code tokens} scanned with word hashes, or null when it has no word. */
  public byte[] signature(TokenScan tokens) {
    int n = 0;
    for (int t = 0; t < tokens.count; t++) {
      if (tokens.type[t] == WordPunct.WORD) {
        if (n == words.length) {
          words = java.util.Arrays.copyOf(words, n * 2);
        }
        words[n++] = tokens.wordHash[t];
      }
    }
    if (n == 0) {
      return null;
    }
    int perms = a.length;
    int k = Math.min(shingleWords, n);
    int shingles = n - k + 1;
    if (shingleHashes == null || shingleHashes.length < shingles) {
      shingleHashes = new long[Math.max(shingles, shingleHashes == null ? 256 : 2 * shingleHashes.length)];
    }
    long[] xs = shingleHashes;
    for (int s = 0; s < shingles; s++) {
      long x = k;
      for (int j = s; j < s + k; j++) {
        x = Hash64.combine(x, words[j]);
      }
      xs[s] = x;
    }
    // the minima as non-negative longs (the high 32 bits of a x + b)
    long[] mins = new long[perms];
    java.util.Arrays.fill(mins, Long.MAX_VALUE);
    ShingleMinima.update(a, b, xs, shingles, mins);
    byte[] sig = new byte[perms * 4];
    for (int i = 0; i < perms; i++) {
      int v = (int) mins[i];
      sig[4 * i] = (byte) (v >>> 24);
      sig[4 * i + 1] = (byte) (v >>> 16);
      sig[4 * i + 2] = (byte) (v >>> 8);
      sig[4 * i + 3] = (byte) v;
    }
    return sig;
  }

  /** The LSH key of each band: a hash of the band's index and its rows' bytes. */
  public long[] bandKeys(byte[] signature) {
    long[] keys = new long[bands];
    for (int j = 0; j < bands; j++) {
      keys[j] = Hash64.combine(j, Hash64.xx(signature, j * rows * 4, rows * 4));
    }
    return keys;
  }

  /** The estimated Jaccard similarity: the fraction of equal signature values. */
  public static double similarity(byte[] x, byte[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("signatures of " + x.length / 4 + " and " + y.length / 4 + " values");
    }
    int equal = 0;
    for (int i = 0; i < x.length; i += 4) {
      if (x[i] == y[i] && x[i + 1] == y[i + 1] && x[i + 2] == y[i + 2] && x[i + 3] == y[i + 3]) {
        equal++;
      }
    }
    return equal / (x.length / 4.0);
  }
}
