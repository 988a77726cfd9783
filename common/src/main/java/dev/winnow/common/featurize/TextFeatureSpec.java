package dev.winnow.common.featurize;

import dev.winnow.common.config.ConfigKey;
import dev.winnow.common.config.WinnowConfig;
import dev.winnow.common.dedup.MinHash;
import dev.winnow.common.importance.FeaturizerSettings;
import dev.winnow.common.quality.QualityRule;
import dev.winnow.common.text.ModelTokens;
import dev.winnow.common.text.NgramFeaturizer;
import java.io.Serializable;
import java.util.List;

/**
 * Everything a featurize task needs to know to compute a document's features: the n-gram
 * settings, the quality thresholds and the MinHash shape, and which of the costly parts the
 * run needs at all. Serializable, so it travels to the tasks; {@link #newFeaturizer()} makes
 * the per-task (not thread-safe) featurizer.
 */
public final class TextFeatureSpec implements Serializable {
  private static final long serialVersionUID = 3L;
  public final FeaturizerSettings ngrams;
  private final double[] thresholds;
  public final int shingleWords;
  public final int bands;
  public final int rows;
  /** Whether the quality signals (and flags) are computed; when not, they are null and 0. */
  public final boolean qualitySignals;
  /** Whether the MinHash signature is computed; when not, it is null. */
  public final boolean minhash;
  /** Whether the language is identified ({@code lang}, {@code lang_score}); when not, null and 0. */
  public final boolean language;
  /** The model tokenizer that counts {@code n_tokens_model}, or {@link ModelTokens#NONE}. */
  public final String tokenizer;

  public TextFeatureSpec(FeaturizerSettings ngrams, double[] thresholds, int shingleWords, int bands, int rows,
      boolean qualitySignals, boolean minhash, boolean language, String tokenizer) {
    this.ngrams = ngrams;
    this.thresholds = thresholds.clone();
    this.shingleWords = shingleWords;
    this.bands = bands;
    this.rows = rows;
    this.qualitySignals = qualitySignals;
    this.minhash = minhash;
    this.language = language;
    this.tokenizer = tokenizer;
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
        config.get(WinnowConfig.DEDUP_ROWS), needsQualitySignals(config), needsMinHash(config),
        needsLanguage(config), config.get(WinnowConfig.TOKENIZER));
  }

  /** The target's spec: n-grams only (no stage reads a target's quality signals, signatures or token counts). */
  public static TextFeatureSpec ofTarget(WinnowConfig config) {
    TextFeatureSpec pool = of(config);
    return new TextFeatureSpec(pool.ngrams, pool.thresholds, pool.shingleWords, pool.bands, pool.rows, false, false,
        false, ModelTokens.NONE);
  }

  /**
   * The later stages' keys the pool's spec is decided by ({@link #of}): featurize reads them, but
   * its fingerprint covers what they decide ({@link #computes}) rather than their values, so that
   * a new budget or language list does not featurize the pool again.
   */
  public static final List<ConfigKey<?>> DECIDED_BY = List.of(WinnowConfig.SELECT_QUALITY_RULES,
      WinnowConfig.SELECT_DROP_DUPLICATES, WinnowConfig.SELECT_LANGUAGES, WinnowConfig.SELECT_PARTITION_BY);

  public static boolean needsQualitySignals(WinnowConfig config) {
    return config.get(WinnowConfig.SELECT_QUALITY_RULES) != 0;
  }

  public static boolean needsMinHash(WinnowConfig config) {
    return config.get(WinnowConfig.SELECT_DROP_DUPLICATES);
  }

  /**
   * The language is identified when a setting reads it: select applies the stop-word rule (which
   * applies to English only), keeps some languages ({@code select.languages}), or writes the
   * kept documents in folders by language ({@code select.partition_by = lang}).
   */
  public static boolean needsLanguage(WinnowConfig config) {
    return (config.get(WinnowConfig.SELECT_QUALITY_RULES) & QualityRule.GOPHER_MIN_STOP_WORDS.bit()) != 0
        || !config.get(WinnowConfig.SELECT_LANGUAGES).isEmpty()
        || config.get(WinnowConfig.SELECT_PARTITION_BY).equals(WinnowConfig.LANG);
  }

  /** What this spec computes beyond the n-grams, as recorded in the features' manifest. */
  public String computes() {
    return "quality_signals=" + qualitySignals + ",minhash=" + minhash + ",language=" + language + ",tokenizer="
        + tokenizer;
  }

  public MinHash newMinHash() {
    return new MinHash(shingleWords, bands, rows);
  }

  public RecordFeaturizer newFeaturizer() {
    return new RecordFeaturizer(new NgramFeaturizer(ngrams.order, ngrams.buckets, ngrams.hashing),
        qualitySignals ? thresholds : null, minhash ? newMinHash() : null, language,
        tokenizer.equals(ModelTokens.NONE) ? null : ModelTokens.encoding(tokenizer));
  }
}
