package dev.winnow.common.dedup;

import java.util.Arrays;

/**
 * Disjoint groups of the elements 0, 1, 2, ... (added one at a time or all at once), joined by
 * {@link #union}: a union links the larger of the two roots under the smaller, so every group's
 * root is its smallest element. Callers that number their items in the order they want the
 * representative chosen by (doc ids sorted, documents nearest the center first) get that
 * representative as the root. Finds halve the path as they go.
 */
public final class UnionFind {
  private int[] parent;
  private int size;

  /** Room for {@code capacity} elements, none added yet. */
  public UnionFind(int capacity) {
    parent = new int[Math.max(1, capacity)];
  }

  /** The elements 0 .. n-1, each its own group. */
  public static UnionFind of(int n) {
    UnionFind u = new UnionFind(n);
    for (int i = 0; i < n; i++) {
      u.add();
    }
    return u;
  }

  /** Adds the next element as a group of its own; returns it. */
  public int add() {
    if (size == parent.length) {
      parent = Arrays.copyOf(parent, 2 * parent.length);
    }
    parent[size] = size;
    return size++;
  }

  /** How many elements were added since the start or the last {@link #clear}. */
  public int size() {
    return size;
  }

  /** The root of {@code i}'s group: its smallest element. */
  public int find(int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  /** Joins the groups of {@code a} and {@code b} under the smaller of their roots. */
  public void union(int a, int b) {
    int ra = find(a);
    int rb = find(b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }

  /** Forgets every element (the room stays). */
  public void clear() {
    size = 0;
  }
}
