package dev.winnow.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a JSON value into maps, lists, strings, longs, doubles (tests only). */
public final class TestJson {
  private static final JsonFactory JSON = new JsonFactory();

  private TestJson() {}

  public static Object parse(String s) {
    try (JsonParser p = JSON.createParser(s)) {
      p.nextToken();
      return value(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(String s) {
    return (Map<String, Object>) parse(s);
  }

  private static Object value(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT: {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String k = p.currentName();
          p.nextToken();
          m.put(k, value(p));
        }
        return m;
      }
      case START_ARRAY: {
        List<Object> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(value(p));
        }
        return l;
      }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return p.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
        return true;
      case VALUE_FALSE:
        return false;
      default:
        return null;
    }
  }

  public static int[] ints(Object list) {
    List<?> l = (List<?>) list;
    int[] a = new int[l.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = ((Long) l.get(i)).intValue();
    }
    return a;
  }
}
