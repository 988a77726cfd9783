package dev.winnow.jobs.pipeline;

import dev.winnow.common.config.ConfigKey;
import dev.winnow.common.config.WinnowConfig;
import dev.winnow.common.featurize.TextFeatureSpec;
import java.util.List;

/** The two corpora featurized alike: the pool, and the target the importance model fits. */
public enum Corpus {
  POOL(WinnowConfig.INPUT_POOL, "features", "quarantine/featurize"),
  TARGET(WinnowConfig.INPUT_TARGET, "target_features", "quarantine/featurize_target");

  public final ConfigKey<List<String>> input;
  /** Output folder under work.dir. */
  public final String features;
  public final String quarantine;

  Corpus(ConfigKey<List<String>> input, String features, String quarantine) {
    this.input = input;
    this.features = features;
    this.quarantine = quarantine;
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** What a featurize task computes for this corpus: the pool only what the run's stages read. */
  public TextFeatureSpec spec(WinnowConfig config) {
    return this == POOL ? TextFeatureSpec.of(config) : TextFeatureSpec.ofTarget(config);
  }
}
