package dev.winnow.common.cluster;

import java.io.Serializable;

/**
 * Document frequencies of the n-gram buckets (how many documents hold each), summed over
 * documents and merged across partitions: the IDF of {@link DocEmbedding#idf}.
 */
public final class DocFrequency implements Serializable {
  private static final long serialVersionUID = 1L;
  public final long[] counts;
  public long docs;

  public DocFrequency(int buckets) {
    counts = new long[buckets];
  }

  /** Counts a document by its (distinct, sorted) bucket indices. */
  public DocFrequency add(int[] buckets) {
    for (int b : buckets) {
      counts[b]++;
    }
    docs++;
    return this;
  }

  public DocFrequency merge(DocFrequency o) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += o.counts[i];
    }
    docs += o.docs;
    return this;
  }
}
