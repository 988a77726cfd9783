package dev.winnow.common.importance;

import dev.winnow.common.text.HashingMode;
import java.io.Serializable;
import java.util.Objects;

/** The featurizer settings that decide what a bucket means: a model is only valid for these. */
public final class FeaturizerSettings implements Serializable {
  private static final long serialVersionUID = 1L;
  public final int order;
  public final int buckets;
  public final HashingMode hashing;

  public FeaturizerSettings(int order, int buckets, HashingMode hashing) {
    this.order = order;
    this.buckets = buckets;
    this.hashing = hashing;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeaturizerSettings f && f.order == order && f.buckets == buckets && f.hashing == hashing;
  }

  @Override
  public int hashCode() {
    return Objects.hash(order, buckets, hashing);
  }

  @Override
  public String toString() {
    return "featurize.ngram_order=" + order + ", featurize.buckets=" + buckets + ", featurize.hash="
        + hashing.configName();
  }
}
