package dev.winnow.jobs.io;

import dev.winnow.common.config.Choices;
import dev.winnow.common.input.InputException;
import dev.winnow.common.input.InputFormat;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileChecksum;
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
          if (st.isDirectory() && "file".equals(fs.getUri().getScheme())) {
            for (Path f : localFiles(st.getPath())) {
              add(files, fs.getFileStatus(f), forced);
            }
          } else if (st.isDirectory()) {
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

  /**
   * The files under a local directory, following symbolic links as Hadoop's listing does, but
   * each real file once: a directory reached again through a link (a loop such as
   * {@code sub/loop -> .}) is not entered again, and a file reached by a second path is listed
   * under the first in path order. A link that leads nowhere is an input error naming it.
   * Names starting with '_' or '.' below the directory are skipped.
   */
  static List<Path> localFiles(Path dir) throws IOException {
    java.nio.file.Path root = java.nio.file.Paths.get(dir.toUri());
    java.util.TreeMap<String, java.nio.file.Path> found = new java.util.TreeMap<>();
    java.nio.file.Files.walkFileTree(root, java.util.EnumSet.of(java.nio.file.FileVisitOption.FOLLOW_LINKS),
        Integer.MAX_VALUE, new java.nio.file.SimpleFileVisitor<>() {
          @Override
          public java.nio.file.FileVisitResult preVisitDirectory(java.nio.file.Path d,
              java.nio.file.attribute.BasicFileAttributes attrs) {
            return !d.equals(root) && skipped(d) ? java.nio.file.FileVisitResult.SKIP_SUBTREE
                : java.nio.file.FileVisitResult.CONTINUE;
          }

          @Override
          public java.nio.file.FileVisitResult visitFile(java.nio.file.Path f,
              java.nio.file.attribute.BasicFileAttributes attrs) {
            if (!skipped(f)) {
              if (attrs.isSymbolicLink()) { // FOLLOW_LINKS hands over a link only when it leads nowhere
                throw new InputException("input path " + f + " is a symbolic link to nothing ("
                    + readLink(f) + "): remove it or point it at a file");
              }
              found.put(f.toString(), f);
            }
            return java.nio.file.FileVisitResult.CONTINUE;
          }

          @Override
          public java.nio.file.FileVisitResult visitFileFailed(java.nio.file.Path f, IOException e) throws IOException {
            if (e instanceof java.nio.file.FileSystemLoopException) {
              return java.nio.file.FileVisitResult.CONTINUE; // a directory already being read: its files are listed
            }
            throw e;
          }
        });
    Set<java.nio.file.Path> real = new java.util.HashSet<>();
    List<Path> out = new ArrayList<>();
    for (java.nio.file.Path f : found.values()) {
      if (real.add(f.toRealPath())) {
        out.add(new Path(f.toUri()));
      }
    }
    return out;
  }

  private static boolean skipped(java.nio.file.Path p) {
    String n = p.getFileName() == null ? "" : p.getFileName().toString();
    return n.startsWith("_") || n.startsWith(".");
  }

  private static String readLink(java.nio.file.Path link) {
    try {
      return "-> " + java.nio.file.Files.readSymbolicLink(link);
    } catch (IOException e) {
      return "unreadable";
    }
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
          + " from its name; set input.format (jsonl, parquet, text-lines, text-files, warc or wet)");
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
   * Packs files (or line ranges of files), in path order, into at most {@code groups} groups of
   * about equal bytes: each goes to the group its middle byte falls in when the bytes are laid
   * end to end, so a group is never empty, and fewer come out only where a file is bigger than
   * a group's share.
   */
  public static List<List<InputFile>> pack(List<InputFile> files, long groups) {
    if (groups < 1) {
      throw new IllegalArgumentException("groups must be positive, got " + groups);
    }
    long total = 0;
    for (InputFile f : files) {
      total += f.taskBytes();
    }
    double share = (double) total / groups;
    List<List<InputFile>> out = new ArrayList<>();
    List<InputFile> cur = new ArrayList<>();
    long before = 0;
    long group = 0;
    for (InputFile f : files) {
      long g = total == 0 ? 0 : Math.min(groups - 1, (long) ((before + f.taskBytes() / 2.0) / share));
      if (!cur.isEmpty() && g != group) {
        out.add(cur);
        cur = new ArrayList<>();
      }
      group = g;
      cur.add(f);
      before += f.taskBytes();
    }
    if (!cur.isEmpty()) {
      out.add(cur);
    }
    return out;
  }

  /**
   * SHA-256 over every input file's path, size and either its modification time ({@code stat}:
   * free, and it changes whenever a file is added, removed, replaced or rewritten, but not when
   * one is edited in place keeping its size and time) or a checksum of its content
   * ({@code content}: {@link #contentChecksum}).
   */
  public static String digest(List<InputFile> files, Choices.InputFingerprint mode, Configuration conf) throws IOException {
    MessageDigest md = sha256();
    for (InputFile f : files) {
      String version = mode == Choices.InputFingerprint.CONTENT ? contentChecksum(f, conf) : String.valueOf(f.modified);
      md.update((f.path + "\t" + f.length + "\t" + version + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /**
   * The file system's own checksum of a file where it keeps one without reading the data through
   * this process (HDFS: an MD5 of its block CRCs), otherwise SHA-256 of every byte, read here.
   */
  static String contentChecksum(InputFile f, Configuration conf) throws IOException {
    Path path = new Path(f.path);
    FileSystem fs = path.getFileSystem(conf);
    FileChecksum own = fs.getFileChecksum(path);
    if (own != null) {
      return own.getAlgorithmName() + ":" + HexFormat.of().formatHex(own.getBytes());
    }
    MessageDigest md = sha256();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = fs.open(path)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return "SHA-256:" + HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
