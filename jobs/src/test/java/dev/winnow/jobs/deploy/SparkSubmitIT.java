package dev.winnow.jobs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.jobs.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/spark-submit.sh runs the whole pipeline through Spark's SparkSubmit with the shaded jar
 * (an integration test: it runs after the jar is packaged), in local mode.
 */
class SparkSubmitIT {
  @Test
  void theSubmitScriptRunsThePipelineInLocalMode(@TempDir Path tmp) throws IOException, InterruptedException {
    Path root = Path.of(System.getProperty("winnow.repo.root"));
    Path jar;
    try (var s = Files.list(root.resolve("jobs/target"))) {
      jar = s.filter(p -> p.getFileName().toString().endsWith("-shaded.jar")).findFirst().orElseThrow();
    }
    Path work = tmp.resolve("work");
    ProcessBuilder pb = new ProcessBuilder(List.of("bash", root.resolve("deploy/spark-submit.sh").toString(),
        "--master", "local[2]", "--conf", "spark.ui.enabled=false", "run",
        "--set", "input.pool=" + SharedSpark.resource("bad-input/mixed.jsonl"),
        "--set", "input.target=" + SharedSpark.resource("bad-input/good.jsonl.zst"),
        "--set", "work.dir=" + work, "--set", "cluster.k=3", "--set", "select.budget=5",
        "--set", "select.quality_rules=none", "--set", "select.drop_too_short=false"))
        .redirectErrorStream(true).redirectOutput(tmp.resolve("submit.log").toFile());
    pb.environment().put("WINNOW_JAR", jar.toString());
    pb.environment().put("WINNOW_SPARK_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().put("WINNOW_MODULE_OPTIONS", System.getProperty("winnow.module.options"));
    pb.environment().put("WINNOW_DRIVER_MEMORY", "1g");
    Process p = pb.start();
    assertTrue(p.waitFor(600, TimeUnit.SECONDS), "spark-submit finished");
    String log = Files.readString(tmp.resolve("submit.log"), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), log);
    assertTrue(log.contains("select: 5 of 18 documents kept"), log);
    assertTrue(Files.exists(work.resolve("selection/_MANIFEST.json")), log);
    assertTrue(Files.readString(work.resolve("selection/_MANIFEST.json")).contains("\"stage\" : \"select\""));
  }
}
