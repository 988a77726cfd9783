package dev.winnow.jobs.pipeline;

import java.util.List;

/**
 * The published tables' columns: the names one stage writes and the later stages read, each
 * written once here, and each table's columns in order (docs/DESIGN.md, "Stages and their data
 * contracts", lists the same; {@code ColumnsDocTest} holds the two together). Columns a stage
 * makes and drops within its own queries keep their names where they are made.
 */
public final class Columns {
  private Columns() {}

  /** The join key of every table. */
  public static final String DOC_ID = "doc_id";

  // features (featurize)
  public static final String SRC_FILE = "src_file";
  public static final String SRC_LINE = "src_line";
  /** The byte offset of a document's line in its uncompressed line-oriented file, null for other files. */
  public static final String SRC_OFFSET = "src_offset";
  public static final String N_TOKENS = "n_tokens";
  public static final String N_BYTES = "n_bytes";
  public static final String NGRAM_IDX = "ngram_idx";
  public static final String NGRAM_CNT = "ngram_cnt";
  public static final String QUALITY = "quality";
  public static final String QUALITY_FLAGS = "quality_flags";
  public static final String LANG = "lang";
  public static final String LANG_SCORE = "lang_score";
  /** The model tokenizer's count of a document's tokens, null when featurize counted none. */
  public static final String N_TOKENS_MODEL = "n_tokens_model";
  public static final String MINHASH = "minhash";
  public static final String TEXT_HASH = "text_hash";
  public static final String META = "meta";
  public static final String TEXT = "text";
  public static final List<String> FEATURES = List.of(DOC_ID, SRC_FILE, SRC_LINE, SRC_OFFSET, N_TOKENS, N_BYTES,
      NGRAM_IDX, NGRAM_CNT, QUALITY, QUALITY_FLAGS, LANG, LANG_SCORE, N_TOKENS_MODEL, MINHASH, TEXT_HASH, META, TEXT);

  // weights (importance): the mixed target's, then each separate target's with its suffix
  public static final String LOG_W = "log_w";
  public static final String MEAN_LOG_RATIO = "mean_log_ratio";
  public static final String N_NGRAMS = "n_ngrams";
  public static final String TOO_SHORT = "too_short";
  public static final List<String> WEIGHTS = List.of(DOC_ID, LOG_W, MEAN_LOG_RATIO, N_NGRAMS, TOO_SHORT);

  // clusters (cluster)
  public static final String CLUSTER = "cluster";
  public static final String DIST = "dist";
  public static final List<String> CLUSTERS = List.of(DOC_ID, CLUSTER, DIST);
  /** The cluster stage's semantic duplicates: each duplicate with its representative. */
  public static final String SEMANTIC_REP = "semantic_rep";
  public static final List<String> SEMANTIC_DUPLICATES = List.of(DOC_ID, SEMANTIC_REP);

  // dedup (dedup)
  public static final String DUP_GROUP = "dup_group";
  public static final String IS_REP = "is_rep";
  public static final String GROUP_SIZE = "group_size";
  public static final String EXACT = "exact";
  public static final List<String> DEDUP = List.of(DOC_ID, DUP_GROUP, IS_REP, GROUP_SIZE, EXACT);

  // ledger (select)
  public static final String KEPT = "kept";
  public static final String COPIES = "copies";
  public static final String REASON = "reason";
  public static final String OTHER_REASONS = "other_reasons";
  public static final String KEY = "key";
  public static final List<String> LEDGER = List.of(DOC_ID, KEPT, COPIES, REASON, OTHER_REASONS, CLUSTER, LOG_W, KEY,
      N_TOKENS, N_TOKENS_MODEL, LANG);
}
