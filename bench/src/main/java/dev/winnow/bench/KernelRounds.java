package dev.winnow.bench;

import dev.winnow.common.dedup.MinHash;
import dev.winnow.common.lang.LanguageId;
import dev.winnow.common.quality.QualitySignals;
import dev.winnow.common.text.DocFeatures;
import dev.winnow.common.text.NgramFeaturizer;
import dev.winnow.common.text.HashingMode;
import dev.winnow.common.text.ModelTokens;
import dev.winnow.common.text.TokenScan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The featurize kernels over many realpool documents, one thread, several rounds, each round
 * printed with its time and a 64-bit fingerprint of every output value the kernel produced. A
 * companion to the JMH benchmarks, whose error on this 2-core machine is too wide to show a
 * 10% change: the same command before and after a kernel change gives the speed-up, and equal
 * fingerprints show that the outputs did not change.
 *
 * <p>Usage: {@code KernelRounds [DOCS] [ROUNDS] [KERNEL,...]} (default 80,000 documents from
 * realpool's shards 0 and 3, 6 rounds, every kernel; -Dwinnow.realpool=DIR). Kernels that share
 * code (the scan) bias each other's JIT profiles in one JVM: compare such kernels one per JVM.
 */
public final class KernelRounds {
  private KernelRounds() {}

  public static void main(String[] args) throws IOException {
    int docs = args.length > 0 ? Integer.parseInt(args[0]) : 80_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    only = args.length > 2 ? java.util.Set.of(args[2].split(",")) : null;
    Path dir = RealpoolSample.shard().getParent();
    List<String> texts = new ArrayList<>(RealpoolSample.texts(dir.resolve("part-00000.jsonl.gz"), docs));
    texts.addAll(RealpoolSample.texts(dir.resolve("part-00003.jsonl.gz"), docs - texts.size()));
    System.out.printf("%d documents, %d chars%n", texts.size(), texts.stream().mapToLong(String::length).sum());
    QualitySignals quality = new QualitySignals();
    MinHash minHash = new MinHash(5, 14, 8);
    NgramFeaturizer ngrams = new NgramFeaturizer(2, 10_000, HashingMode.parse("fast"));
    run("quality", texts, rounds, (h, t) -> fold(h, quality.compute(t)));
    run("minhash", texts, rounds, (h, t) -> fold(h, minHash.signature(t)));
    run("ngrams", texts, rounds, (h, t) -> fold(h, ngrams.featurize(t)));
    // all three as featurize computes them: each scanning the text itself (three tokenizations,
    // as before issue 16) against one shared scan; equal fingerprints, equal outputs
    run("all-3-scans", texts, rounds, (h, t) -> fold(fold(fold(h, ngrams.featurize(t)), quality.compute(t)),
        minHash.signature(t)));
    TokenScan scan = new TokenScan();
    run("all-1-scan", texts, rounds, (h, t) -> {
      scan.scan(t, ngrams.scanFlags() | TokenScan.QUALITY | TokenScan.WORDS);
      return fold(fold(fold(h, ngrams.featurize(scan)), quality.compute(t, scan)), minHash.signature(scan));
    });
    // what featurize adds when a run asks for it (issue 19): the language, a model's token count
    run("language", texts, rounds, (h, t) -> fold(h, LanguageId.detect(t)));
    // the same answers from the optimaize library called as its users call it (Winnow did until
    // issue 16's OptimaizeDetector): equal fingerprints show that the answers are bit for bit the same
    com.optimaize.langdetect.LanguageDetector library = com.optimaize.langdetect.LanguageDetectorBuilder
        .create(com.optimaize.langdetect.ngram.NgramExtractors.standard())
        .withProfiles(new com.optimaize.langdetect.profiles.LanguageProfileReader().readAllBuiltIn()).build();
    com.optimaize.langdetect.text.TextObjectFactory large =
        com.optimaize.langdetect.text.CommonTextObjectFactories.forDetectingOnLargeText();
    run("language-library", texts, rounds, (h, t) -> {
      String head = t.length() > LanguageId.MAX_CHARS ? t.substring(0, LanguageId.MAX_CHARS) : t;
      if (head.codePoints().filter(Character::isLetter).limit(LanguageId.MIN_LETTERS).count()
          < LanguageId.MIN_LETTERS) {
        return fold(h, new LanguageId.Detection(LanguageId.UNKNOWN, 0));
      }
      List<com.optimaize.langdetect.DetectedLanguage> found = library.getProbabilities(large.forText(head));
      if (found.isEmpty()) {
        return fold(h, new LanguageId.Detection(LanguageId.UNKNOWN, 0));
      }
      double p = found.get(0).getProbability();
      return fold(h, new LanguageId.Detection(p < LanguageId.MIN_PROBABILITY ? LanguageId.UNKNOWN
          : found.get(0).getLocale().getLanguage(), p));
    });
    for (String name : List.of("r50k_base", "cl100k_base", "o200k_base")) {
      com.knuddels.jtokkit.api.Encoding encoding = ModelTokens.encoding(name);
      run("tokens-" + name, texts, rounds, (h, t) -> mix(h, ModelTokens.count(encoding, t)));
    }
  }

  private static long fold(long h, DocFeatures f) {
    for (int i = 0; i < f.ngramIdx.length; i++) {
      h = mix(mix(h, f.ngramIdx[i]), f.ngramCnt[i]);
    }
    return h;
  }

  private static long fold(long h, LanguageId.Detection d) {
    return mix(mix(h, d.lang().hashCode()), Double.doubleToLongBits(d.probability()));
  }

  private static long fold(long h, double[] signals) {
    for (double d : signals) {
      h = mix(h, Double.doubleToLongBits(d));
    }
    return h;
  }

  private static long fold(long h, byte[] signature) {
    for (int i = 0; signature != null && i < signature.length; i++) {
      h = mix(h, signature[i]);
    }
    return h;
  }

  /** One document through a kernel, its outputs folded into the running fingerprint {@code h}. */
  interface Kernel {
    long apply(long h, String text);
  }

  static long mix(long h, long x) {
    return (h ^ x) * 0x9E37_79B9_7F4A_7C15L;
  }

  /** The kernels to run (null: all). */
  private static java.util.Set<String> only;

  static void run(String name, List<String> texts, int rounds, Kernel kernel) {
    if (only != null && !only.contains(name)) {
      return;
    }
    for (int r = 1; r <= rounds; r++) {
      long h = 17;
      long t0 = System.nanoTime();
      for (String t : texts) {
        h = kernel.apply(h, t);
      }
      System.out.printf("%-16s round %d: %6.0f ms  output fingerprint %016x%n", name, r,
          (System.nanoTime() - t0) / 1e6, h);
    }
  }
}
