package dev.winnow.common.featurize;

import dev.winnow.common.config.WinnowConfig;
import dev.winnow.common.dedup.MinHash;
import dev.winnow.common.importance.FeaturizerSettings;
import dev.winnow.common.text.NgramFeaturizer;
import java.io.Serializable;

/**
 * Everything a featurize task needs to know to compute a document's features: the n-gram
 * settings, the quality thresholds and the MinHash shape. Serializable, so it travels to the
 * tasks; {@link #newFeaturizer()} makes the per-task (not thread-safe) featurizer.
 */
public final class TextFeatureSpec implements Serializable {
  private static final long serialVersionUID = 1L;
  public final FeaturizerSettings ngrams;
  private final double[] thresholds;
  public final int shingleWords;
  public final int bands;
  public final int rows;

  public TextFeatureSpec(FeaturizerSettings ngrams, double[] thresholds, int shingleWords, int bands, int rows) {
    this.ngrams = ngrams;
    this.thresholds = thresholds.clone();
    this.shingleWords = shingleWords;
    this.bands = bands;
    this.rows = rows;
  }

  public static TextFeatureSpec of(WinnowConfig config) {
    return new TextFeatureSpec(new FeaturizerSettings(config.get(WinnowConfig.NGRAM_ORDER),
        config.get(WinnowConfig.BUCKETS), config.get(WinnowConfig.HASHING)), config.qualityThresholds(),
        config.get(WinnowConfig.DEDUP_SHINGLE_WORDS), config.get(WinnowConfig.DEDUP_BANDS),
        config.get(WinnowConfig.DEDUP_ROWS));
  }

  public MinHash newMinHash() {
    return new MinHash(shingleWords, bands, rows);
  }

  public RecordFeaturizer newFeaturizer() {
    return new RecordFeaturizer(new NgramFeaturizer(ngrams.order, ngrams.buckets, ngrams.hashing), thresholds,
        newMinHash());
  }
}
