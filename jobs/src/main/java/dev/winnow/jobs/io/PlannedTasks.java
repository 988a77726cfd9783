package dev.winnow.jobs.io;

/**
 * What a running stage has planned, for the CLI's progress lines: the number of featurize
 * tasks it will run (each reads about the same bytes, so the share done gives an estimate of
 * the time left). One value per JVM, set by the featurize job and cleared by the CLI when a
 * stage starts.
 */
public final class PlannedTasks {
  private static volatile long featurize;

  private PlannedTasks() {}

  public static void featurize(long tasks) {
    featurize = tasks;
  }

  public static long featurize() {
    return featurize;
  }
}
