package dev.winnow.common.config;

import dev.winnow.common.input.InputFormat;
import dev.winnow.common.quality.QualityRule;
import dev.winnow.common.text.ModelTokens;
import dev.winnow.common.text.HashingMode;
import dev.winnow.common.text.NgramFeaturizer;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The run's configuration: one properties file plus {@code key=value} overrides, validated
 * eagerly into typed values. Unknown keys, wrong types and impossible values are refused with
 * the key named, before any Spark work. Immutable.
 */
public final class WinnowConfig {
  public static final ConfigKey<List<String>> INPUT_POOL = new ConfigKey<>("input.pool", null,
      "Pool documents: comma-separated files, directories or globs on any Hadoop file system "
          + "(relative paths are taken from the current directory).", WinnowConfig::pathList);
  public static final ConfigKey<List<String>> INPUT_TARGET = new ConfigKey<>("input.target", "",
      "Target corpus (text that looks like what the model should learn from): paths as for input.pool; "
          + "featurized with the same settings into target_features/. Needed to fit the importance model.",
      WinnowConfig::optionalPathList);
  public static final ConfigKey<InputFormat> INPUT_FORMAT = new ConfigKey<>("input.format", "auto",
      "auto (by file name: .jsonl/.json/.ndjson, .parquet, .warc, .warc.wet/.wet; .gz/.zst allowed), jsonl, "
          + "parquet, text-lines (one document per line), text-files (one document per file), warc (a document per "
          + "HTML page, its main text) or wet (a document per text record).", InputFormat::parseOrAuto);
  public static final ConfigKey<String> INPUT_ID_FIELD = new ConfigKey<>("input.id_field", "id",
      "Field holding the document id; a record without one gets the hex xxHash64 of its normalized text.",
      ConfigKey.nonEmpty());
  public static final ConfigKey<String> INPUT_TEXT_FIELD = new ConfigKey<>("input.text_field", "text",
      "Field holding the document text.", ConfigKey.nonEmpty());
  public static final ConfigKey<List<String>> INPUT_METADATA_FIELDS = new ConfigKey<>("input.metadata_fields", "",
      "Input fields kept with each document (comma-separated; JSONL scalars, Parquet primitive columns; as text) in "
          + "the features' meta column, for the select stage's output, partitions and report (e.g. source,url).",
      WinnowConfig::optionalPathList);
  public static final ConfigKey<Integer> INPUT_MAX_RECORD_BYTES = new ConfigKey<>("input.max_record_bytes", "16777216",
      "Largest record (JSON line, text line or text file) read, in bytes; larger ones are quarantined as too_large.",
      ConfigKey.intIn(1024, Integer.MAX_VALUE - 64));
  public static final ConfigKey<Choices.InputFingerprint> INPUT_FINGERPRINT = new ConfigKey<>("input.fingerprint", "stat",
      "How a rerun tells that an input file changed: stat (its path, size and modification time: free, but a file "
          + "edited in place keeping its size and time looks unchanged) or content (its path, size and a checksum of "
          + "its bytes: the file system's own where it keeps one, as HDFS does, else SHA-256 of every byte, read by "
          + "the driver at each run).", Choices.of(Choices.InputFingerprint.class));
  public static final ConfigKey<String> WORK_DIR = new ConfigKey<>("work.dir", null,
      "Work directory: every stage publishes its output under it (features/, quarantine/, ...).",
      ConfigKey.nonEmpty());
  public static final ConfigKey<Integer> NGRAM_ORDER = new ConfigKey<>("featurize.ngram_order", "2",
      "Hashed n-grams of orders 1..n (DSIR's default 2: unigrams and bigrams).",
      ConfigKey.intIn(1, NgramFeaturizer.MAX_ORDER));
  public static final ConfigKey<Integer> BUCKETS = new ConfigKey<>("featurize.buckets", "10000",
      "Number of hash buckets of the n-gram features (DSIR's default 10000; at most 2^20).",
      ConfigKey.intIn(1, NgramFeaturizer.MAX_BUCKETS));
  public static final ConfigKey<HashingMode> HASHING = new ConfigKey<>("featurize.hash", "fast",
      "fast (xxHash64, no per-n-gram allocation) or dsir (SHA-256 mod buckets, bit-identical to the DSIR reference).",
      HashingMode::parse);
  public static final ConfigKey<String> TOKENIZER = new ConfigKey<>("featurize.tokenizer", "none",
      "A language model's tokenizer to count each pool document's tokens with (n_tokens_model): r50k_base "
          + "(GPT-2), p50k_base, p50k_edit, cl100k_base (GPT-4), o200k_base (GPT-4o); select.budget_unit = tokens "
          + "then counts these. none: budgets in tokens count WordPunct tokens (n_tokens).",
      WinnowConfig::tokenizer);
  public static final ConfigKey<Choices.StoreText> STORE_TEXT = new ConfigKey<>("featurize.store_text", "auto",
      "auto (the features keep a document's text unless its file is uncompressed JSONL or text lines, from which "
          + "select and the cluster summaries read it back by byte offset: featurize writes less, and those files must "
          + "stay in place, unchanged, until the selection is made) or always (every text in the features; the inputs "
          + "may go once featurized).", Choices.of(Choices.StoreText.class));
  public static final ConfigKey<Long> PARTITION_BYTES = new ConfigKey<>("featurize.partition_bytes", "134217728",
      "Input bytes (as stored) per featurize task, at most about: at least two tasks per core, more where this "
          + "cap needs them, in a multiple of the cores; files are packed in path order by bytes, and an uncompressed "
          + "JSONL or text-lines file larger than a task's share is cut at line boundaries (docs/FEATURIZE.md).",
      ConfigKey.longIn(1, Long.MAX_VALUE));
  public static final ConfigKey<Long> CHECKPOINT_BYTES = new ConfigKey<>("featurize.checkpoint_bytes", "34359738368",
      "Input bytes per featurize checkpoint, about: featurize runs as one Spark job per checkpoint and keeps each "
          + "finished one, so a killed or failed run resumes after the last (docs/FEATURIZE.md). Smaller loses less "
          + "work to a kill; each checkpoint ends in a tail of idle cores, so keep it several task waves large.",
      ConfigKey.longIn(1, Long.MAX_VALUE));

