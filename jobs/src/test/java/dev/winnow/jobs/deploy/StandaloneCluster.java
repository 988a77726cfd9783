package dev.winnow.jobs.deploy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark standalone cluster for integration tests, started and stopped with the project's
 * own {@code deploy/standalone/cluster.sh} (a Master and Workers, each a JVM, on loopback), and
 * pipeline runs submitted to it with {@code deploy/spark-submit.sh} and the shaded jar.
 */
final class StandaloneCluster implements AutoCloseable {
  static final Path ROOT = Path.of(System.getProperty("winnow.repo.root"));
  final Path dir;
  final String url;

  private StandaloneCluster(Path dir, String url) {
    this.dir = dir;
    this.url = url;
  }

  /** {@code workers} Workers of one core and {@code memory} each. */
  static StandaloneCluster start(Path dir, int workers, String memory) throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = dir.resolve("start.log");
    Files.createDirectories(dir);
    ProcessBuilder pb = script("deploy/standalone/cluster.sh", "start", "--dir", dir.toString(), "--workers",
        String.valueOf(workers), "--cores", "1", "--memory", memory, "--port", String.valueOf(port))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    Process p = pb.start();
    if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("the standalone cluster did not start:\n" + Files.readString(log));
    }
    List<String> lines = Files.readAllLines(log);
    return new StandaloneCluster(dir, lines.get(lines.size() - 1).trim());
  }

  /** A script of the repository with the test JVM's classpath and Spark options (no Maven). */
  static ProcessBuilder script(String script, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve(script).toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("WINNOW_JAR", shadedJar().toString());
    pb.environment().put("WINNOW_SPARK_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().put("WINNOW_MODULE_OPTIONS", System.getProperty("winnow.module.options"));
    pb.environment().put("WINNOW_DRIVER_MEMORY", "1g");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    // the test JVM options (C1 only) for every JVM of the cluster: the driver, the Master and
    // Workers, and the executors, which inherit their Worker's environment
    pb.environment().put("JAVA_TOOL_OPTIONS", System.getProperty("winnow.test.jvm.options", ""));
    return pb;
  }

  static Path shadedJar() throws IOException {
    try (var s = Files.list(ROOT.resolve("jobs/target"))) {
      return s.filter(p -> p.getFileName().toString().endsWith("-shaded.jar")).findFirst().orElseThrow();
    }
  }

  /** Starts {@code deploy/spark-submit.sh --master <url> sparkArgs... winnowArgs...}, output to {@code log}. */
  Process submit(Path log, List<String> sparkArgs, List<String> winnowArgs) throws IOException {
    List<String> args = new ArrayList<>(List.of("--master", url, "--conf", "spark.ui.enabled=false",
        "--conf", "spark.executor.memory=768m", "--conf", "spark.driver.host=127.0.0.1"));
    args.addAll(sparkArgs);
    args.addAll(winnowArgs);
    return script("deploy/spark-submit.sh", args.toArray(new String[0])).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
  }

  /** Runs a submission to its end (10 minutes at most); its exit code. */
  int run(Path log, List<String> sparkArgs, List<String> winnowArgs) throws IOException, InterruptedException {
    Process p = submit(log, sparkArgs, winnowArgs);
    if (!p.waitFor(600, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("the submission did not finish in 10 minutes; log " + log);
    }
    return p.exitValue();
  }

  /** The pids of this cluster's executor JVMs (children of its Workers) now running. */
  List<Long> executorPids() {
    List<Long> pids = new ArrayList<>();
    ProcessHandle.allProcesses().forEach(ph -> {
      Optional<String> cmd = ph.info().commandLine();
      if (cmd.isPresent() && cmd.get().contains("CoarseGrainedExecutorBackend")
          && cmd.get().contains(dir.toString())) {
        pids.add(ph.pid());
      }
    });
    return pids;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    Process p = script("deploy/standalone/cluster.sh", "stop", "--dir", dir.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("stop.log").toFile()).start();
    p.waitFor(60, TimeUnit.SECONDS);
  }

  static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }
}
