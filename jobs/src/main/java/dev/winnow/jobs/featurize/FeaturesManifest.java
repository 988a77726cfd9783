package dev.winnow.jobs.featurize;

import dev.winnow.common.input.FileTally;
import dev.winnow.common.input.RejectReason;
import dev.winnow.jobs.io.InputFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The featurize stage's part of its manifest ({@link dev.winnow.jobs.io.StageManifest}): the
 * corpus, what the features hold, every input file's tally and their totals, the inputs'
 * digest, and where the features and the quarantine are.
 */
public record FeaturesManifest(String corpus, Computed computed, List<Input> inputs, Totals totals, String inputDigest,
    String workDir, String features, String quarantine) {

  /**
   * What the features hold besides the n-grams (docs/FEATURIZE.md); the tokenizer that counted
   * n_tokens_model; whether some documents' text was left in their input files, to be read back
   * by byte offset ({@code featurize.store_text = auto}).
   */
  public record Computed(boolean qualitySignals, boolean minhash, boolean language, String tokenizer,
      boolean textReadBack) {}

  /**
   * One input file's tally: records read, documents written, records quarantined (by reason),
   * blank lines skipped; and, in the manifest, the file's size, modification time and format. A
   * featurize task writes the tally of each file (or range of one) it read as the same record,
   * without the last three.
   */
  public record Input(String file, long records, long docs, long quarantined, long blankLines,
      Map<String, Long> rejected, Long bytes, Long modified, String format) {

    /** A task's tally of {@code file} (or of its range). */
    static Input of(String file, FileTally t) {
      Map<String, Long> rejected = new LinkedHashMap<>();
      t.rejected().forEach((reason, n) -> rejected.put(reason.code(), n));
      return new Input(file, t.records(), t.docs(), t.rejectedTotal(), t.blankLines(), rejected, null, null, null);
    }

    /** The tally of a file read in ranges by several tasks: the sum of its ranges'. */
    Input plus(Input o) {
      Map<String, Long> sum = new LinkedHashMap<>(rejected);
      o.rejected.forEach((reason, n) -> sum.merge(reason, n, Long::sum));
      return new Input(file, records + o.records, docs + o.docs, quarantined + o.quarantined,
          blankLines + o.blankLines, sum, bytes, modified, format);
    }

    /** {@code n} of the file's documents moved to the quarantine as {@code reason}. */
    Input quarantine(RejectReason reason, long n) {
      Map<String, Long> moved = new LinkedHashMap<>(rejected);
      moved.merge(reason.code(), n, Long::sum);
      return new Input(file, records, docs - n, quarantined + n, blankLines, moved, bytes, modified, format);
    }

    /** The tally with the file's size, modification time and format, as the manifest lists it. */
    Input describing(InputFile f) {
      return new Input(file, records, docs, quarantined, blankLines, rejected, f.length, f.modified,
          f.format.configName());
    }
  }

  /**
   * The inputs' tallies summed, with the files, tasks and checkpoints of the run (and how many of
   * those an earlier run had done), the input bytes, and the records quarantined as repeated ids.
   */
  public record Totals(long records, long docs, long quarantined, long blankLines, Map<String, Long> rejected,
      int files, int tasks, int checkpoints, int checkpointsResumed, long inputBytes, long duplicateIds) {}

  /** The totals of {@code inputs} with the run's other figures. */
  static Totals totals(List<Input> inputs, int tasks, int checkpoints, int checkpointsResumed, long inputBytes,
      long duplicateIds) {
    Input sum = new Input(null, 0, 0, 0, 0, new LinkedHashMap<>(), null, null, null);
    for (Input i : inputs) {
      sum = sum.plus(i);
    }
    return new Totals(sum.records, sum.docs, sum.quarantined, sum.blankLines, sum.rejected, inputs.size(), tasks,
        checkpoints, checkpointsResumed, inputBytes, duplicateIds);
  }
}
