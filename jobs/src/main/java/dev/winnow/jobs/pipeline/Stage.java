package dev.winnow.jobs.pipeline;

import dev.winnow.common.config.ConfigKey;
import dev.winnow.common.config.KeyOwner;
import dev.winnow.common.config.WinnowConfig;
import dev.winnow.common.featurize.TextFeatureSpec;
import dev.winnow.jobs.io.InputFiles;
import dev.winnow.jobs.io.StageManifest;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The pipeline's stages as outputs: what each publishes, which config keys it depends on and
 * which earlier outputs it reads. A stage's fingerprint is a SHA-256 over its name, the hash of
 * its config keys, and its inputs: for featurize what it computes (quality signals, MinHash)
 * and the raw files' digest (path, size, and modification time or content checksum:
 * {@code input.fingerprint}), for the others the fingerprints of
 * the published outputs they read. Each stage records its fingerprint in its manifest; a rerun
 * whose expected fingerprint equals the published one has nothing to do ({@link #upToDate}),
 * and a change anywhere upstream changes every fingerprint below it.
 */
public enum Stage {
  FEATURIZE_POOL("featurize pool", Corpus.POOL.features, EnumSet.of(KeyOwner.FEATURIZE, KeyOwner.FEATURIZE_POOL)),
  FEATURIZE_TARGET("featurize target", Corpus.TARGET.features,
      EnumSet.of(KeyOwner.FEATURIZE, KeyOwner.FEATURIZE_TARGET)),
  IMPORTANCE("importance", "weights", EnumSet.of(KeyOwner.IMPORTANCE), FEATURIZE_POOL,
      FEATURIZE_TARGET),
  CLUSTER("cluster", "clusters", EnumSet.of(KeyOwner.CLUSTER), FEATURIZE_POOL, FEATURIZE_TARGET,
      IMPORTANCE),
  DEDUP("dedup", "dedup", EnumSet.of(KeyOwner.DEDUP), FEATURIZE_POOL),
  SELECT("select", "selection", EnumSet.of(KeyOwner.SELECT), FEATURIZE_POOL, IMPORTANCE, CLUSTER,
      DEDUP);

  private final String label;
  private final String output;
  private final List<ConfigKey<?>> keys;
  private final Stage[] reads;
  private final Set<KeyOwner> owners;

  Stage(String label, String output, Set<KeyOwner> owners, Stage... reads) {
    this.label = label;
    this.output = output;
    this.reads = reads;
    // its own keys and those of every stage it reads, transitively (the earlier stages are built first)
    Set<KeyOwner> all = EnumSet.copyOf(owners);
    for (Stage s : reads) {
      all.addAll(s.owners);
    }
    this.owners = all;
    this.keys = WinnowConfig.keysOwnedBy(all);
  }

  /**
   * The config keys this stage's output depends on, in documentation order: those owned by the
   * stage ({@link WinnowConfig#owner}) or by any stage it reads, directly or not. Its
   * fingerprint hashes their values and its manifest records them.
   */
  public List<ConfigKey<?>> configKeys() {
    return keys;
  }

  public String label() {
    return label;
  }

  /** The CLI command that runs the stage, and the stage's name in its manifest: both featurize stages are featurize. */
  public String command() {
    return this == FEATURIZE_POOL || this == FEATURIZE_TARGET ? "featurize" : label;
  }

  /**
   * Why a run of the whole pipeline leaves this stage out for {@code config}, or null when it
   * runs: the pipeline's run conditions, here and nowhere else.
   */
  public String skipReason(WinnowConfig config) {
    return switch (this) {
      case FEATURIZE_POOL -> null;
      case FEATURIZE_TARGET -> config.get(WinnowConfig.INPUT_TARGET).isEmpty() ? "input.target is not set" : null;
      case IMPORTANCE -> config.get(WinnowConfig.INPUT_TARGET).isEmpty() && config.get(WinnowConfig.MODEL).isEmpty()
          ? "neither input.target nor importance.model is set" : null;
      case CLUSTER -> oneCluster(config) ? "cluster.k = 1 (the pool is one cluster)" : null;
      case DEDUP -> TextFeatureSpec.needsMinHash(config) ? null : "select.drop_duplicates = false";
      case SELECT -> config.get(WinnowConfig.SELECT_BUDGET) > 0 ? null : "select.budget is not set";
    };
  }

  /** Whether the run has no clustering: cluster.k = 1 puts the whole pool in cluster 0. */
  public static boolean oneCluster(WinnowConfig config) {
    return config.get(WinnowConfig.CLUSTER_K) == 1;
  }

  /** The name of the published output folder under the work directory. */
  public String folder() {
    return output;
  }

  /** The published output folder under the work directory. */
  public Path output(WinnowConfig config) {
    return new Path(config.get(WinnowConfig.WORK_DIR), output);
  }

  /** The fingerprint this stage's output must carry for the current config and inputs. */
  public String expectedFingerprint(WinnowConfig config, Configuration hadoop) throws IOException {
    if (this == FEATURIZE_POOL || this == FEATURIZE_TARGET) {
      List<String> paths = config.get(corpus().input);
      return featurizeFingerprint(config, paths.isEmpty() ? "" : InputFiles.digest(InputFiles.list(paths,
          config.get(WinnowConfig.INPUT_FORMAT), hadoop), config.get(WinnowConfig.INPUT_FINGERPRINT), hadoop));
    }
    FileSystem fs = output(config).getFileSystem(hadoop);
    StringBuilder b = new StringBuilder(name()).append('\n').append(config.hashOf(keys)).append('\n');
    for (Stage s : reads) {
      b.append(s.publishedFingerprint(config, fs)).append('\n');
    }
    return sha256(b.toString());
  }

  /**
   * A featurize stage's fingerprint for inputs whose digest ({@link InputFiles#digest}) is
   * {@code inputDigest}: the featurize job computes the digest once and stamps both.
   */
  public String featurizeFingerprint(WinnowConfig config, String inputDigest) {
    return sha256(name() + '\n' + config.hashOf(keys) + '\n' + corpus().spec(config).computes() + '\n'
        + inputDigest);
  }

  private Corpus corpus() {
    return switch (this) {
      case FEATURIZE_POOL -> Corpus.POOL;
      case FEATURIZE_TARGET -> Corpus.TARGET;
      default -> throw new IllegalStateException(label + " reads no raw input");
    };
  }

  /** The fingerprint in the published manifest, or "" when there is none. */
  public String publishedFingerprint(WinnowConfig config, FileSystem fs) throws IOException {
    try {
      String published = StageManifest.header(fs, output(config)).fingerprint();
      return published == null ? "" : published;
    } catch (FileNotFoundException e) {
      return "";
    }
  }

  /** Whether the published output already is what running this stage now would publish. */
  public boolean upToDate(WinnowConfig config, Configuration hadoop) throws IOException {
    String published = publishedFingerprint(config, output(config).getFileSystem(hadoop));
    return !published.isEmpty() && published.equals(expectedFingerprint(config, hadoop));
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
