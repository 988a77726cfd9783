package dev.winnow.jobs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CLI in a JVM of its own (local[1], the test classpath and Spark's module options), for
 * tests that need a real separate process: locks, kills, concurrent runs.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /** Starts {@code winnow args...}; its output goes to {@code log}. */
  public static Process start(Path log, String... args) throws IOException {
    return start(log, List.of(), args);
  }

  /** Starts {@code winnow args...} with more JVM options (e.g. {@code -Dkey=value}). */
  public static Process start(Path log, List<String> jvmOptions, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.addAll(jvmOptions);
    for (String o : (System.getProperty("winnow.test.jvm.options", "") + " "
        + System.getProperty("winnow.module.options", "")).split("\\s+")) {
      if (!o.isBlank()) {
        cmd.add(o);
      }
    }
    cmd.addAll(List.of("-Dspark.master=local[1]", "-Dspark.ui.enabled=false", "-Dspark.driver.host=127.0.0.1",
        "-Dspark.driver.bindAddress=127.0.0.1", "-cp", System.getProperty("java.class.path"),
        "dev.winnow.jobs.cli.WinnowCli"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }
}
