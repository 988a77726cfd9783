package dev.winnow.common.config;

import java.util.Arrays;
import java.util.function.Function;

/**
 * The values of the choice-valued config keys, as enums: code compares constants, never the
 * text. Each prints as the word the config file uses ({@link #toString}), so messages,
 * manifests and reports read as before.
 */
public final class Choices {
  private Choices() {}

  /** A choice with the word that names it in the config. */
  public interface Named {
    String configName();
  }

  /** {@code select.budget_unit}. */
  public enum BudgetUnit implements Named {
    DOCS("docs"), TOKENS("tokens");

    private final String name;

    BudgetUnit(String name) {
      this.name = name;
    }

    @Override
    public String configName() {
      return name;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** {@code select.quota_basis}. */
  public enum QuotaBasis implements Named {
    AUTO("auto"), WEIGHTS("weights"), TARGET("target"), BOTH("both"), SIZE("size");

    private final String name;

    QuotaBasis(String name) {
      this.name = name;
    }

    @Override
    public String configName() {
      return name;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** {@code select.score}. */
  public enum Score implements Named {
    LOG_W("log_w"), MEAN("mean"), DISCOUNTED("discounted");

    private final String name;

    Score(String name) {
      this.name = name;
    }

    @Override
    public String configName() {
      return name;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** {@code select.output_format}. */
  public enum OutputFormat implements Named {
    PARQUET("parquet"), JSONL_GZ("jsonl.gz");

    private final String name;

    OutputFormat(String name) {
      this.name = name;
    }

    @Override
    public String configName() {
      return name;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** {@code input.fingerprint}. */
  public enum InputFingerprint implements Named {
    STAT("stat"), CONTENT("content");

    private final String name;

    InputFingerprint(String name) {
      this.name = name;
    }

    @Override
    public String configName() {
      return name;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** The parser of a choice: the constant named by the text, or the list of the allowed words. */
  static <E extends Enum<E> & Named> Function<String, E> of(Class<E> type) {
    return s -> {
      for (E e : type.getEnumConstants()) {
        if (e.configName().equals(s)) {
          return e;
        }
      }
      throw new IllegalArgumentException("'" + s + "' is not one of " + String.join(", ",
          Arrays.stream(type.getEnumConstants()).map(Named::configName).toList()));
    };
  }
}
