package dev.winnow.jobs.select;

import static dev.winnow.jobs.pipeline.Columns.CLUSTER;
import static dev.winnow.jobs.pipeline.Columns.COPIES;
import static dev.winnow.jobs.pipeline.Columns.DOC_ID;
import static dev.winnow.jobs.pipeline.Columns.LANG;
import static dev.winnow.jobs.pipeline.Columns.LOG_W;
import static dev.winnow.jobs.pipeline.Columns.META;
import static dev.winnow.jobs.pipeline.Columns.N_TOKENS;
import static dev.winnow.jobs.pipeline.Columns.TEXT;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.winnow.common.config.Choices;
import dev.winnow.common.config.WinnowConfig;
import dev.winnow.common.hash.RandomKeys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Writes the kept documents: {@code doc_id, text, cluster, log_w, n_tokens, copies, lang} (and
 * {@code copy}, a row per copy, with select.materialize_copies) and the metadata fields as
 * columns, into {@code select.output_files} files (a document's file is a hash of its doc_id,
 * each file sorted by doc_id; with select.shuffle both follow a seeded key), optionally in
 * Hive-style folders ({@code select.partition_by}; the column stays in the rows too), then
 * renames Spark's run-specific file names to {@code part-NNNNN.<ext>} so that two runs over the same input write the same files, byte for
 * byte.
 */
final class OutputFiles {
  static final Set<String> FIXED = Set.of(DOC_ID, TEXT, CLUSTER, LOG_W, N_TOKENS, COPIES,
      LANG, "copy");
  /** The copy of the partition column that Spark turns into folder names. */
  private static final String FOLDER_COLUMN = "_winnow_partition";
  /** Hive's (and Spark's) folder name for a missing partition value. */
  static final String HIVE_NULL = "__HIVE_DEFAULT_PARTITION__";
  /** The copy number of a row when select.materialize_copies is set: 1 to copies (in {@link #FIXED}). */
  static final String COPY = "copy";
  private static final String ORDER_COLUMN = "_winnow_order";
  private static final Pattern SPARK_NAME = Pattern.compile("^part-(\\d+)-.*$");

  private OutputFiles() {}

  /** The output column of a metadata field: its name, or meta_<name> when that is taken. */
  static String columnOf(String field) {
    return FIXED.contains(field) ? "meta_" + field : field;
  }

  static void write(Dataset<Row> kept, List<String> metaFields, WinnowConfig config, Path dir) throws IOException {
    boolean materialize = config.get(WinnowConfig.SELECT_MATERIALIZE_COPIES);
    List<Column> cols = new ArrayList<>(List.of(col(DOC_ID), col(TEXT), col(CLUSTER), col(LOG_W),
        col(N_TOKENS), col(COPIES), col(LANG)));
    if (materialize) { // one row per copy: copy = 1 .. copies
      kept = kept.withColumn(COPY, explode(sequence(lit(1), col(COPIES))));
      cols.add(col(COPY));
    }
    for (String f : metaFields) {
      cols.add(try_element_at(col(META), lit(f)).as(columnOf(f)));
    }
    String by = config.get(WinnowConfig.SELECT_PARTITION_BY);
    String partitionColumn = by.isEmpty() ? null : by.equals("cluster") || by.equals(WinnowConfig.LANG) ? by
        : columnOf(by);
    if (partitionColumn != null) {
      // Spark moves a partition column out of the rows into the folder name, where a missing value
      // and the text __HIVE_DEFAULT_PARTITION__ look alike (and, both in one task, collide on a file
      // name): partition by a copy that names that text's folder apart, and keep the column
      Column value = col(partitionColumn);
      cols.add((partitionColumn.equals("cluster") ? value
          : when(value.equalTo(HIVE_NULL), lit(HIVE_NULL + "_as_text")).otherwise(value)).as(FOLDER_COLUMN));
    }
    int files = config.get(WinnowConfig.SELECT_OUTPUT_FILES);
    Dataset<Row> table;
    List<String> order = new ArrayList<>();
    if (partitionColumn != null) {
      order.add(FOLDER_COLUMN); // the order Spark's partitioned write needs
    }
    if (config.get(WinnowConfig.SELECT_SHUFFLE)) {
      // a row's file and place in it: a seeded random key of (doc_id, copy), its own stream of draws
      long seed = config.get(WinnowConfig.SEED);
      UserDefinedFunction keyOf = udf((UDF2<String, Integer, Long>) (id, copy) -> shuffleKey(seed, id, copy),
          DataTypes.LongType);
      cols.add(keyOf.apply(col(DOC_ID), materialize ? col(COPY) : lit(1)).as(ORDER_COLUMN));
      order.add(ORDER_COLUMN);
      table = kept.select(cols.toArray(new Column[0])).repartition(files, col(ORDER_COLUMN));
    } else {
      order.add(DOC_ID);
      if (materialize) {
        order.add(COPY);
      }
      table = kept.select(cols.toArray(new Column[0])).repartition(files, col(DOC_ID));
    }
    table = table.sortWithinPartitions(order.stream().map(c -> col(c)).toArray(Column[]::new)).drop(ORDER_COLUMN);
    // no _SUCCESS marker among the data files: the published manifest is the selection's success mark
    DataFrameWriter<Row> w = table.write().mode(SaveMode.ErrorIfExists)
        .option("mapreduce.fileoutputcommitter.marksuccessfuljobs", "false");
    if (partitionColumn != null) {
      w = w.partitionBy(FOLDER_COLUMN);
    }
    boolean parquet = config.get(WinnowConfig.SELECT_OUTPUT_FORMAT) == Choices.OutputFormat.PARQUET;
    if (parquet) {
      w.option("compression", "zstd").parquet(dir.toString());
    } else {
      w.option("compression", "gzip").json(dir.toString());
    }
    FileSystem fs = dir.getFileSystem(kept.sparkSession().sparkContext().hadoopConfiguration());
    if (partitionColumn != null) {
      renameFolders(fs, dir, partitionColumn);
    }
    renameFiles(fs, dir, parquet ? ".parquet" : ".jsonl.gz");
    removeChecksums(fs, dir);
  }

