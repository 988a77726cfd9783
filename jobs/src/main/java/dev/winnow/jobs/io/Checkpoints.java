package dev.winnow.jobs.io;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A stage's reliable checkpoints: intermediate datasets written to the work directory's file
 * system as Parquet, under {@code <work>/_staging/_checkpoints-<stage>-<uuid>}, removed when the stage ends, and with the
 * rest of {@code _staging} by {@link StagedOutput#removeStale} after a dead run.
 *
 * <p>Why not {@code localCheckpoint}: its blocks live only in the executors that computed them,
 * so losing one executor fails the job ("checkpoint block not found"); a checkpoint in files is
 * read back by whichever executor runs the task. It still cuts the lineage, which the
 * iterative steps (connected components, k-means over a driver-built sample) need.
 */
public final class Checkpoints implements AutoCloseable {
  private final SparkSession spark;
  private final FileSystem fs;
  private final Path dir;
  private int saved;

  private Checkpoints(SparkSession spark, FileSystem fs, Path dir) {
    this.spark = spark;
    this.fs = fs;
    this.dir = dir;
  }

  /** A new checkpoint folder for {@code stage}. */
  public static Checkpoints open(SparkSession spark, String workDir, String stage, Configuration conf)
      throws IOException {
    Path work = new Path(workDir);
    FileSystem fs = work.getFileSystem(conf);
    Path dir = fs.makeQualified(new Path(new Path(work, "_staging"), "_checkpoints-" + stage + "-" + UUID.randomUUID()));
    if (!fs.mkdirs(dir)) {
      throw new IOException("cannot create the checkpoint folder " + dir);
    }
    return new Checkpoints(spark, fs, dir);
  }

  /**
   * {@code ds} computed once and written to files as Parquet; the result reads those files, so
   * its lineage starts there. (Not {@code Dataset.checkpoint()}: that computes the plan twice
   * unless it is cached, and a cached plan keeps Spark's 200 shuffle partitions where adaptive
   * execution would have coalesced them: 200 files per checkpoint, each CC round many times
   * slower. A write is one job, coalesced, with the commit protocol's retry safety.)
   */
  public Dataset<Row> save(Dataset<Row> ds) {
    String path = new Path(dir, "c" + (saved++)).toString();
    ds.write().parquet(path);
    return spark.read().schema(ds.schema()).parquet(path); // a known schema: no job to infer it
  }

  /** Deletes the checkpoint files (the datasets read from them are then unusable). */
  @Override
  public void close() throws IOException {
    fs.delete(dir, true);
    Path staging = dir.getParent();
    if (fs.exists(staging) && fs.listStatus(staging).length == 0) {
      fs.delete(staging, false);
    }
  }
}
