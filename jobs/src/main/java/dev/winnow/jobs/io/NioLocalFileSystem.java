package dev.winnow.jobs.io;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

/**
 * Hadoop's local file system ({@code file:}), checksums and all, except that it sets a file's
 * permission through {@code java.nio} where Hadoop, without its native library (the usual case
 * outside a Hadoop install), starts a {@code chmod} process for every file it creates: about
 * 200 processes in the README's run (docs/BENCHMARKS.md). The CLI uses it for {@code file:}
 * unless {@code spark.hadoop.fs.file.impl} is set.
 */
public final class NioLocalFileSystem extends LocalFileSystem {
  public NioLocalFileSystem() {
    super(new Raw());
  }

  /** The raw local file system with {@link #setPermission} through java.nio. */
  static final class Raw extends RawLocalFileSystem {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      if (NativeIO.isAvailable() || !POSIX || permission.getStickyBit()) {
        super.setPermission(p, permission); // what Hadoop does: native chmod, or the chmod command
        return;
      }
      // rwxr-x--- and the like: the nine permission bits, which is all chmod sets here
      Files.setPosixFilePermissions(pathToFile(p).toPath(), PosixFilePermissions.fromString(
          permission.getUserAction().SYMBOL + permission.getGroupAction().SYMBOL
              + permission.getOtherAction().SYMBOL));
    }
  }
}
