package dev.winnow.common.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/**
 * The values of the choice-valued config keys, as enums: code compares constants, never the
 * text; {@link Named#configName} is the word the config file uses, for messages, manifests and
 * reports.
 */
public final class Choices {
  private Choices() {}

  /** A choice with the word that names it in the config: by default its constant's name in lower case. */
  public interface Named {
    default String configName() {
      return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
    }
  }

  /** {@code select.budget_unit}. */
  public enum BudgetUnit implements Named { DOCS, TOKENS }

  /** {@code select.quota_basis}. */
  public enum QuotaBasis implements Named { AUTO, WEIGHTS, TARGET, BOTH, SIZE }

  /** {@code select.score}. */
  public enum Score implements Named { LOG_W, MEAN, DISCOUNTED }

  /** {@code select.output_format}. */
  public enum OutputFormat implements Named {
    PARQUET, JSONL_GZ;

    @Override
    public String configName() {
      return this == JSONL_GZ ? "jsonl.gz" : "parquet";
    }
  }

  /** {@code featurize.store_text}. */
  public enum StoreText implements Named { AUTO, ALWAYS }

  /** {@code input.fingerprint}. */
  public enum InputFingerprint implements Named { STAT, CONTENT }

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