  /**
   * The local file system's {@code .<name>.crc} checksum files, beside every data file, deleted:
   * a trainer lists the folder, and Parquet and gzip carry checks of their own. (HDFS and object
   * stores keep no such files.)
   */
  private static void removeChecksums(FileSystem fs, Path dir) throws IOException {
    if (!(fs instanceof ChecksumFileSystem checksummed)) {
      return;
    }
    FileSystem raw = checksummed.getRawFileSystem();
    for (FileStatus s : raw.listStatus(dir)) {
      if (s.isDirectory()) {
        removeChecksums(fs, s.getPath());
      } else if (checksummed.isChecksumFile(s.getPath()) && !raw.delete(s.getPath(), false)) {
        throw new IOException("cannot delete the checksum file " + s.getPath());
      }
    }
  }

  /**
   * The shuffle's key of a kept row: a 64-bit hash of the seed and (doc_id, copy), drawn apart from
   * the selection's keys ({@link RandomKeys}) so that the order says nothing about the ranking.
   */
  static long shuffleKey(long seed, String docId, int copy) {
    return RandomKeys.hash(seed, "shuffle\u0000" + docId + "\u0000" + copy);
  }

  /** {@code <copy>=europarl/} becomes {@code source=europarl/}: the folders are named after the column. */
  private static void renameFolders(FileSystem fs, Path dir, String column) throws IOException {
    for (FileStatus s : fs.listStatus(dir)) {
      String name = s.getPath().getName();
      if (s.isDirectory() && name.startsWith(FOLDER_COLUMN + "=")) {
        Path to = new Path(dir, column + name.substring(FOLDER_COLUMN.length()));
        if (!fs.rename(s.getPath(), to)) {
          throw new IOException("cannot rename " + s.getPath() + " to " + to);
        }
      }
    }
  }

  /** part-00003-<uuid>-c000.zstd.parquet becomes part-00003.parquet, in every folder below {@code dir}. */
  static void renameFiles(FileSystem fs, Path dir, String ext) throws IOException {
    for (FileStatus s : fs.listStatus(dir)) {
      String name = s.getPath().getName();
      if (s.isDirectory()) {
        renameFiles(fs, s.getPath(), ext);
        continue;
      }
      Matcher m = SPARK_NAME.matcher(name);
      if (m.matches()) {
        Path to = new Path(dir, "part-" + m.group(1) + ext);
        if (!fs.rename(s.getPath(), to)) {
          throw new IOException("cannot rename " + s.getPath() + " to " + to);
        }
      }
    }
  }
}
