package dev.winnow.common.importance;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;

/**
 * Summed hashed n-gram counts of a corpus (a bag-of-n-grams model before normalisation).
 * Mergeable, so that Spark can tree-aggregate it: only this small vector, never anything per
 * document, reaches the driver.
 */
public final class NgramCounts implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The first field of the file {@link #write} writes: its format and version. */
  public static final String FORMAT = "winnow-ngram-counts/1";
  private final long[] counts;
  private long docs;

  public NgramCounts(int buckets) {
    this.counts = new long[buckets];
  }

  /** Adds one document's sparse counts. */
  public NgramCounts add(int[] idx, int[] cnt) {
    for (int i = 0; i < idx.length; i++) {
      counts[idx[i]] += cnt[i];
    }
    docs++;
    return this;
  }

  /** Adds another corpus part's counts into this one. */
  public NgramCounts merge(NgramCounts other) {
    if (other.counts.length != counts.length) {
      throw new IllegalArgumentException("cannot merge counts of " + other.counts.length + " and " + counts.length
          + " buckets");
    }
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    docs += other.docs;
    return this;
  }

  /** Takes another corpus part's counts, all of them within this one's, out of this one. */
  public NgramCounts subtract(NgramCounts part) {
    if (part.counts.length != counts.length) {
      throw new IllegalArgumentException("cannot subtract counts of " + part.counts.length + " from "
          + counts.length + " buckets");
    }
    for (int i = 0; i < counts.length; i++) {
      if (part.counts[i] > counts[i]) {
        throw new IllegalArgumentException("bucket " + i + " holds " + counts[i] + ", fewer than the "
            + part.counts[i] + " to subtract");
      }
      counts[i] -= part.counts[i];
    }
    if (part.docs > docs) {
      throw new IllegalArgumentException(docs + " documents, fewer than the " + part.docs + " to subtract");
    }
    docs -= part.docs;
    return this;
  }

  public int buckets() {
    return counts.length;
  }

  public long docs() {
    return docs;
  }

  /** Sum of all counts: the number of n-gram occurrences. */
  public long total() {
    long t = 0;
    for (long c : counts) {
      t += c;
    }
    return t;
  }

  public long count(int bucket) {
    return counts[bucket];
  }

  /**
   * Probabilities {@code (c + pseudoCount) / (total + pseudoCount * buckets)}: Laplace
   * smoothing with the given pseudo-count (0: plain frequencies, as the DSIR reference).
   */
  public double[] probabilities(double pseudoCount) {
    double denom = total() + pseudoCount * counts.length;
    double[] p = new double[counts.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = (counts[i] + pseudoCount) / denom;
    }
    return p;
  }

  /**
   * Writes the counts as a small binary file (big-endian): {@link #FORMAT} (Java's modified
   * UTF-8), the buckets (int), the documents (long), how many buckets are not zero (int), then
   * each of those as its bucket (int, ascending) and count (long). Closes {@code out}.
   */
  public void write(OutputStream out) throws IOException {
    try (DataOutputStream d = new DataOutputStream(new BufferedOutputStream(out, 64 * 1024))) {
      d.writeUTF(FORMAT);
      d.writeInt(counts.length);
      d.writeLong(docs);
      int nonZero = 0;
      for (long c : counts) {
        nonZero += c != 0 ? 1 : 0;
      }
      d.writeInt(nonZero);
      for (int b = 0; b < counts.length; b++) {
        if (counts[b] != 0) {
          d.writeInt(b);
          d.writeLong(counts[b]);
        }
      }
    }
  }

  /**
   * Reads what {@link #write} wrote, expecting {@code buckets} buckets; every inconsistency is an
   * IOException that names {@code where} and says what is wrong. Closes {@code in}.
   */
  public static NgramCounts read(InputStream in, int buckets, String where) throws IOException {
    try (DataInputStream d = new DataInputStream(new BufferedInputStream(in, 64 * 1024))) {
      String format;
      try {
        format = d.readUTF();
      } catch (IOException e) { // too short for the length it begins with, or not modified UTF-8
        format = null;
      }
      if (!FORMAT.equals(format)) {
        throw new IOException(where + " is not a file of n-gram counts (" + FORMAT + ")");
      }
      int n = d.readInt();
      if (n != buckets) {
        throw new IOException(where + " holds counts of " + n + " buckets where " + buckets + " were expected");
      }
      NgramCounts c = new NgramCounts(buckets);
      c.docs = d.readLong();
      int nonZero = d.readInt();
      if (c.docs < 0 || nonZero < 0 || nonZero > buckets) {
        throw new IOException(where + " is damaged: " + c.docs + " documents, " + nonZero + " buckets in use");
      }
      int last = -1;
      for (int i = 0; i < nonZero; i++) {
        int b = d.readInt();
        long count = d.readLong();
        if (b <= last || b >= buckets || count <= 0) {
          throw new IOException(where + " is damaged: entry " + i + " is bucket " + b + " with count " + count
              + " (buckets ascending below " + buckets + ", counts above 0)");
        }
        c.counts[b] = count;
        last = b;
      }
      if (d.read() != -1) {
        throw new IOException(where + " is longer than its " + nonZero + " entries");
      }
      return c;
    } catch (EOFException e) {
      throw new IOException(where + " ends before its last entry (cut short?)", e);
    }
  }
}
