package dev.winnow.common.config;

import java.util.function.Function;

/**
 * One config key: its name, default (null when the key is required), meaning, and the parser
 * that turns the text into a typed value or explains why it cannot.
 */
public final class ConfigKey<T> {
  private final String name;
  private final String defaultValue;
  private final String meaning;
  private final Function<String, T> parser;

  ConfigKey(String name, String defaultValue, String meaning, Function<String, T> parser) {
    this.name = name;
    this.defaultValue = defaultValue;
    this.meaning = meaning;
    this.parser = parser;
  }

  public String name() {
    return name;
  }

  /** The default, or null for a required key. */
  public String defaultValue() {
    return defaultValue;
  }

  public String meaning() {
    return meaning;
  }

  T parse(String raw) {
    try {
      return parser.apply(raw.trim());
    } catch (ConfigException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ConfigException(name + ": " + e.getMessage());
    }
  }

  static Function<String, Integer> intIn(long min, long max) {
    return s -> (int) longIn(min, max).apply(s).longValue();
  }

  static Function<String, Long> longIn(long min, long max) {
    return s -> {
      long v;
      try {
        v = Long.parseLong(s.replace("_", ""));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + s + "' is not a whole number");
      }
      if (v < min || v > max) {
        throw new IllegalArgumentException(v + " is outside " + min + ".." + max);
      }
      return v;
    };
  }

  static Function<String, Double> doubleIn(double min, double max) {
    return s -> {
      double v;
      try {
        v = Double.parseDouble(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + s + "' is not a number");
      }
      if (!(v >= min && v <= max)) {
        throw new IllegalArgumentException(v + " is outside " + min + ".." + max);
      }
      return v;
    };
  }

  static Function<String, String> nonEmpty() {
    return s -> {
      if (s.isEmpty()) {
        throw new IllegalArgumentException("must not be empty");
      }
      return s;
    };
  }
}
