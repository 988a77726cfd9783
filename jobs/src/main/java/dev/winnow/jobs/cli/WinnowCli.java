package dev.winnow.jobs.cli;

import dev.winnow.common.config.ConfigException;
import dev.winnow.common.config.WinnowConfig;
import dev.winnow.common.input.InputException;
import dev.winnow.jobs.Pipeline;
import dev.winnow.jobs.pipeline.Corpus;
import dev.winnow.jobs.select.KlReductionJob;
import dev.winnow.jobs.io.InputFile;
import dev.winnow.jobs.io.InputFiles;
import dev.winnow.jobs.io.NioLocalFileSystem;
import dev.winnow.jobs.io.StageManifest;
import dev.winnow.jobs.io.StagedOutput;
import dev.winnow.jobs.io.WorkDirLock;
import dev.winnow.jobs.io.WorkPaths;
import dev.winnow.jobs.pipeline.Stage;
import dev.winnow.jobs.select.SelectJob;
import dev.winnow.jobs.select.SelectionManifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The {@code winnow} command line. Spark settings (master, memory, serializer) come from
 * spark-submit or the local runner, never from here. Exit codes: 0 success, 1 failure,
 * 2 usage or config error, 3 input error, 4 the work directory is locked by another run.
 */
@Command(name = "winnow", mixinStandardHelpOptions = true, version = "winnow 0.1.0",
    description = "Selects language-model training data from a document pool on Apache Spark.",
    subcommands = {WinnowCli.Run.class, WinnowCli.Featurize.class, WinnowCli.Importance.class,
        WinnowCli.Cluster.class, WinnowCli.Dedup.class, WinnowCli.Select.class, WinnowCli.KlReductionCommand.class,
        WinnowCli.ReportCommand.class, WinnowCli.ConfigCommand.class})
