package dev.winnow.jobs.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One writer per work directory: {@code <work>/_LOCK}, created only if absent (an atomic
 * create on HDFS and local file systems; object stores such as S3 give no such guarantee, see
 * docs/GUIDE.md), holding who took it and a token of its own.
 *
 * <p>The lock is a lease: the holder renews it (the file's modification time) every
 * {@link #LEASE_SECONDS}/4 seconds. Another run finding the lock
 * <ul>
 * <li>takes it over when the lease has lapsed ({@link #LEASE_SECONDS} without renewal: the holder
 *     is dead or cut off), unless the holder's process is still alive on this host;</li>
 * <li>takes it over when asked ({@code --break-lock}) if the holder ran on this host and its
 *     process is gone (a run killed with SIGKILL), without waiting for the lease;</li>
 * <li>is refused otherwise, naming the holder (exit code 4).</li>
 * </ul>
 * A takeover is done under a second lock ({@code _LOCK.takeover}, created only if absent) and
 * deletes the stale file only if it is still the one judged, so many takers of one stale lock
 * end with one holder. A holder that finds its token gone
 * (its lease lapsed while it was stalled, and another run took over) never publishes:
 * {@link StagedOutput#publish} calls {@link #verifyHeld} first.
 */
public final class WorkDirLock implements AutoCloseable {
  public static final String FILE = "_LOCK";
  /** Seconds a lease lasts without renewal; the holder renews it four times as often. */
  public static final long LEASE_SECONDS = 120;
  /** Seconds after which a takeover that never finished (its taker died within it) is cleared. */
  private static final long TAKEOVER_SECONDS = 30;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The locks this JVM holds, by qualified work directory. */
  private static final Map<String, WorkDirLock> HELD = new ConcurrentHashMap<>();

  private final FileSystem fs;
  private final Path file;
  private final String token;
  private final Thread hook;
  private final ScheduledExecutorService renewer;
  private volatile boolean released;
  private volatile String lost;

  /** The work directory is locked by another run, or this run lost its lock. */
  public static final class LockedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LockedException(String message) {
      super(message);
    }
  }

  private WorkDirLock(FileSystem fs, Path file, String token) {
    this.fs = fs;
    this.file = file;
    this.token = token;
    this.hook = new Thread(this::release, "winnow-lock-release");
    Runtime.getRuntime().addShutdownHook(hook);
    this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "winnow-lock-lease");
      t.setDaemon(true);
      return t;
    });
    long every = TimeUnit.SECONDS.toMillis(LEASE_SECONDS) / 4;
    renewer.scheduleWithFixedDelay(this::renewQuietly, every, every, TimeUnit.MILLISECONDS);
    HELD.put(file.getParent().toString(), this);
  }

  /**
   * Takes the lock of {@code workDir} for {@code command}: creates it, or takes over a lapsed
   * lease, or (with {@code breakDeadHolder}) a lock whose holder's process on this host is gone;
   * otherwise fails naming the holder.
   */
  public static WorkDirLock acquire(String workDir, String command, Configuration conf, boolean breakDeadHolder)
      throws IOException {
    Path work = new Path(workDir);
    FileSystem fs = work.getFileSystem(conf);
    fs.mkdirs(work);
    Path file = new Path(fs.makeQualified(work), FILE);
    String token = UUID.randomUUID().toString();
    ObjectNode holder = JSON.createObjectNode()
        .put("host", localHost())
        .put("pid", ProcessHandle.current().pid())
        .put("command", command)
        .put("started", Instant.now().toString())
        .put("jvm", ManagementFactory.getRuntimeMXBean().getName())
        .put("token", token)
        .put("lease_seconds", LEASE_SECONDS);
    byte[] content = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(holder);
    // a takeover frees the file for the next create, which another taker may win: a few rounds at most
    for (int round = 0; round < 5; round++) {
      try (OutputStream out = createNew(fs, file)) {
        out.write(content);
        out.close();
        return new WorkDirLock(fs, file, token);
      } catch (FileAlreadyExistsException | java.nio.file.FileAlreadyExistsException e) {
        takeOverOrRefuse(fs, file, breakDeadHolder);
      } catch (IOException e) {
        if (!fs.exists(file)) {
          throw e;
        }
        takeOverOrRefuse(fs, file, breakDeadHolder);
      }
    }
    throw new LockedException("the work directory " + file.getParent() + " is contended: other runs took its lock "
        + "each time this one freed a stale one");
  }

  /**
   * Creates {@code file} only if it does not exist, atomically: on the local file system with
   * the operating system's create-new (Hadoop's local create checks and then creates, so two
   * takers at the same instant could both win), elsewhere with Hadoop's create without
   * overwrite (atomic on HDFS's NameNode).
   */
  private static OutputStream createNew(FileSystem fs, Path file) throws IOException {
    if ("file".equals(fs.getUri().getScheme())) {
      return java.nio.file.Files.newOutputStream(java.nio.file.Paths.get(file.toUri()),
          java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
    }
    return fs.create(file, false);
  }

  /**
   * Judges the existing lock: returns when it was moved out of the way (or vanished), so that the
   * caller may create its own; throws {@link LockedException} naming the holder otherwise.
   */
  private static void takeOverOrRefuse(FileSystem fs, Path file, boolean breakDeadHolder) throws IOException {
    JsonNode holder = readHolder(fs, file);
    FileStatus status;
    try {
      status = fs.getFileStatus(file);
    } catch (FileNotFoundException gone) {
      return; // its holder released it meanwhile
    }
    long renewedSecondsAgo = Math.max(0, (System.currentTimeMillis() - status.getModificationTime()) / 1000);
    boolean lapsed = renewedSecondsAgo >= LEASE_SECONDS;
    Liveness liveness = liveness(holder);
    String who = "the work directory " + file.getParent() + " is locked by " + describe(holder);
    if (liveness == Liveness.ALIVE_HERE) {
      throw new LockedException(who + ", which is still running on this host: wait for it or stop it; "
          + "--break-lock never removes a live run's lock");
    }
    if (!lapsed && !(breakDeadHolder && liveness == Liveness.GONE_HERE)) {
      String lease = "its lease was renewed " + renewedSecondsAgo + " s ago and lapses after " + LEASE_SECONDS
          + " s without renewal, when the next run takes it over";
      throw new LockedException(who + "; " + lease + (liveness == Liveness.GONE_HERE
          ? "; its process is gone from this host: --break-lock takes the lock over now"
          : "; a run on another host cannot be seen from here: wait for the lease to lapse"));
    }
    // one taker at a time: only the holder of <lock>.takeover deletes a stale lock, and only the one it judged
    Path mutex = new Path(file.getParent(), FILE + ".takeover");
    try {
      createNew(fs, mutex).close();
    } catch (FileAlreadyExistsException | java.nio.file.FileAlreadyExistsException e) {
      removeIfOlderThan(fs, mutex, TAKEOVER_SECONDS); // left by a taker that died within its takeover
      throw new LockedException(who + ", whose lease lapsed; another run is taking it over now");
    }
    try {
      JsonNode now = readHolder(fs, file);
      FileStatus nowStatus = fs.getFileStatus(file);
      if (!now.path("token").asText("").equals(holder.path("token").asText(""))
          || !now.path("pid").asText("").equals(holder.path("pid").asText(""))
          || nowStatus.getModificationTime() != status.getModificationTime()) {
        return; // it changed since it was judged: create again and judge what is there now
      }
      fs.delete(file, false);
    } catch (FileNotFoundException gone) {
      return;
    } finally {
      fs.delete(mutex, false);
    }
    System.err.println("winnow: took over the lock of " + file.getParent() + " from " + describe(holder) + " ("
        + (lapsed ? "its lease lapsed " + renewedSecondsAgo + " s after its last renewal" : "--break-lock: its process "
            + "is gone") + ")");
  }

  private static void removeIfOlderThan(FileSystem fs, Path file, long seconds) {
    try {
      if (System.currentTimeMillis() - fs.getFileStatus(file).getModificationTime() > seconds * 1000) {
        fs.delete(file, false);
      }
    } catch (IOException e) {
      // gone already, or unreadable: the next taker tries again
    }
  }

  private enum Liveness { ALIVE_HERE, GONE_HERE, ELSEWHERE }

  /**
   * Whether the holder runs on this host and its process is alive. A process with the holder's pid
   * that started after the lock was taken is another process (a reused pid), not the holder.
   */
  private static Liveness liveness(JsonNode holder) {
    if (!holder.path("host").asText("").equals(localHost()) || !holder.path("pid").canConvertToLong()) {
      return Liveness.ELSEWHERE;
    }
    Optional<ProcessHandle> p = ProcessHandle.of(holder.path("pid").asLong());
    if (p.isEmpty() || !p.get().isAlive()) {
      return Liveness.GONE_HERE;
    }
    Optional<Instant> processStart = p.get().info().startInstant();
    Instant lockStart = parseInstant(holder.path("started").asText(""));
    if (processStart.isPresent() && lockStart != null && processStart.get().isAfter(lockStart.plusSeconds(1))) {
      return Liveness.GONE_HERE;
    }
    return Liveness.ALIVE_HERE;
  }

  private static Instant parseInstant(String s) {
    try {
      return Instant.parse(s);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  private static String describe(JsonNode h) {
    if (!h.has("pid")) {
      return "another run (its lock file cannot be read: " + h.path("problem").asText("it is empty") + ")";
    }
    return "run '" + h.path("command").asText() + "' (pid " + h.path("pid").asText() + " on "
        + h.path("host").asText() + ", started " + h.path("started").asText() + ")";
  }

  /**
   * The lock file's content. The holder creates the file and then writes it, so a reader can
   * come in between and find it empty: it reads again for up to a second before giving up (and
   * returns the problem under "problem"); a file that is gone reads as missing.
   */
  private static JsonNode readHolder(FileSystem fs, Path file) {
    String problem = "";
    for (int attempt = 0; attempt < 20; attempt++) {
      try (InputStream in = fs.open(file)) {
        if (JSON.readTree(in) instanceof ObjectNode h && h.has("pid")) {
          return h;
        }
        problem = "it is empty or incomplete";
      } catch (FileNotFoundException e) {
        return MissingNode.getInstance();
      } catch (IOException | RuntimeException e) {
        problem = String.valueOf(e.getMessage());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return JSON.createObjectNode().put("problem", problem);
  }

  /**
   * Renews the lease if the lock is still this run's; otherwise records it as lost (this run
   * will not publish) and says so.
   */
  void renew() throws IOException {
    if (released || lost != null) {
      return;
    }
    JsonNode now = readHolder(fs, file);
    if (!token.equals(now.path("token").asText(""))) {
      lost = now.has("pid") ? "it is now held by " + describe(now) : "its lock file is gone";
      System.err.println("winnow: lost the lock of " + file.getParent() + ": " + lost + "; this run will not "
          + "publish");
      return;
    }
    fs.setTimes(file, System.currentTimeMillis(), -1);
  }

  private void renewQuietly() {
    try {
      renew();
    } catch (IOException | RuntimeException e) {
      // the next renewal tries again; the lease lapses only after four failed renewals in a row
    }
  }

  /**
   * Fails unless this JVM still holds the lock of {@code work} (qualified), when it took one:
   * a run whose lease lapsed and was taken over must not publish. Code running without a lock
   * (tests and benchmarks calling a job directly) passes.
   */
  public static void verifyHeld(Path work) throws IOException {
    WorkDirLock lock = HELD.get(work.toString());
    if (lock == null) {
      return;
    }
    lock.renew();
    if (lock.lost != null) {
      throw new LockedException("this run lost the lock of " + work + " (" + lock.lost + "): it does not publish");
    }
  }

  private synchronized void release() {
    if (!released) {
      released = true;
      renewer.shutdownNow();
      HELD.remove(file.getParent().toString(), this);
      try {
        // never remove a lock that another run took over
        if (token.equals(readHolder(fs, file).path("token").asText(""))) {
          fs.delete(file, false);
        }
      } catch (IOException | RuntimeException e) {
        // the JVM is going away or the file system is gone: the next run will report the lock
      }
    }
  }

  @Override
  public void close() {
    release();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs release(), which is idempotent
    }
  }
}
