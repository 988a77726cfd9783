package dev.winnow.jobs.cli;

import dev.winnow.jobs.cluster.ClustersManifest;
import dev.winnow.jobs.dedup.DedupManifest;
import dev.winnow.jobs.featurize.FeaturesManifest;
import dev.winnow.jobs.importance.WeightsManifest;
import dev.winnow.jobs.io.StageManifest;
import dev.winnow.jobs.select.SelectionManifest;
import java.util.Locale;

/** What the CLI prints of a stage's manifest when the stage has run. */
final class StageReports {
  private StageReports() {}

  /** Prints the summary of whichever stage's manifest {@code m} is. */
  static void print(StageManifest<?> m) {
    Object body = m.body();
    if (body instanceof FeaturesManifest f) {
      reportFeaturize(f, m.seconds());
    } else if (body instanceof WeightsManifest w) {
      reportImportance(w, m.seconds());
    } else if (body instanceof ClustersManifest c) {
      reportCluster(c, m.seconds());
    } else if (body instanceof DedupManifest d) {
      reportDedup(d, m.seconds());
    } else if (body instanceof SelectionManifest s) {
      reportSelect(s, m.seconds());
    } else {
      throw new IllegalArgumentException("no report for " + body.getClass().getSimpleName());
    }
  }

  /** A part of a manifest as its file writes it, on one line. */
  private static String json(Object part) {
    return StageManifest.JSON.valueToTree(part).toString();
  }

  static void reportFeaturize(FeaturesManifest m, double seconds) {
    FeaturesManifest.Totals t = m.totals();
    System.out.printf("featurize %s: %d files, %d records: %d documents, %d quarantined (%d blank lines skipped)"
        + " in %.1f s%n", m.corpus(), t.files(), t.records(), t.docs(), t.quarantined(), t.blankLines(), seconds);
    if (t.quarantined() > 0) {
      System.out.println("  quarantined by reason: " + json(t.rejected()));
    }
    if (t.checkpointsResumed() > 0) {
      System.out.printf("  resumed: %d of %d checkpoints were done by an earlier run%n", t.checkpointsResumed(),
          t.checkpoints());
    }
    System.out.println("  features:   " + m.features());
    System.out.println("  quarantine: " + m.quarantine());
  }

  static void reportImportance(WeightsManifest m, double seconds) {
    System.out.printf("importance: %d documents weighted (%d shorter than importance.min_tokens) in %.1f s%n",
        m.totals().docs(), m.totals().tooShort(), seconds);
    System.out.println("  weights:    " + m.weights());
    System.out.println("  model:      " + m.model());
  }

  static void reportCluster(ClustersManifest m, double seconds) {
    System.out.printf("cluster: %d documents in %d clusters (silhouette by k: %s) in %.1f s%n", m.totals().docs(),
        m.k(), m.silhouette() == null ? null : json(m.silhouette()), seconds);
    for (ClustersManifest.Summary s : m.summaries()) {
      System.out.printf("  %3d: %7d docs  %s%n", s.cluster(), s.size(), s.topWords() != null ? json(s.topWords()) : "");
    }
    System.out.println("  clusters:   " + m.clusters());
  }

  static void reportDedup(DedupManifest m, double seconds) {
    DedupManifest.Totals t = m.totals();
    System.out.printf("dedup: %d docs, %d duplicates (%d exact, %d near) in %d groups; %d candidate pairs, %d "
        + "similar; in %.1f s%n", t.docs(), t.duplicates(), t.exactDuplicates(), t.nearDuplicates(),
        t.groupsWithDuplicates(), t.candidatePairs(), t.similarPairs(), seconds);
    System.out.println("  dedup:      " + m.dedup());
  }

  static void reportSelect(SelectionManifest m, double seconds) {
    SelectionManifest.Totals t = m.totals();
    System.out.printf("select: %d of %d documents kept (%d units with copies, budget %d) in %.1f s; %d dropped: %s%n",
        t.keptDocs(), t.docs(), t.keptUnits(), t.budget(), seconds, t.dropped(), json(m.dropped()));
    System.out.printf("  ranked by %s%s at temperature %s, quotas by %s%n", m.score(),
        m.lengthExponent() != null ? " (log_w / n-grams^" + m.lengthExponent() + ")" : "", m.temperature(),
        m.quotaBasis().equals("none") ? "none (one cluster)" : m.quotaBasis());
    System.out.println("  KL reduction vs random: " + (m.klReduction() != null
        ? String.format(Locale.ROOT, "%.4f", m.klReduction().klReduction()) : "none (nothing kept)"));
    SelectionManifest.Precision p = m.precision();
    if (p != null) {
      System.out.printf("  precision against %s: %.3f (%d of %d; the pool's rate is %.3f; the filters leave a "
          + "ceiling of %.3f), recall %.3f%n", p.labelField(), p.precision(), p.keptPositive(), p.kept(), p.poolRate(),
          p.ceiling(), p.recall());
    }
    System.out.println("  quotas:     " + quotaLine(m));
    System.out.println("  data:       " + m.data());
    System.out.println("  ledger:     " + m.ledger());
    System.out.println("  report:     " + m.report());
  }

  static String quotaLine(SelectionManifest m) {
    StringBuilder b = new StringBuilder();
    for (SelectionManifest.Cluster c : m.clusters()) {
      if (c.quota() > 0) {
        b.append(b.length() == 0 ? "" : ", ").append(c.cluster()).append(':').append(c.quota());
      }
    }
    return b.append(" (cluster:quota)").toString();
  }
}
