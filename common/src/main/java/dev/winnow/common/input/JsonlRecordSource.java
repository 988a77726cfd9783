package dev.winnow.common.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.CharBuffer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON Lines: one JSON object per line, the document in {@code textField} and its id (any
 * scalar, taken as text) in {@code idField}, and the scalar {@code metaFields} (as text; null,
 * objects and arrays are left out) as the record's metadata. Other fields are skipped without
 * being materialised. Blank lines are counted, not returned.
 */
public final class JsonlRecordSource implements RecordSource {
  private static final JsonFactory JSON = JsonFactory.builder()
      // the record size is bounded by input.max_record_bytes, not by Jackson's default 20 MB
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .build();

  private final LineRecords lines;
  private final String idField;
  private final String textField;
  private final List<String> metaFields;
  private final StrictUtf8Decoder utf8 = new StrictUtf8Decoder();

  public JsonlRecordSource(InputStream in, String idField, String textField, List<String> metaFields,
      int maxRecordBytes) {
    this(in, idField, textField, metaFields, maxRecordBytes, null);
  }

  /** The records of the lines in {@code range} (null: the whole stream). */
  public JsonlRecordSource(InputStream in, String idField, String textField, List<String> metaFields,
      int maxRecordBytes, LineRange range) {
    this.lines = new LineRecords(in, maxRecordBytes, range);
    this.idField = idField;
    this.textField = textField;
    this.metaFields = metaFields;
  }

  @Override
  public InputRecord next() {
    return lines.next(this::parse);
  }

  private InputRecord parse(BoundedLineReader rd) {
    long line = rd.lineNumber();
    long offset = rd.lineOffset();
    CharBuffer chars = utf8.decode(rd.bytes(), rd.length());
    if (chars == null) {
      return InputRecord.reject(line, offset, utf8.errorReason(), utf8.error(), lines.sample());
    }
    String id = null;
    String text = null;
    Map<String, String> meta = metaFields.isEmpty() ? Map.of() : new TreeMap<>();
    JsonToken textToken = null;
    boolean idSeen = false;
    try (JsonParser p = JSON.createParser(chars.array(), chars.arrayOffset(), chars.limit())) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        return InputRecord.reject(line, offset, RejectReason.NOT_OBJECT, "a JSON " + kind(t) + ", not an object", lines.sample());
      }
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        t = p.nextToken();
        if (name.equals(textField) || name.equals(idField)) {
          if (name.equals(textField) ? textToken != null : idSeen) {
            return InputRecord.reject(line, offset, RejectReason.MALFORMED_JSON, "field '" + name + "' appears "
                + "more than once: which value is meant is ambiguous", lines.sample());
          }
          idSeen |= name.equals(idField);
        }
        if (name.equals(textField)) {
          textToken = t;
          text = t == JsonToken.VALUE_STRING ? p.getText() : null;
        } else if (name.equals(idField)) {
          if (t.isStructStart()) {
            return InputRecord.reject(line, offset, RejectReason.BAD_ID,
                "field '" + idField + "' is a JSON " + kind(t) + ", not a scalar", lines.sample());
          }
          id = t == JsonToken.VALUE_NULL ? null : p.getText();
        } else if (t.isScalarValue() && t != JsonToken.VALUE_NULL && metaFields.contains(name)) {
          meta.put(name, p.getText());
        }
        p.skipChildren();
      }
      if (p.nextToken() != null) {
        return InputRecord.reject(line, offset, RejectReason.MALFORMED_JSON, "content after the JSON object", lines.sample());
      }
    } catch (JsonProcessingException e) {
      return InputRecord.reject(line, offset, RejectReason.MALFORMED_JSON, e.getOriginalMessage(), lines.sample());
    } catch (IOException e) {
      // parsing an in-memory char array: only malformed content gets here
      return InputRecord.reject(line, offset, RejectReason.MALFORMED_JSON, String.valueOf(e.getMessage()), lines.sample());
    }
    if (textToken == null) {
      return InputRecord.reject(line, offset, RejectReason.MISSING_TEXT, "no field '" + textField + "'", lines.sample());
    }
    if (textToken == JsonToken.VALUE_NULL) {
      return InputRecord.reject(line, offset, RejectReason.NULL_TEXT, "field '" + textField + "' is null", lines.sample());
    }
    if (text == null) {
      return InputRecord.reject(line, offset, RejectReason.NON_STRING_TEXT,
          "field '" + textField + "' is a JSON " + kind(textToken) + ", not a string", lines.sample());
    }
    if (text.indexOf('\0') >= 0) {
      return InputRecord.reject(line, offset, RejectReason.NUL_BYTE, "text holds U+0000", lines.sample());
    }
    for (String value : id == null ? List.of(text) : List.of(text, id)) {
      int at = loneSurrogate(value);
      if (at >= 0) {
        return InputRecord.reject(line, offset, RejectReason.INVALID_UTF8, String.format("an escaped lone surrogate "
            + "\\u%04x at char %d: no UTF-8 can hold it", (int) value.charAt(at), at), lines.sample());
      }
    }
    return InputRecord.doc(line, offset, id, text, meta);
  }

  /**
   * The index of the first surrogate without its partner, or -1. Valid UTF-8 never decodes to
   * one; only a JSON escape ({@code "\ud800"}) makes it, and writing it out would replace it.
   */
  static int loneSurrogate(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  private static String kind(JsonToken t) {
    if (t == null) {
      return "nothing";
    }
    switch (t) {
      case START_OBJECT:
        return "object";
      case START_ARRAY:
        return "array";
      case VALUE_STRING:
        return "string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "boolean";
      case VALUE_NULL:
        return "null";
      default:
        return t.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  @Override
  public FileTally tally() {
    return lines.tally();
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
