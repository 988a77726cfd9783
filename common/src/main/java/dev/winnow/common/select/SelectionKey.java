package dev.winnow.common.select;

import dev.winnow.common.hash.RandomKeys;

/**
 * The key documents are ranked by inside a cluster: {@code score / temperature + G}, where G is
 * a Gumbel(0, 1) draw from {@code hash64(seed, doc_id)}. Keeping the top q keys is sampling q
 * documents without replacement with probabilities proportional to {@code exp(score /
 * temperature)} (the Gumbel top-k trick), i.e. DSIR's importance resampling when the score is
 * the log importance weight; temperature 0 is plain top-q by score. Ties (equal keys) go to
 * the smaller doc_id.
 */
public final class SelectionKey {
  private SelectionKey() {}

  public static double key(double score, double temperature, long seed, String docId) {
    if (temperature == 0) {
      return score;
    }
    return score / temperature + gumbel(seed, docId);
  }

  /** -ln(-ln(u)) for the (seed, doc_id) draw u, kept inside (0, 1). */
  public static double gumbel(long seed, String docId) {
    double u = RandomKeys.unit(seed, docId);
    u = Math.min(Math.max(u, 0x1.0p-53), 1 - 0x1.0p-53);
    return -Math.log(-Math.log(u));
  }
}
