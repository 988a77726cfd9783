package dev.winnow.jobs.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winnow.common.config.Choices;
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
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileChecksum;
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
   * SHA-256 over every input file's path, size and either its modification time ({@code stat}:
   * free, and it changes whenever a file is added, removed, replaced or rewritten, but not when
   * one is edited in place keeping its size and time) or a checksum of its content
   * ({@code content}: {@link #contentChecksum}).
   */
  public static String inputDigest(List<InputFile> files, Choices.InputFingerprint mode, Configuration conf) throws IOException {
    MessageDigest md = sha256();
    for (InputFile f : files) {
      String version = mode == Choices.InputFingerprint.CONTENT ? contentChecksum(f, conf) : String.valueOf(f.modified);
      md.update((f.path + "\t" + f.length + "\t" + version + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /**
   * The file system's own checksum of a file where it keeps one without reading the data through
   * this process (HDFS: an MD5 of its block CRCs), otherwise SHA-256 of every byte, read here.
   */
  static String contentChecksum(InputFile f, Configuration conf) throws IOException {
    Path path = new Path(f.path);
    FileSystem fs = path.getFileSystem(conf);
    FileChecksum own = fs.getFileChecksum(path);
    if (own != null) {
      return own.getAlgorithmName() + ":" + HexFormat.of().formatHex(own.getBytes());
    }
    MessageDigest md = sha256();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = fs.open(path)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return "SHA-256:" + HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
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
