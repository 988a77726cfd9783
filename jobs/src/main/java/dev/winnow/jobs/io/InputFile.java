package dev.winnow.jobs.io;

import dev.winnow.common.input.InputFormat;
import dev.winnow.common.input.LineRange;
import dev.winnow.common.input.RecordSource;
import dev.winnow.common.input.RecordSources;
import java.io.Serializable;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;

/**
 * One input file as listed on the driver: fully qualified path, size, mtime, format; or, for a
 * featurize task, one {@link LineRange} of such a file (a big uncompressed line-oriented file is
 * read by several tasks).
 */
public final class InputFile implements Serializable {
  private static final long serialVersionUID = 2L;
  public final String path;
  public final long length;
  public final long modified;
  public final InputFormat format;
  /** The lines of the file this task reads, or null for all of it. */
  public final LineRange range;

  public InputFile(String path, long length, long modified, InputFormat format) {
    this(path, length, modified, format, null);
  }

  private InputFile(String path, long length, long modified, InputFormat format, LineRange range) {
    this.path = path;
    this.length = length;
    this.modified = modified;
    this.format = format;
    this.range = range;
  }

  /** The same file, read only in {@code range}. */
  public InputFile withRange(LineRange range) {
    return new InputFile(path, length, modified, format, range);
  }

  /** The bytes a task reads of it: its range's, or the whole file's. */
  public long taskBytes() {
    return range == null ? length : range.end - range.start;
  }

  /** Its records (of its range, when it has one), through the reader of its format. */
  public RecordSource open(Configuration conf, String idField, String textField, List<String> metaFields,
      int maxRecordBytes) {
    if (format == InputFormat.PARQUET) {
      return ParquetRecordSource.open(path, conf, idField, textField, metaFields);
    }
    Path p = new Path(path);
    return RecordSources.open(() -> {
      FSDataInputStream in = p.getFileSystem(conf).open(p);
      if (range != null) {
        in.seek(range.readFrom());
      }
      return in;
    }, p.getName(), length, format, idField, textField, metaFields, maxRecordBytes, range);
  }

  @Override
  public String toString() {
    return range == null ? path : path + " " + range;
  }
}
