package dev.winnow.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.winnow.common.config.WinnowConfig;
import dev.winnow.jobs.SharedSpark;
import dev.winnow.jobs.featurize.FeaturizeJob;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input and work directory on a real HDFS (one NameNode and one DataNode on loopback). */
class HdfsInputTest {
  @TempDir
  static Path base;
  static MiniDFSCluster hdfs;

  @BeforeAll
  static void start() throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
    hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs.waitActive();
  }

  @AfterAll
  static void stop() {
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  @Test
  void featurizesFromAndPublishesToHdfs() throws IOException {
    SparkSession spark = SharedSpark.get();
    FileSystem fs = hdfs.getFileSystem();
    org.apache.hadoop.fs.Path pool = new org.apache.hadoop.fs.Path("/pool");
    fs.mkdirs(pool);
    for (String f : new String[] {"mixed.jsonl", "truncated.jsonl.gz", "good.jsonl.zst"}) {
      fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(SharedSpark.resource("bad-input/" + f).toUri()),
          new org.apache.hadoop.fs.Path(pool, f));
    }
    String uri = hdfs.getURI().toString();
    JsonNode t = FeaturizeJob.run(spark, WinnowConfig.of(Map.of("input.pool", uri + "/pool", "work.dir", uri + "/work")))
        .get("totals");
    assertEquals(3, t.get("files").asLong());
    assertEquals(t.get("records").asLong(), t.get("docs").asLong() + t.get("quarantined").asLong());
    assertEquals(1, t.get("rejected").get("truncated_input").asLong());
    assertEquals(13, t.get("rejected").path("malformed_json").asLong() + t.get("rejected").path("not_object").asLong()
        + t.get("rejected").path("missing_text").asLong() + t.get("rejected").path("null_text").asLong()
        + t.get("rejected").path("non_string_text").asLong() + t.get("rejected").path("empty_text").asLong()
        + t.get("rejected").path("bad_id").asLong() + t.get("rejected").path("invalid_utf8").asLong()
        + t.get("rejected").path("nul_byte").asLong());
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/work/features/_MANIFEST.json")));
    assertEquals(t.get("docs").asLong(), spark.read().parquet(uri + "/work/features").count());
    assertTrue(fs.listStatus(new org.apache.hadoop.fs.Path("/work/quarantine/featurize")).length > 0);
  }
}
