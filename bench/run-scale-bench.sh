#!/usr/bin/env bash
# The whole pipeline on a real standalone cluster (deploy/standalone/cluster.sh: two Workers of
# one core; executors and the driver at a fixed 1g each) on realpool replicated F times (ids made
# unique), with corrupted files mixed into the pool: a truncated gzip, garbage bytes, and a file
# of planted malformed lines. Per factor it prints the seconds of each stage, the peak heap of the
# driver and of each executor (Spark's executor metrics, from the event log), the resident memory
# sampled from /proc, bytes spilled, and the quarantine's reconciliation: records read = documents
# + quarantined, per file and in total, every quarantined record present in the quarantine files,
# and exactly the planted bad lines of the malformed file.
#
# Usage: bench/run-scale-bench.sh [REALPOOL_DIR] [FACTORS]      (default: ../shared/corpora/realpool, "1 8")
# Env:   WINNOW_SCALE_DIR (default out/scale: replicated pools are kept there for reruns),
#        WINNOW_SCALE_MEMORY (default 1g, for the driver and every executor),
#        WINNOW_SCALE_PORT (default 7177, the Master's), WINNOW_SCALE_PREPARE_ONLY=1 (build the
#        pools and stop)
set -euo pipefail
realpool=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/../../shared/corpora/realpool}" && pwd)
factors="${2:-1 8}"
memory="${WINNOW_SCALE_MEMORY:-1g}"
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/lib.sh"
cd "$root"
data="${WINNOW_SCALE_DIR:-out/scale}"
mkdir -p "$data"
data=$(cd "$data" && pwd)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"

source "$root/bench/pools.sh"

if [ -n "${WINNOW_SCALE_PREPARE_ONLY:-}" ]; then  # only build the replicated pools
  for f in $factors; do make_pool "$f" "$data/pool-x$f" bad; done
  exit 0
fi

url=$(deploy/standalone/cluster.sh start --dir "$data/cluster" --workers 2 --cores 1 --memory "$memory" \
  --port "${WINNOW_SCALE_PORT:-7177}" | tail -1)
trap 'deploy/standalone/cluster.sh stop --dir "$data/cluster"' EXIT
echo "cluster: $url, 2 workers x 1 core, executors and driver at $memory"

for f in $factors; do
  make_pool "$f" "$data/pool-x$f" bad
  work="$data/work-x$f"
  events="$data/events-x$f"
  rm -rf "$work" "$events"
  mkdir -p "$events"
  rss="$data/rss-x$f.tsv"
  : > "$rss"
  # resident memory of the driver (SparkSubmit) and executors, sampled every second
  ( while true; do
      for pid in $(pgrep -f "org.apache.spark.deploy.SparkSubmit|$data/cluster/.*CoarseGrainedExecutorBackend" || true); do
        role=executor; grep -q SparkSubmit "/proc/$pid/cmdline" 2>/dev/null && role=driver
        kb=$(awk '/VmRSS/{print $2}' "/proc/$pid/status" 2>/dev/null || true)
        [ -n "$kb" ] && printf '%s\t%s\t%s\n' "$role" "$pid" "$kb" >> "$rss"
      done
      sleep 1
    done ) &
  sampler=$!
  start=$(date +%s)
  WINNOW_DRIVER_MEMORY="$memory" deploy/spark-submit.sh --master "$url" \
    --conf spark.executor.memory="$memory" --conf spark.ui.enabled=false \
    --conf spark.eventLog.enabled=true --conf spark.eventLog.dir="file://$events" \
    --conf spark.eventLog.logStageExecutorMetrics=true --conf spark.eventLog.compress=false \
    run --config conf/local.properties --set input.pool="$data/pool-x$f" --set work.dir="$work" \
    --set input.metadata_fields=source --set select.label_field= --set cluster.k=16 \
    --set select.budget=$((8000 * f)) > "$data/run-x$f.log" 2>&1 || { kill $sampler; tail -40 "$data/run-x$f.log"; exit 1; }
  end=$(date +%s)
  kill $sampler
  python3 bench/scale_report.py "$f" "$work" "$events" "$rss" "$((end - start))" "$data/pool-x$f/bad/malformed.jsonl"
done
