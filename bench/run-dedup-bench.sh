#!/usr/bin/env bash
# Dedup stage on realpool (../shared/corpora/realpool by default), then on realpool x4 with
# planted, lightly edited copies: time of the stage and recall of the planted duplicates.
# Usage: bench/run-dedup-bench.sh [REALPOOL_DIR]   (env: MASTER)
pool=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/../../shared/corpora/realpool}" && pwd)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

run_spark_main dev.winnow.bench.DedupEvaluation "$pool" "$work/out" 2>&1 \
  | grep -E "^(machine|realpool|recall|mllib)|INFO (DedupJob|FeaturizeJob)"
