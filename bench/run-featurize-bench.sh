#!/usr/bin/env bash
# Featurize benchmarks on realpool (../shared/corpora/realpool by default), in one go:
#   1. JMH: the featurizer kernel, fast and dsir hashing, on 20,000 realpool documents, and
#      the quality signals and MinHash signature against the fast n-grams on the same texts;
#      KernelRounds: the three kernels over 80,000 documents, six rounds, with a fingerprint of
#      their outputs (before/after comparisons of a kernel change); and the featurizer's peer,
#      the DSIR reference algorithm in Python (bench/dsir_reference_peer.py, needs Debian's
#      python3-nltk; skipped with a note when it is missing);
#   2. the whole featurize job in Spark local[2], with its peers in the same JVM and session:
#      Spark's own JSON read of the pool (the floor) and the MLlib pipeline
#      (RegexTokenizer + NGram + HashingTF), ROUNDS times each (default 3; the first round
#      includes JIT warm-up).
# Usage: bench/run-featurize-bench.sh [REALPOOL_DIR]   (env: ROUNDS, MASTER, SKIP_JMH=1)
pool=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/../../shared/corpora/realpool}" && pwd)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ -z "${SKIP_JMH:-}" ]; then
  java "${kernel_opts[@]}" -Dwinnow.realpool="$pool" -cp "$cp" org.openjdk.jmh.Main FeaturizerBenchmark 2>&1 \
    | grep -E "^sample:|^Benchmark|featurize(AndPack)?Sample "
  java "${kernel_opts[@]}" -Dwinnow.realpool="$pool" -cp "$cp" org.openjdk.jmh.Main TextSignalsBenchmark 2>&1 \
    | grep -E "^Benchmark|TextSignalsBenchmark\."
  java "${kernel_opts[@]}" -Dwinnow.realpool="$pool" -cp "$cp" dev.winnow.bench.KernelRounds
  if /usr/bin/python3 -c 'import nltk, numpy' 2>/dev/null; then
    /usr/bin/python3 "$root/bench/dsir_reference_peer.py" "$pool"
  else
    echo "dsir reference peer skipped: apt-get install python3-nltk python3-numpy"
  fi
fi
run_spark_main dev.winnow.bench.FeaturizeJobBenchmark "$pool" "$work/out" "${ROUNDS:-3}" 2>&1 \
  | sed -n '/^pool:/p;/^RESULTS/,$p'
