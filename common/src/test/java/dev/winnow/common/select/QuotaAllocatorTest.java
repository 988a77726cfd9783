package dev.winnow.common.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.common.select.QuotaAllocator.Cluster;
import dev.winnow.common.select.QuotaAllocator.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuotaAllocatorTest {
  static List<Cluster> clusters(long... available) {
    List<Cluster> out = new ArrayList<>();
    for (int i = 0; i < available.length; i++) {
      out.add(new Cluster(i, available[i], 0));
    }
    return out;
  }

  @Test
  void tauOneIsProportionalAndTauZeroUniform() {
    assertArrayEquals(new long[] {10, 30, 60}, QuotaAllocator.allocate(100, clusters(100, 300, 600), 1, 0, 1).quotas);
    assertArrayEquals(new long[] {30, 30, 30}, QuotaAllocator.allocate(90, clusters(100, 300, 600), 0, 0, 1).quotas);
    // tau = 0.5: weights 10, 17.32, 24.49 of 51.81
    assertArrayEquals(new long[] {19, 34, 47}, QuotaAllocator.allocate(100, clusters(100, 300, 600), 0.5, 0, 1).quotas);
  }

  @Test
  void aFullClusterPassesItsShareToTheOthers() {
    // uniform shares of 100 each, but the first cluster holds only 50: the other two split the rest
    assertArrayEquals(new long[] {50, 125, 125}, QuotaAllocator.allocate(300, clusters(50, 300, 600), 0, 0, 1).quotas);
    // two caps bind in turn
    assertArrayEquals(new long[] {10, 20, 570}, QuotaAllocator.allocate(600, clusters(10, 20, 600), 0, 0, 1).quotas);
  }

  @Test
  void remaindersGoToTheLargestFractionsThenTheLowestIndex() {
    assertArrayEquals(new long[] {4, 3, 3}, QuotaAllocator.allocate(10, clusters(50, 50, 50), 1, 0, 1).quotas);
    // 7 x (10/60, 20/60, 30/60) = 1.17, 2.33, 3.5: floors 1, 2, 3 and the one left to the 0.5
    assertArrayEquals(new long[] {1, 2, 4}, QuotaAllocator.allocate(7, clusters(10, 20, 30), 1, 0, 1).quotas);
  }

  @Test
  void aBudgetBeyondTheCapsGivesEverythingAndSaysWhatIsMissing() {
    Result r = QuotaAllocator.allocate(2000, clusters(100, 300, 600), 1, 0, 1);
    assertArrayEquals(new long[] {100, 300, 600}, r.quotas);
    assertEquals(1000, r.shortfall);
    // repetition 2 doubles the caps: the same budget now fits, proportionally
    Result twice = QuotaAllocator.allocate(1500, clusters(100, 300, 600), 1, 0, 2);
    assertArrayEquals(new long[] {150, 450, 900}, twice.quotas);
    assertEquals(0, twice.shortfall);
  }

  @Test
  void tiltLeansTowardsTheMoreImportantClusters() {
    List<Cluster> cs = List.of(new Cluster(0, 1000, 0.0), new Cluster(1, 1000, -1.0));
    // weights 1 and e^-1: 100 / 1.3679 = 73.1 and 26.9
    assertArrayEquals(new long[] {73, 27}, QuotaAllocator.allocate(100, cs, 1, 1, 1).quotas);
    assertArrayEquals(new long[] {50, 50}, QuotaAllocator.allocate(100, cs, 1, 0, 1).quotas);
  }

  static List<Cluster> shares(long[] available, double... share) {
    List<Cluster> out = new ArrayList<>();
    for (int i = 0; i < available.length; i++) {
      out.add(Cluster.withShare(i, available[i], share[i]));
    }
    return out;
  }

  @Test
  void targetSharesAreFollowedAtTauOneUniformAtZeroAndFlattenedBetween() {
    long[] room = {100, 100, 100};
    assertArrayEquals(new long[] {70, 20, 10}, QuotaAllocator.allocate(100, shares(room, 0.7, 0.2, 0.1), 1, 0, 1)
        .quotas);
    assertArrayEquals(new long[] {34, 33, 33}, QuotaAllocator.allocate(100, shares(room, 0.7, 0.2, 0.1), 0, 0, 1)
        .quotas);
    // tau = 0.5: weights 0.837, 0.447, 0.316 of 1.600: 52.29, 27.95, 19.76
    assertArrayEquals(new long[] {52, 28, 20}, QuotaAllocator.allocate(100, shares(room, 0.7, 0.2, 0.1), 0.5, 0, 1)
        .quotas);
    // the tilt is for size-based weights only: a share already says how target-like a cluster is
    assertArrayEquals(new long[] {70, 20, 10}, QuotaAllocator.allocate(100, shares(room, 0.7, 0.2, 0.1), 1, 3, 1)
        .quotas);
  }

  @Test
  void aTargetLikeClusterWithLittleLeftPassesItsShareOnByShareThenBySize() {
    // the first cluster's 70 do not fit in 30: the other two split the 70 left 2:1
    assertArrayEquals(new long[] {30, 47, 23}, QuotaAllocator.allocate(100, shares(new long[] {30, 100, 100},
        0.7, 0.2, 0.1), 1, 0, 1).quotas);
    // only the first cluster is target-like and holds 30: the other 70 go by size, 100:300
    assertArrayEquals(new long[] {30, 18, 52}, QuotaAllocator.allocate(100, shares(new long[] {30, 100, 300},
        1, 0, 0), 1, 0, 1).quotas);
    // a minimum per cluster first, then the share
    assertArrayEquals(new long[] {20, 5, 5}, QuotaAllocator.allocate(30, shares(new long[] {100, 100, 100},
        1, 0, 0), 1, 0, 1, 5).quotas);
  }

  @Test
  void sharesAndSizesDoNotMixAndSharesStayInZeroToOne() {
    assertThrows(IllegalArgumentException.class, () -> QuotaAllocator.allocate(10,
        List.of(Cluster.withShare(0, 10, 0.5), new Cluster(1, 10, 0)), 1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> Cluster.withShare(0, 10, 1.5));
    assertThrows(IllegalArgumentException.class, () -> Cluster.withShare(0, 10, Double.NaN));
  }

  @Test
  void emptyClustersGetNothing() {
    assertArrayEquals(new long[] {0, 5, 5}, QuotaAllocator.allocate(10, clusters(0, 100, 100), 0, 0, 3).quotas);
  }

  @Test
  void quotasAlwaysSumToTheBudgetOrEverythingAndStayUnderTheCaps() {
    Random rnd = new Random(42);
    for (int trial = 0; trial < 500; trial++) {
      int n = 1 + rnd.nextInt(40);
      List<Cluster> cs = new ArrayList<>();
      boolean withShares = trial % 2 == 1;
      for (int i = 0; i < n; i++) {
        long available = rnd.nextInt(5) == 0 ? 0 : rnd.nextInt(10_000);
        cs.add(withShares ? Cluster.withShare(i, available, rnd.nextInt(3) == 0 ? 0 : rnd.nextDouble())
            : new Cluster(i, available, rnd.nextGaussian() * 3));
      }
      long budget = 1 + rnd.nextInt(100_000);
      double tau = rnd.nextDouble() * 2;
      double tilt = rnd.nextDouble() * 4 - 2;
      double rep = 1 + rnd.nextDouble() * 3;
      Result r = QuotaAllocator.allocate(budget, cs, tau, tilt, rep);
      long caps = 0;
      for (int i = 0; i < n; i++) {
        assertTrue(r.quotas[i] >= 0 && r.quotas[i] <= r.caps[i], "trial " + trial);
        caps += r.caps[i];
      }
      assertEquals(Math.min(budget, caps), r.total(), "trial " + trial);
      assertEquals(Math.max(0, budget - caps), r.shortfall, "trial " + trial);
    }
  }

  @Test
  void aMinimumPerClusterIsSetAsideFirst() {
    // 10 each first (the small cluster has only 5), then 75 shared in proportion to size over what is left
    Result r = QuotaAllocator.allocate(100, clusters(5, 100, 900), 1, 0, 1, 10);
    assertEquals(100, r.total());
    assertEquals(5, r.quotas[0]);
    assertTrue(r.quotas[1] >= 10 && r.quotas[2] > r.quotas[1], java.util.Arrays.toString(r.quotas));
    assertThrows(IllegalArgumentException.class, () -> QuotaAllocator.allocate(15, clusters(50, 50), 1, 0, 1, 10));
  }

  @Test
  void badSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> QuotaAllocator.allocate(0, clusters(10), 1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> QuotaAllocator.allocate(5, clusters(10), -1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> QuotaAllocator.allocate(5, clusters(10), 1, 0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> QuotaAllocator.allocate(5, clusters(10), 1, Double.NaN, 1));
    assertThrows(IllegalArgumentException.class, () -> new Cluster(0, -1, 0));
  }

  @Test
  void aQuotaIsWholeCopiesThenTheTopForTheRest() {
    // max repetition 3: cluster 0 (10 units) may take 30, cluster 1 (100 units) 300; a budget of 55
    QuotaAllocator.Result r = QuotaAllocator.allocate(55, clusters(10, 100), 0, 0, 3);
    assertArrayEquals(new long[] {28, 27}, r.quotas);
    assertEquals(2, r.copies(0, 10)); // 28 = 2 whole copies of 10, and the top 8
    assertEquals(8, r.remainder(0, 10));
    assertEquals(0, r.copies(1, 100)); // 27 of 100: no whole copy, the top 27
    assertEquals(27, r.remainder(1, 100));
    assertEquals(0, r.copies(0, 0)); // a cluster with nothing has no copies
  }

  @Test
  void aClustersScoreCountsInStandardDeviationsOfThePools() {
    assertEquals(1.5, Cluster.withScore(0, 10, 4, 1, 2).meanImportance, 1e-12);
    assertEquals(-0.5, Cluster.withScore(0, 10, 0, 1, 2).meanImportance, 1e-12);
  }
}
