package dev.winnow.common.config;

/**
 * The first stage whose output a config key changes: every key has exactly one owner
 * ({@link WinnowConfig#owner}). A stage's output depends on the keys its own owners hold and on
 * those of every stage it reads (jobs' {@code pipeline.Stage} derives its fingerprint keys so),
 * which is how a key read by several stages (cluster.k by cluster and select) still has one
 * owner: the earliest. {@link #EXECUTION} keys change how a stage runs (where, in how many tasks
 * or checkpoints, on the driver or in Spark rounds), never what it writes.
 */
public enum KeyOwner {
  /** Both corpora's features: the reading and featurizing settings shared by pool and target. */
  FEATURIZE,
  FEATURIZE_POOL,
  FEATURIZE_TARGET,
  IMPORTANCE,
  CLUSTER,
  DEDUP,
  SELECT,
  EXECUTION;

  /** As docs/CONFIG.md and {@code winnow config --explain} name it: "featurize pool", "execution". */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }
}
