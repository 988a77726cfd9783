package dev.winnow.jobs.featurize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winnow.common.featurize.FeaturizedRecord;
import dev.winnow.common.featurize.RecordFeaturizer;
import dev.winnow.common.featurize.TextFeatureSpec;
import dev.winnow.common.importance.NgramCounts;
import dev.winnow.common.input.InputRecord;
import dev.winnow.common.input.LineRange;
import dev.winnow.common.input.RecordSource;
import dev.winnow.common.input.RejectReason;
import dev.winnow.common.text.PackedInts;
import dev.winnow.jobs.io.HadoopConf;
import dev.winnow.jobs.io.InputFile;
import dev.winnow.jobs.io.SideOutput;
import dev.winnow.jobs.io.StageManifest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.util.LongAccumulator;

/**
 * The featurize task: reads its group of input files (whole, or a line range of a big one) in
 * order and returns their documents' feature rows. Rejected records go to the partition's
 * quarantine file, every file's tally to the partition's tally file, the hashes of its doc ids to
 * its ids file ({@link IdHashes}) and its documents' n-gram counts summed to its counts file
 * ({@link NgramCounts}, which importance fits on: {@link NgramCountFiles}), all
 * {@link SideOutput}s in the staging folder.
 */
final class FeaturizeFiles implements Function2<Integer, Iterator<List<InputFile>>, Iterator<FeatureRow>> {
  private static final long serialVersionUID = 1L;
  static final ObjectMapper JSON = new ObjectMapper();
  /** The field of a task's tallies file that lists its files' tallies ({@link FeaturesManifest.Input}). */
  static final String TALLIES = "files";

  private final HadoopConf conf;
  private final String quarantineDir;
  private final String talliesDir;
  private final String idsDir;
  private final String countsDir;
  private final String idField;
  private final String textField;
  private final List<String> metaFields;
  private final int maxRecordBytes;
  private final TextFeatureSpec spec;
  /** featurize.store_text = always: every text in the features, none left to read back ({@link #storesText}). */
  private final boolean storeAllText;
  /** The index of this job's first task group in the whole plan: side files are named by plan index. */
  private final int firstGroup;
  /** Records read, counted as they are read: the CLI's progress line shows running tasks' counts too. */
  private final LongAccumulator recordsRead;

  FeaturizeFiles(HadoopConf conf, String quarantineDir, String talliesDir, String idsDir, String countsDir,
      String idField, String textField, List<String> metaFields, int maxRecordBytes, TextFeatureSpec spec,
      boolean storeAllText, int firstGroup, LongAccumulator recordsRead) {
    this.conf = conf;
    this.quarantineDir = quarantineDir;
    this.talliesDir = talliesDir;
    this.idsDir = idsDir;
    this.countsDir = countsDir;
    this.idField = idField;
    this.textField = textField;
    this.metaFields = List.copyOf(metaFields);
    this.maxRecordBytes = maxRecordBytes;
    this.spec = spec;
    this.storeAllText = storeAllText;
    this.firstGroup = firstGroup;
    this.recordsRead = recordsRead;
  }

  /**
   * Whether the features keep the text of {@code file}'s documents: always, unless
   * featurize.store_text is auto and the file is uncompressed JSONL or text lines, whose lines
   * {@link TextReadBack} reads back by byte offset.
   */
  static boolean storesText(boolean storeAllText, InputFile file) {
    return storeAllText || !LineRange.splittable(file.format, file.path);
  }

  static String partName(int partition, String ext) {
    return String.format("part-%05d.%s", partition, ext);
  }

  @Override
  public Iterator<FeatureRow> call(Integer partition, Iterator<List<InputFile>> groups) throws IOException {
    List<InputFile> files = groups.hasNext() ? groups.next() : List.of();
    return new Rows(firstGroup + partition, files);
  }

