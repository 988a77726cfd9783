package dev.winnow.common.text;

import dev.winnow.common.hash.Hash64;
import java.util.Arrays;
import java.util.Locale;

/**
 * One document's WordPunct tokens from one pass over its text, for every featurizer at once
 * (issue 16): the n-gram featurizer's normalized text and token spans, the quality signals'
 * tokens of the original text with their hashes, and MinHash's lower-cased word hashes. Nothing
 * is allocated per token; the arrays are reused and grow with the longest document.
 *
 * <p>Two token views, equal for nearly every text:
 * <ul>
 * <li><b>original</b> ({@link #count}, {@link #start}, {@link #end}, {@link #length},
 *     {@link #type}): maximal runs of one WordPunct class of the text as written, as UTF-16
 *     spans; with {@link #qualityHash} (FNV-1a over the code points, seeded by the class, mixed)
 *     and {@link #wordHash} (a word's lower-cased code points combined; 0 for other tokens);</li>
 * <li><b>n-gram</b> ({@link #ngramCount}, {@link #ngramStart}, {@link #ngramEnd}): the tokens of
 *     the lower-cased text as byte spans of {@link #norm}, the normalized text (lower-cased,
 *     each run of whitespace one space, trimmed) as UTF-8.</li>
 * </ul>
 * One pass makes both: lower-casing a code point never changes its WordPunct class (checked for
 * every code point by {@code TokenScanTest}), so the two views have the same token boundaries;
 * except that a text with a final sigma or dotted capital I (whose lower-casing depends on
 * context or changes length) gets its n-gram view from {@code String.toLowerCase(Locale.ROOT)}
 * of the whole text, in a second pass.
 *
 * <p>Not thread-safe: one instance per task/thread.
 */
public final class TokenScan {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  private static final long WORD_SEED = 0x9E37_79B9_7F4A_7C15L;

  /** Original tokens. */
  public int count;
  public int[] start = new int[1024];
  public int[] end = new int[1024];
  /** Code points of each original token. */
  public int[] length = new int[1024];
  public byte[] type = new byte[1024];
  public long[] qualityHash = new long[1024];
  public long[] wordHash = new long[1024];

  /** N-gram tokens: spans of {@link #norm}. */
  public int ngramCount;
  public int[] ngramStart = new int[1024];
  public int[] ngramEnd = new int[1024];
  public long[] ngramHash = new long[1024];
  public byte[] norm = new byte[1 << 16];
  public int normLength;
  /** UTF-8 bytes of the original text. */
  public long utf8Bytes;
  private boolean hashNgrams;

  /** What {@link #scan} makes: the n-gram view; the original view with quality hashes; with word hashes. */
  public static final int NGRAMS = 1;
  public static final int QUALITY = 2;
  public static final int WORDS = 4;
  /** With NGRAMS: each n-gram token's xxHash64 ({@link #ngramHash}), for the fast hashing mode. */
  public static final int NGRAM_HASHES = 8;

  /**
   * Scans {@code text} for {@code what} ({@link #NGRAMS}, {@link #QUALITY}, {@link #WORDS}
   * combined): the n-gram view for NGRAMS, the original view for QUALITY or WORDS (with the
   * hashes each asks for). What is not asked for is left as the last scan made it.
   */
  public void scan(String text, int what) {
    boolean ngrams = (what & NGRAMS) != 0;
    hashNgrams = (what & NGRAM_HASHES) != 0;
    boolean quality = (what & QUALITY) != 0;
    boolean words = (what & WORDS) != 0;
    boolean original = quality || words;
    boolean special = text.indexOf('\u03A3') >= 0 || text.indexOf('\u0130') >= 0;
    if (original) {
      pass(text, ngrams && !special, quality, words);
    }
    if (ngrams && (special || !original)) {
      ngramPass(special ? text.toLowerCase(Locale.ROOT) : text, special);
      if (special) {
        utf8Bytes = Utf8.encodedLength(text);
      }
    }
  }

  /**
   * The n-gram view alone, in a loop of its own: it is all a DSIR-style run needs, and this loop
   * took 452 ms per 40,000 realpool documents where {@link #pass} asked for the n-gram view only
   * took 505 (bench/run-kernel-rounds.sh).
   * {@code lowered}: {@code s} is lower-cased already.
   */
  private void ngramPass(String s, boolean lowered) {
    int n = s.length();
    ensureNorm(3L * n + 1); // a UTF-16 unit takes at most 3 UTF-8 bytes (a pair 4)
    byte[] buf = norm;
    int pos = 0;
    int nTok = 0;
    long bytes = 0;
    boolean pendingSpace = false;
    byte cls = WordPunct.SPACE;
    int start = 0;
    int i = 0;
    while (i < n) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      bytes += Utf8.length(cp);
      if (!lowered) {
        cp = Character.toLowerCase(cp);
      }
      byte c = WordPunct.classify(cp);
      if (c != cls && cls != WordPunct.SPACE) {
        nTok = endNgramToken(nTok, start, pos);
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
      nTok = endNgramToken(nTok, start, pos);
    }
    ngramCount = nTok;
    normLength = pos;
    utf8Bytes = bytes;
  }

