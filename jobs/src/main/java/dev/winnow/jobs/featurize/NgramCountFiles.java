package dev.winnow.jobs.featurize;

import dev.winnow.common.importance.NgramCounts;
import dev.winnow.common.input.InputException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A corpus's n-gram counts summed as featurize reads it, so that importance fits its model
 * without a pass over the features (docs/FEATURIZE.md, "The n-gram counts"): each featurize task
 * writes its documents' summed counts ({@code part-NNNNN.counts}, {@link NgramCounts#write}),
 * and the driver adds the tasks' files into one, {@value #FILE} in the published features
 * folder, beside the manifest (Spark's readers skip names that begin with an underscore).
 */
public final class NgramCountFiles {
  /** The extension of a task's counts file. */
  static final String EXT = "counts";
  /** The summed counts' file in a features folder. */
  public static final String FILE = "_ngram_counts";
  private static final Logger LOG = LoggerFactory.getLogger(NgramCountFiles.class);

  private NgramCountFiles() {}

  /**
   * Adds the counts files of tasks {@code 0..tasks-1} under {@code countsDir}, takes away
   * {@code removed} (the documents a rewrite of the features took out after the tasks) and
   * writes the result to {@code featuresDir}/{@value #FILE}. Writes nothing when a task's file is
   * missing (a checkpoint committed by a Winnow that wrote none): importance then sums the
   * features itself.
   */
  static void publish(FileSystem fs, Path countsDir, int tasks, NgramCounts removed, Path featuresDir)
      throws IOException {
    int buckets = removed.buckets();
    NgramCounts sum = new NgramCounts(buckets);
    for (int p = 0; p < tasks; p++) {
      Path f = new Path(countsDir, FeaturizeFiles.partName(p, EXT));
      try {
        sum.merge(NgramCounts.read(fs.open(f), buckets, f.toString()));
      } catch (FileNotFoundException e) {
        LOG.warn("featurize: task {} left no n-gram counts ({}), so none are published with the features: "
            + "importance will sum them from the features", p, f);
        return;
      }
    }
    try (OutputStream out = fs.create(new Path(featuresDir, FILE), false)) {
      sum.subtract(removed).write(out);
    }
  }

  /**
   * The summed counts published with the features in {@code featuresDir}, or null when there are
   * none (features of an earlier Winnow). A damaged file is an input error that names it.
   */
  public static NgramCounts read(FileSystem fs, Path featuresDir, int buckets) throws IOException {
    Path f = new Path(featuresDir, FILE);
    try {
      return NgramCounts.read(fs.open(f), buckets, f.toString());
    } catch (FileNotFoundException e) {
      return null;
    } catch (IOException e) {
      throw new InputException(e.getMessage() + "; featurize again to rewrite it (winnow featurize --force)", e);
    }
  }
}
