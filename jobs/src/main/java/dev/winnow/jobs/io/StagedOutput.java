package dev.winnow.jobs.io;

import dev.winnow.common.config.ConfigException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A stage's outputs, written under {@code <work>/_staging/<stage>-<run id>/} and published to
 * their final places by rename only once complete and verified. A run that dies before
 * {@link #publish()} leaves the previously published output untouched; its staging folder is
 * never published (a new run uses a new run id) and is removed by {@link #abandon}.
 *
 * <p>Publishing several folders is one rename each, in the order given; the stage's manifest
 * lives in the last one, so a reader that finds the manifest finds everything before it.
 */
public final class StagedOutput {
  private final FileSystem fs;
  private final Path work;
  private final Path root;
  private final String runId;
  private final Map<String, Path> targets = new LinkedHashMap<>();

  /** Whether the staging outlives a failed or killed run ({@link #resumable}). */
  private final boolean keep;

  private StagedOutput(FileSystem fs, Path work, Path root, String runId, boolean keep) {
    this.fs = fs;
    this.work = work;
    this.root = root;
    this.runId = runId;
    this.keep = keep;
  }

  public static StagedOutput begin(String workDir, String stage, Configuration conf) throws IOException {
    Path work = new Path(workDir);
    FileSystem fs = work.getFileSystem(conf);
    work = fs.makeQualified(work);
    String runId = stage + "-" + UUID.randomUUID();
    Path root = new Path(new Path(work, "_staging"), runId);
    if (!fs.mkdirs(root)) {
      throw new IOException("cannot create staging folder " + root);
    }
    return new StagedOutput(fs, work, root, runId, false);
  }

  /** The folder under the work directory that holds the resumable stagings. */
  private static final String RESUME = "_resume";
  /** The file of a resumable staging that holds the fingerprint it was staged for. */
  public static final String FINGERPRINT_FILE = "_FINGERPRINT";

  /**
   * A stage's outputs staged under {@code <work>/_resume/<stage>/}, which a failed or killed run
   * leaves in place (the next run's lock removes {@code _staging}, not this), so that a rerun
   * whose fingerprint is {@code fingerprint} finds the work done so far (the stage decides what
   * of it is complete); staging left by a run with another fingerprint is removed first.
   * Publishing removes it like any staging.
   */
  public static StagedOutput resumable(String workDir, String stage, String fingerprint, Configuration conf)
      throws IOException {
    Path work = new Path(workDir);
    FileSystem fs = work.getFileSystem(conf);
    work = fs.makeQualified(work);
    Path root = new Path(new Path(work, RESUME), stage);
    Path stamp = new Path(root, FINGERPRINT_FILE);
    if (fs.exists(root) && !(fs.exists(stamp) && fingerprint.equals(readText(fs, stamp)))) {
      fs.delete(root, true);
    }
    if (!fs.exists(stamp)) {
      if (!fs.mkdirs(root)) {
        throw new IOException("cannot create staging folder " + root);
      }
      try (java.io.OutputStream out = fs.create(stamp, true)) {
        out.write(fingerprint.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return new StagedOutput(fs, work, root, stage + "-" + UUID.randomUUID(), true);
  }

  private static String readText(FileSystem fs, Path file) throws IOException {
    try (java.io.InputStream in = fs.open(file)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** The staging folder itself (a resumable stage keeps its own records in it). */
  public Path root() {
    return root;
  }

  /** The staging folder of output {@code name}, published to {@code <work>/<target>}. */
  public Path folder(String name, String target) throws IOException {
    return folder(name, target, null);
  }

  /**
   * The staging folder of output {@code name}, published to {@code <work>/<target>}, where
   * {@code ownerTarget} (or null) is the output whose manifest names this one when it has none
   * of its own (a quarantine). An existing target that Winnow did not write (no manifest, and
   * not named by its owner's) is refused before any work, as a config error: publishing would
   * delete a user's files.
   */
  public Path folder(String name, String target, String ownerTarget) throws IOException {
    Path t = new Path(work, target);
    if (fs.exists(t) && !fs.exists(new Path(t, StageManifest.FILE))
        && !(ownerTarget != null && namedBy(new Path(work, ownerTarget), t))) {
      throw new ConfigException("work.dir already holds " + t + ", which Winnow did not write (it has no "
          + StageManifest.FILE + "): publishing would replace it; move it away or choose another work.dir");
    }
    targets.put(name, t);
    return new Path(root, name);
  }

  /** Whether the published manifest in {@code owner} names {@code target} as one of its outputs. */
  private boolean namedBy(Path owner, Path target) throws IOException {
    if (!fs.exists(new Path(owner, StageManifest.FILE))) {
      return false;
    }
    String wanted = fs.makeQualified(target).toString();
    for (com.fasterxml.jackson.databind.JsonNode v : StageManifest.readTree(fs, owner)) {
      if (v.isTextual() && v.asText().equals(wanted)) {
        return true;
      }
    }
    return false;
  }

  /** A scratch folder inside staging that is never published. */
  public Path scratch(String name) {
    return new Path(root, "_" + name);
  }

  public FileSystem fs() {
    return fs;
  }

  public Path work() {
    return work;
  }

  /** Where output {@code name} will be after {@link #publish}. */
  public Path target(String name) {
    return targets.get(name);
  }

  /**
   * Moves every staged folder to its target, replacing what was there, if this run still holds
   * the work directory's lock; on a failure the replaced folders are put back and the error names
   * the folder and the storage's reason.
   */
  public void publish() throws IOException {
    WorkDirLock.verifyHeld(work);
    Path trash = new Path(new Path(work, "_trash"), runId);
    List<Path[]> done = new ArrayList<>();
    boolean stranded = false; // a previous folder that could not be put back stays in the trash
    try {
      for (Map.Entry<String, Path> e : targets.entrySet()) {
        Path staged = new Path(root, e.getKey());
        Path target = e.getValue();
        if (!fs.exists(staged)) {
          throw new IOException("nothing staged for " + target + " (expected " + staged + ")");
        }
        fs.mkdirs(target.getParent());
        Path old = null;
        if (fs.exists(target)) {
          old = new Path(trash, e.getKey());
          fs.mkdirs(old.getParent());
          move(target, old, "cannot move the previous " + target + " aside to " + old);
        }
        try {
          move(staged, target, "cannot publish " + staged + " to " + target);
        } catch (IOException failed) {
          if (old != null && !restore(old, target)) {
            stranded = true;
            throw new IOException(failed.getMessage() + "; the previous " + target + " could not be put back "
                + "and is kept at " + old, failed);
          }
          throw failed;
        }
        done.add(new Path[] {target, old});
      }
    } catch (IOException e) {
      if (rollBack(done) && !stranded) {
        deleteQuietly(trash); // empty: every previous folder is back in place
      }
      throw e;
    }
    fs.delete(trash, true);
    fs.delete(root, true);
    deleteIfEmpty(trash.getParent());
    deleteIfEmpty(root.getParent());
  }

  /** A rename that fails loudly, whether the file system returns false or throws. */
  private void move(Path from, Path to, String what) throws IOException {
    boolean moved;
    try {
      moved = fs.rename(from, to);
    } catch (IOException e) {
      throw new IOException(what + ": " + e.getMessage(), e);
    }
    if (!moved) {
      throw new IOException(what + " (the file system refused the rename)");
    }
  }

  /** Puts the published folders back as they were; false when one could not be restored. */
  private boolean rollBack(List<Path[]> done) {
    boolean all = true;
    for (int i = done.size() - 1; i >= 0; i--) {
      Path target = done.get(i)[0];
      Path old = done.get(i)[1];
      try {
        fs.delete(target, true);
      } catch (IOException ignored) {
        // restoring the previous folder below is what matters
      }
      if (old != null) {
        all &= restore(old, target);
      }
    }
    return all;
  }

  /** Moves a previous folder back from the trash; false (and it stays there) when that fails. */
  private boolean restore(Path old, Path target) {
    try {
      return fs.rename(old, target);
    } catch (IOException e) {
      return false;
    }
  }

  /** Removes {@code dir} and its parent when that is left empty; errors are not reported (best effort). */
  private void deleteQuietly(Path dir) {
    try {
      fs.delete(dir, true);
      deleteIfEmpty(dir.getParent());
    } catch (IOException ignored) {
      // a leftover is never published or read, and the next run's lock removes it
    }
  }

  /**
   * Deletes the staging and trash folders left under {@code workDir} by runs that died before
   * publishing; call only while holding the work directory's lock, when no live run owns them.
   */
  public static void removeStale(String workDir, Configuration conf) throws IOException {
    Path work = new Path(workDir);
    FileSystem fs = work.getFileSystem(conf);
    for (String name : new String[] {"_staging", "_trash"}) {
      Path p = new Path(work, name);
      if (fs.exists(p)) {
        fs.delete(p, true);
      }
    }
  }

  /** Removes this run's staging folder after a failure, unless it is {@link #resumable}. */
  public void abandon() {
    if (!keep) {
      deleteQuietly(root);
    }
  }

  private void deleteIfEmpty(Path dir) throws IOException {
    if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
      fs.delete(dir, false);
    }
  }
}
