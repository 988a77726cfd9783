package dev.winnow.jobs.importance;

import dev.winnow.common.importance.ImportanceModel;
import java.io.Serializable;

/**
 * One fitted target: "mixed" (every target document together, always present) or a separate
 * target t1, t2, ... with the share of the selection it should get.
 */
public final class NamedModel implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String MIXED = "mixed";
  public final String name;
  public final double proportion;
  public final ImportanceModel model;

  public NamedModel(String name, double proportion, ImportanceModel model) {
    this.name = name;
    this.proportion = proportion;
    this.model = model;
  }

  /** Column suffix of this target's weights: none for the mixed target, "_t1" etc. otherwise. */
  public String suffix() {
    return name.equals(MIXED) ? "" : "_" + name;
  }
}
