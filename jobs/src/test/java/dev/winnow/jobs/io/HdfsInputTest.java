package dev.winnow.jobs.io;

import dev.winnow.jobs.featurize.FeaturesManifest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.common.config.WinnowConfig;
import dev.winnow.jobs.SharedSpark;
import dev.winnow.jobs.featurize.FeaturizeJob;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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
    FeaturesManifest.Totals t = FeaturizeJob.run(spark, WinnowConfig.of(Map.of("input.pool", uri + "/pool",
        "work.dir", uri + "/work"))).body().totals();
    assertEquals(3, t.files());
    assertEquals(t.records(), t.docs() + t.quarantined());
    assertEquals(1, t.rejected().get("truncated_input"));
    long malformed = 0;
    for (String reason : List.of("malformed_json", "not_object", "missing_text", "null_text", "non_string_text",
        "empty_text", "bad_id", "invalid_utf8", "nul_byte")) {
      malformed += t.rejected().getOrDefault(reason, 0L);
    }
    assertEquals(13, malformed);
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/work/features/_MANIFEST.json")));
    assertEquals(t.docs(), spark.read().parquet(uri + "/work/features").count());
    assertTrue(fs.listStatus(new org.apache.hadoop.fs.Path("/work/quarantine/featurize")).length > 0);
  }
}
