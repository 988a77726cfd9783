package dev.winnow.jobs.io;

import dev.winnow.common.input.InputException;
import dev.winnow.common.input.InputFormat;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Resolves the configured input paths (files, directories, globs, on any Hadoop file system)
 * into a sorted, de-duplicated list of files with their formats, and packs them into tasks.
 * Names starting with '_' or '.' (markers such as _SUCCESS, checksums) are skipped inside
 * directories, as Hadoop and Spark do.
 */
public final class InputFiles {
  private InputFiles() {}

  /** Lists every file; throws {@link InputException} naming the path that matched nothing. */
  public static List<InputFile> list(List<String> specs, InputFormat forced, Configuration conf) {
    TreeMap<String, InputFile> files = new TreeMap<>();
    for (String spec : specs) {
      Path p = new Path(spec);
      FileStatus[] matched;
      try {
        FileSystem fs = p.getFileSystem(conf);
        matched = fs.globStatus(p);
        if (matched == null || matched.length == 0) {
          throw new InputException("input path does not exist or matches nothing: " + spec);
        }
        int before = files.size();
        for (FileStatus st : matched) {
          if (st.isDirectory()) {
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(st.getPath(), true);
            while (it.hasNext()) {
              LocatedFileStatus f = it.next();
              if (!hidden(f.getPath(), st.getPath())) {
                add(files, f, forced);
              }
            }
          } else {
            add(files, st, forced);
          }
        }
        if (files.size() == before && !anyAlreadyListed(matched, files)) {
          throw new InputException("input path holds no file: " + spec);
        }
      } catch (FileNotFoundException e) {
        throw new InputException("input path does not exist: " + spec, e);
      } catch (IOException e) {
        throw new InputException("cannot list input path " + spec + ": " + e.getMessage(), e);
      }
    }
    return new ArrayList<>(files.values());
  }

  private static boolean anyAlreadyListed(FileStatus[] matched, TreeMap<String, InputFile> files) {
    for (FileStatus st : matched) {
      if (!st.isDirectory() && files.containsKey(st.getPath().toString())) {
        return true;
      }
    }
    return false;
  }

  private static void add(TreeMap<String, InputFile> files, FileStatus st, InputFormat forced) {
    String path = st.getPath().toString();
    InputFormat format = forced != null ? forced : InputFormat.fromName(st.getPath().getName());
    if (format == null) {
      throw new InputException("cannot tell the format of " + path
          + " from its name; set input.format (jsonl, parquet, text-lines or text-files)");
    }
    files.put(path, new InputFile(path, st.getLen(), st.getModificationTime(), format));
  }

  /** True when a path component below {@code root} starts with '_' or '.'. */
  private static boolean hidden(Path file, Path root) {
    for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
      String n = p.getName();
      if (n.startsWith("_") || n.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Packs files (or line ranges of files), in path order, into groups of about
   * {@code targetBytes}; a group gets as many as fit, and at least one.
   */
  public static List<List<InputFile>> pack(List<InputFile> files, long targetBytes) {
    List<List<InputFile>> groups = new ArrayList<>();
    List<InputFile> cur = new ArrayList<>();
    long size = 0;
    for (InputFile f : files) {
      if (!cur.isEmpty() && size + f.taskBytes() > targetBytes) {
        groups.add(cur);
        cur = new ArrayList<>();
        size = 0;
      }
      cur.add(f);
      size += f.taskBytes();
    }
    if (!cur.isEmpty()) {
      groups.add(cur);
    }
    return groups;
  }
}
