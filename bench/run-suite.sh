#!/usr/bin/env bash
# The benchmark suite: the whole pipeline in Spark local[2] on realpool replicated F times (ids
# made unique: bench/pools.sh), for each F in FACTORS, with its peers in the same run on the same
# files: the read-only floor (Winnow's reader: read, decompress, parse, nothing else) and the
# MLlib featurize pipeline (bench/.../SuitePeers.java), and Winnow's featurize doing only the
# peer's work (n-grams: conf/dsir.properties' featurize). The driver JVM's memory is the same for
# every factor (WINNOW_SUITE_MEMORY, default 3g). Per factor it records the stage manifests,
# Spark's event log (per-stage shuffle bytes and heap, by the job group the CLI gives each
# stage), a GC log (heap after each collection) and the JVM's resident memory; then
# bench/suite_report.py writes the tables, the cost-per-document chart and the 1B-document
# projection to $WINNOW_SUITE_DIR/{report.md,results.json,scaling.svg}.
#
# Usage: bench/run-suite.sh [REALPOOL_DIR] [FACTORS]     (default: ../shared/corpora/realpool, "1 2 4 8")
# Env:   WINNOW_SUITE_DIR (default out/suite; replicated pools are kept there for reruns),
#        WINNOW_SUITE_MEMORY (default 3g), WINNOW_SUITE_REPORT_ONLY=1 (only rerun the report)
set -euo pipefail
realpool=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/../../shared/corpora/realpool}" && pwd)
factors="${2:-1 2 4 8}"
memory="${WINNOW_SUITE_MEMORY:-3g}"
cores=2
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
data="${WINNOW_SUITE_DIR:-out/suite}"
mkdir -p "$data"
data=$(cd "$data" && pwd)
if [ -n "${WINNOW_SUITE_REPORT_ONLY:-}" ]; then
  # shellcheck disable=SC2086  # one argument per factor
  exec python3 bench/suite_report.py "$data" "$cores" $factors
fi
source bench/pools.sh
export BENCH_HEAP="$memory"   # the peers JVM gets the pipeline's heap
source bench/lib.sh           # builds the jobs and bench jars; run_spark_main

for f in $factors; do
  make_pool "$f" "$data/pool-x$f"
  run="$data/x$f"
  rm -rf "$run"
  mkdir -p "$run/events"
  echo "realpool x$f: peers"
  MASTER="local[$cores]" run_spark_main dev.winnow.bench.SuitePeers "$data/pool-x$f" "$run/peers" \
    > "$run/peers-full.log" 2>&1 || { tail -40 "$run/peers-full.log"; exit 1; }
  grep '^peer ' "$run/peers-full.log" | tee "$run/peers.log"
  rm -rf "$run/peers"
  # featurize doing the MLlib peer's work and no more (issue 16's "n-grams only"): unigrams and
  # bigrams into 10,000 buckets, the text kept, no quality signals, language or MinHash (no
  # quality rule, no dedup: conf/dsir.properties); its pool's manifest is kept, its features not
  echo "realpool x$f: featurize, n-grams only"
  WINNOW_MASTER="local[$cores]" WINNOW_DRIVER_MEMORY="$memory" deploy/local/winnow featurize \
    --config conf/dsir.properties --set input.pool="$data/pool-x$f" --set work.dir="$run/ngrams" \
    --set input.metadata_fields= --set select.label_field= > "$run/ngrams.log" 2>&1 \
    || { tail -40 "$run/ngrams.log"; exit 1; }
  cp "$run/ngrams/features/_MANIFEST.json" "$run/ngrams-features.json"
  rm -rf "$run/ngrams"
  echo "realpool x$f: pipeline"
  : > "$run/rss.tsv"
  start=$(date +%s.%N)
  WINNOW_MASTER="local[$cores]" WINNOW_DRIVER_MEMORY="$memory" WINNOW_JAVA_OPTS="-Xlog:gc:file=$run/gc.log:timemillis \
    -Dspark.eventLog.enabled=true -Dspark.eventLog.dir=file://$run/events -Dspark.eventLog.compress=false \
    -Dspark.eventLog.logStageExecutorMetrics=true" \
    deploy/local/winnow run --config conf/local.properties --set input.pool="$data/pool-x$f" \
    --set work.dir="$run/work" --set input.metadata_fields=source --set select.label_field= --set cluster.k=16 \
    --set select.budget=$((8000 * f)) > "$run/run.log" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do  # the JVM's resident memory, every second
    awk '/VmRSS/{print $2}' "/proc/$pid/status" 2>/dev/null >> "$run/rss.tsv" || true
    sleep 1
  done
  wait "$pid" || { tail -40 "$run/run.log"; exit 1; }
  awk "BEGIN { print $(date +%s.%N) - $start }" > "$run/wall"
  grep -E '^(featurize|importance|cluster|dedup|select)[a-z ]*:' "$run/run.log" | cut -c1-160
done
# shellcheck disable=SC2086  # one argument per factor
python3 bench/suite_report.py "$data" "$cores" $factors
