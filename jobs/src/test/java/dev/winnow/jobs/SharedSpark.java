package dev.winnow.jobs;

import dev.winnow.common.config.WinnowConfig;
import dev.winnow.jobs.io.StageManifest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession of the test JVM (local[2], UI off, few shuffle partitions),
 * created on first use and left to die with the JVM, as Spark's own SharedSparkSession does.
 */
public final class SharedSpark {
  private static SparkSession spark;

  private SharedSpark() {}

  public static synchronized SparkSession get() {
    if (spark == null) {
      spark = SparkSession.builder()
          .master("local[2]")
          .appName("winnow-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.default.parallelism", "2")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
          .config("spark.kryo.registrator", KryoRegistration.class.getName())
          .config("spark.sql.warehouse.dir", "target/spark-warehouse")
          // file: paths as the CLI has them (WinnowCli.LOCAL_FS)
          .config("spark.hadoop.fs.file.impl", dev.winnow.jobs.io.NioLocalFileSystem.class.getName())
          .getOrCreate();
    }
    return spark;
  }

  /** A validated config: work.dir plus key, value pairs. */
  public static WinnowConfig config(Path work, String... keyValues) {
    Map<String, String> m = new HashMap<>();
    m.put("work.dir", work.toString());
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return WinnowConfig.of(m);
  }

  /** A test resource (from src-test-resources) as a file path. */
  public static Path resource(String name) {
    try {
      return Path.of(SharedSpark.class.getResource(name.startsWith("/") ? name : "/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("no test resource " + name, e);
    }
  }

  /**
   * Every {@code every}-th line of clean_mini's pool, dealt round robin into {@code files} gzip
   * files {@code dir/part-<i>.jsonl.gz}: a smaller real pool; returns {@code dir}.
   */
  public static Path cleanMiniSample(Path dir, int every, int files) throws IOException {
    Files.createDirectories(dir);
    List<Writer> out = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        Files.newInputStream(resource("corpora/clean_mini/pool.jsonl.gz"))), StandardCharsets.UTF_8))) {
      for (int i = 0; i < files; i++) {
        out.add(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(dir.resolve("part-" + i
            + ".jsonl.gz"))), StandardCharsets.UTF_8));
      }
      String line;
      for (int i = 0; (line = in.readLine()) != null; i++) {
        if (i % every == 0) {
          out.get((i / every) % files).write(line + "\n");
        }
      }
    } finally {
      for (Writer w : out) {
        w.close();
      }
    }
    return dir;
  }

  /**
   * The published features of work dir {@code from} rewritten into {@code n} Parquet partitions
   * (with their manifest) under work dir {@code to}: the same documents, another partitioning.
   */
  public static Path repartitionedFeatures(Path from, Path to, int n) throws IOException {
    get().read().parquet(from.resolve("features").toString()).repartition(n).write()
        .parquet(to.resolve("features").toString());
    Files.copy(from.resolve("features").resolve(StageManifest.FILE), to.resolve("features").resolve(StageManifest.FILE));
    return to;
  }
}