  /** One pass over {@code s}, making the original view and, when {@code ngrams}, the n-gram view. */
  private void pass(String s, boolean ngrams, boolean qualityHashes, boolean wordHashes) {
    int n = s.length();
    if (ngrams) {
      ensureNorm(3L * n + 1); // a UTF-16 unit takes at most 3 UTF-8 bytes (a pair 4)
    }
    byte[] buf = norm;
    int pos = 0;
    int tok = 0;
    int nTok = 0;
    long bytes = 0;
    boolean pendingSpace = false;
    byte cls = WordPunct.SPACE; // class of the token being read
    int tokenStart = 0;
    int normStart = 0;
    int cps = 0;
    long qh = 0;
    long wh = 0;
    int i = 0;
    while (i < n) {
      int at = i;
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      int lower = Character.toLowerCase(cp);
      byte c = WordPunct.classify(cp); // the lower case's class too: see the class comment
      if (c != cls && cls != WordPunct.SPACE) { // the token ends
        tok = endToken(tok, tokenStart, at, cps, cls, qh, wh);
        if (ngrams) {
          nTok = endNgramToken(nTok, normStart, pos);
        }
      }
      if (c != WordPunct.SPACE) {
        if (c != cls) { // a token begins
          tokenStart = at;
          cps = 0;
          qh = FNV_OFFSET ^ c;
          wh = WORD_SEED;
          if (ngrams) {
            if (pendingSpace) {
              buf[pos++] = ' ';
              pendingSpace = false;
            }
            normStart = pos;
          }
        }
        cps++;
        if (qualityHashes) {
          qh = (qh ^ cp) * FNV_PRIME;
        }
        if (wordHashes && c == WordPunct.WORD) {
          wh = Hash64.combine(wh, lower);
        }
        if (ngrams) {
          if (lower < 0x80) {
            buf[pos++] = (byte) lower;
          } else {
            pos = Utf8.put(buf, pos, lower);
          }
        }
      } else if (ngrams) {
        pendingSpace = pos > 0;
      }
      if (ngrams) {
        bytes += Utf8.length(cp);
      }
      cls = c;
    }
    if (cls != WordPunct.SPACE) {
      tok = endToken(tok, tokenStart, n, cps, cls, qh, wh);
      if (ngrams) {
        nTok = endNgramToken(nTok, normStart, pos);
      }
    }
    count = tok;
    if (ngrams) {
      ngramCount = nTok;
      normLength = pos;
      utf8Bytes = bytes;
    }
  }

  private int endToken(int t, int from, int to, int cps, byte cls, long qh, long wh) {
    if (t == start.length) {
      int m = 2 * t;
      start = Arrays.copyOf(start, m);
      end = Arrays.copyOf(end, m);
      length = Arrays.copyOf(length, m);
      type = Arrays.copyOf(type, m);
      qualityHash = Arrays.copyOf(qualityHash, m);
      wordHash = Arrays.copyOf(wordHash, m);
    }
    start[t] = from;
    end[t] = to;
    length[t] = cps;
    type[t] = cls;
    qualityHash[t] = Hash64.mix(qh);
    wordHash[t] = cls == WordPunct.WORD ? wh : 0;
    return t + 1;
  }

  private int endNgramToken(int t, int from, int to) {
    if (t == ngramStart.length) {
      ngramStart = Arrays.copyOf(ngramStart, 2 * t);
      ngramEnd = Arrays.copyOf(ngramEnd, 2 * t);
      ngramHash = Arrays.copyOf(ngramHash, 2 * t);
    }
    ngramStart[t] = from;
    ngramEnd[t] = to;
    if (hashNgrams) { // while the token's bytes are in the cache
      ngramHash[t] = Hash64.xx(norm, from, to - from);
    }
    return t + 1;
  }

  private void ensureNorm(long need) {
    if (norm.length < need) {
      if (need > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("document too large to featurize: " + need + " bytes of scratch");
      }
      norm = new byte[(int) Math.max(need, 2L * norm.length)];
    }
  }
}
