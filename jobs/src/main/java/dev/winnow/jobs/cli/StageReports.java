package dev.winnow.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winnow.jobs.pipeline.Stage;
import java.util.function.Consumer;

/** What the CLI prints of a stage's manifest when the stage has run. */
final class StageReports {
  private StageReports() {}

  static Consumer<ObjectNode> of(Stage stage) {
    return switch (stage) {
      case FEATURIZE_POOL, FEATURIZE_TARGET -> StageReports::reportFeaturize;
      case IMPORTANCE -> StageReports::reportImportance;
      case CLUSTER -> StageReports::reportCluster;
      case DEDUP -> StageReports::reportDedup;
      case SELECT -> StageReports::reportSelect;
    };
  }

  static void reportFeaturize(ObjectNode manifest) {
    JsonNode t = manifest.get("totals");
    System.out.printf("featurize %s: %d files, %d records: %d documents, %d quarantined (%d blank lines skipped)"
        + " in %.1f s%n", manifest.get("corpus").asText(), t.get("files").asLong(), t.get("records").asLong(),
        t.get("docs").asLong(), t.get("quarantined").asLong(), t.get("blank_lines").asLong(),
        manifest.get("seconds").asDouble());
    if (t.get("quarantined").asLong() > 0) {
      System.out.println("  quarantined by reason: " + t.get("rejected"));
    }
    if (t.path("checkpoints_resumed").asLong() > 0) {
      System.out.printf("  resumed: %d of %d checkpoints were done by an earlier run%n",
          t.get("checkpoints_resumed").asLong(), t.get("checkpoints").asLong());
    }
    System.out.println("  features:   " + manifest.get("features").asText());
    System.out.println("  quarantine: " + manifest.get("quarantine").asText());
  }

  static void reportImportance(ObjectNode m) {
    JsonNode t = m.get("totals");
    System.out.printf("importance: %d documents weighted (%d shorter than importance.min_tokens) in %.1f s%n",
        t.get("docs").asLong(), t.get("too_short").asLong(), m.get("seconds").asDouble());
    System.out.println("  weights:    " + m.get("weights").asText());
    System.out.println("  model:      " + m.get("model").asText());
  }

  static void reportCluster(ObjectNode m) {
    System.out.printf("cluster: %d documents in %d clusters (silhouette by k: %s) in %.1f s%n",
        m.get("totals").get("docs").asLong(), m.get("k").asInt(), m.get("silhouette"), m.get("seconds").asDouble());
    for (JsonNode s : m.get("summaries")) {
      System.out.printf("  %3d: %7d docs  %s%n", s.get("cluster").asInt(), s.get("size").asLong(),
          s.has("top_words") ? s.get("top_words").toString() : "");
    }
    System.out.println("  clusters:   " + m.get("clusters").asText());
  }

  static void reportDedup(ObjectNode m) {
    JsonNode t = m.get("totals");
    System.out.printf("dedup: %d docs, %d duplicates (%d exact, %d near) in %d groups; %d candidate pairs, %d "
        + "similar; in %.1f s%n", t.get("docs").asLong(), t.get("duplicates").asLong(),
        t.get("exact_duplicates").asLong(), t.get("near_duplicates").asLong(), t.get("groups_with_duplicates").asLong(),
        t.get("candidate_pairs").asLong(), t.get("similar_pairs").asLong(), m.get("seconds").asDouble());
    System.out.println("  dedup:      " + m.get("dedup").asText());
  }

  static void reportSelect(ObjectNode m) {
    JsonNode t = m.get("totals");
    System.out.printf("select: %d of %d documents kept (%d units with copies, budget %d) in %.1f s; %d dropped: %s%n",
        t.get("kept_docs").asLong(), t.get("docs").asLong(), t.get("kept_units").asLong(), t.get("budget").asLong(),
        m.get("seconds").asDouble(), t.get("dropped").asLong(), m.get("dropped"));
    System.out.printf("  ranked by %s%s at temperature %s, quotas by %s%n", m.get("score").asText(),
        m.has("length_exponent") ? " (log_w / n-grams^" + m.get("length_exponent").asText() + ")" : "",
        m.get("temperature").asText(), m.get("quota_basis").asText().equals("none") ? "none (one cluster)"
            : m.get("quota_basis").asText());
    System.out.println("  KL reduction vs random: " + (m.has("kl_reduction")
        ? String.format(java.util.Locale.ROOT, "%.4f", m.get("kl_reduction").get("kl_reduction").asDouble())
        : "none (nothing kept)"));
    if (m.has("precision")) {
      JsonNode p = m.get("precision");
      System.out.printf("  precision against %s: %.3f (%d of %d; the pool's rate is %.3f; the filters leave a "
          + "ceiling of %.3f), recall %.3f%n", p.get("label_field").asText(), p.get("precision").asDouble(),
          p.get("kept_positive").asLong(), p.get("kept").asLong(), p.get("pool_rate").asDouble(),
          p.get("ceiling").asDouble(), p.get("recall").asDouble());
    }
    System.out.println("  quotas:     " + quotaLine(m));
    System.out.println("  data:       " + m.get("data").asText());
    System.out.println("  ledger:     " + m.get("ledger").asText());
    System.out.println("  report:     " + m.get("report").asText());
  }

  static String quotaLine(JsonNode m) {
    StringBuilder b = new StringBuilder();
    for (JsonNode c : m.get("clusters")) {
      if (c.get("quota").asLong() > 0) {
        b.append(b.length() == 0 ? "" : ", ").append(c.get("cluster").asInt()).append(':')
            .append(c.get("quota").asLong());
      }
    }
    return b.append(" (cluster:quota)").toString();
  }
}