  public static final ConfigKey<Long> SEED = new ConfigKey<>("run.seed", "0",
      "Seed of every random choice (samples, Gumbel keys); draws are hashed from (seed, doc_id), so they do not "
          + "depend on partitioning.", ConfigKey.longIn(Long.MIN_VALUE, Long.MAX_VALUE));
  public static final ConfigKey<Double> TARGET_PSEUDO_COUNT = new ConfigKey<>("importance.target_pseudo_count", "0",
      "Laplace pseudo-count added to every bucket of the target model (0: plain frequencies, as the DSIR reference).",
      ConfigKey.doubleIn(0, Double.MAX_VALUE));
  public static final ConfigKey<Double> EPSILON = new ConfigKey<>("importance.epsilon", "1e-8",
      "The epsilon of the log ratio log(p_target + eps) - log(p_raw + eps) (the reference's 1e-8).",
      ConfigKey.doubleIn(Double.MIN_VALUE, 1));
  public static final ConfigKey<Long> RAW_SAMPLE_NGRAMS = new ConfigKey<>("importance.raw_sample_ngrams", "auto",
      "n-gram occurrences of the pool sample the raw model is fitted on: auto (100,000 x buckets, the reference's "
          + "default), all, or a number. The sample is the documents whose (seed, doc_id) draw is under the fraction "
          + "that gives about this many.", WinnowConfig::ngramBudget);
  public static final ConfigKey<Boolean> SEPARATE_TARGETS = new ConfigKey<>("importance.separate_targets", "false",
      "true: every comma-separated entry of input.target is a target of its own (t1, t2, ... in order), each "
          + "with its own model and weight columns (log_w_t1, ...) beside the mixed target's log_w.",
      WinnowConfig::bool);
  public static final ConfigKey<List<Double>> TARGET_PROPORTIONS = new ConfigKey<>("importance.target_proportions", "",
      "With separate targets: the share of the selection each target should get (comma-separated, one per target, "
          + "normalised to sum 1; empty: equal shares). Recorded for the select stage.",
      WinnowConfig::proportions);
  public static final ConfigKey<Integer> MIN_TOKENS = new ConfigKey<>("importance.min_tokens", "100",
      "Documents with fewer tokens are marked too_short in weights/ (the reference's 100-word minimum); "
          + "the select stage decides what that means.", ConfigKey.intIn(0, Integer.MAX_VALUE));
  public static final ConfigKey<String> MODEL = new ConfigKey<>("importance.model", "",
      "A saved importance model folder (weights/_model of an earlier run) to score with instead of fitting; "
          + "refused when its featurizer settings differ from the features'.", s -> s);