public final class WinnowCli implements Callable<Integer> {
  public static final int EXIT_FAILURE = 1;
  public static final int EXIT_CONFIG = 2;
  public static final int EXIT_INPUT = 3;
  public static final int EXIT_LOCKED = 4;

  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return EXIT_CONFIG;
  }

  public static void main(String[] args) {
    int code = execute(args);
    SparkSession.getActiveSession().foreach(s -> {
      s.stop();
      return null;
    });
    System.exit(code);
  }

  /** Runs the command line in this JVM; returns the exit code (tests call this). */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new WinnowCli());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      PrintWriter err = cmd.getErr();
      if (e instanceof ConfigException) {
        err.println("winnow: config error: " + e.getMessage());
        return EXIT_CONFIG;
      }
      InputException input = inputError(e);
      if (input != null) {
        err.println("winnow: input error: " + input.getMessage());
        return EXIT_INPUT;
      }
      if (e instanceof WorkDirLock.LockedException) {
        err.println("winnow: locked: " + e.getMessage());
        return EXIT_LOCKED;
      }
      err.println("winnow: failed: " + e);
      e.printStackTrace(err);
      return EXIT_FAILURE;
    });
    return cl.execute(args);
  }

  /**
   * The input error {@code e} is or was caused by, or null: one a Spark task raised (reading an
   * input back, say) reaches the driver wrapped in Spark's job failure.
   */
  static InputException inputError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InputException input) {
        return input;
      }
    }
    return null;
  }

  /** The implementation of {@code file:} paths; the CLI's default is {@link NioLocalFileSystem}. */
  static final String LOCAL_FS = "spark.hadoop.fs.file.impl";

  static SparkSession spark(String stage) {
    SparkSession.Builder builder = SparkSession.builder().appName("winnow " + stage);
    if (!new SparkConf().contains(LOCAL_FS)) { // a file system the user chose stays
      builder.config(LOCAL_FS, NioLocalFileSystem.class.getName());
    }
    SparkSession spark = builder.getOrCreate();
    Progress.install(spark.sparkContext());
    return spark;
  }

  /**
   * A command that runs stages: loads the config and, in a session named after the command and
   * under the work directory's lock, runs each that is not up to date, and reports. A command of
   * one stage runs it whatever the pipeline's run conditions ({@link Stage#skipReason}); one of
   * several (featurize: pool and target) leaves out those the config does not ask for.
   */
  abstract static class StageCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    private final Stage[] stages;

    StageCommand(Stage... stages) {
      this.stages = stages;
    }

    @Override
    public Integer call() throws Exception {
      WinnowConfig config = options.load();
      String command = stages[0].command();
      SparkSession spark = spark(command);
      try (WorkDirLock lock = lock(spark, config, options, command)) {
        if (stages.length == 1) {
          runOrSkip(spark, config, options, stages[0]);
        } else {
          runOrSkip(spark, config, options, stages);
        }
      }
      return 0;
    }
  }

  @Command(name = "featurize", mixinStandardHelpOptions = true,
      description = "Stage 1: read the pool (and input.target), quarantine bad records, write hashed n-gram features.")
  static final class Featurize extends StageCommand {
    Featurize() {
      super(Stage.FEATURIZE_POOL, Stage.FEATURIZE_TARGET);
    }
  }

  @Command(name = "importance", mixinStandardHelpOptions = true,
      description = "Stage 2: fit the DSIR target and raw models (or load importance.model), weight every document.")
  static final class Importance extends StageCommand {
    Importance() {
      super(Stage.IMPORTANCE);
    }
  }

  @Command(name = "cluster", mixinStandardHelpOptions = true,
      description = "Stage 3: k-means over TF-IDF vectors (k given or chosen by silhouette), assign every document.")
  static final class Cluster extends StageCommand {
    Cluster() {
      super(Stage.CLUSTER);
    }
  }

  @Command(name = "dedup", mixinStandardHelpOptions = true,
      description = "Stage 4: exact and MinHash near-duplicate groups, one representative each.")
  static final class Dedup extends StageCommand {
    Dedup() {
      super(Stage.DEDUP);
    }
  }

  @Command(name = "select", mixinStandardHelpOptions = true,
      description = "Stage 5: filters, cluster quotas, importance resampling; writes the kept documents, the ledger, "
          + "the manifest and report.html.")
  static final class Select extends StageCommand {
    Select() {
      super(Stage.SELECT);
    }
  }

  /** Runs {@code stage} unless its published output is up to date (and --force is not given). */
  static void runOrSkip(SparkSession spark, WinnowConfig config, ConfigOptions options, Stage stage)
      throws IOException {
    if (!options.force && stage.upToDate(config, spark.sparkContext().hadoopConfiguration())) {
      System.out.println(stage.label() + ": up to date, skipped (" + stage.output(config)
          + " matches the config and inputs; --force reruns it)");
      return;
    }
    System.err.println("winnow: " + stage.label() + ": started");
    Progress.stage(stage.label());
    // every Spark job of the stage carries its name (Spark's UI, event logs: bench/suite_report.py)
    spark.sparkContext().setJobGroup("winnow " + stage.label(), "winnow " + stage.label(), false);
    try {
      StageReports.print(Pipeline.job(stage).run(spark, config));
    } finally {
      spark.sparkContext().clearJobGroup();
      Progress.stage(null);
    }
  }

  /**
   * Runs {@code stages} in order, each that the config asks for ({@link Stage#skipReason}) and
   * whose published output is not up to date.
   */
  static void runOrSkip(SparkSession spark, WinnowConfig config, ConfigOptions options, Stage... stages)
      throws IOException {
    for (Stage stage : stages) {
      String skipped = stage.skipReason(config);
      if (skipped != null) {
        System.out.println(stage.label() + ": skipped, " + skipped);
      } else {
        runOrSkip(spark, config, options, stage);
      }
    }
  }

  /**
   * Checks the configured paths ({@link WorkPaths}), then takes the work directory's lock for
   * {@code command} (taking over a lapsed lease, or a dead holder's lock with --break-lock).
   */
  static WorkDirLock lock(SparkSession spark, WinnowConfig config, ConfigOptions options, String command)
      throws IOException {
    String work = config.get(WinnowConfig.WORK_DIR);
    org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    WorkPaths.check(config, hadoop);
    WorkDirLock lock = WorkDirLock.acquire(work, command, hadoop, options.breakLock);
    // with the lock held, whatever is staged belongs to a dead run: it is never published, and goes now
    StagedOutput.removeStale(work, hadoop);
    return lock;
  }

  @Command(name = "report", mixinStandardHelpOptions = true,
      description = "Print the published selection's summary (kept, drops by reason, KL reduction, precision, "
          + "quotas) and where its report.html is; reads only the manifest.")
  static final class ReportCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws IOException {
      WinnowConfig config = options.load();
      org.apache.hadoop.fs.Path dir = Stage.SELECT.output(config);
      StageManifest<SelectionManifest> m = StageManifest.readPublished(
          dir.getFileSystem(new org.apache.hadoop.conf.Configuration()), dir, SelectJob.STAGE, SelectionManifest.class);
      StageReports.print(m);
      System.out.println("  finished:   " + m.timing().finished() + " (" + m.seconds() + " s)");
      return 0;
    }
  }

  @Command(name = "config", mixinStandardHelpOptions = true,
      description = "Validate a config and check its paths (inputs exist, work.dir outside them); with --explain, "
          + "print every key with its default and meaning (and the value the config gives it).")
  static final class ConfigCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @picocli.CommandLine.Option(names = "--explain", description = "Print every key, its default and meaning.")
    boolean explain;

    @Override
    public Integer call() throws IOException {
      boolean given = options.config != null || !options.overrides.isEmpty();
      WinnowConfig config = given ? options.load() : null;
      if (explain) {
        for (dev.winnow.common.config.ConfigKey<?> k : WinnowConfig.keys()) {
          String def = k.defaultValue() == null ? "(required)" : k.defaultValue().isEmpty() ? "(empty)"
              : k.defaultValue();
          System.out.println(k.name());
          System.out.println("    default: " + def + (config != null ? "    value: " + config.raw(k) : "")
              + "    stage: " + WinnowConfig.owner(k).label());
          System.out.println("    " + k.meaning());
        }
      } else if (config != null) {
        // the checks a run makes before Spark starts: where it writes, and that every input is there
        org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
        WorkPaths.check(config, hadoop);
        System.out.println("config is valid; " + WinnowConfig.keys().size() + " keys");
        for (Corpus corpus : Corpus.values()) {
          List<String> paths = config.get(corpus.input);
          if (!paths.isEmpty()) {
            List<InputFile> files = InputFiles.list(paths, config.get(WinnowConfig.INPUT_FORMAT), hadoop);
            System.out.printf("  %s: %d files, %d bytes%n", corpus.input.name(), files.size(),
                files.stream().mapToLong(f -> f.length).sum());
          }
        }
        System.out.println("  work.dir: " + config.get(WinnowConfig.WORK_DIR) + " (outside the inputs)");
      } else {
        System.out.println("nothing to check: give --config FILE (and --set), or --explain");
      }
      return 0;
    }
  }

  @Command(name = "kl-reduction", mixinStandardHelpOptions = true,
      description = "KL reduction of a selection vs a random one of the same size (needs features and weights).")
  static final class KlReductionCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @picocli.CommandLine.Option(names = "--selection", required = true, paramLabel = "PATH",
        description = "The selected doc ids: Parquet with a doc_id column, or a text file of one id per line.")
    String selection;

    @Override
    public Integer call() throws Exception {
      WinnowConfig config = options.load();
      SparkSession spark = spark("kl-reduction");
      StageManifest.JSON.valueToTree(KlReductionJob.measure(spark, config,
          KlReductionJob.readSelection(spark, selection))).fields()
          .forEachRemaining(e -> System.out.println(e.getKey() + " = " + e.getValue().asText()));
      return 0;
    }
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Run every stage of the pipeline in order: featurize, importance when a target or model "
          + "is set, cluster unless cluster.k = 1, dedup when select.drop_duplicates = true, select when "
          + "select.budget is set.")
  static final class Run implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
      WinnowConfig config = options.load();
      SparkSession spark = spark("run");
      try (WorkDirLock lock = lock(spark, config, options, "run")) {
        runAll(spark, config);
      }
      return 0;
    }

    private void runAll(SparkSession spark, WinnowConfig config) throws IOException {
      runOrSkip(spark, config, options, Stage.values());
      org.apache.hadoop.fs.Path work = new org.apache.hadoop.fs.Path(config.get(WinnowConfig.WORK_DIR));
      System.out.println("winnow run finished; all output is under "
          + work.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(work));
    }
  }
}
