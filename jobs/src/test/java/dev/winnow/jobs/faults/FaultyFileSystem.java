package dev.winnow.jobs.faults;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;
import org.apache.spark.SparkEnv;

/**
 * Test-only: Hadoop's raw local file system, failing operations as a rules file says. Registered
 * either for a scheme of its own ({@code fs.faulty.impl}: paths {@code faulty:///...}, for an
 * output folder in a shared test JVM) or in place of the local file system
 * ({@code spark.hadoop.fs.file.impl} on a cluster, with this class on the executors' classpath:
 * input listing needs the {@code file} scheme, since Hadoop's local file statuses read
 * permissions through {@code java.io.File}). The rules file is named by
 * {@code winnow.faults.rules} and read at every guarded call, so a test can change it between
 * runs. Each line is {@code <op> <mode> <regex>}, matched against the path
 * without its scheme:
 *
 * <ul>
 *   <li>op: {@code open}, {@code create}, {@code rename} (the source path);
 *   <li>{@code once}: the first matching call fails, in whichever JVM makes it (a marker file
 *       {@code <rules>.fired/<line>} makes it once per rule in the whole cluster; a retried task
 *       writes under a new attempt path, so "once per path" would fail every attempt); a create
 *       fails when its stream is closed, after the data was written, as a lost disk or node
 *       would;
 *   <li>{@code always}: every such call fails;
 *   <li>{@code full}: a create whose writes fail with "No space left on device";
 *   <li>{@code kill}: the first executor (never the driver) to open a matching path writes its
 *       pid to {@code <rules>.victims/<line>} and waits for the test to kill it (two minutes at
 *       most, then fails);
 *   <li>{@code hold} (rename): the first call to match, in whichever JVM and thread, the driver
 *       included, writes its pid to {@code <rules>.held/<line>} and waits there to be killed (two
 *       minutes at most, then fails): a test kills a process at a known point, such as just
 *       before a stage publishes, instead of racing it.
 * </ul>
 */