  public static final ConfigKey<Integer> CLUSTER_K = new ConfigKey<>("cluster.k", "auto",
      "Number of clusters, or auto: the candidate (cluster.k_candidates) with the best cosine silhouette on a sample. "
          + "1: no clustering (winnow run skips the cluster stage; select treats the pool as one cluster).",
      s -> s.equals("auto") ? 0 : ConfigKey.intIn(1, 100_000).apply(s));
  public static final ConfigKey<List<Integer>> CLUSTER_K_CANDIDATES = new ConfigKey<>("cluster.k_candidates",
      "8,16,32", "Candidate k values for cluster.k = auto (comma-separated, each at least 2).",
      WinnowConfig::kCandidates);
  public static final ConfigKey<Integer> CLUSTER_DIM = new ConfigKey<>("cluster.dim", "256",
      "Dimensions of the sparse random projection of the TF-IDF vectors (0: no projection, k-means in bucket space).",
      ConfigKey.intIn(0, 65_536));
  public static final ConfigKey<Integer> CLUSTER_SAMPLE_DOCS = new ConfigKey<>("cluster.sample_docs", "20000",
      "About how many documents k-means is fitted on (a (seed, doc_id)-hashed sample; the driver holds it).",
      ConfigKey.intIn(10, 5_000_000));
  public static final ConfigKey<Integer> CLUSTER_MAX_ITERATIONS = new ConfigKey<>("cluster.max_iterations", "20",
      "k-means iterations at most.", ConfigKey.intIn(1, 10_000));
  public static final ConfigKey<Integer> CLUSTER_SILHOUETTE_DOCS = new ConfigKey<>("cluster.silhouette_docs", "3000",
      "Sample documents the silhouette of each candidate k is measured on.", ConfigKey.intIn(10, 1_000_000));
  public static final ConfigKey<Double> CLUSTER_SEMANTIC_EPS = new ConfigKey<>("cluster.semantic_eps", "0",
      "Semantic near-duplicates (SemDeDup): documents of one cluster whose embeddings have cosine similarity at least "
          + "1 - eps are one group, of which select keeps the member nearest the center (semantic_duplicate); "
          + "0: not looked for.", ConfigKey.doubleIn(0, 0.5));
  public static final ConfigKey<Integer> CLUSTER_SEMANTIC_WINDOW = new ConfigKey<>("cluster.semantic_window", "2048",
      "The most earlier documents of its cluster (in order of distance to the center) a document is compared with "
          + "in the semantic duplicate search: the bound on its pairs in a huge cluster.", ConfigKey.intIn(1, 100_000));
  public static final ConfigKey<String> CLUSTER_MODEL = new ConfigKey<>("cluster.model", "",
      "A saved cluster model folder (clusters/_model of an earlier run) to assign documents with instead of fitting; "
          + "refused when its featurizer settings differ from the features'.", s -> s);

  /** The threshold of each quality rule: {@code quality.<rule>} (docs/QUALITY.md). */
  public static final Map<QualityRule, ConfigKey<Double>> QUALITY_THRESHOLDS = qualityKeys();

  public static final ConfigKey<Integer> DEDUP_SHINGLE_WORDS = new ConfigKey<>("dedup.shingle_words", "5",
      "Words per MinHash shingle (FineWeb's 5); computed during featurize.", ConfigKey.intIn(1, 64));
  public static final ConfigKey<Integer> DEDUP_BANDS = new ConfigKey<>("dedup.bands", "14",
      "LSH bands of the MinHash signature (FineWeb's 14); computed during featurize.", ConfigKey.intIn(1, 256));
  public static final ConfigKey<Integer> DEDUP_ROWS = new ConfigKey<>("dedup.rows", "8",
      "MinHash values per band (FineWeb's 8); the signature has bands x rows values.", ConfigKey.intIn(1, 64));
  public static final ConfigKey<Double> DEDUP_THRESHOLD = new ConfigKey<>("dedup.threshold", "0.7",
      "A candidate pair (sharing a band) is a near duplicate only when its estimated Jaccard similarity (the "
          + "fraction of equal MinHash values) is at least this.", ConfigKey.doubleIn(0, 1));
  public static final ConfigKey<Integer> DEDUP_BUCKET_WINDOW = new ConfigKey<>("dedup.bucket_window", "32",
      "In a band bucket (documents sharing a band), each document is compared with at most this many before it "
          + "in doc_id order; bounds the pairs of huge buckets (boilerplate) while chains still connect them.",
      ConfigKey.intIn(1, 100_000));
  public static final ConfigKey<Integer> DEDUP_DRIVER_MAX_EDGES = new ConfigKey<>("dedup.driver_max_edges",
      "1000000", "Connected components of at most this many similar pairs are computed on the driver (union-find "
          + "over the collected pairs, about 200 bytes of driver heap a pair); more take Spark rounds of joins. The "
          + "groups are the same either way; 0 always uses Spark.", ConfigKey.intIn(0, 50_000_000));

