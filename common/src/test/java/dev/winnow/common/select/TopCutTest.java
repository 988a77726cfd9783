package dev.winnow.common.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The narrowing search against a plain sort, as the select stage drives it (histograms, then one collect). */
class TopCutTest {
  record Doc(String id, double key, long units) {}

  /** Runs the search as the Spark side does: histogram rounds, then the resolve bin collected. */
  static Set<String> keptBySearch(List<Doc> docs, long target, long resolveLimit) {
    double min = docs.stream().mapToDouble(Doc::key).min().orElse(0);
    double max = docs.stream().mapToDouble(Doc::key).max().orElse(0);
    TopCut search = new TopCut(target, min, max);
    int rounds = 0;
    while (!search.needsResolve()) {
      TopCut.Histogram h = new TopCut.Histogram();
      for (Doc d : docs) {
        search.count(h, d.key, d.units);
      }
      search.narrow(h, resolveLimit);
      assertTrue(++rounds < 40, "converges");
    }
    List<TopCut.Candidate> bin = new ArrayList<>();
    for (Doc d : docs) {
      if (search.inResolveBin(d.key)) {
        bin.add(new TopCut.Candidate(d.key, d.id, d.units));
      }
    }
    TopCut.Cut cut = search.resolve(bin);
    Set<String> kept = new HashSet<>();
    for (Doc d : docs) {
      if (cut.keeps(d.key, d.id)) {
        kept.add(d.id);
      }
    }
    return kept;
  }

  /** The reference: sort by key descending then id, keep while the units fit. */
  static Set<String> keptBySort(List<Doc> docs, long target) {
    List<Doc> sorted = new ArrayList<>(docs);
    sorted.sort(Comparator.comparingDouble((Doc d) -> -d.key).thenComparing(Doc::id));
    Set<String> kept = new HashSet<>();
    long cum = 0;
    for (Doc d : sorted) {
      if (cum + d.units > target) {
        break;
      }
      cum += d.units;
      kept.add(d.id);
    }
    return kept;
  }

  @Test
  void matchesASortForDocumentsAndTokensWithTiesAndSmallCollectLimits() {
    Random rnd = new Random(7);
    for (int trial = 0; trial < 300; trial++) {
      int n = 1 + rnd.nextInt(3000);
      boolean ties = rnd.nextBoolean();
      boolean tokens = rnd.nextBoolean();
      List<Doc> docs = new ArrayList<>();
      long total = 0;
      for (int i = 0; i < n; i++) {
        double key = ties ? rnd.nextInt(20) : rnd.nextGaussian() * Math.pow(10, rnd.nextInt(6) - 3);
        long units = tokens ? 1 + rnd.nextInt(500) : 1;
        docs.add(new Doc(String.format("d%05d", rnd.nextInt(100_000)) + "-" + i, key, units));
        total += units;
      }
      long target = 1 + (long) (rnd.nextDouble() * (total - 1));
      long limit = 1 + rnd.nextInt(50);
      assertEquals(keptBySort(docs, target), keptBySearch(docs, target, limit), "trial " + trial);
    }
  }

  @Test
  void aHugeSkewedRangeStillNarrowsToTheCut() {
    List<Doc> docs = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      docs.add(new Doc("d" + i, i == 0 ? 1e12 : Math.log(1 + i), 1));
    }
    assertEquals(keptBySort(docs, 1234), keptBySearch(docs, 1234, 16));
  }
}