public class FaultyFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "faulty";
  public static final String RULES = "winnow.faults.rules";
  private static final long KILL_WAIT_MILLIS = 120_000;

  private record Rule(int line, String op, String mode, Pattern path) {}

  private static final URI LOCAL = URI.create("file:///");
  private URI name; // null while the superclass's constructor runs

  @Override
  public URI getUri() {
    return name == null ? LOCAL : name;
  }

  @Override
  public String getScheme() {
    return getUri().getScheme();
  }

  @Override
  public void initialize(URI uri, Configuration conf) throws IOException {
    name = URI.create(uri.getScheme() + ":///");
    super.initialize(name, conf);
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    for (Rule r : rules("open", f)) {
      switch (r.mode) {
        case "kill" -> waitToBeKilled(r, f);
        case "once" -> failOnce(r, f, "read");
        case "always" -> throw new IOException("injected fault: cannot read " + f);
        default -> { }
      }
    }
    return super.open(f, bufferSize);
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
      short replication, long blockSize, Progressable progress) throws IOException {
    checkCreate(f);
    return guard(f, super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
      Progressable progress) throws IOException {
    checkCreate(f);
    return guard(f, super.create(f, overwrite, bufferSize, replication, blockSize, progress));
  }

  @Override
  public FSDataOutputStream createNonRecursive(Path f, FsPermission permission, EnumSet<CreateFlag> flags,
      int bufferSize, short replication, long blockSize, Progressable progress) throws IOException {
    checkCreate(f);
    return guard(f, super.createNonRecursive(f, permission, flags, bufferSize, replication, blockSize, progress));
  }

  private void checkCreate(Path f) throws IOException {
    for (Rule r : rules("create", f)) {
      if (r.mode.equals("always")) {
        throw new IOException("injected fault: cannot create " + f);
      }
    }
  }

  /** The stream of a created file, failing as the rules say. */
  private FSDataOutputStream guard(Path f, FSDataOutputStream out) throws IOException {
    for (Rule r : rules("create", f)) {
      if (r.mode.equals("full")) {
        return new FSDataOutputStream(new FullDisk(out, f), null);
      }
      if (r.mode.equals("once") && fire(r, f)) {
        return new FSDataOutputStream(new FailingClose(out, f), null);
      }
    }
    return out;
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    for (Rule r : rules("rename", src)) {
      if (r.mode.equals("hold") && mark(r, ".held")) {
        waitForKill("renaming " + src);
      }
      if (r.mode.equals("always") || r.mode.equals("once") && fire(r, src)) {
        throw new IOException("injected fault: cannot rename " + src + " to " + dst);
      }
    }
    return super.rename(src, dst);
  }

  private List<Rule> rules(String op, Path f) throws IOException {
    String file = getConf().get(RULES, "");
    List<Rule> found = new ArrayList<>();
    if (file.isEmpty() || !Files.exists(java.nio.file.Path.of(file))) {
      return found;
    }
    List<String> lines = Files.readAllLines(java.nio.file.Path.of(file), StandardCharsets.UTF_8);
    String path = f.toUri().getPath();
    for (int i = 0; i < lines.size(); i++) {
      String[] parts = lines.get(i).trim().split("\\s+", 3);
      if (parts.length == 3 && parts[0].equals(op) && Pattern.matches(parts[2], path)) {
        found.add(new Rule(i + 1, parts[0], parts[1], Pattern.compile(parts[2])));
      }
    }
    return found;
  }

  /** True for the first caller, cluster-wide, of rule {@code r} (the marker names the path it hit). */
  private boolean fire(Rule r, Path f) throws IOException {
    java.nio.file.Path dir = java.nio.file.Path.of(getConf().get(RULES) + ".fired");
    Files.createDirectories(dir);
    try {
      Files.writeString(dir.resolve(String.valueOf(r.line)), f.toUri().getPath() + "\n",
          java.nio.file.StandardOpenOption.CREATE_NEW);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }

  private void failOnce(Rule r, Path f, String what) throws IOException {
    if (fire(r, f)) {
      throw new IOException("injected fault: cannot " + what + " " + f + " (first attempt)");
    }
  }

  private void waitToBeKilled(Rule r, Path f) throws IOException {
    SparkEnv env = SparkEnv.get();
    if (env == null || env.executorId().equals("driver")) {
      return;
    }
    if (mark(r, ".victims")) { // else the victim of this rule was chosen already
      waitForKill("executor " + env.executorId() + " reading " + f);
    }
  }

  /** True for the first caller of rule {@code r}, which writes its pid to {@code <rules><suffix>/<line>}. */
  private boolean mark(Rule r, String suffix) throws IOException {
    java.nio.file.Path dir = java.nio.file.Path.of(getConf().get(RULES) + suffix);
    Files.createDirectories(dir);
    try {
      Files.writeString(dir.resolve(String.valueOf(r.line)), ProcessHandle.current().pid() + "\n",
          java.nio.file.StandardOpenOption.CREATE_NEW);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }

  private static void waitForKill(String what) throws IOException {
    try {
      new CountDownLatch(1).await(KILL_WAIT_MILLIS, TimeUnit.MILLISECONDS); // nothing counts it down
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new IOException("injected fault: " + what + " was not killed");
  }

  /** Writes go through; closing fails (after closing the file). */
  private static final class FailingClose extends FilterOutputStream {
    private final Path path;

    FailingClose(OutputStream out, Path path) {
      super(out);
      this.path = path;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      super.close();
      throw new IOException("injected fault: lost the write of " + path + " (first attempt)");
    }
  }

  /** Every write fails as on a full disk. */
  private static final class FullDisk extends FilterOutputStream {
    private final Path path;

    FullDisk(OutputStream out, Path path) {
      super(out);
      this.path = path;
    }

    @Override
    public void write(int b) throws IOException {
      throw new IOException("No space left on device (injected, writing " + path + ")");
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      throw new IOException("No space left on device (injected, writing " + path + ")");
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
