package dev.winnow.common.lang;

import com.optimaize.langdetect.profiles.LanguageProfile;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import dev.winnow.common.hash.Hash64;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The optimaize language detector's computation ({@code LanguageDetectorImpl} with the builder's
 * defaults and {@code NgramExtractors.standard()}: the Cybozu language-detection algorithm) over
 * its bundled profiles, done as the library does it: the same n-grams, the same random draws,
 * the same floating-point operations in the same order, so that the probabilities are bit for
 * bit the library's ({@code LanguageIdTest} compares them on every clean_mini passage). What
 * differs is the bookkeeping: the library makes a String of every 1-, 2- and 3-gram of the text,
 * looks each draw up in a map of Strings and asks its logger at each draw whether to trace; here
 * a gram is its characters packed into a long, and a draw finds its profile row in an
 * open-addressing table of those longs. Two to three times as fast on realpool's documents
 * (docs/BENCHMARKS.md).
 *
 * <p>The table (114,316 grams, 276,219 probabilities in 70 languages) is made from the library's
 * profiles once, when the jar is built ({@link #write}, {@link LanguageId#main}), and a JVM reads
 * it from the jar ({@link #read}) in a quarter of the second the library takes to parse them.
 *
 * <p>Texts of over {@link #SHORT_TEXT} characters: seven trials, each multiplying the languages'
 * probabilities by those of n-grams drawn at random from the text until one language passes
 * 0.99999 ({@code detectBlockLongText}). Shorter texts: every distinct n-gram once, raised to its
 * count, in order of first occurrence ({@code detectBlockShortText}).
 *
 * <p>Immutable after construction, shared by the threads of a JVM.
 */
final class OptimaizeDetector {
  /** The builder's default: texts of at most this many characters take the short-text algorithm. */
  static final int SHORT_TEXT = 50;
  // the library's constants (LanguageDetectorImpl, LanguageDetectorBuilder's defaults)
  private static final double ALPHA = 0.5;
  private static final double ALPHA_WIDTH = 0.05;
  private static final int ITERATION_LIMIT = 1000;
  private static final double CONV_THRESHOLD = 0.99999;
  private static final int BASE_FREQ = 10000;
  private static final int N_TRIAL = 7;
  private static final long SEED = 41L;
  private static final double PROBABILITY_THRESHOLD = 0.1;
  private static final char PADDING = ' ';

  /** {@link #write}'s layout; {@link #read} refuses another. */
  private static final int FORMAT = 1;
  /** Rows of grams in at most this many languages are kept sparse only. */
  private static final int SPARSE_MOST = 8;

  private final List<String> codes;
  /** Open addressing: packed gram (never 0: its length is in it) -> its row. */
  private final long[] keys;
  private final int[] slots;
  /**
   * The rows, sparse: row r's languages with a probability are {@code langs[from[r]] ..
   * langs[from[r + 1] - 1]}, with those probabilities in {@code probs}. A gram is in 2.4 of the
   * 70 profiles on average: as dense rows the table took 64 MB of every JVM's heap.
   */
  private final int[] from;
  private final byte[] langs;
  private final double[] probs;
  /**
   * The rows of the grams in more than {@link #SPARSE_MOST} languages (5,246 of 114,316) also
   * dense, a probability for every language, multiplied in one pass; null for the others.
   */
  private final double[][] dense;

  /**
   * The table of {@code grams} (packed, {@link #pack}): gram r is in {@code present[r]} languages,
   * given in turn, gram after gram, by {@code langs} (their places in {@code codes}, the order the
   * library's builder gives the languages, which fixes the order of the sums) with the gram's
   * probability in each in {@code probs}.
   */
  private OptimaizeDetector(List<String> codes, long[] grams, byte[] present, byte[] langs, double[] probs) {
    this.codes = List.copyOf(codes);
    this.langs = langs;
    this.probs = probs;
    int languages = codes.size();
    int capacity = Integer.highestOneBit(Math.max(4, grams.length)) << 2; // at most half full
    keys = new long[capacity];
    slots = new int[capacity];
    from = new int[grams.length + 1];
    dense = new double[grams.length][];
    for (int r = 0; r < grams.length; r++) {
      int s = slot(grams[r]);
      while (keys[s] != 0) {
        s = (s + 1) & (capacity - 1);
      }
      keys[s] = grams[r];
      slots[s] = r;
      from[r + 1] = from[r] + present[r];
      if (present[r] > SPARSE_MOST) {
        dense[r] = new double[languages];
        for (int e = from[r]; e < from[r + 1]; e++) {
          dense[r][langs[e]] = probs[e];
        }
      }
    }
  }

  /**
   * The profiles' n-gram table, as the library's {@code NgramFrequencyData} makes it: a row per
   * 1-, 2- or 3-gram, its probability in each language in {@code profiles}' order.
   */
  static OptimaizeDetector fromProfiles(Collection<LanguageProfile> profiles) {
    int languages = profiles.size();
    if (languages > Byte.MAX_VALUE) {
      throw new IllegalArgumentException(languages + " languages: at most " + Byte.MAX_VALUE);
    }
    Map<Long, double[]> rows = new LinkedHashMap<>();
    int language = 0;
    int entries = 0;
    for (LanguageProfile p : profiles) {
      for (int n = 1; n <= 3; n++) {
        for (Map.Entry<String, Integer> g : p.iterateGrams(n)) {
          String gram = g.getKey();
          double[] row = rows.computeIfAbsent(pack(gram, 0, gram.length()), k -> new double[languages]);
          row[language] = g.getValue().doubleValue() / p.getNumGramOccurrences(gram.length());
          entries++;
        }
      }
      language++;
    }
    long[] grams = new long[rows.size()];
    byte[] present = new byte[rows.size()];
    byte[] langs = new byte[entries];
    double[] probs = new double[entries];
    int r = 0;
    int e = 0;
    for (Map.Entry<Long, double[]> row : rows.entrySet()) {
      grams[r] = row.getKey();
      for (int j = 0; j < languages; j++) {
        if (row.getValue()[j] != 0) { // a gram's count is at least 1
          present[r]++;
          langs[e] = (byte) j;
          probs[e++] = row.getValue()[j];
        }
      }
      r++;
    }
    return new OptimaizeDetector(profiles.stream().map(p -> p.getLocale().getLanguage()).toList(), grams, present,
        langs, probs);
  }

  /**
   * The detector over the library's bundled profiles, in the order its builder keeps them (a
   * HashSet's, filled in list order): what {@link LanguageId} detects with. About a second: the
   * library parses 70 profiles; {@link #read} makes the same table from {@link #write}'s bytes.
   */
  static OptimaizeDetector fromBuiltInProfiles() throws IOException {
    Set<LanguageProfile> inBuilderOrder = new HashSet<>();
    inBuilderOrder.addAll(new LanguageProfileReader().readAllBuiltIn());
    return fromProfiles(inBuilderOrder);
  }

  /**
   * The table as bytes, column by column so that {@link #read} takes each in one bulk copy: the
   * languages; the grams (packed); for each gram, how many languages have it; those languages
   * and the gram's probability in each (the double's bits), gram after gram.
   */
  void write(DataOutputStream out) throws IOException {
    out.writeInt(FORMAT);
    out.writeInt(codes.size());
    for (String code : codes) {
      out.writeUTF(code);
    }
    long[] grams = new long[from.length - 1];
    for (int s = 0; s < keys.length; s++) {
      if (keys[s] != 0) {
        grams[slots[s]] = keys[s];
      }
    }
    out.writeInt(grams.length);
    out.writeInt(langs.length);
    for (long gram : grams) {
      out.writeLong(gram);
    }
    for (int r = 0; r < grams.length; r++) {
      out.writeByte(from[r + 1] - from[r]);
    }
    out.write(langs);
    for (double p : probs) {
      out.writeDouble(p);
    }
  }

  /** The table {@link #write} wrote, from {@code in}'s remaining bytes. */
  static OptimaizeDetector read(InputStream in) throws IOException {
    try {
      return read(ByteBuffer.wrap(in.readAllBytes())); // big-endian, as DataOutputStream writes
    } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new IOException("the language table is cut short or damaged: rebuild the jar", e);
    }
  }

  private static OptimaizeDetector read(ByteBuffer b) throws IOException {
    int format = b.getInt();
    if (format != FORMAT) {
      throw new IOException("a language table of format " + format + ", not " + FORMAT + ": rebuild the jar");
    }
    List<String> codes = new ArrayList<>();
    for (int i = b.getInt(); i > 0; i--) {
      byte[] code = new byte[b.getShort()];
      b.get(code);
      codes.add(new String(code, StandardCharsets.UTF_8)); // writeUTF's form, for these ASCII codes
    }
    long[] grams = new long[b.getInt()];
    byte[] langs = new byte[b.getInt()];
    double[] probs = new double[langs.length];
    byte[] present = new byte[grams.length];
    b.asLongBuffer().get(grams);
    b.position(b.position() + 8 * grams.length).get(present).get(langs);
    b.asDoubleBuffer().get(probs);
    return new OptimaizeDetector(codes, grams, present, langs, probs);
  }

  private static long pack(CharSequence s, int from, int to) {
    long k = to - from;
    for (int i = from; i < to; i++) {
      k = (k << 16) | s.charAt(i);
    }
    return k;
  }

  private int slot(long key) {
    return (int) (Hash64.mix(key) & (keys.length - 1));
  }

  /** The row of the packed gram {@code key}, or -1 when no profile has it. */
  private int row(long key) {
    for (int i = slot(key); keys[i] != 0; i = (i + 1) & (keys.length - 1)) {
      if (keys[i] == key) {
        return slots[i];
      }
    }
    return -1;
  }

  /**
   * The library's most probable language for the first {@code length} chars of {@code text}
   * (already through its text filters and char normalization) and its probability; the language is
   * null when none reaches the library's threshold (0.1) or the text has no n-gram.
   */
  Best detect(char[] text, int length) {
    if (length == 0) {
      return new Best(null, 0);
    }
    // NgramExtractors.standard(): the text with a space at each end, its 1-grams (no space),
    // 2-grams and 3-grams (no space in the middle), in that order; a gram packed as pack() does
    char[] padded = new char[length + 2];
    int len = 0;
    if (text[0] != PADDING) {
      padded[len++] = PADDING;
    }
    System.arraycopy(text, 0, padded, len, length);
    len += length;
    if (text[length - 1] != PADDING) {
      padded[len++] = PADDING;
    }
    long[] grams = new long[Math.max(0, 3 * len - 3)];
    int n = 0;
    for (int pos = 0; pos < len; pos++) {
      if (padded[pos] != PADDING) {
        grams[n++] = (1L << 16) | padded[pos];
      }
    }
    for (int pos = 0; pos + 2 <= len; pos++) {
      grams[n++] = (2L << 32) | ((long) padded[pos] << 16) | padded[pos + 1];
    }
    for (int pos = 0; pos + 3 <= len; pos++) {
      if (padded[pos + 1] != PADDING) {
        grams[n++] = (3L << 48) | ((long) padded[pos] << 32) | ((long) padded[pos + 1] << 16) | padded[pos + 2];
      }
    }
    if (n == 0) {
      return new Best(null, 0);
    }
    double[] prob = length <= SHORT_TEXT ? shortText(grams, n) : longText(grams, n);
    int best = -1; // the library sorts those over its threshold, stably, by descending probability
    for (int j = 0; j < prob.length; j++) {
      if (prob[j] >= PROBABILITY_THRESHOLD && (best < 0 || prob[j] > prob[best])) {
        best = j;
      }
    }
    return best < 0 ? new Best(null, 0) : new Best(codes.get(best), prob[best]);
  }

  /**
   * detectBlockLongText: seven trials of random draws; grams no profile has take a draw and
   * change nothing. A gram is looked up when drawn: the trials usually end after fewer draws
   * than the text has grams.
   */
  private double[] longText(long[] grams, int n) {
    double[] langprob = new double[codes.size()];
    double[] saved = new double[SPARSE_MOST];
    Random rand = new Random(SEED);
    for (int t = 0; t < N_TRIAL; ++t) {
      double[] prob = initial();
      double alpha = ALPHA + (rand.nextGaussian() * ALPHA_WIDTH);
      for (int i = 0; i < ITERATION_LIMIT; i++) {
        int r = row(grams[rand.nextInt(n)]);
        if (r >= 0) {
          multiply(prob, r, alpha, 1, saved);
        }
        if (i % 5 == 0 && normalize(prob) > CONV_THRESHOLD) {
          break;
        }
      }
      for (int j = 0; j < langprob.length; ++j) {
        langprob[j] += prob[j] / N_TRIAL;
      }
    }
    return langprob;
  }

  /** detectBlockShortText: each distinct gram once, in order of first occurrence, raised to its count. */
  private double[] shortText(long[] grams, int n) {
    long[] distinct = new long[n];
    int[] count = new int[n];
    int d = 0;
    for (int i = 0; i < n; i++) {
      int at = 0;
      while (at < d && distinct[at] != grams[i]) {
        at++;
      }
      if (at == d) {
        distinct[d++] = grams[i];
      }
      count[at]++;
    }
    double[] prob = initial();
    double[] saved = new double[SPARSE_MOST];
    for (int i = 0; i < d; i++) {
      int r = row(distinct[i]);
      if (r >= 0) {
        multiply(prob, r, ALPHA, count[i], saved);
      }
      if (normalize(prob) > CONV_THRESHOLD) {
        break;
      }
    }
    normalize(prob);
    return prob;
  }

  private double[] initial() {
    double[] prob = new double[codes.size()];
    Arrays.fill(prob, 1.0 / codes.size());
    return prob;
  }

  /**
   * updateLangProb: each language's probability times (alpha / BASE_FREQ + the gram's probability
   * in it), count times. A language without the gram is multiplied by alpha / BASE_FREQ (adding
   * 0.0 changes no bit), so a sparse row multiplies every language by that and then the few with
   * the gram, from their values before, by their sums: the same products. {@code saved} holds
   * {@link #SPARSE_MOST} values.
   */
  private void multiply(double[] prob, int row, double alpha, int count, double[] saved) {
    double weight = alpha / BASE_FREQ;
    double[] gram = dense[row];
    if (gram != null) {
      // the count outside, the languages inside: each language still takes its count products in
      // turn, and the inner loop runs several lanes at a time
      for (int c = 0; c < count; c++) {
        for (int j = 0; j < prob.length; ++j) {
          prob[j] *= (weight + gram[j]);
        }
      }
      return;
    }
    int first = from[row];
    int n = from[row + 1] - first;
    for (int c = 0; c < count; c++) {
      for (int k = 0; k < n; k++) {
        saved[k] = prob[langs[first + k]];
      }
      for (int j = 0; j < prob.length; ++j) {
        prob[j] *= weight;
      }
      for (int k = 0; k < n; k++) {
        prob[langs[first + k]] = saved[k] * (weight + probs[first + k]);
      }
    }
  }

  /**
   * The library's Util.normalizeProb: scales to sum 1, returns the largest. The sum in order, then
   * the divisions (one loop the JIT can run several lanes at a time: each is the library's
   * division), then the largest found as the library finds it.
   */
  private static double normalize(double[] prob) {
    double sump = 0;
    for (double p : prob) {
      sump += p;
    }
    for (int i = 0; i < prob.length; ++i) {
      prob[i] = prob[i] / sump;
    }
    double maxp = 0;
    for (double p : prob) {
      if (maxp < p) {
        maxp = p;
      }
    }
    return maxp;
  }

  /** The most probable language's code (null: none) and its probability. */
  record Best(String lang, double probability) {}
}
