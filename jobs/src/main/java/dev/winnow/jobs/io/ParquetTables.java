package dev.winnow.jobs.io;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.parquet.ParquetReadSupport;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a Parquet table that Spark wrote (a folder of part files) with the schema Spark recorded
 * in its files' footers, read on the driver. {@code spark.read().parquet(dir)} finds the same
 * schema by reading a footer in a Spark job of its own: one per read, 17 in the README's run,
 * each with its scheduling (docs/BENCHMARKS.md). The schema is the files' own, so a column the
 * table lacks still fails the query that names it. A folder without such a file (partitioned
 * into subfolders, or written by another tool) is left to Spark's inference, as is a missing
 * folder (Spark's error then names it).
 */
public final class ParquetTables {
  private ParquetTables() {}

  /** The table in {@code dir}, as {@code spark.read().parquet(dir)} reads it. */
  public static Dataset<Row> read(SparkSession spark, String dir) {
    Optional<StructType> schema = recordedSchema(spark.sparkContext().hadoopConfiguration(), new Path(dir));
    return schema.isPresent() ? spark.read().schema(schema.get()).parquet(dir) : spark.read().parquet(dir);
  }

  /** {@link #read(SparkSession, String)} of a Hadoop path. */
  public static Dataset<Row> read(SparkSession spark, Path dir) {
    return read(spark, dir.toString());
  }

  /**
   * The rows of each data file in {@code dir} (by file name), from the files' footers: no Spark
   * job, and no data read.
   */
  public static Map<String, Long> rowsByFile(FileSystem fs, Path dir) throws IOException {
    Map<String, Long> rows = new TreeMap<>();
    for (FileStatus st : fs.listStatus(dir)) {
      if (isDataFile(st)) {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(st, fs.getConf()))) {
          rows.put(st.getPath().getName(), reader.getRecordCount());
        }
      }
    }
    return rows;
  }

  /** A table's data file: not a folder, not Spark's {@code _SUCCESS} nor a hidden checksum. */
  private static boolean isDataFile(FileStatus st) {
    String name = st.getPath().getName();
    return st.isFile() && !name.startsWith("_") && !name.startsWith(".");
  }

  /**
   * The Spark schema recorded in the footer of the folder's first data file (by name), or empty
   * when there is no such file or no such record. Spark writes one schema into every file of a
   * table, and its own inference reads one file's when schemas are not merged.
   */
  static Optional<StructType> recordedSchema(Configuration conf, Path dir) {
    try {
      FileSystem fs = dir.getFileSystem(conf);
      Optional<FileStatus> first = Arrays.stream(fs.listStatus(dir))
          .filter(ParquetTables::isDataFile)
          .min(Comparator.comparing(f -> f.getPath().getName()));
      if (first.isEmpty()) {
        return Optional.empty();
      }
      try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(first.get(), conf))) {
        String json = reader.getFooter().getFileMetaData().getKeyValueMetaData()
            .get(ParquetReadSupport.SPARK_METADATA_KEY());
        return json == null ? Optional.empty() : Optional.of((StructType) DataType.fromJson(json));
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // not a table this reads: Spark's inference reads it, or says what is wrong
    }
  }
}
