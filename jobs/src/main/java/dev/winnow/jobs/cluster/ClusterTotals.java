package dev.winnow.jobs.cluster;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.util.AccumulatorV2;

/**
 * Every cluster's documents and the sum of their log_w, gathered by the assignment's tasks as
 * they write the clusters (the summaries' {@code size} and {@code mean_log_w}) instead of a
 * query that joins the written clusters with the weights. The write is an action: Spark merges
 * each task's update once, from the attempt that succeeded. The sums are kept by partition and
 * added in partition order, so that they do not depend on the order the tasks end in.
 */
final class ClusterTotals extends AccumulatorV2<ClusterTotals.Doc, Map<Integer, ClusterTotals.Sum>> {
  private static final long serialVersionUID = 1L;
  /** Per partition, per cluster. */
  private final TreeMap<Integer, TreeMap<Integer, Sum>> partials = new TreeMap<>();

  /** One assigned document: its task's partition, its cluster, its log_w (NaN without weights). */
  record Doc(int partition, int cluster, double logW) {}

  /** A cluster's documents and the sum of their log_w. */
  static final class Sum implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    long docs;
    double logW;

    /** The mean log_w, or null without weights. */
    Double meanLogW() {
      return Double.isNaN(logW) || docs == 0 ? null : logW / docs;
    }
  }

  @Override
  public boolean isZero() {
    return partials.isEmpty();
  }

  @Override
  public ClusterTotals copy() {
    ClusterTotals c = new ClusterTotals();
    partials.forEach((p, sums) -> {
      TreeMap<Integer, Sum> s = new TreeMap<>();
      sums.forEach((cluster, sum) -> {
        Sum copy = new Sum();
        copy.docs = sum.docs;
        copy.logW = sum.logW;
        s.put(cluster, copy);
      });
      c.partials.put(p, s);
    });
    return c;
  }

  @Override
  public void reset() {
    partials.clear();
  }

  @Override
  public void add(Doc d) {
    Sum s = partials.computeIfAbsent(d.partition(), p -> new TreeMap<>()).computeIfAbsent(d.cluster(), c -> new Sum());
    s.docs++;
    s.logW += d.logW();
  }

  @Override
  public void merge(AccumulatorV2<Doc, Map<Integer, Sum>> other) {
    partials.putAll(((ClusterTotals) other).partials); // each partition's from one task
  }

  /** Per cluster (in order), the partitions' sums added in partition order. */
  @Override
  public Map<Integer, Sum> value() {
    TreeMap<Integer, Sum> total = new TreeMap<>();
    partials.values().forEach(sums -> sums.forEach((cluster, s) -> {
      Sum t = total.computeIfAbsent(cluster, c -> new Sum());
      t.docs += s.docs;
      t.logW += s.logW;
    }));
    return total;
  }
}
