package dev.winnow.jobs.select;

import static dev.winnow.jobs.pipeline.Columns.CLUSTER;
import static dev.winnow.jobs.pipeline.Columns.COPIES;
import static dev.winnow.jobs.pipeline.Columns.DOC_ID;
import static dev.winnow.jobs.pipeline.Columns.KEPT;
import static dev.winnow.jobs.pipeline.Columns.LANG;
import static dev.winnow.jobs.pipeline.Columns.LOG_W;
import static dev.winnow.jobs.pipeline.Columns.REASON;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.winnow.jobs.featurize.FeaturesManifest;
import dev.winnow.common.hash.SetDigest;
import dev.winnow.common.lang.LanguageId;
import dev.winnow.common.select.ScoreHistogram;
import java.io.Serializable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The select stage's books, from the written ledger: every pool document is kept or dropped
 * for one reason, and documents + quarantined records = the records featurize read. A mismatch
 * fails the run before anything is published.
 */
final class Accounting {
  final long docs;
  final long keptDocs;
  final long keptUnits;
  final long quarantined;
  final long records;
  private final Map<String, Long> byReason;
  private final Map<Integer, long[]> keptByCluster = new HashMap<>();
  private final Map<Integer, Long> poolByCluster = new HashMap<>();
  private final Map<String, long[]> byLanguage = new LinkedHashMap<>();
  private final Map<Integer, String> mainLanguage = new HashMap<>();
  private final SelectionManifest.Digests digests;
  private final ScoreHistogram scores;

  private Accounting(long docs, long keptDocs, long keptUnits, long quarantined, long records,
      Map<String, Long> byReason, SelectionManifest.Digests digests, ScoreHistogram scores) {
    this.docs = docs;
    this.keptDocs = keptDocs;
    this.keptUnits = keptUnits;
    this.quarantined = quarantined;
    this.records = records;
    this.byReason = byReason;
    this.digests = digests;
    this.scores = scores;
  }