  public static final ConfigKey<Long> SELECT_BUDGET = new ConfigKey<>("select.budget", "",
      "How much the selection holds, in select.budget_unit: a whole number of at least 1 (the select stage "
          + "refuses to run while it is empty).", s -> s.isEmpty() ? 0L : ConfigKey.longIn(1, Long.MAX_VALUE).apply(s));
  public static final ConfigKey<Choices.BudgetUnit> SELECT_BUDGET_UNIT = new ConfigKey<>("select.budget_unit", "docs",
      "docs (the budget counts documents) or tokens (it counts the featurize.tokenizer's tokens, n_tokens_model, or "
          + "with none WordPunct tokens, n_tokens).",
      Choices.of(Choices.BudgetUnit.class));
  public static final ConfigKey<Double> SELECT_TAU = new ConfigKey<>("select.tau", "1",
      "Cluster quotas are proportional to (the basis's share, or available size)^tau: 1 follows it, 0 is uniform "
          + "over the clusters (diversity first), in between flattens it.", ConfigKey.doubleIn(0, 100));
  public static final ConfigKey<Choices.QuotaBasis> SELECT_QUOTA_BASIS = new ConfigKey<>("select.quota_basis", "auto",
      "What cluster quotas follow: weights (each cluster's share of one importance resampling of the whole budget "
          + "over the filtered pool), target (the target corpus's own cluster mix), both (the mean of the two), "
          + "size (the filtered pool's sizes, tilted by select.importance_tilt), or auto (weights; docs/SELECT.md "
          + "says why).", Choices.of(Choices.QuotaBasis.class));
  public static final ConfigKey<Double> SELECT_TILT = new ConfigKey<>("select.importance_tilt", "1",
      "With select.quota_basis = size: quota weights are multiplied by exp(tilt x z), z = the cluster's mean "
          + "importance score in standard deviations of the pool's: 0 ignores importance, larger values favour "
          + "target-like clusters.", ConfigKey.doubleIn(-100, 100));
  public static final ConfigKey<Double> SELECT_MAX_REPETITION = new ConfigKey<>("select.max_repetition", "1",
      "A cluster's quota is capped at its available size x this; above 1 the best clusters may be repeated "
          + "(a document kept more than once, the copies column) when the budget exceeds the good data.",
      ConfigKey.doubleIn(1, 1000));
  public static final ConfigKey<Long> SELECT_MIN_PER_CLUSTER = new ConfigKey<>("select.min_per_cluster", "0",
      "Every cluster with documents gets at least this quota (at most what it has); refused when the clusters "
          + "times this exceeds the budget.", ConfigKey.longIn(0, Long.MAX_VALUE));
  public static final ConfigKey<Double> SELECT_TEMPERATURE = new ConfigKey<>("select.temperature", "0",
      "Inside a cluster the top documents by score / temperature + Gumbel(seed, doc_id) are kept (importance "
          + "resampling without replacement; 1 with select.score = log_w is DSIR's); 0 keeps the plain top by "
          + "score.", ConfigKey.doubleIn(0, 1e12));
  public static final ConfigKey<Choices.Score> SELECT_SCORE = new ConfigKey<>("select.score", "discounted",
      "The importance score documents are ranked by: log_w (DSIR's sum of log ratios over the document's "
          + "n-grams; grows with length), mean (the mean log ratio per n-gram), or discounted (log_w / "
          + "n-grams^select.length_exponent, between the two).", Choices.of(Choices.Score.class));
  public static final ConfigKey<Double> SELECT_LENGTH_EXPONENT = new ConfigKey<>("select.length_exponent", "0.8",
      "The discounted score's exponent: 0 is log_w, 1 the mean, 0.5 a z-like sum / sqrt(n) (docs/EVALUATION.md "
          + "says why 0.8).", ConfigKey.doubleIn(0, 2));
  public static final ConfigKey<Long> SELECT_QUALITY_RULES = new ConfigKey<>("select.quality_rules",
      "gopher,c4_max_lorem_ipsum,c4_max_curly_brackets",
      "Quality rules whose failure drops a document: rule names and groups (all, none, gopher, gopher_quality, "
          + "gopher_repetition, c4, fineweb), comma-separated (docs/QUALITY.md). none: featurize computes no quality "
          + "signals at all.", QualityRule::parseList);
  public static final ConfigKey<Long> SELECT_MIN_TOKENS = new ConfigKey<>("select.min_tokens", "0",
      "Documents with fewer tokens are dropped (too_few_tokens).", ConfigKey.longIn(0, Long.MAX_VALUE));
  public static final ConfigKey<Long> SELECT_MAX_TOKENS = new ConfigKey<>("select.max_tokens", "0",
      "Documents with more tokens are dropped (too_many_tokens); 0: no upper bound.",
      ConfigKey.longIn(0, Long.MAX_VALUE));
  /** The features' language column, usable as select.partition_by. */
  public static final String LANG = "lang";
  public static final ConfigKey<List<String>> SELECT_LANGUAGES = new ConfigKey<>("select.languages", "",
      "The languages to keep (ISO 639-1 codes as featurize identifies them, e.g. en,de; und: not identified), "
          + "comma-separated; documents in any other are dropped (language). Empty: every language.",
      WinnowConfig::languageList);
  public static final ConfigKey<Boolean> SELECT_DROP_DUPLICATES = new ConfigKey<>("select.drop_duplicates", "true",
      "Drop the documents that dedup did not choose as their group's representative (exact_duplicate, "
          + "near_duplicate). false: featurize computes no MinHash signatures and winnow run skips the dedup stage.",
      WinnowConfig::bool);
  public static final ConfigKey<Boolean> SELECT_DROP_TOO_SHORT = new ConfigKey<>("select.drop_too_short", "true",
      "Drop the documents the importance stage marked too_short (fewer than importance.min_tokens tokens).",
      WinnowConfig::bool);
  public static final ConfigKey<Choices.OutputFormat> SELECT_OUTPUT_FORMAT = new ConfigKey<>("select.output_format", "parquet",
      "The kept documents' format: parquet (zstd) or jsonl.gz.", Choices.of(Choices.OutputFormat.class));
  public static final ConfigKey<Integer> SELECT_OUTPUT_FILES = new ConfigKey<>("select.output_files", "4",
      "Files the kept documents are written into (per partition folder), each sorted by doc_id (unless "
          + "select.shuffle).",
      ConfigKey.intIn(1, 100_000));
  public static final ConfigKey<Boolean> SELECT_MATERIALIZE_COPIES = new ConfigKey<>("select.materialize_copies",
      "false", "true: a document kept more than once is written that many times (rows that differ only in their copy "
          + "column, 1 to copies), as a trainer that reads every row once needs it; false: once, with its copies.",
      WinnowConfig::bool);
  public static final ConfigKey<Boolean> SELECT_SHUFFLE = new ConfigKey<>("select.shuffle", "false",
      "true: the kept rows are spread over the output files and ordered in each by a seeded random key of doc_id "
          + "(and copy), the same for the same seed, so that a trainer reading the files in order meets them mixed; "
          + "false: by a hash of doc_id, each file sorted by doc_id.", WinnowConfig::bool);
  public static final ConfigKey<String> SELECT_PARTITION_BY = new ConfigKey<>("select.partition_by", "",
      "Empty, cluster, lang, or a field of input.metadata_fields (e.g. source): the kept documents go into "
          + "Hive-style folders by its value.", s -> s);
  public static final ConfigKey<String> SELECT_LABEL_FIELD = new ConfigKey<>("select.label_field", "",
      "A field of input.metadata_fields holding a true/false label (e.g. is_target): the manifest and report "
          + "then state the selection's precision and recall against it, and the precision ceiling the filters leave.", s -> s);

