package dev.winnow.jobs.featurize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winnow.jobs.io.InputFile;
import dev.winnow.jobs.io.StagedOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resume inside featurize. The task groups are cut into checkpoints of about
 * {@code featurize.checkpoint_bytes} of input, featurized one Spark job each; a checkpoint's
 * output (feature files, quarantine, tally, id-hash and n-gram count files) is written to a
 * folder of its own and then committed into the stage's resumable staging
 * ({@link StagedOutput#resumable}):
 * <ol>
 * <li>a record {@code _checkpoints/checkpoint-NNNNN.json} listing every file's move is written
 *     (to a temporary name, then renamed: it exists whole or not at all);</li>
 * <li>the files are moved to their places in the staged features, quarantine and side files.</li>
 * </ol>
 * A rerun with the same fingerprint reads the plan (the checkpoints and their task groups, as
 * the first run cut them, whatever the current parallelism), completes the moves of every
 * recorded checkpoint (a run killed between the record and the last move leaves some undone),
 * and featurizes only the checkpoints without a record; the partial output of a checkpoint that
 * was running is thrown away. Task and file names carry the task group's index in the whole
 * plan, and Spark's feature file names a job id of their own, so checkpoints never collide.
 */
final class FeaturizeCheckpoints {
  private static final Logger LOG = LoggerFactory.getLogger(FeaturizeCheckpoints.class);
  private static final String PLAN = "_plan";
  private static final String RECORDS = "_checkpoints";
  private static final String RUNNING = "_running";

  private final FileSystem fs;
  private final Path root;
  private final List<List<List<InputFile>>> plan;
  private final int resumed;

  private FeaturizeCheckpoints(FileSystem fs, Path root, List<List<List<InputFile>>> plan, int resumed) {
    this.fs = fs;
    this.root = root;
    this.plan = plan;
    this.resumed = resumed;
  }

  /** Makes the plan for a fresh staging. */
  interface Planner {
    List<List<InputFile>> groups() throws IOException;
  }

  /**
   * The checkpoints of the staging {@code out}: the plan found there, or a new one cutting the
   * groups {@code planner} makes into checkpoints of about {@code checkpointBytes}. Without a
   * readable plan whatever the staging holds is removed first (a run that gave up resuming, or a
   * plan written by another version of Winnow).
   */
  static FeaturizeCheckpoints open(StagedOutput out, Planner planner, long checkpointBytes) throws IOException {
    FileSystem fs = out.fs();
    Path root = out.root();
    List<List<List<InputFile>>> plan = readPlan(fs, new Path(root, PLAN));
    if (plan == null) {
      for (FileStatus st : fs.listStatus(root)) {
        if (!st.getPath().getName().equals(StagedOutput.FINGERPRINT_FILE)) {
          fs.delete(st.getPath(), true);
        }
      }
      plan = cut(planner.groups(), checkpointBytes);
      writePlan(fs, new Path(root, PLAN), plan);
    }
    int done = 0;
    for (int c = 0; c < plan.size(); c++) {
      if (fs.exists(record(root, c))) {
        done++;
      }
    }
    return new FeaturizeCheckpoints(fs, root, plan, done);
  }

  /** Consecutive groups of about {@code bytes} input bytes each (at least one group). */
  static List<List<List<InputFile>>> cut(List<List<InputFile>> groups, long bytes) {
    List<List<List<InputFile>>> plan = new ArrayList<>();
    List<List<InputFile>> current = new ArrayList<>();
    long size = 0;
    for (List<InputFile> g : groups) {
      long b = g.stream().mapToLong(InputFile::taskBytes).sum();
      if (!current.isEmpty() && size + b > bytes) {
        plan.add(current);
        current = new ArrayList<>();
        size = 0;
      }
      current.add(g);
      size += b;
    }
    if (!current.isEmpty() || plan.isEmpty()) {
      plan.add(current);
    }
    return plan;
  }

  int size() {
    return plan.size();
  }

  /** How many checkpoints an earlier run had finished when this one began. */
  int resumed() {
    return resumed;
  }

  /** Every task group of the plan, in order: a group's index here names its files. */
  List<List<InputFile>> groups() {
    List<List<InputFile>> all = new ArrayList<>();
    plan.forEach(all::addAll);
    return all;
  }

  List<List<InputFile>> groups(int checkpoint) {
    return plan.get(checkpoint);
  }

  /** The index of checkpoint {@code c}'s first group in {@link #groups()}. */
  int firstGroup(int c) {
    int n = 0;
    for (int i = 0; i < c; i++) {
      n += plan.get(i).size();
    }
    return n;
  }

  /**
   * Whether checkpoint {@code c} is done: its record exists; the moves it lists are completed
   * here (those a killed run did not make).
   */
  boolean done(int c) throws IOException {
    Path rec = record(root, c);
    if (!fs.exists(rec)) {
      return false;
    }
    JsonNode moves;
    try (InputStream in = fs.open(rec)) {
      moves = FeaturizeFiles.JSON.readTree(in).get("moves");
    }
    for (JsonNode m : moves) {
      move(new Path(m.get(0).asText()), new Path(m.get(1).asText()));
    }
    return true;
  }

  /** An empty folder for checkpoint {@code c}'s output (a killed run's partial output removed). */
  Path begin(int c) throws IOException {
    Path dir = new Path(new Path(root, RUNNING), String.format("checkpoint-%05d", c));
    fs.delete(dir, true);
    fs.mkdirs(dir);
    return dir;
  }

  /**
   * Commits checkpoint {@code c}: the {@code part-} files of each folder {@code from/<name>} into
   * the folder {@code into} maps the name to, recorded and then moved.
   */
  void commit(int c, Path from, Map<String, Path> into) throws IOException {
    ObjectNode record = FeaturizeFiles.JSON.createObjectNode();
    ArrayNode moves = record.putArray("moves");
    for (Map.Entry<String, Path> e : new java.util.TreeMap<>(into).entrySet()) {
      Path dir = new Path(from, e.getKey());
      Path dest = e.getValue();
      for (FileStatus st : fs.listStatus(dir)) {
        String name = st.getPath().getName();
        if (st.isFile() && name.startsWith("part-")) {
          moves.addArray().add(st.getPath().toString()).add(new Path(dest, name).toString());
        }
      }
    }
    Path rec = record(root, c);
    Path tmp = new Path(rec.getParent(), "." + rec.getName() + ".tmp");
    fs.mkdirs(rec.getParent());
    try (OutputStream out = fs.create(tmp, true)) {
      FeaturizeFiles.JSON.writeValue(out, record);
    }
    if (!fs.rename(tmp, rec)) {
      throw new IOException("cannot record checkpoint " + c + " at " + rec);
    }
    done(c);
    fs.delete(from, true);
    LOG.info("featurize: checkpoint {} of {} committed ({} files)", c + 1, plan.size(), moves.size());
  }

  /**
   * Gives up resuming: the staged output is about to be rewritten as a whole (duplicate ids,
   * corrupt streams), after which the records no longer describe it; a rerun starts afresh.
   */
  void invalidate() throws IOException {
    fs.delete(new Path(root, PLAN), false);
  }

  /** A move that may have been made already (by the run that wrote the record). */
  private void move(Path from, Path to) throws IOException {
    if (fs.exists(from)) {
      fs.mkdirs(to.getParent());
      if (!fs.rename(from, to)) {
        throw new IOException("cannot move " + from + " to " + to);
      }
    } else if (!fs.exists(to)) {
      throw new IOException("checkpoint file " + from + " is gone and was never moved to " + to);
    }
  }

  private static Path record(Path root, int c) {
    return new Path(new Path(root, RECORDS), String.format("checkpoint-%05d.json", c));
  }

  @SuppressWarnings("unchecked")
  private static List<List<List<InputFile>>> readPlan(FileSystem fs, Path file) {
    try (ObjectInputStream in = new ObjectInputStream(fs.open(file))) {
      return (List<List<List<InputFile>>>) in.readObject();
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      return null; // none, or unreadable (another version of Winnow): start afresh
    }
  }

  private static void writePlan(FileSystem fs, Path file, List<List<List<InputFile>>> plan) throws IOException {
    Path tmp = new Path(file.getParent(), "." + file.getName() + ".tmp");
    try (ObjectOutputStream out = new ObjectOutputStream(fs.create(tmp, true))) {
      out.writeObject(new ArrayList<>(plan));
    }
    if (!fs.rename(tmp, file)) {
      throw new IOException("cannot write the featurize plan " + file);
    }
  }
}
