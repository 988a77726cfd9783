package dev.winnow.common.featurize;

import dev.winnow.common.dedup.MinHash;
import dev.winnow.common.hash.Hash64;
import dev.winnow.common.input.InputRecord;
import dev.winnow.common.input.RecordSource;
import dev.winnow.common.input.RejectReason;
import dev.winnow.common.lang.LanguageId;
import dev.winnow.common.quality.QualityRule;
import dev.winnow.common.quality.QualitySignals;
import com.knuddels.jtokkit.api.Encoding;
import dev.winnow.common.text.DocFeatures;
import dev.winnow.common.text.ModelTokens;
import dev.winnow.common.text.NgramFeaturizer;
import dev.winnow.common.text.TokenScan;

/**
 * The featurize stage's per-record logic, free of Spark: reads a {@link RecordSource},
 * featurizes each document (hashed n-grams; quality signals and flags, a MinHash signature, the
 * language and a model tokenizer's token count when asked for; all from one {@link TokenScan} of its text), derives missing ids, and turns token-less documents into {@link RejectReason#EMPTY_TEXT}
 * rejections (keeping the file's tally true). One instance per task: it reuses scratch space.
 */
public final class RecordFeaturizer {
  private final NgramFeaturizer featurizer;
  private final QualitySignals quality;
  private final double[] thresholds;
  private final MinHash minHash;
  private final boolean language;
  private final Encoding modelTokens;
  private final TokenScan tokens = new TokenScan();

  /**
   * @param thresholds the quality rules' thresholds, by {@link QualityRule#ordinal()}, or null to
   *     compute no quality signals (the record's signals are then null and its flags 0)
   * @param minHash the signature's shape, or null to compute no signature
   * @param language whether to identify the language ({@link LanguageId}); the quality flags then
   *     leave out the rules that do not apply to it ({@link QualityRule#appliesTo})
   * @param modelTokens the model tokenizer counting each document's tokens, or null for none
   */
  public RecordFeaturizer(NgramFeaturizer featurizer, double[] thresholds, MinHash minHash, boolean language,
      Encoding modelTokens) {
    this.featurizer = featurizer;
    this.quality = thresholds == null ? null : new QualitySignals();
    this.thresholds = thresholds == null ? null : thresholds.clone();
    this.minHash = minHash;
    this.language = language;
    this.modelTokens = modelTokens;
  }

  /** The doc id of a record without one: the hex xxHash64 of its normalized text. */
  public static String derivedDocId(long textHash) {
    return Hash64.hex(textHash);
  }

  /** The doc id of a record with id field {@code id} (null or empty: none) and text hash {@code textHash}. */
  public static String docId(String id, long textHash) {
    return id != null && !id.isEmpty() ? id : derivedDocId(textHash);
  }

  /** The next featurized record of {@code source}, or null at its end. */
  public FeaturizedRecord next(RecordSource source) {
    InputRecord r = source.next();
    if (r == null) {
      return null;
    }
    if (!r.isDoc()) {
      return new FeaturizedRecord(r, null, null, null, 0, null, null, -1);
    }
    // one tokenization for all: the n-gram view, and the original view when signals or MinHash need it
    tokens.scan(r.text, featurizer.scanFlags() | (quality != null ? TokenScan.QUALITY : 0)
        | (minHash != null ? TokenScan.WORDS : 0));
    DocFeatures f = featurizer.featurize(tokens);
    if (f.nTokens == 0) {
      source.tally().reclassify(RejectReason.EMPTY_TEXT);
      String sample = r.text.length() > 200 ? r.text.substring(0, 200) : r.text;
      return new FeaturizedRecord(InputRecord.reject(r.line, r.offset, RejectReason.EMPTY_TEXT,
          "the text has no token (empty or whitespace only)", sample), null, null, null, 0, null, null, -1);
    }
    String id = docId(r.id, f.textHash);
    double[] signals = quality == null ? null : quality.compute(r.text, tokens);
    LanguageId.Detection lang = language ? LanguageId.detect(r.text) : null;
    return new FeaturizedRecord(r, id, f, signals,
        signals == null ? 0 : QualityRule.flags(signals, thresholds, lang == null ? null : lang.lang()),
        minHash == null ? null : minHash.signature(tokens), lang,
        modelTokens == null ? -1 : ModelTokens.count(modelTokens, r.text));
  }
}
