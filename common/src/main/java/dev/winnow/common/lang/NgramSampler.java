package dev.winnow.common.lang;

import com.optimaize.langdetect.NgramFrequencyData;
import com.optimaize.langdetect.profiles.LanguageProfile;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Random;

/**
 * The optimaize detector's algorithm for texts over {@link #SHORT_TEXT} characters
 * ({@code LanguageDetectorImpl.detectBlockLongText}, the Cybozu language-detection algorithm:
 * seven trials that multiply the language probabilities of n-grams drawn at random from the
 * text until one language passes 0.99999), computed as the library computes it, with the
 * library's default settings, the same draws and the same floating-point operations in the same
 * order: the probabilities are bit for bit the library's ({@code LanguageIdTest} compares them
 * on every clean_mini passage). What differs is the bookkeeping: the library makes a String of
 * every 1-, 2- and 3-gram of the text and looks each draw up in a map of Strings, and asks its
 * logger whether to trace at every draw; here each gram is looked up once, by its characters
 * packed into a long, and the draws index an array of profile rows. About half the detector's
 * time on realpool's documents (docs/BENCHMARKS.md).
 *
 * <p>Immutable after construction, shared by the threads of a JVM. The profile rows are the
 * library's own arrays (no copy).
 */
final class NgramSampler {
  /** The library's default: texts of at most this many characters go to its short-text algorithm. */
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

  private final int languages;
  /** Open addressing: packed gram (never 0: the length is in it) -> its row in {@link #rows}. */
  private final long[] keys;
  private final int[] slots;
  private final double[][] rows;

  /** The rows of {@code data}, the library's table made from {@code profiles} for 1- to 3-grams. */
  NgramSampler(Collection<LanguageProfile> profiles, NgramFrequencyData data) {
    languages = data.getLanguageList().size();
    Map<Long, double[]> all = new java.util.HashMap<>();
    for (LanguageProfile p : profiles) {
      for (int n = 1; n <= 3; n++) {
        for (Map.Entry<String, Integer> g : p.iterateGrams(n)) {
          all.computeIfAbsent(pack(g.getKey(), 0, g.getKey().length()), k -> data.getProbabilities(g.getKey()));
        }
      }
    }
    int capacity = Integer.highestOneBit(Math.max(4, all.size() * 2)) << 1;
    keys = new long[capacity];
    slots = new int[capacity];
    rows = new double[all.size()][];
    int row = 0;
    for (Map.Entry<Long, double[]> e : all.entrySet()) {
      int s = slot(e.getKey());
      while (keys[s] != 0) {
        s = (s + 1) & (capacity - 1);
      }
      keys[s] = e.getKey();
      slots[s] = row;
      rows[row++] = e.getValue();
    }
  }

  private static long pack(CharSequence s, int from, int to) {
    long k = to - from;
    for (int i = from; i < to; i++) {
      k = (k << 16) | s.charAt(i);
    }
    return k;
  }

  private int slot(long key) {
    return (int) (dev.winnow.common.hash.Hash64.mix(key) & (keys.length - 1));
  }

  /** The profile row of the gram {@code s[from, to)}, or null when no profile has it. */
  private double[] row(CharSequence s, int from, int to) {
    long key = pack(s, from, to);
    for (int i = slot(key); keys[i] != 0; i = (i + 1) & (keys.length - 1)) {
      if (keys[i] == key) {
        return rows[slots[i]];
      }
    }
    return null;
  }

  /**
   * The library's result for {@code text} (more than {@link #SHORT_TEXT} characters, already
   * through its text filters): the index of the most probable language and its probability, or
   * -1 when no language reaches the library's threshold or the text has no n-gram.
   */
  Best detect(CharSequence text) {
    // NgramExtractors.standard(): the text padded with a space at each end, its 1-grams (no space),
    // 2-grams, 3-grams (no space in the middle), in that order; grams no profile has stay in the
    // list (a draw of one changes nothing but takes a draw)
    StringBuilder padded = new StringBuilder(text.length() + 2);
    if (text.length() > 0 && text.charAt(0) != PADDING) {
      padded.append(PADDING);
    }
    padded.append(text);
    if (text.length() > 0 && text.charAt(text.length() - 1) != PADDING) {
      padded.append(PADDING);
    }
    int len = padded.length();
    double[][] grams = new double[Math.max(0, 3 * len - 3)][];
    int n = 0;
    for (int size = 1; size <= 3; size++) {
      for (int pos = 0; pos + size <= len; pos++) {
        if ((size == 1 && padded.charAt(pos) == PADDING) || (size == 3 && padded.charAt(pos + 1) == PADDING)) {
          continue;
        }
        grams[n++] = row(padded, pos, pos + size);
      }
    }
    if (n == 0) {
      return new Best(-1, 0);
    }
    double[] langprob = new double[languages];
    Random rand = new Random(SEED);
    for (int t = 0; t < N_TRIAL; ++t) {
      double[] prob = new double[languages];
      Arrays.fill(prob, 1.0 / languages);
      double alpha = ALPHA + (rand.nextGaussian() * ALPHA_WIDTH);
      for (int i = 0; i < ITERATION_LIMIT; i++) {
        double[] p = grams[rand.nextInt(n)];
        if (p != null) {
          double weight = alpha / BASE_FREQ;
          for (int j = 0; j < languages; ++j) {
            prob[j] *= (weight + p[j]);
          }
        }
        if (i % 5 == 0 && normalize(prob) > CONV_THRESHOLD) {
          break;
        }
      }
      for (int j = 0; j < languages; ++j) {
        langprob[j] += prob[j] / N_TRIAL;
      }
    }
    int best = -1; // the library sorts those over its threshold, stably, by descending probability
    for (int j = 0; j < languages; j++) {
      if (langprob[j] >= PROBABILITY_THRESHOLD && (best < 0 || langprob[j] > langprob[best])) {
        best = j;
      }
    }
    return new Best(best, best < 0 ? 0 : langprob[best]);
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

  /** A language's index in the profiles' order (-1: none) and its probability. */
  record Best(int language, double probability) {}
}
