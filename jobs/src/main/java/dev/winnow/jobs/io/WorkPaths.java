package dev.winnow.jobs.io;

import dev.winnow.common.config.ConfigException;
import dev.winnow.common.config.WinnowConfig;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checks of the configured paths made before any work starts (before the lock is taken, so
 * nothing is written on a refused config): the work directory is neither empty nor a file
 * system's root, is not inside an input (Winnow never writes into its input), and is not an
 * ancestor of an input (publishing a stage replaces folders of the work directory, and a stale
 * run's staging is deleted there). Paths are compared fully qualified (scheme, authority,
 * absolute normalized path; local paths with their symbolic links resolved). A glob is the
 * paths it can match: the work directory is inside it when the glob matches the work directory
 * or a folder above it (the next run would read the work directory as input, even before it
 * exists), and contains it when a file the glob matches now lies in the work directory; a
 * sibling of the matched files that the glob cannot match ({@code data/*.jsonl} and
 * {@code data/work}) is fine.
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
      Path spec = new Path(input.trim());
      Path free = globFree(spec);
      URI in = qualified(free, conf);
      if (!schemeAndAuthority(in).equals(schemeAndAuthority(work))) {
        continue;
      }
      // the glob's components below its glob-free folder, matched against the work directory's
      List<String> pattern = new ArrayList<>();
      for (Path q = spec; q != null && q.depth() > free.depth(); q = q.getParent()) {
        pattern.add(0, q.getName());
      }
      if (matchesSelfOrAncestor(in.getPath(), pattern, work.getPath())) {
        throw new ConfigException("work.dir = " + raw + " is inside the input " + input
            + ": Winnow never writes into its input; choose a work directory outside it");
      }
      if (within(in.getPath(), work.getPath()) || (!pattern.isEmpty() && matchesWithin(spec, work, conf))) {
        throw new ConfigException("work.dir = " + raw + " contains the input " + input
            + ": publishing a stage replaces folders of the work directory; keep the input outside it");
      }
    }
  }

  /**
   * Whether the path {@code base/pattern...} (each pattern component a glob of one name) matches
   * {@code path} or a folder above it.
   */
  static boolean matchesSelfOrAncestor(String base, List<String> pattern, String path) {
    if (!within(path, base)) {
      return false;
    }
    String rest = path.substring(base.length()).replaceFirst("^/", "");
    String[] names = rest.isEmpty() ? new String[0] : rest.split("/");
    if (names.length < pattern.size()) {
      return false;
    }
    for (int i = 0; i < pattern.size(); i++) {
      if (!java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + pattern.get(i))
          .matches(java.nio.file.Path.of(names[i]))) {
        return false;
      }
    }
    return true;
  }

  /** Whether a path the glob {@code spec} matches today lies in {@code work}. */
  private static boolean matchesWithin(Path spec, URI work, Configuration conf) throws IOException {
    FileStatus[] matched = spec.getFileSystem(conf).globStatus(spec);
    for (FileStatus st : matched == null ? new FileStatus[0] : matched) {
      if (within(qualified(st.getPath(), conf).getPath(), work.getPath())) {
        return true;
      }
    }
    return false;
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
