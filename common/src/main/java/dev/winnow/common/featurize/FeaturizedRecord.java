package dev.winnow.common.featurize;

import dev.winnow.common.input.InputRecord;
import dev.winnow.common.text.DocFeatures;

/** A record after featurization: a document with its id and features, or a rejection. */
public final class FeaturizedRecord {
  public final InputRecord input;
  public final String docId;
  public final DocFeatures features;

  FeaturizedRecord(InputRecord input, String docId, DocFeatures features) {
    this.input = input;
    this.docId = docId;
    this.features = features;
  }

  public boolean isDoc() {
    return features != null;
  }
}