  private static final List<ConfigKey<?>> KEYS;
  private static final Map<String, KeyOwner> OWNERS = new LinkedHashMap<>();
  /** Keys that were renamed, to their new names: refused with the new name rather than as unknown. */
  private static final Map<String, String> MOVED = Map.of("importance.score", "select.score");

  static {
    List<ConfigKey<?>> keys = new ArrayList<>(List.of(INPUT_POOL, INPUT_TARGET, INPUT_FORMAT, INPUT_ID_FIELD,
        INPUT_TEXT_FIELD, INPUT_METADATA_FIELDS, INPUT_MAX_RECORD_BYTES, INPUT_FINGERPRINT, WORK_DIR, SEED, NGRAM_ORDER,
        BUCKETS, HASHING, TOKENIZER, STORE_TEXT, PARTITION_BYTES, CHECKPOINT_BYTES));
    keys.addAll(QUALITY_THRESHOLDS.values());
    keys.addAll(List.of(TARGET_PSEUDO_COUNT, EPSILON, RAW_SAMPLE_NGRAMS, SEPARATE_TARGETS, TARGET_PROPORTIONS,
        MIN_TOKENS, MODEL, CLUSTER_K, CLUSTER_K_CANDIDATES, CLUSTER_DIM, CLUSTER_SAMPLE_DOCS,
        CLUSTER_MAX_ITERATIONS, CLUSTER_SILHOUETTE_DOCS, CLUSTER_SEMANTIC_EPS, CLUSTER_SEMANTIC_WINDOW, CLUSTER_MODEL,
        DEDUP_SHINGLE_WORDS, DEDUP_BANDS, DEDUP_ROWS, DEDUP_THRESHOLD, DEDUP_BUCKET_WINDOW, DEDUP_DRIVER_MAX_EDGES,
        SELECT_BUDGET, SELECT_BUDGET_UNIT, SELECT_QUOTA_BASIS, SELECT_TAU, SELECT_TILT, SELECT_MAX_REPETITION,
        SELECT_MIN_PER_CLUSTER, SELECT_SCORE, SELECT_LENGTH_EXPONENT, SELECT_TEMPERATURE, SELECT_QUALITY_RULES,
        SELECT_MIN_TOKENS, SELECT_MAX_TOKENS, SELECT_LANGUAGES, SELECT_DROP_DUPLICATES, SELECT_DROP_TOO_SHORT,
        SELECT_OUTPUT_FORMAT, SELECT_OUTPUT_FILES, SELECT_MATERIALIZE_COPIES, SELECT_SHUFFLE, SELECT_PARTITION_BY,
        SELECT_LABEL_FIELD));
    KEYS = List.copyOf(keys);
    // each key's owner (KeyOwner): the first stage whose output it changes
    own(KeyOwner.FEATURIZE_POOL, INPUT_POOL);
    own(KeyOwner.FEATURIZE_TARGET, INPUT_TARGET);
    own(KeyOwner.FEATURIZE, INPUT_FORMAT, INPUT_ID_FIELD, INPUT_TEXT_FIELD, INPUT_METADATA_FIELDS,
        INPUT_MAX_RECORD_BYTES, INPUT_FINGERPRINT, NGRAM_ORDER, BUCKETS, HASHING, TOKENIZER, STORE_TEXT,
        DEDUP_SHINGLE_WORDS, DEDUP_BANDS, DEDUP_ROWS);
    own(KeyOwner.FEATURIZE, QUALITY_THRESHOLDS.values().toArray(new ConfigKey<?>[0]));
    own(KeyOwner.IMPORTANCE, SEED, TARGET_PSEUDO_COUNT, EPSILON, RAW_SAMPLE_NGRAMS, SEPARATE_TARGETS,
        TARGET_PROPORTIONS, MIN_TOKENS, MODEL);
    own(KeyOwner.CLUSTER, CLUSTER_K, CLUSTER_K_CANDIDATES, CLUSTER_DIM, CLUSTER_SAMPLE_DOCS, CLUSTER_MAX_ITERATIONS,
        CLUSTER_SILHOUETTE_DOCS, CLUSTER_SEMANTIC_EPS, CLUSTER_SEMANTIC_WINDOW, CLUSTER_MODEL);
    own(KeyOwner.DEDUP, DEDUP_THRESHOLD, DEDUP_BUCKET_WINDOW);
    own(KeyOwner.SELECT, SELECT_BUDGET, SELECT_BUDGET_UNIT, SELECT_QUOTA_BASIS, SELECT_TAU, SELECT_TILT,
        SELECT_MAX_REPETITION, SELECT_MIN_PER_CLUSTER, SELECT_SCORE, SELECT_LENGTH_EXPONENT, SELECT_TEMPERATURE,
        SELECT_QUALITY_RULES, SELECT_MIN_TOKENS, SELECT_MAX_TOKENS, SELECT_LANGUAGES, SELECT_DROP_DUPLICATES,
        SELECT_DROP_TOO_SHORT, SELECT_OUTPUT_FORMAT, SELECT_OUTPUT_FILES, SELECT_MATERIALIZE_COPIES, SELECT_SHUFFLE,
        SELECT_PARTITION_BY, SELECT_LABEL_FIELD);
    own(KeyOwner.EXECUTION, WORK_DIR, PARTITION_BYTES, CHECKPOINT_BYTES, DEDUP_DRIVER_MAX_EDGES);
    for (ConfigKey<?> k : KEYS) {
      if (!OWNERS.containsKey(k.name())) {
        throw new IllegalStateException("config key " + k.name() + " has no owner (KeyOwner)");
      }
    }
  }

