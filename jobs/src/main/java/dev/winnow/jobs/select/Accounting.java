package dev.winnow.jobs.select;

import static dev.winnow.jobs.pipeline.Columns.CLUSTER;
import static dev.winnow.jobs.pipeline.Columns.COPIES;
import static dev.winnow.jobs.pipeline.Columns.DOC_ID;
import static dev.winnow.jobs.pipeline.Columns.KEPT;
import static dev.winnow.jobs.pipeline.Columns.LANG;
import static dev.winnow.jobs.pipeline.Columns.REASON;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.winnow.jobs.featurize.FeaturesManifest;
import dev.winnow.common.hash.SetDigest;
import dev.winnow.common.lang.LanguageId;
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

  private Accounting(long docs, long keptDocs, long keptUnits, long quarantined, long records,
      Map<String, Long> byReason) {
    this.docs = docs;
    this.keptDocs = keptDocs;
    this.keptUnits = keptUnits;
    this.quarantined = quarantined;
    this.records = records;
    this.byReason = byReason;
  }

  /** The books of {@code ledger}, where a document counts {@code units} against the budget. */
  static Accounting of(Dataset<Row> ledger, FeaturesManifest.Totals features, Column units) {
    Dataset<Row> l = ledger.withColumn("units", units);
    Map<String, Long> counts = new HashMap<>();
    for (Row r : l.filter(col(REASON).isNotNull()).groupBy(REASON).count().collectAsList()) {
      counts.put(r.getString(0), r.getLong(1));
    }
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
    // by cluster and language in one aggregation: the clusters' books, and each language's
    for (Row r : l.groupBy(col(CLUSTER), coalesce(col(LANG), lit(LanguageId.UNKNOWN)))
        .agg(count(lit(1)), sum(when(col(KEPT), 1).otherwise(0)), sum(col("units").multiply(col(COPIES))))
        .collectAsList()) {
      int cluster = r.isNullAt(0) ? -1 : r.getInt(0);
      docs += r.getLong(2);
      keptDocs += r.getLong(3);
      keptUnits += r.getLong(4);
      pool.merge(cluster, r.getLong(2), Long::sum);
      long[] k = kept.computeIfAbsent(cluster, c -> new long[2]);
      k[0] += r.getLong(3);
      k[1] += r.getLong(4);
      long[] lang = languages.computeIfAbsent(r.getString(1), x -> new long[2]);
      lang[0] += r.getLong(2);
      lang[1] += r.getLong(3);
      clusterLanguages.computeIfAbsent(cluster, c -> new TreeMap<>()).put(r.getString(1), r.getLong(2));
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
    Accounting a = new Accounting(docs, keptDocs, keptUnits, quarantined, records, ordered);
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
   * Digests of the decisions, independent of partitioning and cluster shape: {@code kept} over
   * the kept documents ({@code doc_id} and copies), {@code ledger} over every document's
   * {@code doc_id}, copies and reason. Two runs with equal digests kept and dropped the same
   * documents for the same reasons.
   */
  static SelectionManifest.Digests digests(Dataset<Row> ledger) {
    SetDigest[] d = ledger.select(DOC_ID, COPIES, REASON).javaRDD().aggregate(
        new SetDigest[] {new SetDigest(), new SetDigest()},
        (acc, r) -> {
          String kept = r.getString(0) + "\t" + r.getInt(1);
          if (r.getInt(1) > 0) {
            acc[0].add(kept);
          }
          acc[1].add(kept + "\t" + (r.isNullAt(2) ? "" : r.getString(2)));
          return acc;
        },
        (x, y) -> new SetDigest[] {x[0].merge(y[0]), x[1].merge(y[1])});
    return new SelectionManifest.Digests(d[0].hex(), d[1].hex());
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
