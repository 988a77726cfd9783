package dev.winnow.jobs.io;

import dev.winnow.common.config.ConfigException;
import dev.winnow.common.config.WinnowConfig;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checks of the configured paths made before any work starts (before the lock is taken, so
 * nothing is written on a refused config): the work directory is neither empty nor a file
 * system's root, is not inside an input (Winnow never writes into its input), and is not an
 * ancestor of an input (publishing a stage replaces folders of the work directory, and a stale
 * run's staging is deleted there). Paths are compared fully qualified (scheme, authority,
 * absolute normalized path; local paths with their symbolic links resolved), a glob by the
 * folder above its first wildcard.
 */
public final class WorkPaths {
  private WorkPaths() {}

  public static void check(WinnowConfig config, Configuration conf) throws IOException {
    String raw = config.get(WinnowConfig.WORK_DIR);
    if (raw == null || raw.isBlank()) {
      throw new ConfigException("work.dir is empty: name the folder Winnow may write its stages into");
    }
    URI work = qualified(new Path(raw.trim()), conf);
    if (work.getPath() == null || work.getPath().isEmpty() || work.getPath().equals("/")) {
      throw new ConfigException("work.dir = " + raw + " is the root of " + schemeAndAuthority(work)
          + ": Winnow replaces and deletes folders in its work directory; name a folder of its own");
    }
    List<String> inputs = new ArrayList<>(config.get(WinnowConfig.INPUT_POOL));
    inputs.addAll(config.get(WinnowConfig.INPUT_TARGET));
    for (String input : inputs) {
      URI in = qualified(globFree(new Path(input.trim())), conf);
      if (!schemeAndAuthority(in).equals(schemeAndAuthority(work))) {
        continue;
      }
      if (within(work.getPath(), in.getPath())) {
        throw new ConfigException("work.dir = " + raw + " is inside the input " + input
            + ": Winnow never writes into its input; choose a work directory outside it");
      }
      if (within(in.getPath(), work.getPath())) {
        throw new ConfigException("work.dir = " + raw + " contains the input " + input
            + ": publishing a stage replaces folders of the work directory; keep the input outside it");
      }
    }
  }

  /** True when {@code path} is {@code dir} or below it. */
  static boolean within(String path, String dir) {
    String d = dir.endsWith("/") ? dir : dir + "/";
    return path.equals(dir) || path.startsWith(d);
  }

  /** The part of a path above its first component with a glob character. */
  static Path globFree(Path p) {
    Path free = p;
    for (Path q = p; q != null; q = q.getParent()) {
      if (q.getName().matches(".*[*?\\[\\]{}].*")) {
        free = q.getParent();
      }
    }
    return free == null ? new Path("/") : free;
  }

  private static URI qualified(Path p, Configuration conf) throws IOException {
    FileSystem fs = p.getFileSystem(conf);
    URI u = fs.makeQualified(p).toUri();
    String path = "file".equals(u.getScheme()) ? realLocal(java.nio.file.Path.of(u.getPath()))
        : u.normalize().getPath();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    try {
      return new URI(u.getScheme(), u.getAuthority(), path, null, null);
    } catch (java.net.URISyntaxException e) {
      throw new IOException("cannot compare the path " + p + ": " + e.getMessage(), e);
    }
  }

  /** A local path with the symbolic links of its longest existing prefix resolved. */
  private static String realLocal(java.nio.file.Path p) throws IOException {
    java.nio.file.Path abs = p.toAbsolutePath().normalize();
    java.nio.file.Path existing = abs;
    while (existing != null && !java.nio.file.Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return abs.toString();
    }
    return existing.toRealPath().resolve(existing.relativize(abs)).toString();
  }

  private static String schemeAndAuthority(URI u) {
    return u.getScheme() + "://" + (u.getAuthority() == null ? "" : u.getAuthority());
  }
}
