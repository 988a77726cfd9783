#!/usr/bin/env bash
# Featurize benchmarks on realpool (../shared/corpora/realpool by default), in one go:
#   1. JMH: the featurizer kernel, fast and dsir hashing, on 20,000 realpool documents;
#      and its peer, the DSIR reference algorithm in Python (bench/dsir_reference_peer.py,
#      needs Debian's python3-nltk; skipped with a note when it is missing);
#   2. the whole featurize job in Spark local[2], with its peers in the same JVM and session:
#      Spark's own JSON read of the pool (the floor) and the MLlib pipeline
#      (RegexTokenizer + NGram + HashingTF), ROUNDS times each (default 3; the first round
#      includes JIT warm-up).
# Usage: bench/run-featurize-bench.sh [REALPOOL_DIR]   (env: ROUNDS, MASTER, SKIP_JMH=1)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
pool=$(cd "${1:-$root/../shared/corpora/realpool}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mvn -B -q -DskipTests install
mvn -B -q -pl bench dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
cp="$root/bench/target/winnow-bench-0.1.0-SNAPSHOT.jar:$(cat "$work/cp.txt")"
mvn -B -q -Dstyle.color=never -pl jobs help:evaluate -Dexpression=spark.module.options -DforceStdout \
  | sed 's/\x1b\[[0-9;]*m//g' > "$work/opts.txt"
read -r -a module_opts < "$work/opts.txt" || true

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
if [ -z "${SKIP_JMH:-}" ]; then
  java -Dwinnow.realpool="$pool" -cp "$cp" org.openjdk.jmh.Main FeaturizerBenchmark 2>&1 \
    | grep -E "^sample:|^Benchmark|featurizeSample "
  if /usr/bin/python3 -c 'import nltk, numpy' 2>/dev/null; then
    /usr/bin/python3 "$root/bench/dsir_reference_peer.py" "$pool"
  else
    echo "dsir reference peer skipped: apt-get install python3-nltk python3-numpy"
  fi
fi
SPARK_LOCAL_IP=127.0.0.1 java -Xmx6g "${module_opts[@]}" -Dspark.master="${MASTER:-local[2]}" \
  -Dspark.ui.enabled=false -Dspark.serializer=org.apache.spark.serializer.KryoSerializer \
  -Dspark.sql.warehouse.dir="$work/warehouse" -Dlog4j2.configurationFile="$root/conf/log4j2.properties" \
  -cp "$cp" dev.winnow.bench.FeaturizeJobBenchmark "$pool" "$work/out" "${ROUNDS:-3}" 2>&1 \
  | sed -n '/^pool:/p;/^RESULTS/,$p'
