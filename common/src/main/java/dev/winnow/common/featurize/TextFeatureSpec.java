package dev.winnow.common.featurize;

import dev.winnow.common.config.WinnowConfig;
import dev.winnow.common.dedup.MinHash;
import dev.winnow.common.importance.FeaturizerSettings;
import dev.winnow.common.text.NgramFeaturizer;
import java.io.Serializable;

/**
 * Everything a featurize task needs to know to compute a document's features: the n-gram
 * settings, the quality thresholds and the MinHash shape, and which of the costly parts the
 * run needs at all. Serializable, so it travels to the tasks; {@link #newFeaturizer()} makes
 * the per-task (not thread-safe) featurizer.
 */
public final class TextFeatureSpec implements Serializable {
  private static final long serialVersionUID = 2L;
  public final FeaturizerSettings ngrams;
  private final double[] thresholds;
  public final int shingleWords;
  public final int bands;
  public final int rows;
  /** Whether the quality signals (and flags) are computed; when not, they are null and 0. */
  public final boolean qualitySignals;
  /** Whether the MinHash signature is computed; when not, it is null. */
  public final boolean minhash;

  public TextFeatureSpec(FeaturizerSettings ngrams, double[] thresholds, int shingleWords, int bands, int rows,
      boolean qualitySignals, boolean minhash) {
    this.ngrams = ngrams;
    this.thresholds = thresholds.clone();
    this.shingleWords = shingleWords;
    this.bands = bands;
    this.rows = rows;
    this.qualitySignals = qualitySignals;
    this.minhash = minhash;
  }

  /**
   * The pool's spec: quality signals only when select applies a quality rule
   * ({@code select.quality_rules} not {@code none}), MinHash only when select drops duplicates
   * (the dedup stage reads the signatures).
   */
  public static TextFeatureSpec of(WinnowConfig config) {
    return new TextFeatureSpec(new FeaturizerSettings(config.get(WinnowConfig.NGRAM_ORDER),
        config.get(WinnowConfig.BUCKETS), config.get(WinnowConfig.HASHING)), config.qualityThresholds(),
        config.get(WinnowConfig.DEDUP_SHINGLE_WORDS), config.get(WinnowConfig.DEDUP_BANDS),
        config.get(WinnowConfig.DEDUP_ROWS), needsQualitySignals(config), needsMinHash(config));
  }

  /** The target's spec: n-grams only (no stage reads a target's quality signals or signatures). */
  public static TextFeatureSpec ofTarget(WinnowConfig config) {
    TextFeatureSpec pool = of(config);
    return new TextFeatureSpec(pool.ngrams, pool.thresholds, pool.shingleWords, pool.bands, pool.rows, false, false);
  }

  public static boolean needsQualitySignals(WinnowConfig config) {
    return config.get(WinnowConfig.SELECT_QUALITY_RULES) != 0;
  }

  public static boolean needsMinHash(WinnowConfig config) {
    return config.get(WinnowConfig.SELECT_DROP_DUPLICATES);
  }

  /** What this spec computes beyond the n-grams, as recorded in the features' manifest. */
  public String computes() {
    return "quality_signals=" + qualitySignals + ",minhash=" + minhash;
  }

  public MinHash newMinHash() {
    return new MinHash(shingleWords, bands, rows);
  }

  public RecordFeaturizer newFeaturizer() {
    return new RecordFeaturizer(new NgramFeaturizer(ngrams.order, ngrams.buckets, ngrams.hashing),
        qualitySignals ? thresholds : null, minhash ? newMinHash() : null);
  }
}
