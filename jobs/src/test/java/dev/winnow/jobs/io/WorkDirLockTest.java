package dev.winnow.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The work directory's lock: taken by exactly one of many takers arriving at the same instant,
 * a lease its holder renews, never broken while its holder lives, taken over (by one taker)
 * once its lease has lapsed, and a run that lost it does not publish.
 */
class WorkDirLockTest {
  private static final Configuration CONF = new Configuration();
  private static final long HOUR_MS = 3_600_000L;

  /** Writes a lock file as another run would have, renewed {@code ageMs} ago. */
  private static Path foreignLock(Path work, String host, long pid, long ageMs) throws IOException {
    Files.createDirectories(work);
    Path lock = work.resolve(WorkDirLock.FILE);
    Files.writeString(lock, "{\"host\": \"" + host + "\", \"pid\": " + pid + ", \"command\": \"run\", "
        + "\"started\": \"" + Instant.now().minusMillis(ageMs + 1000) + "\", \"token\": \"theirs\"}");
    Files.setLastModifiedTime(lock, FileTime.fromMillis(System.currentTimeMillis() - ageMs));
    return lock;
  }

  private static String localHost() throws IOException {
    return InetAddress.getLocalHost().getHostName();
  }

  /** The pid of a process of this host that has ended. */
  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  @Test
  void aLiveHoldersLockIsNeverBrokenEvenWhenAsked(@TempDir Path tmp) throws IOException {
    String work = tmp.resolve("w").toString();
    try (WorkDirLock held = WorkDirLock.acquire(work, "holder", CONF, false)) {
      String before = Files.readString(tmp.resolve("w").resolve(WorkDirLock.FILE));
      WorkDirLock.LockedException e = assertThrows(WorkDirLock.LockedException.class,
          () -> WorkDirLock.acquire(work, "breaker", CONF, true));
      assertTrue(e.getMessage().contains("still running on this host"), e.getMessage());
      assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
      assertEquals(before, Files.readString(tmp.resolve("w").resolve(WorkDirLock.FILE)), "the holder's lock stays");
    }
  }

  @Test
  void aFreshLeaseFromAnotherHostIsRefusedEvenWhenAskedToBreak(@TempDir Path tmp) throws IOException {
    Path lock = foreignLock(tmp.resolve("w"), "elsewhere.example", 4242, 5_000);
    WorkDirLock.LockedException e = assertThrows(WorkDirLock.LockedException.class,
        () -> WorkDirLock.acquire(tmp.resolve("w").toString(), "breaker", CONF, true));
    assertTrue(e.getMessage().contains("pid 4242 on elsewhere.example"), e.getMessage());
    assertTrue(e.getMessage().contains("lapses after " + WorkDirLock.LEASE_SECONDS + " s"), e.getMessage());
    assertTrue(Files.readString(lock).contains("theirs"));
  }

  @Test
  void aLapsedLeaseIsTakenOverWithoutAsking(@TempDir Path tmp) throws IOException {
    Path lock = foreignLock(tmp.resolve("w"), "elsewhere.example", 4242, HOUR_MS);
    try (WorkDirLock taken = WorkDirLock.acquire(tmp.resolve("w").toString(), "next", CONF, false)) {
      assertTrue(Files.readString(lock).contains("\"next\""), Files.readString(lock));
    }
    assertTrue(Files.notExists(lock), "released");
    try (var left = Files.list(tmp.resolve("w"))) {
      assertEquals(List.of(), left.toList(), "no stale copy left beside it");
    }
  }

  @Test
  void aDeadProcessOfThisHostIsTakenOverAtOnceOnlyWhenAsked(@TempDir Path tmp) throws Exception {
    long pid = deadPid();
    foreignLock(tmp.resolve("w"), localHost(), pid, 1_000);
    String work = tmp.resolve("w").toString();
    WorkDirLock.LockedException e = assertThrows(WorkDirLock.LockedException.class,
        () -> WorkDirLock.acquire(work, "next", CONF, false));
    assertTrue(e.getMessage().contains("its process is gone from this host: --break-lock"), e.getMessage());
    WorkDirLock.acquire(work, "next", CONF, true).close();
  }

  @Test
  void theHolderRenewsItsLeaseAndALapsedHolderThatWasTakenOverDoesNotPublish(@TempDir Path tmp) throws Exception {
    Path w = tmp.resolve("w");
    Path lock = w.resolve(WorkDirLock.FILE);
    try (WorkDirLock held = WorkDirLock.acquire(w.toString(), "holder", CONF, false)) {
      Files.setLastModifiedTime(lock, FileTime.fromMillis(System.currentTimeMillis() - HOUR_MS));
      held.renew();
      long age = System.currentTimeMillis() - Files.getLastModifiedTime(lock).toMillis();
      assertTrue(age < 60_000, "renewed " + age + " ms ago");

      // the holder stalls past its lease and a run on another host takes over: the stalled run must not publish
      StagedOutput staged = StagedOutput.begin(w.toString(), "featurize", CONF);
      Files.createDirectories(Path.of(staged.folder("features", "features").toUri()));
      foreignLock(w, "elsewhere.example", 4242, 0);
      WorkDirLock.LockedException e = assertThrows(WorkDirLock.LockedException.class, staged::publish);
      assertTrue(e.getMessage().contains("lost the lock"), e.getMessage());
      assertTrue(e.getMessage().contains("pid 4242 on elsewhere.example"), e.getMessage());
      assertTrue(Files.notExists(w.resolve("features")), "nothing published");
      held.close();
      assertTrue(Files.readString(lock).contains("theirs"), "the stalled run leaves the new holder's lock");
    }
  }

  @Test
  void oneOfManyTakersOfALapsedLeaseWins(@TempDir Path tmp) throws Exception {
    exactlyOneWins(tmp, 50, w -> foreignLock(w, "elsewhere.example", 4242, HOUR_MS));
  }

  @Test
  void exactlyOneOfManySimultaneousTakersWins(@TempDir Path tmp) throws Exception {
    exactlyOneWins(tmp, 200, w -> { });
  }

  /** What a trial's work directory holds before the takers arrive. */
  interface Setup {
    void prepare(Path work) throws IOException;
  }

  /** In each of {@code trials} trials, eight takers arriving at the same instant: exactly one wins. */
  private static void exactlyOneWins(Path tmp, int trials, Setup setup) throws Exception {
    int takers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(takers);
    try {
      for (int trial = 0; trial < trials; trial++) {
        Path w = tmp.resolve("w" + trial);
        setup.prepare(w);
        CyclicBarrier start = new CyclicBarrier(takers);
        List<Future<WorkDirLock>> tries = new ArrayList<>();
        for (int t = 0; t < takers; t++) {
          tries.add(pool.submit(() -> {
            start.await();
            try {
              return WorkDirLock.acquire(w.toString(), "taker", CONF, false);
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
        won.get(0).close();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
