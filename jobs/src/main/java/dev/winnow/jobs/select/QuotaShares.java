package dev.winnow.jobs.select;

import static dev.winnow.jobs.pipeline.Columns.CLUSTER;
import static dev.winnow.jobs.pipeline.Columns.DOC_ID;
import static dev.winnow.jobs.pipeline.Columns.KEY;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import dev.winnow.common.select.TopCut;
import dev.winnow.jobs.cluster.ClustersManifest;
import dev.winnow.jobs.io.ClusterCuts;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Estimates of the target's share of each cluster, the weights of the target-aware quotas
 * ({@code select.quota_basis}): from the importance weights (each cluster's share of one
 * importance resampling of the whole budget over the filtered pool, drawn with the same keys
 * the clusters are cut by) and from the target corpus's own cluster mix (recorded by the
 * cluster stage).
 */
final class QuotaShares {
  private QuotaShares() {}

  /**
   * Each cluster's share of the units that one Gumbel top-k draw of {@code budget} units over
   * all of {@code eligible} ({@code cluster, key, doc_id, units}) keeps: the cluster's share of
   * the target under importance resampling, estimated by the weights. With temperature 1 and
   * DSIR's log_w this is DSIR's own resampling; when the budget holds everything, the clusters'
   * sizes. {@code available} (cluster to docs, units) and {@code ranges} (cluster to smallest and
   * largest key) are the caller's per-cluster aggregates of the same rows.
   */
  static double[] ofResampling(JavaSparkContext jsc, Dataset<Row> eligible, long budget, int k,
      Map<Integer, long[]> available, Map<Integer, double[]> ranges) {
    double[] share = new double[k];
    if (ranges.isEmpty()) {
      return share;
    }
    // the whole filtered pool's key range and units, from the per-cluster ones the caller aggregated
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] r : ranges.values()) {
      lo = Math.min(lo, r[0]);
      hi = Math.max(hi, r[1]);
    }
    long units = available.values().stream().mapToLong(a -> a[1]).sum();
    double total = 0;
    if (budget >= units) {
      for (Map.Entry<Integer, long[]> a : available.entrySet()) {
        share[a.getKey()] = a.getValue()[1];
        total += a.getValue()[1];
      }
    } else {
      Map<Integer, TopCut.Cut> cut = ClusterCuts.find(jsc, eligible.select(lit(0).as(CLUSTER), col(KEY),
          col(DOC_ID), col("units")), Map.of(0, budget), Map.of(0, new double[] {lo, hi}));
      for (Row r : eligible.filter(ClusterCuts.keeps(cut, lit(0), col(KEY), col(DOC_ID))).groupBy(CLUSTER)
          .agg(sum("units")).collectAsList()) {
        share[r.getInt(0)] = r.getLong(1);
        total += r.getLong(1);
      }
    }
    for (int c = 0; c < k; c++) {
      share[c] = total == 0 ? 0 : share[c] / total;
    }
    return share;
  }

  /** The target corpus's share of each cluster, in documents or tokens, from the clusters manifest's target_mix. */
  static double[] ofTarget(ClustersManifest.Mix targetMix, boolean tokens, int k) {
    double[] values = tokens ? targetMix.tokenShare() : targetMix.share();
    if (values == null || values.length != k) {
      throw new IllegalStateException("the clusters manifest's target_mix has no " + k + " shares");
    }
    return values.clone();
  }

  /** The mean of two estimates. */
  static double[] mean(double[] a, double[] b) {
    double[] m = new double[a.length];
    for (int c = 0; c < a.length; c++) {
      m[c] = (a[c] + b[c]) / 2;
    }
    return m;
  }
}
