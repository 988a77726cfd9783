package dev.winnow.jobs.pipeline;

import dev.winnow.common.config.WinnowConfig;
import dev.winnow.jobs.io.Checkpoints;
import dev.winnow.jobs.io.StageManifest;
import dev.winnow.jobs.io.StagedOutput;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * One run of one stage: what every stage's job does around its own work, in one place. It
 * notes the start and the fingerprint the output will carry ({@link Stage#expectedFingerprint}),
 * gives the job its staging ({@link StagedOutput}) and checkpoints ({@link Checkpoints}), and
 * publishes the staged output under the stage's manifest ({@link #publish}), which it returns
 * typed. Closing it deletes the checkpoints, and the staging of a run that did not publish (a
 * resumable staging stays for the next run). The work directory's lock is the caller's (the CLI
 * holds it for a whole command); publishing checks that it is still held.
 *
 * <pre>{@code
 * return StageRun.run(spark, config, Stage.DEDUP, run -> {
 *   ... read, compute, write into run.staging().folder(...) ...
 *   return run.publish(new DedupManifest(...), dir);
 * });
 * }</pre>
 */
public final class StageRun implements AutoCloseable {
  private final Stage stage;
  private final SparkSession spark;
  private final WinnowConfig config;
  private final long started;
  private final String fingerprint;
  private final FileSystem fs;
  private StagedOutput staging;
  private Checkpoints checkpoints;
  private boolean published;

  private StageRun(Stage stage, SparkSession spark, WinnowConfig config, String fingerprint, long started)
      throws IOException {
    this.stage = stage;
    this.started = started;
    this.spark = spark;
    this.config = config;
    this.fingerprint = fingerprint;
    this.fs = work().getFileSystem(hadoop());
  }

  /** A run of {@code stage} whose output will carry the fingerprint the config and the published inputs give. */
  public static StageRun start(SparkSession spark, WinnowConfig config, Stage stage) throws IOException {
    long started = System.currentTimeMillis();
    return new StageRun(stage, spark, config,
        stage.expectedFingerprint(config, spark.sparkContext().hadoopConfiguration()), started);
  }

  /** A stage's work in a run: returns the manifest it published ({@link #publish}). */
  @FunctionalInterface
  public interface Work<B> {
    StageManifest<B> in(StageRun run) throws IOException;
  }

  /** Runs {@code work} as a run of {@code stage} ({@link #start}), closed when it returns or fails. */
  public static <B> StageManifest<B> run(SparkSession spark, WinnowConfig config, Stage stage, Work<B> work)
      throws IOException {
    try (StageRun run = start(spark, config, stage)) {
      return work.in(run);
    }
  }

  /**
   * A run of {@code stage} that started at {@code startedMillis} and whose output will carry
   * {@code fingerprint}: a featurize run computes its own, from the inputs it lists first.
   */
  public static StageRun start(SparkSession spark, WinnowConfig config, Stage stage, String fingerprint,
      long startedMillis) throws IOException {
    return new StageRun(stage, spark, config, fingerprint, startedMillis);
  }

  private Configuration hadoop() {
    return spark.sparkContext().hadoopConfiguration();
  }

  /** The work directory's file system. */
  public FileSystem fs() {
    return fs;
  }

  /** The work directory, as configured. */
  public Path work() {
    return new Path(config.get(WinnowConfig.WORK_DIR));
  }

  /** The published output of an earlier stage, as configured (it may not exist). */
  public Path input(Stage earlier) {
    return earlier.output(config);
  }

  /** When the run started (epoch milliseconds). */
  public long started() {
    return started;
  }

  /** The run's staging, begun on first use; abandoned when the run closes without publishing. */
  public StagedOutput staging() throws IOException {
    if (staging == null) {
      staging = StagedOutput.begin(config.get(WinnowConfig.WORK_DIR), stage.label(), hadoop());
    }
    return staging;
  }

  /**
   * The run's staging under {@code <work>/_resume/<name>/}, kept when the run fails so that a
   * rerun with the same fingerprint resumes it ({@link StagedOutput#resumable}).
   */
  public StagedOutput resumableStaging(String name) throws IOException {
    if (staging != null) {
      throw new IllegalStateException(stage.label() + " has begun its staging already");
    }
    staging = StagedOutput.resumable(config.get(WinnowConfig.WORK_DIR), name, fingerprint, hadoop());
    return staging;
  }

  /** The run's checkpoints, opened on first use; deleted when the run closes. */
  public Checkpoints checkpoints() throws IOException {
    if (checkpoints == null) {
      checkpoints = Checkpoints.open(spark, config.get(WinnowConfig.WORK_DIR), stage.command(), hadoop());
    }
    return checkpoints;
  }

  /**
   * Writes the manifest (the header, {@code body}, the timing) into the staged folder {@code dir}
   * (the last one published) and publishes every staged folder; returns the manifest.
   */
  public <B> StageManifest<B> publish(B body, Path dir) throws IOException {
    StageManifest<B> m = new StageManifest<>(StageManifest.Header.of(stage.command(), config, stage.configKeys(),
        started, fingerprint), body, StageManifest.Timing.since(started));
    m.write(staging().fs(), dir);
    staging.publish();
    published = true;
    return m;
  }

  @Override
  public void close() throws IOException {
    try {
      if (staging != null && !published) {
        staging.abandon();
      }
    } finally {
      if (checkpoints != null) {
        checkpoints.close();
      }
    }
  }
}
