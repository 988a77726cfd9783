package dev.winnow.common.featurize;

import dev.winnow.common.input.InputRecord;
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

  FeaturizedRecord(InputRecord input, String docId, DocFeatures features, double[] quality, long qualityFlags,
      byte[] minhash) {
    this.input = input;
    this.docId = docId;
    this.features = features;
    this.quality = quality;
    this.qualityFlags = qualityFlags;
    this.minhash = minhash;
  }

  public boolean isDoc() {
    return features != null;
  }
}
