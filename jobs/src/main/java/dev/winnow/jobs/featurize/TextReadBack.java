package dev.winnow.jobs.featurize;

import static dev.winnow.jobs.pipeline.Columns.DOC_ID;
import static dev.winnow.jobs.pipeline.Columns.N_BYTES;
import static dev.winnow.jobs.pipeline.Columns.SRC_FILE;
import static dev.winnow.jobs.pipeline.Columns.SRC_LINE;
import static dev.winnow.jobs.pipeline.Columns.SRC_OFFSET;
import static dev.winnow.jobs.pipeline.Columns.TEXT;
import static dev.winnow.jobs.pipeline.Columns.TEXT_HASH;
import static org.apache.spark.sql.functions.col;

import dev.winnow.common.config.WinnowConfig;
import dev.winnow.common.featurize.RecordFeaturizer;
import dev.winnow.common.input.InputException;
import dev.winnow.common.input.InputFormat;
import dev.winnow.common.input.InputRecord;
import dev.winnow.common.input.LineRange;
import dev.winnow.common.input.RecordSource;
import dev.winnow.common.input.RecordSources;
import dev.winnow.common.text.NgramFeaturizer;
import dev.winnow.common.text.TokenScan;
import dev.winnow.jobs.io.HadoopConf;
import dev.winnow.jobs.io.StageManifest;
import java.io.FileNotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The texts featurize left in their input files ({@code featurize.store_text = auto}: the lines
 * of uncompressed JSONL and text-lines files), read back by byte offset for the stages that need
 * the words (select's output, the cluster summaries). Each line is parsed as featurize parsed it
 * (the format, fields and record limit its manifest recorded) and checked against the features
 * before it is used: the line must begin at the offset and hold the document with the same id,
 * UTF-8 size and normalized text hash; otherwise the input changed since featurize, and the
 * stage stops with an input error naming the file and line.
 */
public final class TextReadBack {
  /** The features' columns that {@link #fill} needs besides doc_id and text. */
  private static final List<String> COLUMNS = List.of(SRC_FILE, SRC_LINE, SRC_OFFSET, N_BYTES, TEXT_HASH);

  private TextReadBack() {}

  /** {@code features}' doc_id, text and {@code more} columns, with those {@link #fill} needs. */
  public static Dataset<Row> texts(Dataset<Row> features, String... more) {
    List<String> names = new ArrayList<>(List.of(TEXT));
    names.addAll(List.of(more));
    names.addAll(COLUMNS);
    return features.select(DOC_ID, names.toArray(new String[0]));
  }

  /**
   * {@code rows} (features columns: at least those of {@link #texts}) with every text
   * filled in: as they are when the features in {@code featuresDir} store every text, else each
   * missing one read from its input file. The rows keep their schema; within a partition they
   * come sorted by file and offset, so that each task reads each file forward, opened once.
   */
  public static Dataset<Row> fill(Dataset<Row> rows, FileSystem fs, Path featuresDir) throws IOException {
    StageManifest<FeaturesManifest> m = FeaturizeJob.manifest(fs, featuresDir);
    if (!m.body().computed().textReadBack()) {
      return rows;
    }
    Map<String, InputFormat> formats = new HashMap<>();
    for (FeaturesManifest.Input i : m.body().inputs()) {
      formats.put(i.file(), InputFormat.parseOrAuto(i.format()));
    }
    Map<String, String> c = m.header().config();
    StructType schema = rows.schema();
    Reader reader = new Reader(new HadoopConf(rows.sparkSession().sparkContext().hadoopConfiguration()), formats,
        c.get(WinnowConfig.INPUT_ID_FIELD.name()), c.get(WinnowConfig.INPUT_TEXT_FIELD.name()),
        Integer.parseInt(c.get(WinnowConfig.INPUT_MAX_RECORD_BYTES.name())), schema);
    return rows.sortWithinPartitions(col(SRC_FILE), col(SRC_OFFSET)).mapPartitions(reader, Encoders.row(schema));
  }

  /** Reads a partition's missing texts. */
  static final class Reader implements MapPartitionsFunction<Row, Row>, Serializable {
    private static final long serialVersionUID = 1L;
    private final HadoopConf conf;
    private final Map<String, InputFormat> formats;
    private final String idField;
    private final String textField;
    private final int maxRecordBytes;
    private final int doc;
    private final int text;
    private final int file;
    private final int line;
    private final int offset;
    private final int bytes;
    private final int hash;

    Reader(HadoopConf conf, Map<String, InputFormat> formats, String idField, String textField, int maxRecordBytes,
        StructType schema) {
      this.conf = conf;
      this.formats = formats;
      this.idField = idField;
      this.textField = textField;
      this.maxRecordBytes = maxRecordBytes;
      this.doc = schema.fieldIndex(DOC_ID);
      this.text = schema.fieldIndex(TEXT);
      this.file = schema.fieldIndex(SRC_FILE);
      this.line = schema.fieldIndex(SRC_LINE);
      this.offset = schema.fieldIndex(SRC_OFFSET);
      this.bytes = schema.fieldIndex(N_BYTES);
      this.hash = schema.fieldIndex(TEXT_HASH);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      OpenFile open = new OpenFile(conf.get());
      TaskContext task = TaskContext.get();
      if (task != null) {
        task.addTaskCompletionListener((TaskCompletionListener) t -> open.close());
      }
      TokenScan scan = new TokenScan();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          boolean more = rows.hasNext();
          if (!more) {
            open.close();
          }
          return more;
        }

        @Override
        public Row next() {
          Row r = rows.next();
          if (!r.isNullAt(text)) {
            return r;
          }
          Object[] values = new Object[r.length()];
          for (int i = 0; i < values.length; i++) {
            values[i] = r.get(i);
          }
          values[text] = read(open, scan, r);
          return RowFactory.create(values);
        }
      };
    }

    /** The text of row {@code r}'s document, read from its file and checked against the row. */
    private String read(OpenFile open, TokenScan scan, Row r) {
      String path = r.getString(file);
      long lineNumber = r.getLong(line);
      String where = path + ", line " + lineNumber;
      if (r.isNullAt(offset) || !formats.containsKey(path)) {
        throw new IllegalStateException("the features hold neither the text nor a place to read it of " + where);
      }
      long at = r.getLong(offset);
      LineRange range = new LineRange(at, at + 1, lineNumber);
      InputRecord rec;
      try {
        open.at(path);
        try (RecordSource source = RecordSources.open(() -> open.from(range.readFrom()), open.name, open.length,
            formats.get(path), idField, textField, List.of(), maxRecordBytes, range)) {
          rec = source.next();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String id = r.getString(doc);
      String changed = "the input file " + where + " (byte " + at + ") changed since featurize: ";
      if (rec == null || !rec.isDoc()) {
        throw new InputException(changed + "no document begins there any more ("
            + (rec == null ? "no line" : rec.reason.code() + ": " + rec.detail) + "), where doc_id '" + id + "' was; "
            + REMEDY);
      }
      long textHash = NgramFeaturizer.textHash(scan, rec.text);
      String readId = RecordFeaturizer.docId(rec.id, textHash);
      if (!readId.equals(id) || scan.utf8Bytes != r.getLong(bytes) || textHash != r.getLong(hash)) {
        throw new InputException(changed + "it holds doc_id '" + readId + "' of " + scan.utf8Bytes + " bytes, "
            + "where featurize read doc_id '" + id + "' of " + r.getLong(bytes) + " bytes"
            + (readId.equals(id) && scan.utf8Bytes == r.getLong(bytes) ? " and another text" : "") + "; " + REMEDY);
      }
      return rec.text;
    }
  }

  static final String REMEDY = "featurize the pool again (winnow run does so when input.fingerprint notices the "
      + "change), or keep every text in the features with featurize.store_text = always";

  /**
   * The file system's buffer for a file read back: each line is a seek and a read of a few KB
   * (the line reader reads 8 KB at a time then), where the default buffer, 64 KB on Spark,
   * would fetch far more than the line each time.
   */
  private static final int READ_BUFFER = 1 << 13;

  /** The one input file a task has open: reads go forward through it, sorted by offset. */
  private static final class OpenFile {
    private final Configuration conf;
    private String path;
    private String name;
    private long length;
    private FSDataInputStream in;

    OpenFile(Configuration conf) {
      this.conf = conf;
    }

    /** Opens {@code file} unless it is the one open. */
    void at(String file) throws IOException {
      if (file.equals(path)) {
        return;
      }
      close();
      Path p = new Path(file);
      FileSystem fs = p.getFileSystem(conf);
      try {
        length = fs.getFileStatus(p).getLen();
        in = fs.open(p, READ_BUFFER);
      } catch (FileNotFoundException e) {
        throw new InputException("the input file " + file + " is gone: the features do not hold its documents' "
            + "text (featurize.store_text = auto), which is read back from it; put it back, or " + REMEDY, e);
      }
      path = file;
      name = p.getName();
    }

    /** The open file, positioned at {@code position}; closing what is returned leaves it open. */
    FilterInputStream from(long position) throws IOException {
      in.seek(position);
      return new FilterInputStream(in) {
        @Override
        public void close() {}
      };
    }

    void close() {
      if (in != null) {
        try {
          in.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        in = null;
        path = null;
      }
    }
  }
}
