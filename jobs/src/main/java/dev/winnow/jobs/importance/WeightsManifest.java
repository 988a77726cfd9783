package dev.winnow.jobs.importance;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The importance stage's part of its manifest ({@link dev.winnow.jobs.io.StageManifest}): where
 * the features, weights and models are, each target's model and weight column, the totals and
 * the fit's figures ({@code importance.model} when scoring with saved models).
 */
public record WeightsManifest(String features, String weights, String model, List<Target> targets, Totals totals,
    Map<String, String> fit) {

  /** One target's model: its name, its share of the mixed target, the weights' column of its log weight. */
  public record Target(String name, double proportion, @JsonProperty("log_w_column") String logWColumn) {}

  /** Documents weighted, those shorter than importance.min_tokens, and the log weights' range (none when empty). */
  public record Totals(long docs, long tooShort, Double minLogW, Double maxLogW) {}
}
