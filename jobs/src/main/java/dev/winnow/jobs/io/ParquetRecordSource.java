package dev.winnow.jobs.io;

import dev.winnow.common.input.ColumnRecords;
import dev.winnow.common.input.FileTally;
import dev.winnow.common.input.InputRecord;
import dev.winnow.common.input.RecordSource;
import dev.winnow.common.input.RecordSources;
import dev.winnow.common.input.StorageReadException;
import dev.winnow.common.input.RejectReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * The rows of one Parquet file as records, reading only the id and text columns. A file
 * without a string text column (or not Parquet at all) is one UNREADABLE_FILE rejection that
 * says how many rows it held, so nothing disappears unaccounted.
 */
public final class ParquetRecordSource implements RecordSource {
  private final String file;
  private final ParquetReader<Group> reader;
  private final ColumnRecords rows;
  private final String idField;
  private final List<String> metaFields;
  private final boolean hasId;
  private long row;
  private boolean done;

  private ParquetRecordSource(String file, ParquetReader<Group> reader, ColumnRecords rows, String idField,
      boolean hasId, List<String> metaFields) {
    this.file = file;
    this.reader = reader;
    this.rows = rows;
    this.idField = idField;
    this.hasId = hasId;
    this.metaFields = metaFields;
  }

  /** @param metaFields the input.metadata_fields: those that are primitive columns of the file are read as text */
  public static RecordSource open(String file, Configuration conf, String idField, String textField,
      List<String> metaFields) {
    Path path = new Path(file);
    MessageType schema;
    long rowCount;
    try (ParquetFileReader f = ParquetFileReader.open(HadoopInputFile.fromPath(path, conf))) {
      schema = f.getFooter().getFileMetaData().getSchema();
      rowCount = f.getRecordCount();
    } catch (IOException e) {
      throw new StorageReadException(file, e); // parquet-mr reports bad content as RuntimeExceptions
    } catch (RuntimeException e) {
      return unreadable("cannot open as parquet: " + e);
    }
    if (!isStringColumn(schema, textField)) {
      return unreadable("no string column '" + textField + "'; the file's " + rowCount + " rows are not read (schema: "
          + schema.toString().replaceAll("\\s+", " ").trim() + ")");
    }
    boolean hasId = schema.containsField(idField) && schema.getType(idField).isPrimitive();
    List<Type> projected = new ArrayList<>();
    if (hasId) {
      projected.add(schema.getType(idField));
    }
    List<String> metaColumns = new ArrayList<>();
    for (String m : metaFields) {
      if (schema.containsField(m) && schema.getType(m).isPrimitive() && !m.equals(idField) && !m.equals(textField)) {
        projected.add(schema.getType(m));
        metaColumns.add(m);
      }
    }
    projected.add(schema.getType(textField)); // last: next() finds it there
    Configuration c = new Configuration(conf);
    c.set(ReadSupport.PARQUET_READ_SCHEMA, new MessageType(schema.getName(), projected).toString());
    try {
      ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), path).withConf(c).build();
      return new ParquetRecordSource(file, r, new ColumnRecords(textField), idField, hasId, List.copyOf(metaColumns));
    } catch (IOException e) {
      throw new StorageReadException(file, e);
    } catch (RuntimeException e) {
      return unreadable("cannot open as parquet: " + e);
    }
  }

  private static RecordSource unreadable(String detail) {
    return new RecordSources.Unreadable(InputRecord.reject(0, 0, RejectReason.UNREADABLE_FILE, detail, null));
  }

  private static boolean isStringColumn(MessageType schema, String field) {
    if (!schema.containsField(field)) {
      return false;
    }
    Type t = schema.getType(field);
    return t.isPrimitive() && t.asPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BINARY
        && !t.isRepetition(Type.Repetition.REPEATED);
  }

  @Override
  public InputRecord next() {
    if (done) {
      return null;
    }
    Group g;
    try {
      g = reader.read();
    } catch (IOException e) {
      throw new StorageReadException(file, e); // the storage's failure: the task fails and is retried
    } catch (RuntimeException e) {
      done = true;
      return rows.broken(row + 1, "reading stopped at this row, the rest of the file is lost: " + e);
    }
    if (g == null) {
      done = true;
      return null;
    }
    row++;
    String id = null;
    if (hasId) {
      id = valueAsText(g, idField);
    }
    Map<String, String> meta = metaFields.isEmpty() ? Map.of() : new TreeMap<>();
    for (String m : metaFields) {
      String v = valueAsText(g, m);
      if (v != null) {
        meta.put(m, v);
      }
    }
    String textField = g.getType().getFieldName(g.getType().getFieldCount() - 1);
    byte[] text = g.getFieldRepetitionCount(textField) > 0 ? g.getBinary(textField, 0).getBytes() : null;
    return rows.record(row, id, text, meta);
  }

  /** A primitive column's value as text (strings decoded as UTF-8), or null. */
  private static String valueAsText(Group g, String field) {
    if (g.getFieldRepetitionCount(field) == 0) {
      return null;
    }
    Type t = g.getType().getType(field);
    return t.asPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BINARY
        ? new String(g.getBinary(field, 0).getBytes(), StandardCharsets.UTF_8)
        : g.getValueToString(g.getType().getFieldIndex(field), 0);
  }

  @Override
  public FileTally tally() {
    return rows.tally();
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
