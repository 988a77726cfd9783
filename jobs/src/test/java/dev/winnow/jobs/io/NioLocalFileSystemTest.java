package dev.winnow.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The java.nio permissions against Hadoop's own (the chmod command) on the same files. */
class NioLocalFileSystemTest {
  @TempDir
  Path tmp;

  private static String permissionsOf(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void setsThePermissionsHadoopsChmodWould() throws IOException {
    Configuration conf = new Configuration();
    NioLocalFileSystem nio = new NioLocalFileSystem();
    nio.initialize(java.net.URI.create("file:///"), conf);
    RawLocalFileSystem hadoop = new RawLocalFileSystem();
    hadoop.initialize(java.net.URI.create("file:///"), conf);
    for (String mode : new String[] {"640", "755", "600", "604", "070", "777", "000"}) {
      FsPermission permission = new FsPermission(mode);
      Path a = Files.createFile(tmp.resolve("nio-" + mode));
      Path b = Files.createFile(tmp.resolve("chmod-" + mode));
      nio.setPermission(new org.apache.hadoop.fs.Path(a.toUri()), permission);
      hadoop.setPermission(new org.apache.hadoop.fs.Path(b.toUri()), permission);
      assertEquals(permissionsOf(b), permissionsOf(a), mode);
    }
  }

  @Test
  void createsFilesAndFoldersWithTheUmaskAppliedAsHadoopDoes() throws IOException {
    Configuration conf = new Configuration();
    conf.set("fs.permissions.umask-mode", "027");
    FileSystem nio = new NioLocalFileSystem();
    nio.initialize(java.net.URI.create("file:///"), conf);
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(tmp.resolve("d").toUri());
    nio.mkdirs(dir, FsPermission.getDirDefault().applyUMask(FsPermission.getUMask(conf)));
    try (FSDataOutputStream out = nio.create(new org.apache.hadoop.fs.Path(dir, "f"))) {
      out.writeBytes("x");
    }
    assertEquals("rwxr-x---", permissionsOf(tmp.resolve("d")));
    assertEquals("rw-r-----", permissionsOf(tmp.resolve("d/f")));
    assertEquals("x", Files.readString(tmp.resolve("d/f")));
  }
}
