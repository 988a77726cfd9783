package dev.winnow.bench;

import dev.winnow.common.dedup.MinHash;
import dev.winnow.common.quality.QualitySignals;
import dev.winnow.common.text.HashingMode;
import dev.winnow.common.text.NgramFeaturizer;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What featurize computes per document besides the n-grams, over the same 20,000 realpool
 * documents as {@link FeaturizerBenchmark}: the quality signals and the MinHash signature (14 x 8
 * values over 5-word shingles), with the fast n-gram featurizer as the peer in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 4, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class TextSignalsBenchmark {
  private List<String> texts;
  private final NgramFeaturizer ngrams = new NgramFeaturizer(2, 10_000, HashingMode.FAST);
  private final QualitySignals quality = new QualitySignals();
  private final MinHash minHash = new MinHash(5, 14, 8);

  @Setup(Level.Trial)
  public void load() throws IOException {
    texts = RealpoolSample.texts(RealpoolSample.shard(), 20_000);
  }

  @Benchmark
  public void ngramsFast(Blackhole bh) {
    for (String t : texts) {
      bh.consume(ngrams.featurize(t));
    }
  }

  @Benchmark
  public void qualitySignals(Blackhole bh) {
    for (String t : texts) {
      bh.consume(quality.compute(t));
    }
  }

  @Benchmark
  public void minhashSignature(Blackhole bh) {
    for (String t : texts) {
      bh.consume(minHash.signature(t));
    }
  }
}
