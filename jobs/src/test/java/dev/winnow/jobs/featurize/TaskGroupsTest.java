package dev.winnow.jobs.featurize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.common.input.InputFormat;
import dev.winnow.jobs.SharedSpark;
import dev.winnow.jobs.io.InputFile;
import dev.winnow.jobs.io.InputFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How featurize packs compressed files (read whole by one task) into tasks: in path order, by
 * bytes, and in whole waves of the test session's two cores. No file is read: a compressed file
 * is never cut, so planning needs only the names and sizes.
 */
class TaskGroupsTest {
  private static final long MB = 1 << 20;

  private static List<InputFile> gzipFiles(long... sizes) {
    List<InputFile> files = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      files.add(new InputFile(String.format("file:/pool/part-%05d.jsonl.gz", i), sizes[i], 0, InputFormat.JSONL));
    }
    return files;
  }

  private static long[] sizes(int n, long each) {
    long[] s = new long[n];
    java.util.Arrays.fill(s, each);
    return s;
  }

  private static List<Long> bytes(List<List<InputFile>> groups) {
    return groups.stream().map(g -> g.stream().mapToLong(InputFile::taskBytes).sum()).toList();
  }

  /** Every file once, in path order. */
  private static void assertInOrder(List<InputFile> files, List<List<InputFile>> groups) {
    assertEquals(files, groups.stream().flatMap(List::stream).toList());
  }

  @Test
  void realpoolX8MakesTwoFullWavesNotALoneFifthTask() throws IOException {
    // the suite's realpool x8: 4 gzip and 28 zstd files of 12-15 MB under the default 128 MB cap;
    // packing each task up to a quarter of the bytes made 5 tasks of 9, 7, 7, 7 and 3 files, the
    // fifth running alone on one of the two cores
    List<InputFile> files = gzipFiles(13689956, 13616268, 12898302, 12982813, 14995420, 14873347, 14083447,
        14199163, 14995720, 14873654, 14083695, 14198928, 14995853, 14873746, 14083700, 14199123, 14994960,
        14873382, 14083806, 14198828, 14995320, 14873340, 14083584, 14198911, 14995252, 14873480, 14083753,
        14198986, 14995454, 14873460, 14083758, 14198996);
    List<List<InputFile>> groups = FeaturizeJob.taskGroups(SharedSpark.get(), files, 128 * MB);
    assertEquals(List.of(8, 8, 8, 8), groups.stream().map(List::size).toList());
    assertInOrder(files, groups);
  }

  @Test
  void theCapSetsTheTasksRoundedUpToWholeWaves() throws IOException {
    // 30 files of 10 MB under a 60 MB cap: 5 tasks of 60 MB would do, the fifth alone on a core;
    // 6 tasks of 50 MB end together
    List<InputFile> files = gzipFiles(sizes(30, 10 * MB));
    List<List<InputFile>> groups = FeaturizeJob.taskGroups(SharedSpark.get(), files, 60 * MB);
    assertEquals(List.of(5, 5, 5, 5, 5, 5), groups.stream().map(List::size).toList());
    assertInOrder(files, groups);
    // 100 MB in 1 MB files under a 10 MB cap: 10 tasks of 10 files
    List<InputFile> small = gzipFiles(sizes(100, MB));
    List<List<InputFile>> many = FeaturizeJob.taskGroups(SharedSpark.get(), small, 10 * MB);
    assertEquals(List.of(10, 10, 10, 10, 10, 10, 10, 10, 10, 10), many.stream().map(List::size).toList());
  }

  @Test
  void packingBalancesBytesAndNeverMakesAnEmptyGroup() {
    // a big file among small ones takes a group of its own; the small ones share the rest
    List<InputFile> files = gzipFiles(1 * MB, 1 * MB, 60 * MB, 1 * MB, 1 * MB, 1 * MB, 1 * MB, 0, 1 * MB);
    List<List<InputFile>> groups = InputFiles.pack(files, 4);
    assertInOrder(files, groups);
    assertTrue(groups.stream().noneMatch(List::isEmpty));
    assertTrue(groups.size() <= 4);
    assertEquals(List.of(2 * MB, 60 * MB, 5 * MB), bytes(groups));
    // more groups than files: a file a group
    assertEquals(3, InputFiles.pack(gzipFiles(5, 7, 9), 8).size());
    // nothing to read: one group of the empty files
    assertEquals(List.of(3), InputFiles.pack(gzipFiles(0, 0, 0), 4).stream().map(List::size).toList());
  }
}
