package dev.winnow.common.lang;

import com.optimaize.langdetect.profiles.LanguageProfile;
import dev.winnow.common.hash.Hash64;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;

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

  private final List<String> codes;
  /** Open addressing: packed gram (never 0: its length is in it) -> its row in {@link #rows}. */
  private final long[] keys;
  private final int[] slots;
  private final double[][] rows;

  /**
   * The profiles' n-gram table, as the library's {@code NgramFrequencyData} makes it: a row per
   * 1-, 2- or 3-gram, its probability in each language in {@code profiles}' order (the order the
   * library's builder gives them, which fixes the order of the sums).
   */
  OptimaizeDetector(Collection<LanguageProfile> profiles) {
    int languages = profiles.size();
    codes = profiles.stream().map(p -> p.getLocale().getLanguage()).toList();
    long grams = 0;
    for (LanguageProfile p : profiles) {
      for (int n = 1; n <= 3; n++) {
        grams += p.getNumGrams(n);
      }
    }
    int capacity = Integer.highestOneBit((int) Math.max(4, grams)) << 2; // at most half full
    keys = new long[capacity];
    slots = new int[capacity];
    double[][] made = new double[(int) grams][];
    int distinct = 0;
    int language = 0;
    for (LanguageProfile p : profiles) {
      for (int n = 1; n <= 3; n++) {
        for (Map.Entry<String, Integer> g : p.iterateGrams(n)) {
          String gram = g.getKey();
          long key = pack(gram, 0, gram.length());
          int s = slot(key);
          while (keys[s] != 0 && keys[s] != key) {
            s = (s + 1) & (capacity - 1);
          }
          if (keys[s] == 0) {
            keys[s] = key;
            slots[s] = distinct;
            made[distinct++] = new double[languages];
          }
          made[slots[s]][language] = g.getValue().doubleValue() / p.getNumGramOccurrences(gram.length());
        }
      }
      language++;
    }
    rows = Arrays.copyOf(made, distinct);
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

  /** The index in {@link #rows} of the packed gram {@code key}, or -1 when no profile has it. */
  private int row(long key) {
    for (int i = slot(key); keys[i] != 0; i = (i + 1) & (keys.length - 1)) {
      if (keys[i] == key) {
        return slots[i];
      }
    }
    return -1;
  }

  /**
   * The library's most probable language for {@code text} (already through its text filters) and
   * its probability; the language is null when none reaches the library's threshold (0.1) or the
   * text has no n-gram.
   */
  Best detect(CharSequence text) {
    if (text.length() == 0) {
      return new Best(null, 0);
    }
    // NgramExtractors.standard(): the text with a space at each end, its 1-grams (no space),
    // 2-grams and 3-grams (no space in the middle), in that order
    StringBuilder padded = new StringBuilder(text.length() + 2);
    if (text.charAt(0) != PADDING) {
      padded.append(PADDING);
    }
    padded.append(text);
    if (text.charAt(text.length() - 1) != PADDING) {
      padded.append(PADDING);
    }
    int len = padded.length();
    long[] grams = new long[Math.max(0, 3 * len - 3)];
    int n = 0;
    for (int size = 1; size <= 3; size++) {
      for (int pos = 0; pos + size <= len; pos++) {
        if (!(size == 1 && padded.charAt(pos) == PADDING) && !(size == 3 && padded.charAt(pos + 1) == PADDING)) {
          grams[n++] = pack(padded, pos, pos + size);
        }
      }
    }
    if (n == 0) {
      return new Best(null, 0);
    }
    double[] prob = text.length() <= SHORT_TEXT ? shortText(grams, n) : longText(grams, n);
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
    Random rand = new Random(SEED);
    for (int t = 0; t < N_TRIAL; ++t) {
      double[] prob = initial();
      double alpha = ALPHA + (rand.nextGaussian() * ALPHA_WIDTH);
      for (int i = 0; i < ITERATION_LIMIT; i++) {
        int r = row(grams[rand.nextInt(n)]);
        if (r >= 0) {
          multiply(prob, rows[r], alpha, 1);
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
    for (int i = 0; i < d; i++) {
      int r = row(distinct[i]);
      if (r >= 0) {
        multiply(prob, rows[r], ALPHA, count[i]);
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

  /** updateLangProb: each language's probability times (alpha / BASE_FREQ + its gram probability), count times. */
  private static void multiply(double[] prob, double[] gram, double alpha, int count) {
    double weight = alpha / BASE_FREQ;
    for (int j = 0; j < prob.length; ++j) {
      for (int c = 0; c < count; c++) {
        prob[j] *= (weight + gram[j]);
      }
    }
  }

  /** The library's Util.normalizeProb: scales to sum 1, returns the largest. */
  private static double normalize(double[] prob) {
    double maxp = 0;
    double sump = 0;
    for (double p : prob) {
      sump += p;
    }
    for (int i = 0; i < prob.length; ++i) {
      double p = prob[i] / sump;
      if (maxp < p) {
        maxp = p;
      }
      prob[i] = p;
    }
    return maxp;
  }

  /** The most probable language's code (null: none) and its probability. */
  record Best(String lang, double probability) {}
}
