package dev.winnow.common.select;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds, for one cluster, where its top documents end without sorting the cluster: the
 * documents are ordered by key (descending), then doc_id (ascending), and the top ones are
 * kept while their units (1 per document, or its tokens) add up to at most {@code target}.
 *
 * <p>The search narrows an interval of keys that holds the cut: each round the executors count
 * the documents, units and key range of every bin of the interval ({@link #BINS} equal-width
 * bins over [lo, hi], {@link #binOf}, {@link #count}); {@link #narrow} walks the bins from the
 * top and either keeps the bin that holds the cut (shrunk to the keys in it) as the next
 * interval or, when that bin holds few enough documents or one key only, asks for them and
 * {@link #resolve}s the exact cut. A document belongs to the interval when it falls in the
 * chosen bin of every round so far ({@link #contains}), so the executors and the driver always
 * agree on the edges.
 */
public final class TopCut implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final int BINS = 1024;

  /** One narrowing step: the interval it binned and the bin it kept. */
  private static final class Step implements Serializable {
    private static final long serialVersionUID = 1L;
    final double lo;
    final double hi;
    final int bin;

    Step(double lo, double hi, int bin) {
      this.lo = lo;
      this.hi = hi;
      this.bin = bin;
    }
  }

  /** The cut: kept iff key > cutKey, or key == cutKey and doc_id <= cutId. */
  public static final class Cut implements Serializable {
    private static final long serialVersionUID = 1L;
    public final double cutKey;
    public final String cutId;

    public Cut(double cutKey, String cutId) {
      this.cutKey = cutKey;
      this.cutId = cutId;
    }

    public boolean keeps(double key, String docId) {
      return key > cutKey || (key == cutKey && docId.compareTo(cutId) <= 0);
    }

    /** Everything is kept. */
    public static Cut all() {
      return new Cut(Double.NEGATIVE_INFINITY, "");
    }

    /** Nothing is kept. */
    public static Cut none() {
      return new Cut(Double.POSITIVE_INFINITY, "");
    }
  }

  private final long target;
  private final List<Step> steps = new ArrayList<>();
  private double lo;
  private double hi;
  /** Units of the documents above the current interval (all kept). */
  private long above;
  private int resolveBin = -1;

  /** A search for the top {@code target} units among keys in [min, max]. */
  public TopCut(long target, double min, double max) {
    this.target = target;
    this.lo = min;
    this.hi = max;
  }

  public double lo() {
    return lo;
  }

  public double hi() {
    return hi;
  }

  /** The bin of {@code key} in [lo, hi]: equal widths, the top bin holds hi. */
  public static int binOf(double key, double lo, double hi) {
    if (!(hi > lo)) {
      return 0;
    }
    int b = (int) Math.floor((key - lo) / (hi - lo) * BINS);
    return Math.max(0, Math.min(BINS - 1, b));
  }

  /** Whether {@code key} is in the current interval (in the kept bin of every step so far). */
  public boolean contains(double key) {
    if (key < steps0Lo() || key > steps0Hi()) {
      return false;
    }
    for (Step s : steps) {
      if (binOf(key, s.lo, s.hi) != s.bin) {
        return false;
      }
    }
    return true;
  }

  private double steps0Lo() {
    return steps.isEmpty() ? lo : steps.get(0).lo;
  }

  private double steps0Hi() {
    return steps.isEmpty() ? hi : steps.get(0).hi;
  }

  /** Whether the interval is in the bin to collect ({@link #needsResolve()}): that bin, in the current interval. */
  public boolean inResolveBin(double key) {
    return contains(key) && binOf(key, lo, hi) == resolveBin;
  }

  public boolean needsResolve() {
    return resolveBin >= 0;
  }

  /** One round's counts over the bins of a search's interval: documents, units, smallest and largest key. */
  public static final class Histogram implements Serializable {
    private static final long serialVersionUID = 1L;
    final long[] counts = new long[BINS];
    final long[] units = new long[BINS];
    final double[] min = new double[BINS];
    final double[] max = new double[BINS];

    public Histogram() {
      java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
      java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
    }

    public void add(int bin, double key, long u) {
      counts[bin]++;
      units[bin] += u;
      min[bin] = Math.min(min[bin], key);
      max[bin] = Math.max(max[bin], key);
    }

    public Histogram merge(Histogram o) {
      for (int b = 0; b < BINS; b++) {
        counts[b] += o.counts[b];
        units[b] += o.units[b];
        min[b] = Math.min(min[b], o.min[b]);
        max[b] = Math.max(max[b], o.max[b]);
      }
      return this;
    }
  }

  /** Adds a document to {@code h} when it is in the interval. */
  public void count(Histogram h, double key, long units) {
    if (contains(key)) {
      h.add(binOf(key, lo, hi), key, units);
    }
  }

  /**
   * Takes one round's histogram of the interval and narrows to the bin that holds the cut, shrunk
   * to the keys actually in it; when that bin has at most {@code resolveLimit} documents, or all
   * of them share one key, it is marked to be collected instead.
   */
  public void narrow(Histogram h, long resolveLimit) {
    long cum = above;
    for (int b = BINS - 1; b >= 0; b--) {
      if (cum + h.units[b] <= target) {
        cum += h.units[b];
        continue;
      }
      above = cum;
      if (h.counts[b] <= resolveLimit || !(h.max[b] > h.min[b])) {
        resolveBin = b;
        return;
      }
      steps.add(new Step(lo, hi, b));
      lo = h.min[b];
      hi = h.max[b];
      return;
    }
    throw new IllegalStateException("the interval holds fewer than " + target + " units: nothing to cut");
  }

  /** One document of the bin being resolved. */
  public static final class Candidate implements Serializable {
    private static final long serialVersionUID = 1L;
    final double key;
    final String docId;
    final long units;

    public Candidate(double key, String docId, long units) {
      this.key = key;
      this.docId = docId;
      this.units = units;
    }
  }

  /** The exact cut from the documents of the resolve bin. */
  public Cut resolve(List<Candidate> bin) {
    List<Candidate> sorted = new ArrayList<>(bin);
    sorted.sort(Comparator.comparingDouble((Candidate c) -> -c.key).thenComparing(c -> c.docId));
    long cum = above;
    Candidate last = null;
    for (Candidate c : sorted) {
      if (cum + c.units > target) {
        break;
      }
      cum += c.units;
      last = c;
    }
    if (last != null) {
      return new Cut(last.key, last.docId);
    }
    // not even the bin's first document fits: everything above the bin is kept, nothing in it
    return sorted.isEmpty() ? Cut.none() : new Cut(sorted.get(0).key, "");
  }
}
