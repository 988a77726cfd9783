package dev.winnow.jobs.select;

import static dev.winnow.jobs.pipeline.Columns.CLUSTER;
import static dev.winnow.jobs.pipeline.Columns.DOC_ID;
import static dev.winnow.jobs.pipeline.Columns.KEY;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.grouping;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.sum;

import dev.winnow.common.config.Choices.BudgetUnit;
import dev.winnow.common.config.Choices.QuotaBasis;
import dev.winnow.common.config.WinnowConfig;
import dev.winnow.jobs.cluster.ClustersManifest;
import dev.winnow.common.select.QuotaAllocator;
import dev.winnow.common.select.TopCut;
import dev.winnow.jobs.io.ClusterCuts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The select stage's quotas and cuts, from the eligible documents ({@code cluster, score, key,
 * doc_id, units}): what each cluster has, the share its quota follows
 * ({@code select.quota_basis}), the quotas ({@link QuotaAllocator}), and per cluster the whole
 * copies of everything it keeps and the cut of its top documents for the rest ({@link ClusterCuts}).
 */
final class QuotaPlan {
  final int k;
  /** The basis in force: weights, target, both, size, or none (one cluster). */
  final String basis;
  /** Per cluster with eligible documents: {docs, units}. */
  final Map<Integer, long[]> available = new TreeMap<>();
  /** Per cluster with eligible documents: its mean score. */
  final Map<Integer, Double> clusterMean = new HashMap<>();
  /** Per cluster: the share of one importance resampling of the budget, or null. */
  final double[] weightsShare;
  /** Per cluster: the target corpus's share, or null. */
  final double[] targetShare;
  final QuotaAllocator.Result quotas;
  /** Per cluster: whole copies of each of its documents kept. */
  final Map<Integer, Long> copies = new HashMap<>();
  /** Per cluster: the cut of its top documents that fill the rest of its quota. */
  final Map<Integer, TopCut.Cut> cuts;

  QuotaPlan(JavaSparkContext jsc, WinnowConfig config, ClustersManifest clustersManifest, Dataset<Row> eligible) {
    this.k = clustersManifest.k();
    long budget = config.get(WinnowConfig.SELECT_BUDGET);
    double meanScore = 0; // no eligible document: no scores to tilt by
    double sdScore = 1;
    Map<Integer, double[]> ranges = new HashMap<>();
    // per cluster, and (the rollup's total, grouping = 1) over all eligible documents: one query
    for (Row r : eligible.rollup(CLUSTER).agg(count(lit(1)), sum("units"), avg("score"), min(KEY), max(KEY),
        stddev_pop("score"), grouping(CLUSTER)).collectAsList()) {
      if (r.getByte(7) == 1) {
        meanScore = r.isNullAt(3) ? 0 : r.getDouble(3);
        sdScore = r.isNullAt(6) || r.getDouble(6) == 0 ? 1 : r.getDouble(6);
        continue;
      }
      available.put(r.getInt(0), new long[] {r.getLong(1), r.getLong(2)});
      clusterMean.put(r.getInt(0), r.getDouble(3));
      ranges.put(r.getInt(0), new double[] {r.getDouble(4), r.getDouble(5)});
    }
    // one cluster takes the whole budget whatever the basis: no shares to measure (null: none)
    QuotaBasis inForce = k == 1 ? null : SelectJob.quotaBasis(config);
    basis = inForce == null ? "none" : inForce.configName();
    weightsShare = inForce == QuotaBasis.WEIGHTS || inForce == QuotaBasis.BOTH
        ? QuotaShares.ofResampling(jsc, eligible, budget, k, available, ranges) : null;
    targetShare = clustersManifest.targetMix() == null ? null : QuotaShares.ofTarget(clustersManifest.targetMix(),
        config.get(WinnowConfig.SELECT_BUDGET_UNIT) == BudgetUnit.TOKENS, k);
    double[] share = inForce == null ? null : switch (inForce) {
      case WEIGHTS -> weightsShare;
      case TARGET -> targetShare;
      case BOTH -> QuotaShares.mean(weightsShare, targetShare);
      case SIZE, AUTO -> null; // sizes tilted by the scores (auto is never in force: it means weights)
    };
    List<QuotaAllocator.Cluster> clusters = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      long units = available.getOrDefault(c, new long[2])[1];
      clusters.add(share != null ? QuotaAllocator.Cluster.withShare(c, units, share[c])
          : QuotaAllocator.Cluster.withScore(c, units, clusterMean.getOrDefault(c, meanScore), meanScore, sdScore));
    }
    quotas = QuotaAllocator.allocate(budget, clusters, config.get(WinnowConfig.SELECT_TAU),
        config.get(WinnowConfig.SELECT_TILT), config.get(WinnowConfig.SELECT_MAX_REPETITION),
        config.get(WinnowConfig.SELECT_MIN_PER_CLUSTER));
    // each cluster: whole copies of everything (repetition), then its top documents for the rest
    Map<Integer, Long> rest = new HashMap<>();
    for (int c = 0; c < k; c++) {
      long units = clusters.get(c).available;
      copies.put(c, quotas.copies(c, units));
      rest.put(c, quotas.remainder(c, units));
    }
    cuts = ClusterCuts.find(jsc, eligible.select(col(CLUSTER), col(KEY), col(DOC_ID), col("units")), rest,
        ranges);
  }
}
