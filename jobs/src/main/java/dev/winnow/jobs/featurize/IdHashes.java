package dev.winnow.jobs.featurize;

import dev.winnow.common.hash.Hash64;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The doc_id check without a Spark job: each featurize task writes the 64-bit hashes of the ids
 * it read, sorted, into a side file of its own ({@code part-NNNNN.ids}: big-endian longs), and
 * the driver merges the tasks' files to see whether any hash appears twice, holding one buffered
 * stream a file, not the hashes (up to {@link #MERGE_MAX_FILES} tasks and {@link #DRIVER_MAX}
 * documents; past them featurize aggregates the hashes in Spark). Only when one does are the ids themselves compared (a Spark
 * job over the written features), so two ids that merely share a hash are never taken for one.
 */
final class IdHashes {
  static final String EXT = "ids";
  /**
   * Up to this many documents the driver merges the hashes (8 bytes a document, about half a
   * GiB at the limit); past it a Spark aggregation of the written ids shares the work out.
   */
  static final long DRIVER_MAX = 1L << 26;
  /**
   * The merge holds every task's file open at once (a 16 KiB buffer each): past this many tasks
   * the Spark aggregation does the check instead, within the driver's file handles and memory.
   */
  static final int MERGE_MAX_FILES = 512;

  private IdHashes() {}

  /** The hash of one id: xxHash64 of its UTF-8 bytes. */
  static long of(String id) {
    byte[] b = id.getBytes(StandardCharsets.UTF_8);
    return Hash64.xx(b, 0, b.length);
  }

  /** A task's hashes, collected as its documents go by and written sorted when it ends. */
  static final class Collector {
    private long[] hashes = new long[1024];
    private int n;

    void add(String id) {
      if (n == hashes.length) {
        hashes = Arrays.copyOf(hashes, n * 2);
      }
      hashes[n++] = of(id);
    }

    void write(OutputStream out) throws IOException {
      Arrays.sort(hashes, 0, n);
      DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
      for (int i = 0; i < n; i++) {
        data.writeLong(hashes[i]);
      }
      data.flush();
    }
  }

  /** One file's next hash in the merge. */
  private static final class Head {
    final DataInputStream in;
    final Path file;
    long left;
    long value;
    boolean started;

    Head(DataInputStream in, Path file, long count) {
      this.in = in;
      this.file = file;
      this.left = count;
    }

    boolean advance() throws IOException {
      if (left == 0) {
        return false;
      }
      long next;
      try {
        next = in.readLong();
      } catch (EOFException e) {
        throw new IOException("featurize id hashes " + file + " end early: rerun featurize", e);
      }
      if (started && next < value) {
        throw new IOException("featurize id hashes " + file + " are not sorted: rerun featurize");
      }
      started = true;
      value = next;
      left--;
      return true;
    }
  }

  /**
   * Whether any hash appears twice in {@code files}, each of them sorted: a k-way merge that
   * stops at the first repeat.
   */
  static boolean anyRepeated(FileSystem fs, List<Path> files) throws IOException {
    PriorityQueue<Head> heads = new PriorityQueue<>(Math.max(1, files.size()),
        (a, b) -> Long.compare(a.value, b.value));
    try {
      for (Path f : files) {
        long length = fs.getFileStatus(f).getLen();
        if (length % Long.BYTES != 0) {
          throw new IOException("featurize id hashes " + f + " hold " + length
              + " bytes, not a whole number of hashes: rerun featurize");
        }
        Head h = new Head(new DataInputStream(new BufferedInputStream(fs.open(f), 1 << 14)), f, length / Long.BYTES);
        if (h.advance()) {
          heads.add(h);
        } else {
          h.in.close();
        }
      }
      boolean first = true;
      long previous = 0;
      while (!heads.isEmpty()) {
        Head h = heads.poll();
        if (!first && h.value == previous) {
          return true;
        }
        first = false;
        previous = h.value;
        if (h.advance()) {
          heads.add(h);
        } else {
          h.in.close();
        }
      }
      return false;
    } finally {
      for (Head h : heads) {
        h.in.close();
      }
    }
  }
}
