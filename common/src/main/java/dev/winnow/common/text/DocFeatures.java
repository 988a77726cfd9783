package dev.winnow.common.text;

/**
 * One document's features: token count, UTF-8 size, hashed n-gram counts as a sparse vector
 * (bucket indices strictly increasing, counts positive) and the hash of its normalized text.
 */
public final class DocFeatures {
  public final int nTokens;
  public final long nBytes;
  public final int[] ngramIdx;
  public final int[] ngramCnt;
  public final long textHash;

  public DocFeatures(int nTokens, long nBytes, int[] ngramIdx, int[] ngramCnt, long textHash) {
    this.nTokens = nTokens;
    this.nBytes = nBytes;
    this.ngramIdx = ngramIdx;
    this.ngramCnt = ngramCnt;
    this.textHash = textHash;
  }
}
