package dev.winnow.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winnow.common.cluster.Centers;
import dev.winnow.common.cluster.DocEmbedding;
import dev.winnow.common.importance.FeaturizerSettings;
import dev.winnow.common.input.InputException;
import dev.winnow.common.text.HashingMode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The cluster model on disk, format version 1, in {@code clusters/_model/}: {@code model.json}
 * ({@code format} "winnow-cluster-model", {@code version}, {@code featurizer} settings,
 * {@code k}, {@code dim} (0: no projection), {@code seed} (the projection's), {@code buckets}),
 * {@code idf.f64} (buckets doubles) and {@code centers.f64} (k x dimensions doubles, unit
 * length), both big-endian IEEE-754 doubles. The projection is recomputed from the seed.
 */
public final class ClusterModelFiles {
  public static final String MODEL_DIR = "_model";
  static final String FORMAT = "winnow-cluster-model";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** A loaded model: how to embed a document and where the centers are. */
  public static final class Loaded {
    public final FeaturizerSettings featurizer;
    public final DocEmbedding embedding;
    public final Centers centers;

    Loaded(FeaturizerSettings featurizer, DocEmbedding embedding, Centers centers) {
      this.featurizer = featurizer;
      this.embedding = embedding;
      this.centers = centers;
    }
  }

  private ClusterModelFiles() {}

  static void save(FileSystem fs, Path dir, DocEmbedding e, Centers c, FeaturizerSettings f) throws IOException {
    fs.mkdirs(dir);
    ObjectNode m = JSON.createObjectNode().put("format", FORMAT).put("version", 1);
    m.putObject("featurizer").put("ngram_order", f.order).put("buckets", f.buckets).put("hash", f.hashing.configName());
    m.put("k", c.k()).put("dim", e.projectedDim()).put("seed", e.seed()).put("dimensions", e.dimensions());
    try (OutputStream out = fs.create(new Path(dir, "model.json"), true)) {
      JSON.writeValue(out, m);
    }
    try (DataOutputStream out = new DataOutputStream(fs.create(new Path(dir, "idf.f64"), true))) {
      for (double x : e.idf()) {
        out.writeDouble(x);
      }
    }
    try (DataOutputStream out = new DataOutputStream(fs.create(new Path(dir, "centers.f64"), true))) {
      for (int k = 0; k < c.k(); k++) {
        for (double x : c.center(k)) {
          out.writeDouble(x);
        }
      }
    }
  }

  public static Loaded load(FileSystem fs, Path dir) {
    try {
      JsonNode m;
      try (InputStream in = fs.open(new Path(dir, "model.json"))) {
        m = JSON.readTree(in);
      }
      if (!FORMAT.equals(m.path("format").asText()) || m.path("version").asInt() != 1) {
        throw new InputException(dir + " is not a version 1 Winnow cluster model");
      }
      JsonNode f = m.get("featurizer");
      FeaturizerSettings settings = new FeaturizerSettings(f.get("ngram_order").asInt(), f.get("buckets").asInt(),
          HashingMode.parse(f.get("hash").asText()));
      double[] idf = new double[settings.buckets];
      try (DataInputStream in = new DataInputStream(fs.open(new Path(dir, "idf.f64")))) {
        for (int i = 0; i < idf.length; i++) {
          idf[i] = in.readDouble();
        }
      }
      DocEmbedding embedding = new DocEmbedding(idf, m.get("dim").asInt(), m.get("seed").asLong());
      double[][] centers = new double[m.get("k").asInt()][embedding.dimensions()];
      try (DataInputStream in = new DataInputStream(fs.open(new Path(dir, "centers.f64")))) {
        for (double[] c : centers) {
          for (int i = 0; i < c.length; i++) {
            c[i] = in.readDouble();
          }
        }
      }
      return new Loaded(settings, embedding, new Centers(centers));
    } catch (FileNotFoundException e) {
      throw new InputException("no cluster model at " + dir + " (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw new InputException("cannot read the cluster model at " + dir + ": " + e.getMessage(), e);
    }
  }
}
