package dev.winnow.common.dedup;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MinHash's inner loop: for each permutation {@code i}, the least {@code (a[i] * x + b[i]) >>> 32}
 * over a document's shingle hashes {@code x}. In plain Java, or with the JDK's vector API
 * ({@link VectorShingleMinima}: about ten times as fast with AVX-512, three times with AVX2);
 * both give the same values (integer arithmetic, the minimum of the same set), so which one
 * runs changes no output.
 *
 * <p>Vector API code is slow until the JVM's optimizing compiler (C2) has compiled it: run
 * interpreted or by the first tier it makes an object of every vector, some 20 times slower
 * than the plain loop (a fresh JVM lost 0.6 s on its first 3,000 documents). So the plain loop
 * runs first, while a daemon thread ({@link #warmUp}) runs both on a fixed input; once the vector
 * loop has been the faster {@link #WINS_NEEDED} times in a row, every caller switches to it. It
 * is not tried at all where it cannot pay: without the module {@code jdk.incubator.vector}
 * (Spark's launcher adds it to every driver and executor), under {@code -Xint} or
 * {@code -XX:TieredStopAtLevel} below 4 (no C2), or with vectors of fewer than four longs.
 */
final class ShingleMinima {
  private static final Logger LOG = LoggerFactory.getLogger(ShingleMinima.class);
  /** Consecutive warm-up rounds the vector loop must win before callers use it. */
  private static final int WINS_NEEDED = 100;
  /** How long the warm-up may try before it leaves the plain loop in place. */
  private static final long WARM_UP_NANOS = 5_000_000_000L;
  private static volatile boolean vectorReady;

  static {
    // the checks that load classes (the JVM's options, the vector API) run on the warm-up's thread
    boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    if (module && !System.getProperty("java.vm.info", "").toLowerCase(Locale.ROOT).contains("interpreted")) {
      Thread t = new Thread(ShingleMinima::warmUp, "winnow-minhash-warm-up");
      t.setDaemon(true);
      t.start();
    } else {
      LOG.info("MinHash minima in plain Java: {}", module ? "the JVM interprets (-Xint)"
          : "the JVM runs without the module jdk.incubator.vector (--add-modules)");
    }
  }

  private ShingleMinima() {}

  /**
   * Lowers each {@code mins[i]} to the least {@code (a[i] * xs[s] + b[i]) >>> 32} over
   * {@code s < n}.
   */
  static void update(long[] a, long[] b, long[] xs, int n, long[] mins) {
    if (vectorReady) {
      VectorShingleMinima.update(a, b, xs, n, mins);
    } else {
      update(a, b, xs, n, mins, 0);
    }
  }

  /** {@link #update} for the permutations from {@code from} on, one at a time. */
  static void update(long[] a, long[] b, long[] xs, int n, long[] mins, int from) {
    for (int i = from; i < a.length; i++) {
      long ai = a[i];
      long bi = b[i];
      long m = mins[i];
      // the high 32 bits as a non-negative long: a plain, branch-free Math.min is the unsigned order
      for (int s = 0; s < n; s++) {
        m = Math.min(m, (ai * xs[s] + bi) >>> 32);
      }
      mins[i] = m;
    }
  }

  /** A loop that lowers minima as {@link #update} does: the vector API's, or a test's. */
  interface Loop {
    void update(long[] a, long[] b, long[] xs, int n, long[] mins);
  }

  /** The warm-up thread: callers switch to the vector loop when {@link #vectorWins} says so. */
  private static void warmUp() {
    String notTried = whyNotVector();
    if (notTried != null) {
      LOG.info("MinHash minima in plain Java: {}", notTried);
      return;
    }
    vectorReady = vectorWins(VectorShingleMinima::update, WARM_UP_NANOS);
  }

  /**
   * Both loops on the same fixed input (MinHash's default 112 permutations, 64 shingles), timed,
   * until {@code vector} has won {@link #WINS_NEEDED} rounds in a row with the same minima
   * (true); false, with a line in the log, when it gives other minima, when it fails (the vector
   * API is an incubator module: a JVM may refuse a shape) or when {@code nanos} run out first.
   */
  static boolean vectorWins(Loop vector, long nanos) {
    SplittableRandom random = new SplittableRandom(1);
    long[] a = random.longs(112).map(x -> x | 1).toArray();
    long[] b = random.longs(112).toArray();
    long[] xs = random.longs(64).toArray();
    long[] plain = new long[a.length];
    long[] fast = new long[a.length];
    long start = System.nanoTime();
    int wins = 0;
    int rounds = 0;
    try {
      while (System.nanoTime() - start < nanos) {
        Arrays.fill(plain, Long.MAX_VALUE);
        Arrays.fill(fast, Long.MAX_VALUE);
        long t0 = System.nanoTime();
        update(a, b, xs, xs.length, plain, 0);
        long t1 = System.nanoTime();
        vector.update(a, b, xs, xs.length, fast);
        long t2 = System.nanoTime();
        rounds++;
        if (!Arrays.equals(plain, fast)) {
          LOG.warn("MinHash minima in plain Java: the vector loop gave other minima on this JVM");
          return false;
        }
        wins = t2 - t1 < t1 - t0 ? wins + 1 : 0;
        if (wins == WINS_NEEDED) {
          LOG.info("MinHash minima with the vector API ({} longs a vector), after {} warm-up rounds in {} ms",
              VectorShingleMinima.lanes(), rounds, (System.nanoTime() - start) / 1_000_000);
          return true;
        }
      }
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("MinHash minima in plain Java: the vector loop failed on this JVM: {}", e.toString());
      return false;
    }
    LOG.info("MinHash minima in plain Java: the vector loop was not faster in {} warm-up rounds", rounds);
    return false;
  }

  /** Null when the vector loop may pay here, else why not (the module is present). */
  private static String whyNotVector() {
    String level = vmOption("TieredStopAtLevel");
    if (level != null && !level.equals("4") && !"false".equals(vmOption("TieredCompilation"))) {
      return "the JVM stops at compiler tier " + level + " (-XX:TieredStopAtLevel)";
    }
    int lanes = VectorShingleMinima.lanes();
    return lanes < 4 ? "this machine's vectors hold " + lanes + " longs" : null;
  }

  /** A HotSpot option's value, or null where the JVM does not tell. */
  private static String vmOption(String name) {
    try {
      return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
          .getVMOption(name).getValue();
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }
}
