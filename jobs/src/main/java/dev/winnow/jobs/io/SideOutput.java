package dev.winnow.jobs.io;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;

/**
 * A file a task writes beside Spark's own output (quarantine records, tallies), made safe for
 * task retries and speculation: each attempt writes its own temporary file and renames it to
 * the final name when complete. Attempts of one partition write identical content (the
 * function of the partition's input files is deterministic), so whichever rename wins is right
 * and a loser just removes its temporary file; an attempt that dies leaves only a temporary
 * file, which the driver ignores and the staging cleanup removes.
 */
public final class SideOutput implements AutoCloseable {
  private final FileSystem fs;
  private final Path tmp;
  private final Path dest;
  private final OutputStream out;

  private SideOutput(FileSystem fs, Path tmp, Path dest) throws IOException {
    this.fs = fs;
    this.tmp = tmp;
    this.dest = dest;
    this.out = fs.create(tmp, true);
  }

  /** Opens {@code dir/name} for the current task attempt. */
  public static SideOutput create(FileSystem fs, Path dir, String name) throws IOException {
    TaskContext tc = TaskContext.get();
    String attempt = tc == null ? "driver" : tc.stageAttemptNumber() + "-" + tc.attemptNumber() + "-" + tc.taskAttemptId();
    return new SideOutput(fs, new Path(dir, "." + name + "." + attempt + ".tmp"), new Path(dir, name));
  }

  /** Removes the temporary files of attempts that died, so they are never published. */
  public static void removeLeftovers(FileSystem fs, Path dir) throws IOException {
    for (org.apache.hadoop.fs.FileStatus st : fs.listStatus(dir)) {
      String n = st.getPath().getName();
      if (n.startsWith(".") && n.endsWith(".tmp")) {
        fs.delete(st.getPath(), false);
      }
    }
  }

  public OutputStream stream() {
    return out;
  }

  /** Finishes the file and publishes it under its final name. */
  @Override
  public void close() throws IOException {
    out.close();
    if (!fs.rename(tmp, dest)) {
      if (fs.exists(dest)) {
        fs.delete(tmp, false); // another attempt of this partition published the same content
      } else {
        throw new IOException("cannot rename " + tmp + " to " + dest);
      }
    }
  }
}
