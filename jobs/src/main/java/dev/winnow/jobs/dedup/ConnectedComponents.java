package dev.winnow.jobs.dedup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import dev.winnow.common.dedup.UnionFind;
import dev.winnow.jobs.io.Checkpoints;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Connected components of an undirected graph given as string edges. A graph of many edges is
 * solved with Spark aggregations and joins only (no driver collect, no GraphFrames): the
 * alternating large-star / small-star algorithm of Kiveris et al., "Connected Components in
 * MapReduce and Beyond" (SoCC 2014), which converges in O(log^2 n) rounds. A graph of at most
 * {@code driverMaxEdges} edges is collected and solved on the driver by union-find: each Spark
 * round is a dozen small jobs, and on the few thousand edges of a typical pool the rounds cost
 * seconds each where union-find takes milliseconds. Either way every non-root node ends with
 * exactly one edge, to the smallest node of its component.
 */
final class ConnectedComponents {
  /** The result and how many Spark rounds it took (0: solved on the driver). */
  static final class Result {
    /** {@code node, root}: every node of an edge that is not its component's smallest. */
    final Dataset<Row> parents;
    final int rounds;

    Result(Dataset<Row> parents, int rounds) {
      this.parents = parents;
      this.rounds = rounds;
    }
  }

  static final int MAX_ROUNDS = 200;

  private ConnectedComponents() {}

  /**
   * @param edges columns {@code u, v} (strings, u != v; either order, repeats allowed)
   * @param edgeCount the rows of {@code edges}
   * @param driverMaxEdges the most edges solved on the driver
   */
  static Result of(Dataset<Row> edges, long edgeCount, long driverMaxEdges, Checkpoints checkpoints) {
    if (edgeCount <= driverMaxEdges) {
      StructType schema = new StructType().add("node", DataTypes.StringType).add("root", DataTypes.StringType);
      List<Row> parents = parents(edges.select("u", "v").collectAsList());
      // saved, so that the plans reading it scan a file instead of carrying the rows
      return new Result(checkpoints.save(edges.sparkSession().createDataFrame(parents, schema)), 0);
    }
    Dataset<Row> current = checkpoints.save(edges.select(col("u"), col("v")).filter(col("u").notEqual(col("v")))
        .distinct());
    if (current.isEmpty()) {
      return new Result(current.select(col("u").as("node"), col("v").as("root")), 0);
    }
    for (int round = 1; round <= MAX_ROUNDS; round++) {
      Dataset<Row> large = checkpoints.save(largeStar(current));
      Dataset<Row> small = checkpoints.save(smallStar(large));
      // one shuffle: an edge on one side only means the graph still changes
      boolean stable = current.withColumn("_in_current", lit(true))
          .join(small.withColumn("_in_small", lit(true)), new String[] {"u", "v"}, "full_outer")
          .filter(col("_in_current").isNull().or(col("_in_small").isNull())).isEmpty();
      current = small;
      if (stable) {
        return new Result(current.select(col("u").as("node"), col("v").as("root")), round);
      }
    }
    throw new IllegalStateException("connected components did not converge in " + MAX_ROUNDS + " rounds");
  }

  /**
   * Union-find over {@code edges} ({@code u, v}): a {@code node, root} row for every node that
   * is not the smallest of its component, root being that smallest. Each union puts the larger
   * of the two roots under the smaller, so a root is always its component's smallest node.
   */
  static List<Row> parents(List<Row> edges) {
    // the nodes numbered in doc_id order, so that a group's root (its smallest number) is its smallest doc_id
    Map<String, Integer> index = new HashMap<>();
    List<String> names = new ArrayList<>();
    for (Row e : edges) {
      for (int side = 0; side < 2; side++) {
        if (index.putIfAbsent(e.getString(side), 0) == null) {
          names.add(e.getString(side));
        }
      }
    }
    Collections.sort(names);
    for (int i = 0; i < names.size(); i++) {
      index.put(names.get(i), i);
    }
    UnionFind groups = UnionFind.of(names.size());
    for (Row e : edges) {
      groups.union(index.get(e.getString(0)), index.get(e.getString(1)));
    }
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      int root = groups.find(i);
      if (root != i) {
        out.add(RowFactory.create(names.get(i), names.get(root)));
      }
    }
    return out;
  }

  /** Each node links its larger neighbours to the smallest of itself and its neighbours. */
  static Dataset<Row> largeStar(Dataset<Row> e) {
    Dataset<Row> both = e.select(col("u"), col("v")).union(e.select(col("v").as("u"), col("u").as("v")));
    Dataset<Row> m = both.groupBy("u").agg(min("v").as("mv"))
        .select(col("u").as("mu"), least(col("u"), col("mv")).as("m"));
    return both.join(m, col("u").equalTo(col("mu"))).filter(col("v").gt(col("u")))
        .select(col("v").as("u"), col("m").as("v")).distinct();
  }

  /** Each node links itself and its smaller neighbours to the smallest of them. */
  static Dataset<Row> smallStar(Dataset<Row> e) {
    Dataset<Row> oriented = e.select(greatest(col("u"), col("v")).as("u"), least(col("u"), col("v")).as("v"));
    Dataset<Row> m = oriented.groupBy("u").agg(min("v").as("m")).withColumnRenamed("u", "mu");
    Dataset<Row> joined = oriented.join(m, col("u").equalTo(col("mu")));
    Dataset<Row> neighbours = joined.select(when(col("v").equalTo(col("m")), col("u")).otherwise(col("v")).as("u"),
        col("m").as("v"));
    return neighbours.filter(col("u").notEqual(col("v"))).distinct();
  }
}