  /**
   * The books of {@code ledger}, where a document counts {@code units} against the budget, in one
   * pass over it: drops by reason, documents, kept documents and units by cluster and language,
   * the digests, and the log_w histogram over the weights' range {@code [minLogW, maxLogW]}
   * (the importance stage's totals; null when no document has a weight).
   */
  static Accounting of(Dataset<Row> ledger, FeaturesManifest.Totals features, Column units, Double minLogW,
      Double maxLogW) {
    Tally t = ledger.select(col(DOC_ID), col(COPIES), col(REASON), col(CLUSTER),
            coalesce(col(LANG), lit(LanguageId.UNKNOWN)), col(KEPT), units, col(LOG_W))
        .javaRDD().aggregate(new Tally(ScoreHistogram.over(minLogW, maxLogW, SelectJob.SCORE_BINS)),
            Tally::add, Tally::merge);
    Map<String, Long> counts = new HashMap<>(t.reasons);
    Map<String, Long> ordered = new LinkedHashMap<>();
    for (String reason : SelectJob.reasonOrder()) {
      if (counts.containsKey(reason)) {
        ordered.put(reason, counts.remove(reason));
      }
    }
    if (!counts.isEmpty()) {
      throw new IllegalStateException("the ledger holds reasons outside the documented list: " + counts.keySet());
    }
    long docs = 0;
    long keptDocs = 0;
    long keptUnits = 0;
    Map<Integer, long[]> kept = new HashMap<>();
    Map<Integer, Long> pool = new HashMap<>();
    Map<String, long[]> languages = new TreeMap<>();
    Map<Integer, Map<String, Long>> clusterLanguages = new HashMap<>();
    // the clusters' books, and each language's
    for (Map.Entry<Integer, Map<String, long[]>> c : t.byCluster.entrySet()) {
      int cluster = c.getKey();
      for (Map.Entry<String, long[]> e : c.getValue().entrySet()) {
        String language = e.getKey();
        long[] n = e.getValue(); // documents, kept documents, kept units
        docs += n[0];
        keptDocs += n[1];
        keptUnits += n[2];
        pool.merge(cluster, n[0], Long::sum);
        long[] k = kept.computeIfAbsent(cluster, x -> new long[2]);
        k[0] += n[1];
        k[1] += n[2];
        long[] lang = languages.computeIfAbsent(language, x -> new long[2]);
        lang[0] += n[0];
        lang[1] += n[1];
        clusterLanguages.computeIfAbsent(cluster, x -> new TreeMap<>()).put(language, n[0]);
      }
    }
    long featureDocs = features.docs();
    long quarantined = features.quarantined();
    long records = features.records();
    long dropped = ordered.values().stream().mapToLong(Long::longValue).sum();
    if (docs != featureDocs || keptDocs + dropped != docs || docs + quarantined != records) {
      throw new IllegalStateException("the selection's accounts do not balance: ledger " + docs + " rows for "
          + featureDocs + " documents; kept " + keptDocs + " + dropped " + dropped + "; documents + quarantined "
          + (docs + quarantined) + " for " + records + " records read");
    }
    Accounting a = new Accounting(docs, keptDocs, keptUnits, quarantined, records, ordered,
        new SelectionManifest.Digests(t.kept.hex(), t.ledger.hex()), t.scores);
    a.keptByCluster.putAll(kept);
    a.poolByCluster.putAll(pool);
    languages.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0]))
        .forEach(e -> a.byLanguage.put(e.getKey(), e.getValue()));
    // a cluster's main language: its most frequent, the first code on a tie
    clusterLanguages.forEach((c, m) -> a.mainLanguage.put(c, m.entrySet().stream() // a TreeMap: codes in order
        .reduce((x, y) -> y.getValue() > x.getValue() ? y : x).get().getKey()));
    return a;
  }

  /**
   * What one pass over the ledger adds up, per partition and then merged: documents by reason; by
   * cluster (-1: none) and language, documents, kept documents and kept units (copies counted);
   * the digests; the log_w histogram. Rows: doc_id, copies, reason, cluster, language, kept,
   * units, log_w.
   */
  private static final class Tally implements Serializable {
    private static final long serialVersionUID = 1L;
    final Map<String, Long> reasons = new HashMap<>();
    final Map<Integer, Map<String, long[]>> byCluster = new HashMap<>();
    /**
     * Digests of the decisions, independent of partitioning and cluster shape: {@code kept} over
     * the kept documents ({@code doc_id} and copies), {@code ledger} over every document's
     * {@code doc_id}, copies and reason. Two runs with equal digests kept and dropped the same
     * documents for the same reasons.
     */
    final SetDigest kept = new SetDigest();
    final SetDigest ledger = new SetDigest();
    final ScoreHistogram scores;

    Tally(ScoreHistogram scores) {
      this.scores = scores;
    }

    Tally add(Row r) {
      String idCopies = r.getString(0) + "\t" + r.getInt(1);
      String reason = r.isNullAt(2) ? null : r.getString(2);
      if (reason != null) {
        reasons.merge(reason, 1L, Long::sum);
      }
      if (r.getInt(1) > 0) {
        kept.add(idCopies);
      }
      ledger.add(idCopies + "\t" + (reason == null ? "" : reason));
      boolean isKept = r.getBoolean(5);
      long[] n = byCluster.computeIfAbsent(r.isNullAt(3) ? -1 : r.getInt(3), x -> new HashMap<>())
          .computeIfAbsent(r.getString(4), x -> new long[3]);
      n[0]++;
      n[1] += isKept ? 1 : 0;
      n[2] += r.getLong(6) * r.getInt(1);
      if (!r.isNullAt(7)) {
        scores.add(r.getDouble(7), isKept);
      }
      return this;
    }

    Tally merge(Tally other) {
      other.reasons.forEach((k, v) -> reasons.merge(k, v, Long::sum));
      other.byCluster.forEach((c, languages) -> languages.forEach((lang, v) ->
          byCluster.computeIfAbsent(c, x -> new HashMap<>()).merge(lang, v, (x, y) -> {
            for (int i = 0; i < x.length; i++) {
              x[i] += y[i];
            }
            return x;
          })));
      kept.merge(other.kept);
      ledger.merge(other.ledger);
      scores.merge(other.scores);
      return this;
    }
  }

  /** The digests of the decisions ({@link Tally#kept}, {@link Tally#ledger}). */
  SelectionManifest.Digests digests() {
    return digests;
  }

  /** The log_w histogram of the pool and of the kept documents. */
  ScoreHistogram scores() {
    return scores;
  }

  SelectionManifest.Totals totals(long budget, long shortfall) {
    return new SelectionManifest.Totals(budget, records, quarantined, docs, keptDocs, keptUnits, docs - keptDocs,
        shortfall);
  }

  /** Documents dropped by reason, in the order the reasons are checked. */
  Map<String, Long> byReason() {
    return byReason;
  }

  /** Per cluster: kept documents and kept units (copies counted). */
  Map<Integer, long[]> keptByCluster() {
    return keptByCluster;
  }

  Map<Integer, Long> poolByCluster() {
    return poolByCluster;
  }

  /** Per language (und: not identified), most documents first: pool documents and kept documents. */
  Map<String, long[]> byLanguage() {
    return byLanguage;
  }

  /** Per cluster, the language most of its documents are in. */
  Map<Integer, String> mainLanguageByCluster() {
    return mainLanguage;
  }
}
