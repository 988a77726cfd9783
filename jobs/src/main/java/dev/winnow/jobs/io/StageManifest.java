package dev.winnow.jobs.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winnow.common.config.ConfigKey;
import dev.winnow.common.config.WinnowConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A stage's {@code _MANIFEST.json}: the config it ran with (and its hash), a digest of its
 * inputs, counts and timings. Written into the stage's output folder before publishing.
 */
public final class StageManifest {
  public static final String FILE = "_MANIFEST.json";
  public static final int FORMAT_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private StageManifest() {}

  public static ObjectNode create(String stage, WinnowConfig config, List<ConfigKey<?>> keys, long startedMillis) {
    ObjectNode m = JSON.createObjectNode();
    m.put("stage", stage);
    m.put("format_version", FORMAT_VERSION);
    m.put("config_hash", config.hashOf(keys));
    ObjectNode c = m.putObject("config");
    for (Map.Entry<String, String> e : config.rawOf(keys).entrySet()) {
      c.put(e.getKey(), e.getValue());
    }
    m.put("started", Instant.ofEpochMilli(startedMillis).toString());
    return m;
  }

  public static void finish(ObjectNode m, long startedMillis) {
    long now = System.currentTimeMillis();
    m.put("finished", Instant.ofEpochMilli(now).toString());
    m.put("seconds", (now - startedMillis) / 1000.0);
  }

  /**
   * SHA-256 over every input file's path, size and modification time: cheap to recompute,
   * and it changes whenever a file is added, removed, replaced or rewritten.
   */
  public static String inputDigest(List<InputFile> files) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (InputFile f : files) {
        md.update((f.path + "\t" + f.length + "\t" + f.modified + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void write(FileSystem fs, Path dir, ObjectNode manifest) throws IOException {
    try (OutputStream out = fs.create(new Path(dir, FILE), true)) {
      JSON.writeValue(out, manifest);
    }
  }

  public static ObjectNode read(FileSystem fs, Path dir) throws IOException {
    try (InputStream in = fs.open(new Path(dir, FILE))) {
      return (ObjectNode) JSON.readTree(in);
    }
  }

  /** The manifest of an earlier stage's published output, or an input error saying which stage to run first. */
  public static ObjectNode readPublished(FileSystem fs, Path dir, String stage) throws IOException {
    try {
      return read(fs, dir);
    } catch (java.io.FileNotFoundException e) {
      throw new dev.winnow.common.input.InputException("no published " + dir.getName() + " at " + dir + ": run "
          + stage + " first");
    }
  }
}
