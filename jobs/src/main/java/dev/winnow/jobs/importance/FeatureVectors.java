package dev.winnow.jobs.importance;

import static dev.winnow.jobs.pipeline.Columns.DOC_ID;
import static dev.winnow.jobs.pipeline.Columns.NGRAM_CNT;
import static dev.winnow.jobs.pipeline.Columns.NGRAM_IDX;
import static dev.winnow.jobs.pipeline.Columns.N_TOKENS;

import dev.winnow.common.hash.RandomKeys;
import dev.winnow.common.importance.NgramCounts;
import dev.winnow.common.text.PackedInts;
import java.util.Iterator;
import java.util.function.Function;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Reads the sparse n-gram vectors of a features table ({@code doc_id, n_tokens, ngram_idx,
 * ngram_cnt}, in that order) as Spark's public rows, the packed vectors unpacked
 * ({@link PackedInts}) into primitive arrays. (It read Spark's internal binary rows through
 * {@code queryExecution().toRdd()} until the public API was measured to cost the same:
 * docs/BENCHMARKS.md, "Importance stage".)
 */
public final class FeatureVectors {
  public static final String[] COLUMNS = {DOC_ID, N_TOKENS, NGRAM_IDX, NGRAM_CNT};

  private FeatureVectors() {}

  /** The features' vector columns, as rows. */
  public static JavaRDD<Row> rows(Dataset<Row> features) {
    return features.select(COLUMNS[0], COLUMNS[1], COLUMNS[2], COLUMNS[3]).javaRDD();
  }

  /** {@code rows} with {@code f} applied to each, lazily (for mapPartitions over the rows). */
  public static <T> Iterator<T> map(Iterator<Row> rows, Function<Row, T> f) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public T next() {
        return f.apply(rows.next());
      }
    };
  }

  public static String docId(Row r) {
    return r.getString(0);
  }

  public static int nTokens(Row r) {
    return r.getInt(1);
  }

  public static int[] idx(Row r) {
    return PackedInts.unpack((byte[]) r.get(2), true);
  }

  public static int[] cnt(Row r) {
    return PackedInts.unpack((byte[]) r.get(3), false);
  }

  /** Total n-gram occurrences of the features (the sum of every ngram_cnt). */
  public static long totalNgrams(Dataset<Row> features) {
    return rows(features).aggregate(0L, (acc, r) -> {
      long s = acc;
      for (int c : cnt(r)) {
        s += c;
      }
      return s;
    }, Long::sum);
  }

  /**
   * Summed counts of the documents whose (seed, doc_id) draw is below {@code fraction} (all of
   * them at 1), by a tree aggregate: only the count vectors travel to the driver.
   */
  public static NgramCounts sum(Dataset<Row> features, int buckets, long seed, double fraction) {
    return rows(features).treeAggregate(new NgramCounts(buckets), (acc, r) -> {
      if (fraction >= 1 || RandomKeys.unit(seed, docId(r)) < fraction) {
        acc.add(idx(r), cnt(r));
      }
      return acc;
    }, NgramCounts::merge, 2);
  }
}
