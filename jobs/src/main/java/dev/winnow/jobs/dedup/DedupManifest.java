package dev.winnow.jobs.dedup;

import java.util.List;
import java.util.Map;

/**
 * The dedup stage's part of its manifest ({@link dev.winnow.jobs.io.StageManifest}): where the
 * groups and the features are, the MinHash's shape, the totals, the group sizes and the largest
 * groups.
 */
public record DedupManifest(String dedup, String features, int permutations, int bands, Totals totals,
    Map<String, Long> groupSizes, List<Group> largestGroups) {

  /**
   * Documents, representatives kept, duplicates (exact and near), groups with a duplicate, the
   * candidate pairs that share a band, those at or over the threshold, and the connected
   * components' rounds (0: found on the driver).
   */
  public record Totals(long docs, long representatives, long duplicates, long exactDuplicates, long nearDuplicates,
      long groupsWithDuplicates, long candidatePairs, long similarPairs, int componentsRounds) {}

  /** A group by its representative and size. */
  public record Group(String representative, long size) {}
}
