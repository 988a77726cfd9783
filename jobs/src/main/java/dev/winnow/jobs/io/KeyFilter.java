package dev.winnow.jobs.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.sketch.BloomFilter;

/**
 * Narrows a large table to the rows whose key may be among a small set's, before a join: a
 * Bloom filter of the set's keys (1% false positives) is broadcast and applied while the large
 * table is scanned. A join of a few thousand kept documents with the pool's texts then shuffles
 * those texts and about 1% more, not the whole pool's: without it Spark joined the pool's texts
 * by a sort-merge join once the small side's size was unknown to it (at realpool x8 the select
 * stage shuffled 0.8 GB, and so did the cluster stage when it still joined its sample's texts;
 * docs/BENCHMARKS.md). Unlike a broadcast join it
 * stays bounded when the set is large (a million keys make a 1.2 MB filter). Closing it frees
 * the broadcast filter: close it once the narrowed rows have been used.
 */
public final class KeyFilter implements AutoCloseable {
  private final Dataset<Row> rows;
  private final Broadcast<BloomFilter> shared;

  private KeyFilter(Dataset<Row> rows, Broadcast<BloomFilter> shared) {
    this.rows = rows;
    this.shared = shared;
  }

  /**
   * The rows of {@code rows} whose string {@code column} may be one of {@code keys}'
   * {@code column}; {@code keys} has {@code expected} rows, which the caller knows (the filter is
   * sized for them, with no query to count them).
   */
  public static KeyFilter mightMatch(Dataset<Row> rows, Dataset<Row> keys, String column, long expected) {
    if (expected == 0) {
      return new KeyFilter(rows.filter(lit(false)), null); // no key, no row: Spark builds no Bloom filter of nothing
    }
    BloomFilter filter = keys.stat().bloomFilter(column, expected, 0.01);
    Broadcast<BloomFilter> shared = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext())
        .broadcast(filter);
    UserDefinedFunction maybe = udf((UDF1<String, Boolean>) k -> k != null && shared.value().mightContainString(k),
        DataTypes.BooleanType);
    return new KeyFilter(rows.filter(maybe.apply(col(column))), shared);
  }

  /** The narrowed rows: usable until {@link #close}. */
  public Dataset<Row> rows() {
    return rows;
  }

  @Override
  public void close() {
    if (shared != null) {
      shared.destroy();
    }
  }
}
