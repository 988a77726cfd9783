package dev.winnow.jobs.select;

import static dev.winnow.jobs.pipeline.Columns.DOC_ID;
import static dev.winnow.jobs.pipeline.Columns.NGRAM_CNT;
import static dev.winnow.jobs.pipeline.Columns.NGRAM_IDX;
import static dev.winnow.jobs.pipeline.Columns.N_TOKENS;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.winnow.jobs.io.ParquetTables;
import dev.winnow.common.config.WinnowConfig;
import dev.winnow.common.importance.ImportanceModel;
import dev.winnow.common.importance.KlReduction;
import dev.winnow.common.importance.NgramCounts;
import dev.winnow.common.input.InputException;
import dev.winnow.common.select.TopCut;
import dev.winnow.jobs.importance.FeatureVectors;
import dev.winnow.jobs.io.ClusterCuts;
import dev.winnow.jobs.importance.ImportanceJob;
import dev.winnow.jobs.pipeline.Corpus;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * KL reduction of a selection (DSIR's metric): KL(target || random) - KL(target || selected)
 * over hashed n-gram distributions, where "random" is a same-sized selection of the pool: the
 * documents with the largest (seed, doc_id) draws; the target distribution is the fitted model's.
 */
public final class KlReductionJob {
  /** The column that marks the selection's documents in the pool (null for the others). */
  private static final String SELECTED = "selected";

  private KlReductionJob() {}

  /** The selection's doc ids: a Parquet folder/file with a doc_id column, or a text file of one id per line. */
  public static Dataset<Row> readSelection(SparkSession spark, String path) {
    try {
      return path.endsWith(".parquet") || !path.contains(".")
          ? ParquetTables.read(spark, path).select(DOC_ID)
          : spark.read().text(path).select(col("value").as(DOC_ID)).filter("doc_id != ''");
    } catch (RuntimeException e) {
      throw new InputException("cannot read the selection " + path + ": " + e.getMessage(), e);
    }
  }

  /** Measures {@code selection} (doc_id column) against the model and pool under work.dir. */
  public static SelectionManifest.KlReduction measure(SparkSession spark, WinnowConfig config, Dataset<Row> selection)
      throws IOException {
    return measure(spark, config, selection, -1);
  }

  /**
   * {@link #measure(SparkSession, WinnowConfig, Dataset)} where the caller knows how many pool
   * documents the selection holds ({@code size}; -1 to count them): the random selection is cut
   * to that size first, and then one pass over the pool's vectors sums the selected documents'
   * and the random ones' together. A caller that gives the size also vouches that the
   * selection's ids are distinct (select's written ledger, a row a document): they are not made
   * distinct again, and a repeated id would fail the check of the documents found against it.
   */
  public static SelectionManifest.KlReduction measure(SparkSession spark, WinnowConfig config, Dataset<Row> selection,
      long size) throws IOException {
    Path work = new Path(config.get(WinnowConfig.WORK_DIR));
    FileSystem fs = work.getFileSystem(spark.sparkContext().hadoopConfiguration());
    ImportanceModel model = ImportanceJob.loadMixed(fs, new Path(new Path(work, ImportanceJob.WEIGHTS),
        ImportanceJob.MODEL_DIR));
    Dataset<Row> pool = ParquetTables.read(spark, new Path(work, Corpus.POOL.features));
    Dataset<Row> ids = size >= 0 ? selection : selection.distinct();
    Dataset<Row> marked = pool.join(ids.withColumn(SELECTED, lit(true)), DOC_ID, "left");
    long n = size >= 0 ? size : marked.filter(col(SELECTED)).count();
    if (n == 0) {
      throw new InputException("none of the selection's doc ids is in the pool features");
    }
    Column random = randomSelection(spark, pool, config.get(WinnowConfig.SEED), n);
    int buckets = model.featurizer.buckets;
    NgramCounts[] sums = marked.select(col(DOC_ID), col(N_TOKENS), col(NGRAM_IDX), col(NGRAM_CNT),
            col(SELECTED).isNotNull(), random)
        .filter(col(SELECTED).isNotNull().or(random))
        .javaRDD().treeAggregate(new NgramCounts[] {new NgramCounts(buckets), new NgramCounts(buckets)}, (acc, r) -> {
          int[] idx = FeatureVectors.idx(r);
          int[] cnt = FeatureVectors.cnt(r);
          for (int s = 0; s < 2; s++) {
            if (r.getBoolean(4 + s)) {
              acc[s].add(idx, cnt);
            }
          }
          return acc;
        }, (a, b) -> new NgramCounts[] {a[0].merge(b[0]), a[1].merge(b[1])}, 2);
    NgramCounts selected = sums[0];
    NgramCounts rand = sums[1];
    if (selected.docs() != n) {
      throw new IllegalStateException("the selection holds " + n + " of the pool's documents, but " + selected.docs()
          + " were found in its features");
    }
    double klSelected = KlReduction.kl(model.targetProbs, selected, model.epsilon);
    double klRandom = KlReduction.kl(model.targetProbs, rand, model.epsilon);
    return new SelectionManifest.KlReduction(selected.docs(), klSelected, klRandom, klRandom - klSelected);
  }

  /**
   * The pool's {@code n} documents with the largest (seed, doc_id) draws ({@link ClusterCuts#draw},
   * the draws every random choice uses), as a filter on {@code pool}: the cut is found by
   * {@link ClusterCuts} (histograms of the draws, no sort of the pool), so the work and the
   * driver's memory do not grow with {@code n}.
   */
  static Column randomSelection(SparkSession spark, Dataset<Row> pool, long seed, long n) {
    Dataset<Row> keyed = pool.select(lit(0).as("cluster"), ClusterCuts.draw(seed, col(DOC_ID)).as("key"),
        col(DOC_ID), lit(1L).as("units"));
    Map<Integer, TopCut.Cut> cut = ClusterCuts.find(JavaSparkContext.fromSparkContext(spark.sparkContext()), keyed,
        Map.of(0, n), Map.of(0, new double[] {0, 1}));
    return ClusterCuts.keeps(cut, lit(0), ClusterCuts.draw(seed, col(DOC_ID)), col(DOC_ID));
  }
}
