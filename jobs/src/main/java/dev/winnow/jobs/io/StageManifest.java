package dev.winnow.jobs.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winnow.common.config.ConfigKey;
import dev.winnow.common.config.WinnowConfig;
import dev.winnow.common.input.InputException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A stage's {@code _MANIFEST.json}, typed: the {@link Header} every stage writes (its name, the
 * config it ran with and that config's hash, when it started, the fingerprint its output
 * carries), the stage's own record {@code B} (one class per stage, which both writes and reads
 * its part: {@code FeaturesManifest}, {@code WeightsManifest}, {@code ClustersManifest},
 * {@code DedupManifest}, {@code SelectionManifest}), and the {@link Timing}. Written into the
 * stage's output folder before publishing. In the file the three parts are one JSON object:
 * snake_case names, in the records' declaration order, absent (null) values left out.
 */
public record StageManifest<B>(Header header, B body, Timing timing) {
  public static final String FILE = "_MANIFEST.json";
  public static final int FORMAT_VERSION = 1;

  /** The mapper of the manifests' records (and of the JSON a record holds as such). */
  public static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false) // each part reads its own fields
      .enable(SerializationFeature.INDENT_OUTPUT);

  /** What every stage's manifest starts with. */
  public record Header(String stage, int formatVersion, String configHash, Map<String, String> config, String started,
      String fingerprint) {
    /** The header of a run of {@code stage} that depends on {@code keys} of {@code config}. */
    public static Header of(String stage, WinnowConfig config, List<ConfigKey<?>> keys, long startedMillis,
        String fingerprint) {
      return new Header(stage, FORMAT_VERSION, config.hashOf(keys), config.rawOf(keys),
          Instant.ofEpochMilli(startedMillis).toString(), fingerprint);
    }
  }

  /** What every stage's manifest ends with: when it finished, and its seconds. */
  public record Timing(String finished, double seconds) {
    /** Now, for a run that started at {@code startedMillis}. */
    public static Timing since(long startedMillis) {
      long now = System.currentTimeMillis();
      return new Timing(Instant.ofEpochMilli(now).toString(), (now - startedMillis) / 1000.0);
    }
  }

  /** The stage's seconds, from its start to its manifest. */
  public double seconds() {
    return timing.seconds;
  }

  /** The manifest as its file holds it. */
  public ObjectNode json() {
    ObjectNode m = JSON.valueToTree(header);
    m.setAll((ObjectNode) JSON.valueToTree(body));
    m.setAll((ObjectNode) JSON.valueToTree(timing));
    return m;
  }

  public void write(FileSystem fs, Path dir) throws IOException {
    try (OutputStream out = fs.create(new Path(dir, FILE), true)) {
      JSON.writeValue(out, json());
    }
  }

  /** The manifest in {@code json}, its stage's part read as {@code body}. */
  public static <B> StageManifest<B> of(JsonNode json, Class<B> body) {
    return of(json, body, "a manifest");
  }

  private static <B> StageManifest<B> of(JsonNode json, Class<B> body, String what) {
    return new StageManifest<>(part(json, Header.class, what), part(json, body, what), part(json, Timing.class, what));
  }

  /** One part of a manifest's JSON, or an input error saying which manifest ({@code what}) does not hold it. */
  private static <T> T part(JsonNode json, Class<T> type, String what) {
    try {
      return JSON.treeToValue(json, type);
    } catch (JsonProcessingException e) {
      throw new InputException(what + " cannot be read as a " + type.getSimpleName() + ": " + e.getOriginalMessage());
    }
  }

  /** The manifest in {@code dir}, its stage's part read as {@code body}. */
  public static <B> StageManifest<B> read(FileSystem fs, Path dir, Class<B> body) throws IOException {
    return of(readTree(fs, dir), body, "the manifest in " + dir);
  }

  /** The header of the manifest in {@code dir}. */
  public static Header header(FileSystem fs, Path dir) throws IOException {
    return part(readTree(fs, dir), Header.class, "the manifest in " + dir);
  }

  /** The manifest in {@code dir} as JSON. */
  public static ObjectNode readTree(FileSystem fs, Path dir) throws IOException {
    try (InputStream in = fs.open(new Path(dir, FILE))) {
      return (ObjectNode) JSON.readTree(in);
    }
  }

  /**
   * The manifest of an earlier stage's published output, or an input error saying which stage
   * ({@code stage}) to run first.
   */
  public static <B> StageManifest<B> readPublished(FileSystem fs, Path dir, String stage, Class<B> body)
      throws IOException {
    try {
      return read(fs, dir, body);
    } catch (FileNotFoundException e) {
      throw new InputException("no published " + dir.getName() + " at " + dir + ": run " + stage + " first");
    }
  }
}