  /** Pulls records file after file; writes the side outputs when the last file is done. */
  private final class Rows implements Iterator<FeatureRow> {
    private final int partition;
    private final List<InputFile> files;
    private final RecordFeaturizer featurizer = spec.newFeaturizer();
    private final ArrayNode tallies = JSON.createArrayNode();
    private final IdHashes.Collector ids = new IdHashes.Collector();
    private final NgramCounts counts = new NgramCounts(spec.ngrams.buckets);
    private int fileIndex = -1;
    private RecordSource source;
    /** Whether the open file's texts go into the features ({@link #storesText}), decided once a file. */
    private boolean keepText;
    private SideOutput quarantine;
    private FeatureRow next;
    private boolean finished;

    Rows(int partition, List<InputFile> files) {
      this.partition = partition;
      this.files = files;
    }

    @Override
    public boolean hasNext() {
      try {
        while (next == null && !finished) {
          advance();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return next != null;
    }

    @Override
    public FeatureRow next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      FeatureRow r = next;
      next = null;
      return r;
    }

    private void advance() throws IOException {
      if (source == null) {
        if (++fileIndex == files.size()) {
          finish();
          return;
        }
        source = files.get(fileIndex).open(conf.get(), idField, textField, metaFields, maxRecordBytes);
        keepText = storesText(storeAllText, files.get(fileIndex));
      }
      InputFile file = files.get(fileIndex);
      FeaturizedRecord r = featurizer.next(source);
      if (r != null) {
        recordsRead.add(1);
      }
      if (r == null) {
        tallies.add(StageManifest.JSON.valueToTree(FeaturesManifest.Input.of(file.path, source.tally())));
        source.close();
        source = null;
      } else if (r.isDoc()) {
        ids.add(r.docId);
        counts.add(r.features.ngramIdx, r.features.ngramCnt);
        next = new FeatureRow(r.docId, file.path, r.input.line, r.input.offset < 0 ? null : r.input.offset,
            r.features.nTokens, r.features.nBytes,
            PackedInts.pack(r.features.ngramIdx, true), PackedInts.pack(r.features.ngramCnt, false), r.quality,
            r.qualityFlags, r.language == null ? null : r.language.lang(),
            r.language == null ? 0 : r.language.probability(), r.modelTokens < 0 ? null : r.modelTokens, r.minhash,
            r.features.textHash, r.input.meta, keepText ? r.input.text : null);
      } else {
        quarantine(file.path, r.input);
      }
    }

    private void quarantine(String file, InputRecord r) throws IOException {
      if (quarantine == null) {
        Path dir = new Path(quarantineDir);
        quarantine = SideOutput.create(dir.getFileSystem(conf.get()), dir, partName(partition, "jsonl"));
      }
      OutputStream out = quarantine.stream();
      out.write(JSON.writeValueAsBytes(quarantineJson(file, r.line, r.offset, r.reason, r.detail, r.sample)));
      out.write('\n');
    }

    private void finish() throws IOException {
      finished = true;
      if (quarantine != null) {
        quarantine.close();
      }
      Path dir = new Path(talliesDir);
      FileSystem fs = dir.getFileSystem(conf.get());
      ObjectNode doc = JSON.createObjectNode();
      doc.put("partition", partition);
      doc.set(TALLIES, tallies);
      try (SideOutput out = SideOutput.create(fs, dir, partName(partition, "json"))) {
        out.stream().write(JSON.writeValueAsString(doc).getBytes(StandardCharsets.UTF_8));
      }
      Path idsPath = new Path(idsDir);
      try (SideOutput out = SideOutput.create(idsPath.getFileSystem(conf.get()), idsPath,
          partName(partition, IdHashes.EXT))) {
        ids.write(out.stream());
      }
      Path countsPath = new Path(countsDir);
      try (SideOutput out = SideOutput.create(countsPath.getFileSystem(conf.get()), countsPath,
          partName(partition, NgramCountFiles.EXT))) {
        counts.write(out.stream());
      }
    }
  }

  /** One quarantine line: where the record was, why it was refused, how it began. */
  static ObjectNode quarantineJson(String file, long line, long offset, RejectReason reason, String detail, String sample) {
    ObjectNode o = JSON.createObjectNode();
    o.put("file", file);
    o.put("line", line);
    if (offset >= 0) {
      o.put("offset", offset);
    }
    o.put("reason", reason.code());
    o.put("detail", detail);
    if (sample != null) {
      o.put("sample", sample);
    }
    return o;
  }


}
