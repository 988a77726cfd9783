package dev.winnow.bench;

import dev.winnow.common.config.WinnowConfig;
import dev.winnow.common.input.InputRecord;
import dev.winnow.common.input.RecordSource;
import dev.winnow.jobs.featurize.FeaturizeJob;
import dev.winnow.jobs.io.HadoopConf;
import dev.winnow.jobs.io.InputFile;
import dev.winnow.jobs.io.InputFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * The peers of {@code bench/run-suite.sh}, in one Spark session (the master from
 * -Dspark.master), on the same input files as the pipeline, split into the same tasks as
 * Winnow's featurize stage ({@link FeaturizeJob#taskGroups}):
 * <ul>
 *   <li>{@code floor}: every file read, decompressed and parsed by Winnow's own reader (the JSON
 *       lines, id and text of every record), counting documents and characters, nothing else:
 *       what any job over this input pays;
 *   <li>{@code mllib}: the featurize step as a Spark user would write it with MLlib
 *       ({@link FeaturizeJobBenchmark#mllib}: RegexTokenizer, NGram, HashingTF into the same
 *       10,000 buckets, Parquet with id and text), fed by the same reader.
 * </ul>
 * Usage: {@code SuitePeers POOL_DIR WORK_DIR}; prints {@code peer <name> <seconds> [<docs> <chars>]}
 * lines. The floor runs twice: {@code floor_cold} in a fresh JVM, then {@code floor}, the one
 * stages are compared with (a floor should not include the JIT warm-up of the reader).
 */
public final class SuitePeers {
  private SuitePeers() {}

  public static void main(String[] args) throws IOException {
    String pool = args[0];
    Path work = Path.of(args[1]);
    SparkSession spark = SparkSession.builder().appName("winnow suite peers").getOrCreate();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    List<InputFile> files = InputFiles.list(List.of(pool), null, hadoop);
    List<List<InputFile>> groups = FeaturizeJob.taskGroups(spark, files,
        WinnowConfig.of(Map.of("input.pool", pool, "work.dir", work.toString())).get(WinnowConfig.PARTITION_BYTES));
    JavaRDD<Row> docs = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(groups, groups.size())
        .mapPartitions(new ReadDocs(new HadoopConf(hadoop)));
    for (int round = 1; round <= 2; round++) {
      long t0 = System.nanoTime();
      Tuple2<Long, Long> counted = docs.map(r -> new Tuple2<>(1L, (long) r.getString(1).length()))
          .reduce((a, b) -> new Tuple2<>(a._1 + b._1, a._2 + b._2));
      System.out.printf("peer %s %.3f %d %d%n", round == 1 ? "floor_cold" : "floor", (System.nanoTime() - t0) / 1e9,
          counted._1, counted._2);
    }
    StructType schema = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType);
    long t0 = System.nanoTime();
    FeaturizeJobBenchmark.mllib(spark.createDataFrame(docs, schema), work.resolve("mllib"));
    System.out.printf("peer mllib %.3f%n", (System.nanoTime() - t0) / 1e9);
    spark.stop();
  }

  /** One task's files through Winnow's reader: the documents as (id, text) rows; rejections skipped. */
  static final class ReadDocs implements org.apache.spark.api.java.function.FlatMapFunction<Iterator<List<InputFile>>,
      Row> {
    private static final long serialVersionUID = 1L;
    private final HadoopConf conf;

    ReadDocs(HadoopConf conf) {
      this.conf = conf;
    }

    @Override
    public Iterator<Row> call(Iterator<List<InputFile>> groups) {
      List<InputFile> files = new ArrayList<>();
      groups.forEachRemaining(files::addAll);
      Iterator<InputFile> pending = files.iterator();
      return new Iterator<>() {
        private RecordSource source;
        private Row next;

        @Override
        public boolean hasNext() {
          while (next == null) {
            if (source == null) {
              if (!pending.hasNext()) {
                return false;
              }
              source = pending.next().open(conf.get(), "id", "text", List.<String>of(), 16 << 20);
            }
            InputRecord r = source.next();
            if (r == null) {
              close();
            } else if (r.isDoc()) {
              next = RowFactory.create(r.id, r.text);
            }
          }
          return true;
        }

        private void close() {
          try {
            source.close();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          source = null;
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          Row r = next;
          next = null;
          return r;
        }
      };
    }
  }
}
