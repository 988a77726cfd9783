package dev.winnow.common.importance;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.winnow.common.text.HashingMode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The importance model on disk, format version 1: a folder with
 * <ul>
 *   <li>{@code model.json}: {@code format} ("winnow-importance-model"), {@code version} (1),
 *       {@code featurizer} ({@code ngram_order}, {@code buckets}, {@code hash}),
 *       {@code target_pseudo_count}, {@code epsilon}, {@code proportion} (the target's share of
 *       the selection), and free-form {@code fit} facts (document and n-gram counts);
 *   <li>{@code probs.f64}: the target's then the raw pool's bucket probabilities, 2 x buckets
 *       IEEE-754 doubles, little-endian. The log ratio is recomputed from them on load.
 * </ul>
 */
public final class ModelFormat {
  public static final String FORMAT = "winnow-importance-model";
  public static final String JSON_FILE = "model.json";
  public static final String VECTORS_FILE = "probs.f64";
  private static final JsonFactory JSON = new JsonFactory();

  private ModelFormat() {}

  /** A model read back, with the share of the selection its target should get. */
  public static final class Loaded {
    public final ImportanceModel model;
    public final double proportion;

    Loaded(ImportanceModel model, double proportion) {
      this.model = model;
      this.proportion = proportion;
    }
  }

  public static void writeJson(ImportanceModel m, double proportion, Map<String, Object> fit, OutputStream out)
      throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8).useDefaultPrettyPrinter()) {
      g.writeStartObject();
      g.writeStringField("format", FORMAT);
      g.writeNumberField("version", ImportanceModel.FORMAT_VERSION);
      g.writeObjectFieldStart("featurizer");
      g.writeNumberField("ngram_order", m.featurizer.order);
      g.writeNumberField("buckets", m.featurizer.buckets);
      g.writeStringField("hash", m.featurizer.hashing.configName());
      g.writeEndObject();
      g.writeNumberField("target_pseudo_count", m.targetPseudoCount);
      g.writeNumberField("epsilon", m.epsilon);
      g.writeNumberField("proportion", proportion);
      g.writeObjectFieldStart("fit");
      for (Map.Entry<String, Object> e : fit.entrySet()) {
        g.writeFieldName(e.getKey());
        if (e.getValue() instanceof Number n) {
          g.writeNumber(n.toString());
        } else {
          g.writeString(String.valueOf(e.getValue()));
        }
      }
      g.writeEndObject();
      g.writeEndObject();
    }
  }

  public static void writeVectors(ImportanceModel m, OutputStream out) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    try (DataOutputStream d = new DataOutputStream(out)) {
      for (double[] v : new double[][] {m.targetProbs, m.rawProbs}) {
        for (double x : v) {
          if (!b.hasRemaining()) {
            d.write(b.array(), 0, b.position());
            b.clear();
          }
          b.putDouble(x);
        }
      }
      d.write(b.array(), 0, b.position());
    }
  }

  /** Reads a model; every inconsistency is an error that says what is wrong with the file. */
  public static Loaded read(InputStream json, InputStream vectors, String where) throws IOException {
    Map<String, String> top = new LinkedHashMap<>();
    Map<String, String> feat = new LinkedHashMap<>();
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException(where + "/" + JSON_FILE + " is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (name.equals("featurizer") && t == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            p.nextToken();
            feat.put(k, p.getText());
          }
        } else if (t.isScalarValue()) {
          top.put(name, p.getText());
        } else {
          p.skipChildren();
        }
      }
    }
    if (!FORMAT.equals(top.get("format"))) {
      throw new IOException(where + " is not a Winnow importance model (format: " + top.get("format") + ")");
    }
    if (!String.valueOf(ImportanceModel.FORMAT_VERSION).equals(top.get("version"))) {
      throw new IOException(where + " has model format version " + top.get("version") + "; this Winnow reads version "
          + ImportanceModel.FORMAT_VERSION);
    }
    FeaturizerSettings f;
    try {
      f = new FeaturizerSettings(Integer.parseInt(feat.get("ngram_order")), Integer.parseInt(feat.get("buckets")),
          HashingMode.parse(feat.get("hash")));
    } catch (RuntimeException e) {
      throw new IOException(where + "/" + JSON_FILE + " has no valid featurizer settings: " + feat, e);
    }
    double[] target = new double[f.buckets];
    double[] raw = new double[f.buckets];
    try (DataInputStream d = new DataInputStream(vectors)) {
      byte[] buf = new byte[8 * f.buckets];
      for (double[] v : new double[][] {target, raw}) {
        d.readFully(buf);
        ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(v);
      }
      if (d.read() != -1) {
        throw new IOException(where + "/" + VECTORS_FILE + " is longer than 2 x " + f.buckets + " doubles");
      }
    } catch (EOFException e) {
      throw new IOException(where + "/" + VECTORS_FILE + " is shorter than 2 x " + f.buckets + " doubles", e);
    }
    return new Loaded(new ImportanceModel(f, Double.parseDouble(top.get("target_pseudo_count")),
        Double.parseDouble(top.get("epsilon")), target, raw), Double.parseDouble(top.getOrDefault("proportion", "1")));
  }
}
