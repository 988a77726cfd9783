package dev.winnow.jobs.io;

import static org.apache.spark.sql.functions.udf;

import dev.winnow.common.hash.RandomKeys;
import dev.winnow.common.select.TopCut;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import scala.Tuple2;

/**
 * Finds every cluster's cut (where its top documents end) with {@link TopCut}: a few rounds of
 * per-bin counts aggregated on the executors (one small histogram per active cluster and
 * partition), then one collect of the documents in each cluster's last bin, at most
 * {@link #RESOLVE_LIMIT} of them unless they all share one key. No sort of the pool, no window
 * over a cluster.
 */
public final class ClusterCuts {
  static final long RESOLVE_LIMIT = 5_000;
  static final int MAX_ROUNDS = 64;

  private ClusterCuts() {}

  /**
   * @param eligible columns {@code cluster int, key double, doc_id string, units long}
   * @param targets  per cluster, the units to keep from its top (clusters without one keep none)
   * @param ranges   per cluster, the smallest and largest key of its documents
   */
  public static Map<Integer, TopCut.Cut> find(JavaSparkContext jsc, Dataset<Row> eligible, Map<Integer, Long> targets,
      Map<Integer, double[]> ranges) {
    Map<Integer, TopCut> searches = new TreeMap<>();
    for (Map.Entry<Integer, Long> t : targets.entrySet()) {
      if (t.getValue() > 0) {
        double[] r = ranges.get(t.getKey());
        searches.put(t.getKey(), new TopCut(t.getValue(), r[0], r[1]));
      }
    }
    for (int round = 0; ; round++) {
      Map<Integer, TopCut> active = new HashMap<>();
      searches.forEach((c, s) -> {
        if (!s.needsResolve()) {
          active.put(c, s);
        }
      });
      if (active.isEmpty()) {
        break;
      }
      if (round == MAX_ROUNDS) {
        throw new IllegalStateException("the cluster cuts did not narrow in " + MAX_ROUNDS + " rounds");
      }
      Broadcast<Map<Integer, TopCut>> shared = jsc.broadcast(active);
      Map<Integer, TopCut.Histogram> histograms = eligible.javaRDD()
          .mapPartitions(rows -> List.of(histogram(rows, shared.value())).iterator())
          .treeReduce(ClusterCuts::merge, 2);
      shared.destroy();
      for (Map.Entry<Integer, TopCut> e : active.entrySet()) {
        e.getValue().narrow(histograms.getOrDefault(e.getKey(), new TopCut.Histogram()), RESOLVE_LIMIT);
      }
    }
    Broadcast<Map<Integer, TopCut>> shared = jsc.broadcast(new HashMap<>(searches));
    List<Tuple2<Integer, TopCut.Candidate>> rows = eligible.javaRDD()
        .mapPartitions(it -> candidates(it, shared.value()).iterator()).collect();
    shared.destroy();
    Map<Integer, List<TopCut.Candidate>> byCluster = new HashMap<>();
    for (Tuple2<Integer, TopCut.Candidate> t : rows) {
      byCluster.computeIfAbsent(t._1(), c -> new ArrayList<>()).add(t._2());
    }
    Map<Integer, TopCut.Cut> cuts = new TreeMap<>();
    searches.forEach((c, s) -> cuts.put(c, s.resolve(byCluster.getOrDefault(c, List.of()))));
    return cuts;
  }

  /**
   * Whether a row is among its cluster's top documents by {@code cuts} (from {@link #find}): a
   * boolean column, false for a cluster without a cut.
   */
  public static Column keeps(Map<Integer, TopCut.Cut> cuts, Column cluster, Column key, Column docId) {
    Map<Integer, TopCut.Cut> copy = new HashMap<>(cuts); // travels with the tasks: one cut per cluster
    UserDefinedFunction keeps = udf((UDF3<Integer, Double, String, Boolean>) (c, k, id) -> {
      TopCut.Cut cut = c == null ? null : copy.get(c);
      return cut != null && k != null && cut.keeps(k, id);
    }, DataTypes.BooleanType);
    return keeps.apply(cluster, key, docId);
  }

  /** A uniform draw in [0, 1) of (seed, doc_id) ({@link RandomKeys#unit}), as a column. */
  public static Column draw(long seed, Column docId) {
    return udf((UDF1<String, Double>) id -> RandomKeys.unit(seed, id), DataTypes.DoubleType).apply(docId);
  }

  private static Map<Integer, TopCut.Histogram> histogram(Iterator<Row> rows, Map<Integer, TopCut> active) {
    Map<Integer, TopCut.Histogram> h = new HashMap<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      TopCut s = active.get(r.getInt(0));
      if (s != null) {
        s.count(h.computeIfAbsent(r.getInt(0), c -> new TopCut.Histogram()), r.getDouble(1), r.getLong(3));
      }
    }
    return h;
  }

  private static Map<Integer, TopCut.Histogram> merge(Map<Integer, TopCut.Histogram> a,
      Map<Integer, TopCut.Histogram> b) {
    b.forEach((c, h) -> a.merge(c, h, TopCut.Histogram::merge));
    return a;
  }

  private static List<Tuple2<Integer, TopCut.Candidate>> candidates(Iterator<Row> rows, Map<Integer, TopCut> all) {
    List<Tuple2<Integer, TopCut.Candidate>> out = new ArrayList<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      TopCut s = all.get(r.getInt(0));
      if (s != null && s.inResolveBin(r.getDouble(1))) {
        out.add(new Tuple2<>(r.getInt(0), new TopCut.Candidate(r.getDouble(1), r.getString(2), r.getLong(3))));
      }
    }
    return out;
  }
}
