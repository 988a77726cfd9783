package dev.winnow.common.importance;

import java.io.Serializable;

/**
 * DSIR's importance estimator: bag-of-hashed-n-gram models of the target and of the raw
 * pool, and their log ratio {@code log(p_target + eps) - log(p_raw + eps)}. A document's log
 * importance weight is the dot product of its n-gram counts with that vector.
 */
public final class ImportanceModel implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final int FORMAT_VERSION = 1;

  public final FeaturizerSettings featurizer;
  public final double targetPseudoCount;
  public final double epsilon;
  public final double[] targetProbs;
  public final double[] rawProbs;
  public final double[] logRatio;

  public ImportanceModel(FeaturizerSettings featurizer, double targetPseudoCount, double epsilon, double[] targetProbs,
      double[] rawProbs) {
    if (targetProbs.length != featurizer.buckets || rawProbs.length != featurizer.buckets) {
      throw new IllegalArgumentException("model vectors have " + targetProbs.length + " and " + rawProbs.length
          + " entries, the featurizer " + featurizer.buckets + " buckets");
    }
    this.featurizer = featurizer;
    this.targetPseudoCount = targetPseudoCount;
    this.epsilon = epsilon;
    this.targetProbs = targetProbs;
    this.rawProbs = rawProbs;
    this.logRatio = new double[targetProbs.length];
    for (int i = 0; i < logRatio.length; i++) {
      logRatio[i] = Math.log(targetProbs[i] + epsilon) - Math.log(rawProbs[i] + epsilon);
    }
  }

  /** Fits the model from the target's and the raw pool's summed counts. */
  public static ImportanceModel fit(FeaturizerSettings featurizer, NgramCounts target, NgramCounts raw,
      double targetPseudoCount, double epsilon) {
    if (target.total() == 0) {
      throw new IllegalArgumentException("the target corpus has no n-gram: nothing to fit");
    }
    if (raw.total() == 0) {
      throw new IllegalArgumentException("the raw pool sample has no n-gram: nothing to fit");
    }
    return new ImportanceModel(featurizer, targetPseudoCount, epsilon, target.probabilities(targetPseudoCount),
        raw.probabilities(0));
  }

  /** Log importance weight of a document: sum of count x log ratio over its n-grams. */
  public double logWeight(int[] idx, int[] cnt) {
    double s = 0;
    for (int i = 0; i < idx.length; i++) {
      s += cnt[i] * logRatio[idx[i]];
    }
    return s;
  }

  /**
   * The mean log ratio per n-gram occurrence ({@code select.score = mean}): {@code logWeight}
   * over the document's n-gram count, 0 for a document without n-grams.
   */
  public static double meanLogRatio(double logWeight, long ngrams) {
    return ngrams == 0 ? 0.0 : logWeight / ngrams;
  }

  /** A document's n-gram occurrences: the sum of its counts. */
  public static long ngrams(int[] cnt) {
    long n = 0;
    for (int c : cnt) {
      n += c;
    }
    return n;
  }

  /** Refuses features made under other settings: their buckets mean other n-grams. */
  public void checkCompatible(FeaturizerSettings features) {
    if (!featurizer.equals(features)) {
      throw new IllegalArgumentException("the importance model was fitted on features made with " + featurizer
          + " but these features were made with " + features + "; refit the model or featurize again");
    }
  }
}
