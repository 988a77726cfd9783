package dev.winnow.jobs.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One writer per work directory: {@code <work>/_LOCK}, created only if absent (an atomic
 * create on HDFS and local file systems; object stores such as S3 give no such guarantee, see
 * docs), holding who took it. A second run fails fast naming the holder. The lock goes when the
 * run ends, also on Ctrl-C and SIGTERM (a shutdown hook); a run killed with SIGKILL or a lost
 * machine leaves it, and {@link #breakLock} removes it on request.
 */
public final class WorkDirLock implements AutoCloseable {
  public static final String FILE = "_LOCK";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final FileSystem fs;
  private final Path file;
  private final Thread hook;
  private boolean released;

  /** The work directory is locked by another run. */
  public static final class LockedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LockedException(String message) {
      super(message);
    }
  }

  private WorkDirLock(FileSystem fs, Path file) {
    this.fs = fs;
    this.file = file;
    this.hook = new Thread(this::release, "winnow-lock-release");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Takes the lock of {@code workDir} for {@code command}, or fails naming the holder. */
  public static WorkDirLock acquire(String workDir, String command, Configuration conf) throws IOException {
    Path work = new Path(workDir);
    FileSystem fs = work.getFileSystem(conf);
    fs.mkdirs(work);
    Path file = new Path(fs.makeQualified(work), FILE);
    ObjectNode holder = JSON.createObjectNode()
        .put("host", InetAddress.getLocalHost().getHostName())
        .put("pid", ProcessHandle.current().pid())
        .put("command", command)
        .put("started", Instant.now().toString())
        .put("jvm", ManagementFactory.getRuntimeMXBean().getName());
    try (OutputStream out = createNew(fs, file)) {
      out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(holder));
    } catch (FileAlreadyExistsException | java.nio.file.FileAlreadyExistsException e) {
      throw new LockedException(describe(fs, file));
    } catch (IOException e) {
      if (fs.exists(file)) {
        throw new LockedException(describe(fs, file));
      }
      throw e;
    }
    return new WorkDirLock(fs, file);
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

  private static String describe(FileSystem fs, Path file) {
    return "the work directory " + file.getParent() + " is locked by " + holder(fs, file) + "; if that run is dead, "
        + "remove the lock with --break-lock";
  }

  /**
   * Who holds the lock. The holder creates the file and then writes it, so a reader can come in
   * between and find it empty: it reads again for up to a second before giving up on the name.
   */
  private static String holder(FileSystem fs, Path file) {
    String problem = "";
    for (int attempt = 0; attempt < 20; attempt++) {
      try (InputStream in = fs.open(file)) {
        if (JSON.readTree(in) instanceof ObjectNode h && h.has("pid")) {
          return "run '" + h.path("command").asText() + "' (pid " + h.path("pid").asText() + " on "
              + h.path("host").asText() + ", started " + h.path("started").asText() + ")";
        }
        problem = "it is empty or incomplete";
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
    return "another run (its lock file cannot be read: " + problem + ")";
  }

  /** Removes a lock left by a dead run; returns whether there was one. */
  public static boolean breakLock(String workDir, Configuration conf) throws IOException {
    Path work = new Path(workDir);
    FileSystem fs = work.getFileSystem(conf);
    return fs.delete(new Path(work, FILE), false);
  }

  private synchronized void release() {
    if (!released) {
      released = true;
      try {
        fs.delete(file, false);
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
