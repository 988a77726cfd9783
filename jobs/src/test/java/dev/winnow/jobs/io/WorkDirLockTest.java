package dev.winnow.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The work directory's lock is taken by exactly one of many takers arriving at the same instant. */
class WorkDirLockTest {
  @Test
  void exactlyOneOfManySimultaneousTakersWins(@TempDir Path tmp) throws Exception {
    int takers = 8;
    Configuration conf = new Configuration();
    ExecutorService pool = Executors.newFixedThreadPool(takers);
    try {
      for (int trial = 0; trial < 200; trial++) {
        String work = tmp.resolve("w" + trial).toString();
        CyclicBarrier start = new CyclicBarrier(takers);
        List<Future<WorkDirLock>> tries = new ArrayList<>();
        for (int t = 0; t < takers; t++) {
          tries.add(pool.submit(() -> {
            start.await();
            try {
              return WorkDirLock.acquire(work, "test", conf);
            } catch (WorkDirLock.LockedException e) {
              return null;
            }
          }));
        }
        List<WorkDirLock> won = new ArrayList<>();
        for (Future<WorkDirLock> f : tries) {
          if (f.get() != null) {
            won.add(f.get());
          }
        }
        assertEquals(1, won.size(), "takers that won trial " + trial);
        for (WorkDirLock l : won) {
          l.close();
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
