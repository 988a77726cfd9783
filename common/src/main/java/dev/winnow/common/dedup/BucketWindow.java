package dev.winnow.common.dedup;

import java.util.ArrayDeque;

/**
 * The candidate pairs of one band's buckets, from its (bucket key, doc id) rows in (key, doc id)
 * order: each document is paired with at most {@code window} documents before it in its bucket
 * ({@code earlier, later}), so a bucket of n documents costs O(n x window) pairs, not O(n^2),
 * and consecutive members still chain the whole bucket together when they are similar. A
 * document listed twice in a row in its bucket is not paired with itself.
 */
public final class BucketWindow {
  /** Receives a pair. */
  @FunctionalInterface
  public interface Pairs {
    void pair(String earlier, String later);
  }

  private final int window;
  private final ArrayDeque<String> recent = new ArrayDeque<>();
  private long key;
  private boolean started;

  public BucketWindow(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("the window must hold at least one document, not " + window);
    }
    this.window = window;
  }

  /** The next row, in (key, id) order; gives {@code out} the pairs it makes. */
  public void add(long bucket, String id, Pairs out) {
    if (!started || bucket != key) {
      recent.clear();
      key = bucket;
      started = true;
    }
    for (String prev : recent) {
      if (!prev.equals(id)) {
        out.pair(prev, id);
      }
    }
    recent.addLast(id);
    if (recent.size() > window) {
      recent.removeFirst();
    }
  }
}
