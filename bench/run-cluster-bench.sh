#!/usr/bin/env bash
# Cluster stage on realpool (../shared/corpora/realpool by default): time per round against
# reading the features' vectors, and purity / adjusted Rand index of the clusters against the
# documents' source labels. Extra arguments are config overrides (e.g. cluster.k=16).
# Usage: bench/run-cluster-bench.sh [REALPOOL_DIR] [key=value ...]   (env: ROUNDS, MASTER)
pool=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/../../shared/corpora/realpool}" && pwd)
shift || true
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

run_spark_main dev.winnow.bench.ClusterEvaluation "$pool" "$work/out" "${ROUNDS:-2}" "$@" 2>&1 \
  | grep -E "^(floor|cluster round|mllib round|labels)"
