package dev.winnow.common.text;

import dev.winnow.common.hash.Hash64;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Hashed n-gram features of a document in one pass over its text.
 *
 * <p>The text is lower-cased ({@code Locale.ROOT}, as Python's {@code str.lower()}) and split
 * by the WordPunct rule ({@link WordPunct}); n-grams of orders 1..{@code order} over the token
 * sequence are hashed into {@code buckets} buckets ({@link HashingMode}). The same pass writes
 * the normalized text (lower-cased, each run of whitespace one space, trimmed) as UTF-8 into a
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
  private byte[] norm = new byte[1 << 16];
  private int[] tokStart = new int[1024];
  private int[] tokEnd = new int[1024];
  private long[] tokHash = new long[1024];
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
    int nTokens = tokenize(text);
    long textHash = Hash64.xx(norm, 0, normLen);
    for (int k = 1; k <= order && k <= nTokens; k++) {
      for (int i = 0; i + k <= nTokens; i++) {
        count(bucket(i, k));
      }
    }
    int[] idx = sortedTouched();
    int[] cnt = new int[idx.length];
    for (int j = 0; j < idx.length; j++) {
      cnt[j] = counts[idx[j]];
      counts[idx[j]] = 0;
    }
    nTouched = 0;
    return new DocFeatures(nTokens, nBytes, idx, cnt, textHash);
  }

  private int normLen;
  private long nBytes;

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

  /**
   * Splits the lower-cased {@code text} into tokens, writing the normalized text into
   * {@code norm} and each token's byte span, and measuring the original's UTF-8 size, in one
   * pass; returns the token count. Lower-casing goes code point by code point, which equals
   * {@code String.toLowerCase(Locale.ROOT)} except for the two context- or length-changing
   * cases (final sigma, dotted capital I); a text holding either takes the whole-string path.
   */
  private int tokenize(String text) {
    boolean special = text.indexOf('\u03A3') >= 0 || text.indexOf('\u0130') >= 0;
    String s = special ? text.toLowerCase(Locale.ROOT) : text;
    int n = s.length();
    ensureNorm(3L * n + 1); // a UTF-16 unit takes at most 3 UTF-8 bytes (a pair 4)
    byte[] buf = norm;
    int pos = 0;
    int nTok = 0;
    int i = 0;
    long bytes = 0;
    boolean pendingSpace = false;
    byte cls = WordPunct.SPACE;
    int start = 0;
    while (i < n) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      bytes += Utf8.length(cp);
      if (!special) {
        cp = Character.toLowerCase(cp);
      }
      byte c = WordPunct.classify(cp);
      if (c != cls && cls != WordPunct.SPACE) {
        nTok = endToken(nTok, start, pos);
      }
      if (c == WordPunct.SPACE) {
        pendingSpace = pos > 0;
      } else {
        if (c != cls) {
          if (pendingSpace) {
            buf[pos++] = ' ';
            pendingSpace = false;
          }
          start = pos;
        }
        if (cp < 0x80) {
          buf[pos++] = (byte) cp;
        } else {
          pos = Utf8.put(buf, pos, cp);
        }
      }
      cls = c;
    }
    if (cls != WordPunct.SPACE) {
      nTok = endToken(nTok, start, pos);
    }
    normLen = pos;
    nBytes = special ? Utf8.encodedLength(text) : bytes;
    return nTok;
  }

  private int endToken(int nTok, int start, int end) {
    if (nTok == tokStart.length) {
      growTokens();
    }
    tokStart[nTok] = start;
    tokEnd[nTok] = end;
    if (mode == HashingMode.FAST) {
      tokHash[nTok] = Hash64.xx(norm, start, end - start);
    }
    return nTok + 1;
  }

  /** Bucket of the n-gram of {@code k} tokens starting at token {@code i}. */
  private int bucket(int i, int k) {
    if (mode == HashingMode.FAST) {
      long h = tokHash[i];
      for (int j = 1; j < k; j++) {
        h = Hash64.combine(h, tokHash[i + j]);
      }
      return Hash64.reduce(h, buckets);
    }
    int len = 0;
    for (int j = 0; j < k; j++) {
      int s = tokStart[i + j];
      int l = tokEnd[i + j] - s;
      if (gram.length < len + l + 1) {
        gram = Arrays.copyOf(gram, Math.max(2 * gram.length, len + l + 1));
      }
      if (j > 0) {
        gram[len++] = ' ';
      }
      System.arraycopy(norm, s, gram, len, l);
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

  private void ensureNorm(long need) {
    if (norm.length < need) {
      if (need > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("document too large to featurize: " + need + " bytes of scratch");
      }
      norm = new byte[(int) Math.max(need, 2L * norm.length)];
    }
  }

  private void growTokens() {
    int n = 2 * tokStart.length;
    tokStart = Arrays.copyOf(tokStart, n);
    tokEnd = Arrays.copyOf(tokEnd, n);
    tokHash = Arrays.copyOf(tokHash, n);
  }
}
