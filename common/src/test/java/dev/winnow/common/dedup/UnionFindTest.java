package dev.winnow.common.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class UnionFindTest {
  @Test
  void everyGroupsRootIsItsSmallestElement() {
    UnionFind u = UnionFind.of(8);
    u.union(5, 3);
    u.union(7, 5);
    u.union(6, 2);
    u.union(7, 6); // {2, 3, 5, 6, 7}
    for (int i : new int[] {2, 3, 5, 6, 7}) {
      assertEquals(2, u.find(i));
    }
    assertEquals(0, u.find(0));
    assertEquals(1, u.find(1));
    assertEquals(4, u.find(4));
  }

  @Test
  void agreesWithLabelPropagationOnRandomGraphs() {
    Random r = new Random(3);
    for (int round = 0; round < 50; round++) {
      int n = 1 + r.nextInt(60);
      UnionFind u = new UnionFind(1); // grows as elements are added
      for (int i = 0; i < n; i++) {
        assertEquals(i, u.add());
      }
      int[][] edges = new int[r.nextInt(2 * n)][];
      for (int e = 0; e < edges.length; e++) {
        edges[e] = new int[] {r.nextInt(n), r.nextInt(n)};
        u.union(edges[e][0], edges[e][1]);
      }
      // the brute force: every node takes the smallest label of its neighbours until nothing moves
      int[] label = new int[n];
      for (int i = 0; i < n; i++) {
        label[i] = i;
      }
      for (boolean moved = true; moved; ) {
        moved = false;
        for (int[] e : edges) {
          int m = Math.min(label[e[0]], label[e[1]]);
          if (label[e[0]] != m || label[e[1]] != m) {
            label[e[0]] = m;
            label[e[1]] = m;
            moved = true;
          }
        }
      }
      for (int i = 0; i < n; i++) {
        assertEquals(label[i], u.find(i), "node " + i + " of " + n);
      }
      u.clear();
      assertEquals(0, u.size());
    }
  }
}
