package dev.winnow.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winnow.common.config.ConfigException;
import dev.winnow.common.config.WinnowConfig;
import dev.winnow.common.input.InputException;
import dev.winnow.jobs.featurize.FeaturizeJob;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The {@code winnow} command line. Spark settings (master, memory, serializer) come from
 * spark-submit or the local runner, never from here. Exit codes: 0 success, 1 failure,
 * 2 usage or config error, 3 input error.
 */
@Command(name = "winnow", mixinStandardHelpOptions = true, version = "winnow 0.1.0",
    description = "Selects language-model training data from a document pool on Apache Spark.",
    subcommands = {WinnowCli.Run.class, WinnowCli.Featurize.class})
public final class WinnowCli implements Callable<Integer> {
  public static final int EXIT_FAILURE = 1;
  public static final int EXIT_CONFIG = 2;
  public static final int EXIT_INPUT = 3;

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
      if (e instanceof InputException) {
        err.println("winnow: input error: " + e.getMessage());
        return EXIT_INPUT;
      }
      err.println("winnow: failed: " + e);
      e.printStackTrace(err);
      return EXIT_FAILURE;
    });
    return cl.execute(args);
  }

  static SparkSession spark(String stage) {
    return SparkSession.builder().appName("winnow " + stage).getOrCreate();
  }

  static void report(ObjectNode manifest) {
    JsonNode t = manifest.get("totals");
    System.out.printf("featurize: %d files, %d records: %d documents, %d quarantined (%d blank lines skipped) in %.1f s%n",
        t.get("files").asLong(), t.get("records").asLong(), t.get("docs").asLong(), t.get("quarantined").asLong(),
        t.get("blank_lines").asLong(), manifest.get("seconds").asDouble());
    if (t.get("quarantined").asLong() > 0) {
      System.out.println("  quarantined by reason: " + t.get("rejected"));
    }
    System.out.println("  features:   " + manifest.get("features").asText());
    System.out.println("  quarantine: " + manifest.get("quarantine").asText());
  }

  @Command(name = "featurize", mixinStandardHelpOptions = true,
      description = "Stage 1: read the pool, quarantine bad records, write hashed n-gram features.")
  static final class Featurize implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
      WinnowConfig config = options.load();
      report(FeaturizeJob.run(spark(FeaturizeJob.STAGE), config));
      return 0;
    }
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Run every stage of the pipeline in order (today: featurize).")
  static final class Run implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
      WinnowConfig config = options.load();
      ObjectNode manifest = FeaturizeJob.run(spark("run"), config);
      report(manifest);
      System.out.println("winnow run finished; all output is under " + manifest.get("work_dir").asText());
      return 0;
    }
  }
}
