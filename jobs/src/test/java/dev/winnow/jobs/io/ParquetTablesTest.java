package dev.winnow.jobs.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.jobs.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetTablesTest {
  private static SparkSession spark;
  @TempDir
  Path tmp;

  @BeforeAll
  static void start() {
    spark = SharedSpark.get();
  }

  private Dataset<Row> table() {
    StructType schema = new StructType().add("doc_id", DataTypes.StringType, false)
        .add("n", DataTypes.LongType).add("sig", DataTypes.BinaryType)
        .add("q", new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.IntegerType))
        .add("m", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));
    return spark.createDataFrame(List.of(RowFactory.create("a", 1L, new byte[] {1}, RowFactory.create(0.5, 2), null),
        RowFactory.create("b", null, null, null, null)), schema);
  }

  /** The Spark jobs the session ran while {@code action} did. */
  private static int jobsDuring(Runnable action) throws TimeoutException {
    String group = "parquet-tables-" + System.nanoTime();
    spark.sparkContext().setJobGroup(group, group, false);
    try {
      action.run();
    } finally {
      spark.sparkContext().clearJobGroup();
    }
    // the status tracker learns of jobs from the listener bus, which runs behind the jobs: a job
    // not yet counted when the bus lags made this count 0 (seen once, in a full run of the suite)
    spark.sparkContext().listenerBus().waitUntilEmpty();
    return spark.sparkContext().statusTracker().getJobIdsForGroup(group).length;
  }

  @Test
  void readsTheSchemaSparkInfersWithoutASparkJob() throws TimeoutException {
    String dir = tmp.resolve("t").toString();
    table().repartition(3).write().parquet(dir);
    Dataset<Row> inferred = spark.read().parquet(dir);
    assertTrue(jobsDuring(() -> spark.read().parquet(dir)) > 0, "Spark's inference runs a job (else this test shows nothing)");
    Dataset<Row>[] read = new Dataset[1];
    assertEquals(0, jobsDuring(() -> read[0] = ParquetTables.read(spark, dir)));
    assertEquals(inferred.schema(), read[0].schema());
    assertArrayEquals(inferred.orderBy("doc_id").collectAsList().toArray(),
        read[0].orderBy("doc_id").collectAsList().toArray());
  }

  @Test
  void aColumnTheTableLacksStillFails() {
    String dir = tmp.resolve("t").toString();
    table().drop("n").write().parquet(dir);
    assertThrows(AnalysisException.class, () -> ParquetTables.read(spark, dir).select("n").collectAsList());
  }

  @Test
  void partitionedEmptyAndMissingFoldersAreLeftToSpark() throws Exception {
    String parts = tmp.resolve("parts").toString();
    table().write().partitionBy("doc_id").parquet(parts);
    assertEquals(spark.read().parquet(parts).schema(), ParquetTables.read(spark, parts).schema());
    assertTrue(List.of(ParquetTables.read(spark, parts).columns()).contains("doc_id"), "the partition column");

    Path notSpark = Files.createDirectories(tmp.resolve("other"));
    Files.writeString(notSpark.resolve("part-0.parquet"), "not parquet");
    assertThrows(Exception.class, () -> ParquetTables.read(spark, notSpark.toString()).collectAsList());

    AnalysisException missing = assertThrows(AnalysisException.class,
        () -> ParquetTables.read(spark, tmp.resolve("none").toString()));
    assertTrue(missing.getMessage().contains("none"), missing.getMessage());
  }
}
