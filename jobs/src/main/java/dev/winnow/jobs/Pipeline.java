package dev.winnow.jobs;

import dev.winnow.common.config.WinnowConfig;
import dev.winnow.jobs.cluster.ClusterJob;
import dev.winnow.jobs.dedup.DedupJob;
import dev.winnow.jobs.featurize.FeaturizeJob;
import dev.winnow.jobs.importance.ImportanceJob;
import dev.winnow.jobs.io.StageManifest;
import dev.winnow.jobs.pipeline.Corpus;
import dev.winnow.jobs.pipeline.Stage;
import dev.winnow.jobs.select.SelectJob;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The stages' jobs: {@link Stage} defines the pipeline (order, run conditions, inputs, config
 * keys, fingerprints) without knowing the jobs; this class gives each stage its job, and is how
 * the CLI, the tests and the benchmarks run them.
 */
public final class Pipeline {
  private Pipeline() {}

  /** One stage's job: runs it afresh, publishes its output and returns its manifest. */
  @FunctionalInterface
  public interface Job {
    StageManifest<?> run(SparkSession spark, WinnowConfig config) throws IOException;
  }

  public static Job job(Stage stage) {
    return switch (stage) {
      case FEATURIZE_POOL -> (spark, config) -> FeaturizeJob.run(spark, config, Corpus.POOL);
      case FEATURIZE_TARGET -> (spark, config) -> FeaturizeJob.run(spark, config, Corpus.TARGET);
      case IMPORTANCE -> ImportanceJob::run;
      case CLUSTER -> ClusterJob::run;
      case DEDUP -> DedupJob::run;
      case SELECT -> SelectJob::run;
    };
  }

  /**
   * Runs those of {@code stages} that {@code config} asks for ({@link Stage#skipReason}), in the
   * pipeline's order, each afresh (up to date or not); returns their manifests in that order.
   */
  public static List<StageManifest<?>> run(SparkSession spark, WinnowConfig config, Stage... stages) throws IOException {
    EnumSet<Stage> wanted = EnumSet.noneOf(Stage.class);
    wanted.addAll(List.of(stages));
    List<StageManifest<?>> manifests = new ArrayList<>();
    for (Stage s : wanted) { // an EnumSet iterates in declaration order: the pipeline's
      if (s.skipReason(config) == null) {
        manifests.add(job(s).run(spark, config));
      }
    }
    return manifests;
  }

  /** Featurizes the pool and, when input.target is set, the target. */
  public static List<StageManifest<?>> featurize(SparkSession spark, WinnowConfig config) throws IOException {
    return run(spark, config, Stage.FEATURIZE_POOL, Stage.FEATURIZE_TARGET);
  }
}
