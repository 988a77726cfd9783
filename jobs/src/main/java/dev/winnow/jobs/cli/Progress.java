package dev.winnow.jobs.cli;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import dev.winnow.jobs.featurize.FeaturizeJob;
import dev.winnow.jobs.io.PlannedTasks;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Progress of a long stage, as plain lines on stderr (readable in a terminal and in a
 * scheduler's log alike): every {@code winnow.progress.seconds} seconds (default 15) while a
 * stage runs, the stage's name, its elapsed time, the tasks done and the records read so far.
 * Counts never go backwards: tasks are summed over every Spark stage the pipeline stage ran
 * (with the running Spark stages' own share beside them), records are featurize's as they are
 * read (running tasks' counts arrive with the executors' heartbeats, every
 * {@code spark.executor.heartbeatInterval}), or for the other stages the rows their finished
 * tasks read (every pass counts). Featurize knows its tasks beforehand ({@link PlannedTasks}),
 * each reading about the same bytes: its lines say how many of them are done and estimate the
 * time left from the share done so far.
 */
final class Progress extends SparkListener {
  private static volatile Progress installed;
  private final Map<Integer, int[]> running = new ConcurrentHashMap<>(); // stage id -> {tasks, done}
  private final AtomicLong tasksDone = new AtomicLong();
  private final AtomicLong featurizeTasksDone = new AtomicLong();
  private final AtomicLong records = new AtomicLong();
  /** Featurize's records read by finished tasks, and by each running task so far (task id -> count). */
  private final AtomicLong featurized = new AtomicLong();
  private final Map<Long, Long> featurizing = new ConcurrentHashMap<>();
  private volatile String stage;
  private volatile long stageStarted;

  /** Registers the listener once per JVM, with its reporting thread. */
  static synchronized void install(SparkContext sc) {
    if (installed != null) {
      return;
    }
    installed = new Progress();
    sc.addSparkListener(installed);
    long every = Long.getLong("winnow.progress.seconds", 15) * 1000;
    Thread t = new Thread(() -> {
      try {
        while (true) {
          Thread.sleep(every);
          installed.report();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "winnow-progress");
    t.setDaemon(true);
    t.start();
  }

  /** The pipeline stage now running (null: none). */
  static void stage(String name) {
    Progress p = installed;
    if (p != null) {
      p.records.set(0);
      p.tasksDone.set(0);
      p.featurizeTasksDone.set(0);
      PlannedTasks.featurize(0);
      p.featurized.set(0);
      p.featurizing.clear();
      p.stageStarted = System.currentTimeMillis();
      p.stage = name;
    }
  }

  private void report() {
    String s = stage;
    if (s == null) {
      return;
    }
    System.err.println(line(s, (System.currentTimeMillis() - stageStarted) / 1000.0));
  }

  /** A progress line of stage {@code s}, {@code seconds} after it started. */
  String line(String s, double seconds) {
    int tasks = 0;
    int done = 0;
    for (int[] v : running.values()) {
      tasks += v[0];
      done += v[1];
    }
    long read = featurized.get() + featurizing.values().stream().mapToLong(Long::longValue).sum();
    String counted = read > 0 ? String.format(Locale.ROOT, "%,d records read", read)
        : String.format(Locale.ROOT, "%,d records read by finished tasks", records.get());
    long planned = PlannedTasks.featurize();
    long featurizeDone = featurizeTasksDone.get();
    String progress;
    if (planned > 0) {
      progress = featurizeTasks(planned, featurizeDone, seconds);
    } else {
      progress = String.format(Locale.ROOT, "%,d tasks done", tasksDone.get())
          + (tasks > 0 ? String.format(Locale.ROOT, " (%d of %d in the running Spark stages)", done, tasks) : "");
    }
    return String.format(Locale.ROOT, "progress: %s: %.0f s, %s, %s", s, seconds, progress, counted);
  }

  /**
   * Featurize's share: its tasks done of those planned and, once some are done, the time left if
   * the rest go as fast ({@code seconds} so far for {@code done} tasks of about equal input).
   */
  static String featurizeTasks(long planned, long done, double seconds) {
    long d = Math.min(done, planned);
    String s = String.format(Locale.ROOT, "%d of %d featurize tasks done", d, planned);
    return d > 0 && d < planned ? s + String.format(Locale.ROOT, ", about %.0f s left", seconds * (planned - d) / d) : s;
  }

  /** The count of the records-read accumulator in {@code accumulables}, or -1 when it is not there. */
  private static long recordsRead(scala.collection.Iterable<AccumulableInfo> accumulables) {
    for (AccumulableInfo a : scala.jdk.javaapi.CollectionConverters.asJava(accumulables)) {
      if (a.name().isDefined() && a.name().get().equals(FeaturizeJob.RECORDS_READ) && a.update().isDefined()) {
        return ((Number) a.update().get()).longValue();
      }
    }
    return -1;
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate e) {
    for (scala.Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> u
        : scala.jdk.javaapi.CollectionConverters.asJava(e.accumUpdates())) {
      long n = recordsRead(u._4());
      if (n >= 0) {
        featurizing.put((Long) u._1(), n);
      }
    }
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted e) {
    running.put(e.stageInfo().stageId(), new int[] {e.stageInfo().numTasks(), 0});
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted e) {
    running.remove(e.stageInfo().stageId());
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd e) {
    int[] v = running.get(e.stageId());
    if (v != null) {
      synchronized (v) {
        v[1]++;
      }
    }
    if (e.taskMetrics() != null) {
      records.addAndGet(e.taskMetrics().inputMetrics().recordsRead());
    }
    featurizing.remove(e.taskInfo().taskId());
    boolean success = e.reason() instanceof org.apache.spark.Success$;
    if (success) {
      tasksDone.incrementAndGet();
    }
    long n = recordsRead(e.taskInfo().accumulables());
    if (n >= 0 && success) {
      featurized.addAndGet(n);
      featurizeTasksDone.incrementAndGet();
    }
  }
}
