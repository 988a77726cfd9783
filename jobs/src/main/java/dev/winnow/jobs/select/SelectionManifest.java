package dev.winnow.jobs.select;

import java.util.List;
import java.util.Map;

/**
 * The select stage's part of its manifest ({@link dev.winnow.jobs.io.StageManifest}): where the
 * selection, its data, ledger and report are; how documents were ranked and the quotas set; the
 * features' input digest and what a token is; the totals, drops by reason and the decisions'
 * digests; every cluster's books; the KL reduction (none when nothing is kept), the precision
 * (when select.label_field is set) and the books per language (when featurize identified them).
 */
public record SelectionManifest(String selection, String data, String ledger, String report, long seed, String score,
    Double lengthExponent, double temperature, String quotaBasis, String inputDigest, String tokenCount,
    Totals totals, Map<String, Long> dropped, Digests digests, List<Cluster> clusters, KlReduction klReduction,
    Precision precision, Map<String, Language> languages) {

  /**
   * The budget; the records featurize read, those it quarantined, the pool's documents; the
   * documents kept and the units they count (copies included); those dropped; and how far the
   * selection fell short of the budget.
   */
  public record Totals(long budget, long records, long quarantined, long docs, long keptDocs, long keptUnits,
      long dropped, long shortfall) {}

  /** The decisions' digests ({@link Accounting#digests}): of the kept documents, of the whole ledger. */
  public record Digests(String kept, String ledger) {}

  /**
   * One cluster's books: its pool documents, what the filters left it (documents, units), the
   * weight its quota followed, the quota, the documents it kept and the units they fill; its mean
   * score, target share, resampling share (each when known), top words and main language.
   */
  public record Cluster(int cluster, long poolDocs, long availableDocs, long availableUnits, double weight, long quota,
      long keptDocs, long filled, Double meanScore, Double targetShare, Double resamplingShare,
      List<String> topWords, String mainLanguage) {

    Cluster withMainLanguage(String language) {
      return new Cluster(cluster, poolDocs, availableDocs, availableUnits, weight, quota, keptDocs, filled, meanScore,
          targetShare, resamplingShare, topWords, language);
    }
  }

  /**
   * The KL divergence from the target's n-gram distribution to the selection's and to a random
   * selection's of the same size, and the reduction (random minus selected).
   */
  public record KlReduction(long selectedDocs, double klTargetSelected, double klTargetRandom, double klReduction) {}

  /**
   * The selection against a true/false metadata label: positives kept of those kept (precision),
   * of the pool's (recall), the ceiling (positives that pass the filters, of those kept), and the
   * pool's counts.
   */
  public record Precision(String labelField, long keptPositive, long kept, double precision, double recall,
      long eligiblePositive, double ceiling, long poolPositive, long pool, long labelled, double poolRate) {}

  /** One language's pool and kept documents. */
  public record Language(long poolDocs, long keptDocs) {}
}