  private static void own(KeyOwner owner, ConfigKey<?>... keys) {
    for (ConfigKey<?> k : keys) {
      KeyOwner before = OWNERS.put(k.name(), owner);
      if (before != null) {
        throw new IllegalStateException("config key " + k.name() + " is owned twice: " + before + ", " + owner);
      }
    }
  }

  /** The first stage whose output {@code key} changes, or {@link KeyOwner#EXECUTION}. */
  public static KeyOwner owner(ConfigKey<?> key) {
    return OWNERS.get(key.name());
  }

  /** The keys owned by any of {@code owners}, in documentation order. */
  public static List<ConfigKey<?>> keysOwnedBy(Set<KeyOwner> owners) {
    return KEYS.stream().filter(k -> owners.contains(owner(k))).toList();
  }

  private static Map<QualityRule, ConfigKey<Double>> qualityKeys() {
    Map<QualityRule, ConfigKey<Double>> m = new EnumMap<>(QualityRule.class);
    for (QualityRule r : QualityRule.values()) {
      m.put(r, new ConfigKey<>("quality." + r.ruleName(), r.defaultThreshold(),
          "Quality rule threshold: " + r.describe() + ".", ConfigKey.doubleIn(-Double.MAX_VALUE, Double.MAX_VALUE)));
    }
    return Collections.unmodifiableMap(m);
  }

