#!/usr/bin/env bash
# Importance stage benchmark on realpool (../shared/corpora/realpool by default) with the
# clean_mini target: fit + score + write, against reading the features' n-gram columns, in
# one Spark local[2] session, ROUNDS times (default 3).
# Usage: bench/run-importance-bench.sh [REALPOOL_DIR]   (env: ROUNDS, MASTER)
pool=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/../../shared/corpora/realpool}" && pwd)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

run_spark_main dev.winnow.bench.ImportanceJobBenchmark "$pool" \
  "$root/src-test-resources/corpora/clean_mini/target.jsonl.gz" "$work/out" "${ROUNDS:-3}" 2>&1 \
  | sed -n '/^pool:/p;/^RESULTS/,$p'
