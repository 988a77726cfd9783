package dev.winnow.jobs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.common.config.WinnowConfig;
import dev.winnow.jobs.cli.WinnowCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The deployment files agree with the code: the Airflow DAG, the Kubernetes manifest, the example configs. */
class DeployFilesTest {
  static final Path ROOT = Path.of(System.getProperty("winnow.repo.root", ".."));

  @Test
  void theAirflowDagRunsTheCliStagesInOrder() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("python3", ROOT.resolve("deploy/airflow/check_dag.py").toString(),
        ROOT.resolve("deploy/airflow/winnow_dag.py").toString()));
    cmd.addAll(new CommandLine(new WinnowCli()).getSubcommands().keySet());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("structure OK"), out);
  }

  @Test
  void theLocalRunnerUsesTheParallelCollectorUnlessTheUserNamesOne() throws IOException, InterruptedException {
    String flags = runnerFlags("");
    assertTrue(flags.contains("-XX:+UseParallelGC"), flags);
    String theirs = runnerFlags("-XX:+UseG1GC"); // two collectors: the JVM would refuse to start
    assertTrue(theirs.contains("-XX:+UseG1GC") && !theirs.contains("-XX:+UseParallelGC"), theirs);
  }

  /** The flags of the JVM deploy/local/winnow starts (it prints them and its version, and exits). */
  private static String runnerFlags(String javaOpts) throws IOException, InterruptedException {
    ProcessBuilder b = new ProcessBuilder(ROOT.resolve("deploy/local/winnow").toString()).redirectErrorStream(true);
    // the test JVM's classpath and module options: the runner resolves nothing with Maven
    b.environment().put("WINNOW_SPARK_CLASSPATH", System.getProperty("java.class.path"));
    b.environment().put("WINNOW_MODULE_OPTIONS", System.getProperty("winnow.module.options", ""));
    b.environment().put("WINNOW_JAVA_OPTS", javaOpts + " -XX:+PrintCommandLineFlags -version");
    Process p = b.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void theSubmitScriptKnowsEveryCommand() throws IOException {
    String script = Files.readString(ROOT.resolve("deploy/spark-submit.sh"));
    String list = String.join("|", new CommandLine(new WinnowCli()).getSubcommands().keySet());
    assertTrue(script.contains("    " + list + ") break ;;"), "deploy/spark-submit.sh must stop at each of " + list);
    assertTrue(script.contains("<" + list + ">"), "and name them in its usage");
  }

  @Test
  void theKubernetesManifestAndSparkDefaultsNameRealClasses() throws Exception {
    for (String f : List.of("deploy/k8s/winnow-sparkapplication.yaml", "conf/spark-defaults.conf.example")) {
      String text = Files.readString(ROOT.resolve(f));
      assertTrue(text.contains("dev.winnow.jobs.KryoRegistration"), f);
      Class.forName("dev.winnow.jobs.KryoRegistration");
    }
    String k8s = Files.readString(ROOT.resolve("deploy/k8s/winnow-sparkapplication.yaml"));
    assertTrue(k8s.contains("mainClass: " + WinnowCli.class.getName()), "main class");
    // a retried driver must not break a live driver's lock, and must wait out a dead one's lease
    assertFalse(k8s.contains("\"--break-lock\""), "the manifest passes --break-lock");
    java.util.regex.Matcher retry = java.util.regex.Pattern.compile("onFailureRetryInterval: (\\d+)").matcher(k8s);
    assertTrue(retry.find(), "onFailureRetryInterval");
    assertTrue(Long.parseLong(retry.group(1)) > dev.winnow.jobs.io.WorkDirLock.LEASE_SECONDS, retry.group());
    // the config in the ConfigMap is a valid Winnow config
    String props = k8s.substring(k8s.indexOf("cluster.properties: |") + "cluster.properties: |".length(),
        k8s.indexOf("---")).replaceAll("(?m)^    ", "");
    Path tmp = Files.createTempFile("winnow-k8s", ".properties");
    Files.writeString(tmp, props);
    assertEquals("s3a://example-bucket/winnow/runs/latest",
        WinnowConfig.load(tmp, List.of()).get(WinnowConfig.WORK_DIR));
  }

  @Test
  void everyExampleConfigIsValid() throws IOException {
    List<String> loaded = new ArrayList<>();
    try (var files = Files.list(ROOT.resolve("conf"))) {
      for (Path f : files.filter(f -> f.toString().endsWith(".properties") && !f.getFileName().toString()
          .startsWith("log4j2")).sorted().toList()) {
        WinnowConfig.load(f, List.of()); // throws, naming the key, when a key is wrong
        loaded.add(f.getFileName().toString());
      }
    }
    // the configs the README and the docs run: a test that found none would pass for nothing
    assertTrue(loaded.containsAll(List.of("cluster.properties", "dsir.properties", "local.properties")),
        "configs checked: " + loaded);
  }
}