  /** The quality thresholds, indexed by {@link QualityRule#ordinal()}. */
  public double[] qualityThresholds() {
    double[] t = new double[QualityRule.values().length];
    for (QualityRule r : QualityRule.values()) {
      t[r.ordinal()] = get(QUALITY_THRESHOLDS.get(r));
    }
    return t;
  }

  /** Budget value meaning "every n-gram of the pool". */
  public static final long ALL = Long.MAX_VALUE;
  /** Budget value meaning "100,000 x buckets". */
  public static final long AUTO = -1;

  private final Map<String, String> raw;
  private final Map<String, Object> typed;

  private WinnowConfig(Map<String, String> raw, Map<String, Object> typed) {
    this.raw = raw;
    this.typed = typed;
  }

  /** Every key, in documentation order. */
  public static List<ConfigKey<?>> keys() {
    return KEYS;
  }

  /** Reads {@code file} (may be null: defaults only) and applies {@code overrides} ("key=value"). */
  public static WinnowConfig load(Path file, List<String> overrides) {
    Map<String, String> values = new LinkedHashMap<>();
    if (file != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (NoSuchFileException e) {
        throw new ConfigException("config file not found: " + file);
      } catch (IOException | IllegalArgumentException e) {
        throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
      }
      for (String k : new TreeSet<>(p.stringPropertyNames())) {
        values.put(k, p.getProperty(k));
      }
    }
    for (String o : overrides) {
      int eq = o.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("override '" + o + "' is not key=value");
      }
      values.put(o.substring(0, eq).trim(), o.substring(eq + 1));
    }
    return of(values);
  }

  /** Validates a map of key to text. */
  public static WinnowConfig of(Map<String, String> values) {
    Map<String, ConfigKey<?>> byName = new LinkedHashMap<>();
    for (ConfigKey<?> k : KEYS) {
      byName.put(k.name(), k);
    }
    for (String k : values.keySet()) {
      if (MOVED.containsKey(k)) {
        throw new ConfigException("config key '" + k + "' is now '" + MOVED.get(k) + "'");
      }
      if (!byName.containsKey(k)) {
        throw new ConfigException("unknown config key '" + k + "'" + suggestion(k, byName.keySet()));
      }
    }
    Map<String, String> raw = new LinkedHashMap<>();
    Map<String, Object> typed = new LinkedHashMap<>();
    for (ConfigKey<?> k : KEYS) {
      String v = values.getOrDefault(k.name(), k.defaultValue());
      if (v == null || (v.isBlank() && k.defaultValue() == null)) {
        throw new ConfigException("missing required config key '" + k.name() + "': " + k.meaning());
      }
      raw.put(k.name(), v.trim());
      typed.put(k.name(), k.parse(v));
    }
    WinnowConfig c = new WinnowConfig(Collections.unmodifiableMap(raw), Collections.unmodifiableMap(typed));
    c.checkConsistent();
    return c;
  }

  /** Rules that tie several keys together. */
  private void checkConsistent() {
    long maxTokens = get(SELECT_MAX_TOKENS);
    if (maxTokens > 0 && maxTokens < get(SELECT_MIN_TOKENS)) {
      throw new ConfigException("select.max_tokens = " + maxTokens + " is below select.min_tokens = "
          + get(SELECT_MIN_TOKENS));
    }
    for (ConfigKey<String> k : List.of(SELECT_PARTITION_BY, SELECT_LABEL_FIELD)) {
      String field = get(k);
      if (!field.isEmpty() && !(k == SELECT_PARTITION_BY && (field.equals("cluster") || field.equals(LANG)))
          && !get(INPUT_METADATA_FIELDS).contains(field)) {
        throw new ConfigException(k.name() + " = " + field + " is not one of input.metadata_fields "
            + get(INPUT_METADATA_FIELDS) + (k == SELECT_PARTITION_BY ? " (nor cluster or lang)" : ""));
      }
    }
    int targets = get(INPUT_TARGET).size();
    int proportions = get(TARGET_PROPORTIONS).size();
    if (get(SEPARATE_TARGETS) && targets == 0) {
      throw new ConfigException("importance.separate_targets needs the targets in input.target");
    }
    if (proportions > 0 && !get(SEPARATE_TARGETS)) {
      throw new ConfigException("importance.target_proportions is set but importance.separate_targets is not true");
    }
    if (proportions > 0 && proportions != targets) {
      throw new ConfigException("importance.target_proportions has " + proportions + " values for the " + targets
          + " targets of input.target");
    }
  }

  @SuppressWarnings("unchecked")
  public <T> T get(ConfigKey<T> key) {
    logRead(key);
    return (T) typed.get(key.name());
  }

  /** The value as text, after defaults. */
  public String raw(ConfigKey<?> key) {
    logRead(key);
    return raw.get(key.name());
  }

  /**
   * Where the names of the keys read by {@link #get} and {@link #raw} go, from every thread of
   * the JVM (Spark's local-mode tasks included), or null: how a test finds the keys a stage
   * really reads and checks them against the keys its fingerprint hashes.
   */
  private static volatile Set<String> readLog;

  /** Starts logging the keys read into {@code sink} (a concurrent set), or stops with null. */
  public static void logReads(Set<String> sink) {
    readLog = sink;
  }

  private static void logRead(ConfigKey<?> key) {
    Set<String> log = readLog;
    if (log != null) {
      log.add(key.name());
    }
  }

  /** A copy with some values replaced (validated again). */
  public WinnowConfig with(Map<String, String> changes) {
    Map<String, String> v = new LinkedHashMap<>(raw);
    v.putAll(changes);
    return of(v);
  }

  /**
   * SHA-256 (hex) of the given keys' values: what a stage's output depends on, recorded in
   * its manifest so that a rerun can tell whether the published output still fits.
   */
  public String hashOf(List<ConfigKey<?>> keys) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (ConfigKey<?> k : keys) {
        md.update((k.name() + "=" + raw.get(k.name()) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      StringBuilder b = new StringBuilder();
      for (byte x : md.digest()) {
        b.append(String.format("%02x", x));
      }
      return b.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The given keys and their values, for manifests. */
  public Map<String, String> rawOf(List<ConfigKey<?>> keys) {
    Map<String, String> m = new LinkedHashMap<>();
    for (ConfigKey<?> k : keys) {
      m.put(k.name(), raw.get(k.name()));
    }
    return m;
  }

  private static List<String> pathList(String s) {
    List<String> out = new ArrayList<>();
    for (String p : s.split(",")) {
      if (!p.isBlank()) {
        out.add(p.trim());
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("names no path");
    }
    return List.copyOf(out);
  }

  private static List<String> optionalPathList(String s) {
    return s.isBlank() ? List.of() : pathList(s);
  }

  private static String tokenizer(String s) {
    if (!s.equals(ModelTokens.NONE) && !ModelTokens.names().contains(s)) {
      throw new IllegalArgumentException("no tokenizer '" + s + "' (choose " + ModelTokens.NONE + " or one of "
          + ModelTokens.names() + ")");
    }
    return s;
  }

  /** A comma-separated list of language codes: two or three lower-case letters each (und included). */
  private static List<String> languageList(String s) {
    List<String> langs = optionalPathList(s);
    for (String l : langs) {
      if (!l.matches("[a-z]{2,3}")) {
        throw new IllegalArgumentException("'" + l + "' is not a language code (ISO 639-1, such as en or de; und "
            + "for documents whose language was not identified)");
      }
    }
    return langs;
  }

  private static Long ngramBudget(String s) {
    if (s.equals("auto")) {
      return AUTO;
    }
    if (s.equals("all")) {
      return ALL;
    }
    return ConfigKey.longIn(1, Long.MAX_VALUE).apply(s);
  }

  private static List<Integer> kCandidates(String s) {
    List<Integer> out = new ArrayList<>();
    for (String p : s.split(",")) {
      if (!p.isBlank()) {
        out.add(ConfigKey.intIn(2, 100_000).apply(p.trim()));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("names no k");
    }
    return List.copyOf(out);
  }

  private static Boolean bool(String s) {
    if (!s.equals("true") && !s.equals("false")) {
      throw new IllegalArgumentException("'" + s + "' is not true or false");
    }
    return Boolean.valueOf(s);
  }

  private static List<Double> proportions(String s) {
    List<Double> out = new ArrayList<>();
    for (String p : s.split(",")) {
      if (!p.isBlank()) {
        double v = ConfigKey.doubleIn(0, Double.MAX_VALUE).apply(p.trim());
        out.add(v);
      }
    }
    if (!out.isEmpty() && out.stream().mapToDouble(Double::doubleValue).sum() <= 0) {
      throw new IllegalArgumentException("proportions must not all be 0");
    }
    return List.copyOf(out);
  }

  private static String suggestion(String key, Iterable<String> known) {
    String best = null;
    int bestD = Integer.MAX_VALUE;
    for (String k : known) {
      int d = editDistance(key, k);
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    }
    return best != null && bestD <= 3 ? " (did you mean '" + best + "'?)" : "";
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  @Override
  public String toString() {
    return raw.toString();
  }
}
