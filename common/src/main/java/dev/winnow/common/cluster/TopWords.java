package dev.winnow.common.cluster;

import dev.winnow.common.text.WordPunct;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A cluster's characteristic words (the cluster summaries' {@code top_words}): hashed n-gram
 * buckets cannot be inverted, so a sample of each cluster's texts is re-tokenized into
 * {@link #words} and the words ranked by {@link #rank}.
 */
public final class TopWords {
  private TopWords() {}

  /** The lower-cased WordPunct word tokens of {@code text} of three or more letters, in order. */
  public static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    String s = text.toLowerCase(Locale.ROOT);
    int i = 0;
    int n = s.length();
    while (i < n) {
      int start = i;
      while (i < n && WordPunct.classify(s.charAt(i)) == WordPunct.WORD) {
        i++;
      }
      if (i - start >= 3 && s.substring(start, i).chars().allMatch(Character::isLetter)) {
        out.add(s.substring(start, i));
      }
      if (i == start) {
        i++;
      }
    }
    return out;
  }

  /**
   * The {@code n} words of a cluster that are frequent and distinctive: ranked by count in the
   * cluster x log(frequency in the cluster / frequency in all the clusters' samples), ties by
   * the word. {@code all} holds the counts over every cluster (each word of {@code cluster}
   * among them).
   */
  public static List<String> rank(Map<String, Long> cluster, Map<String, Long> all, int n) {
    long inCluster = cluster.values().stream().mapToLong(Long::longValue).sum();
    long total = all.values().stream().mapToLong(Long::longValue).sum();
    return cluster.entrySet().stream()
        .sorted(Comparator.comparingDouble((Map.Entry<String, Long> w) -> -w.getValue()
            * (Math.log(w.getValue() / (double) inCluster) - Math.log(all.get(w.getKey()) / (double) total)))
            .thenComparing(Map.Entry::getKey))
        .limit(n).map(Map.Entry::getKey).toList();
  }
}
