package dev.winnow.common.featurize;

import dev.winnow.common.input.InputRecord;
import dev.winnow.common.lang.LanguageId;
import dev.winnow.common.text.DocFeatures;

/** A record after featurization: a document with its id and features, or a rejection. */
public final class FeaturizedRecord {
  public final InputRecord input;
  public final String docId;
  public final DocFeatures features;
  /** The quality signals, by {@code QualitySignal} ordinal. */
  public final double[] quality;
  /** Bit r set when quality rule r fails. */
  public final long qualityFlags;
  /** The MinHash signature, or null when the text has no word. */
  public final byte[] minhash;
  /** The language, or null when it was not identified. */
  public final LanguageId.Detection language;
  /** The model tokenizer's token count, or -1 when none counts. */
  public final int modelTokens;

  FeaturizedRecord(InputRecord input, String docId, DocFeatures features, double[] quality, long qualityFlags,
      byte[] minhash, LanguageId.Detection language, int modelTokens) {
    this.input = input;
    this.docId = docId;
    this.features = features;
    this.quality = quality;
    this.qualityFlags = qualityFlags;
    this.minhash = minhash;
    this.language = language;
    this.modelTokens = modelTokens;
  }

  public boolean isDoc() {
    return features != null;
  }
}
