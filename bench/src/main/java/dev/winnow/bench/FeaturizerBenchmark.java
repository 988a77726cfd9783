package dev.winnow.bench;

import dev.winnow.common.text.DocFeatures;
import dev.winnow.common.text.HashingMode;
import dev.winnow.common.text.NgramFeaturizer;
import dev.winnow.common.text.PackedInts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The featurizer kernel (lower-case, WordPunct split, hashed 1..2-grams, sparse counts, text
 * hash) over the first 20,000 documents of realpool's first shard, alone and with its vectors
 * packed as featurize stores them. One op = one pass over all of them; MB/s per core = sample
 * MB / (seconds per op), printed by the benchmark script.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class FeaturizerBenchmark {
  @Param({"fast", "dsir"})
  public String mode;

  private List<String> texts;
  private NgramFeaturizer featurizer;

  @Setup(Level.Trial)
  public void load() throws IOException {
    texts = RealpoolSample.texts(RealpoolSample.shard(), 20_000);
    featurizer = new NgramFeaturizer(2, 10_000, HashingMode.parse(mode));
    long bytes = 0;
    for (String t : texts) {
      bytes += t.getBytes(StandardCharsets.UTF_8).length;
    }
    System.out.printf("%nsample: %d documents, %d UTF-8 bytes%n", texts.size(), bytes);
  }

  @Benchmark
  public void featurizeSample(Blackhole bh) {
    for (String t : texts) {
      DocFeatures f = featurizer.featurize(t);
      bh.consume(f);
    }
  }

  /** The kernel and the packing of its vectors, as the features table stores them ({@link PackedInts}). */
  @Benchmark
  public void featurizeAndPackSample(Blackhole bh) {
    for (String t : texts) {
      DocFeatures f = featurizer.featurize(t);
      bh.consume(PackedInts.pack(f.ngramIdx, true));
      bh.consume(PackedInts.pack(f.ngramCnt, false));
    }
  }
}
