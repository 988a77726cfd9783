#!/usr/bin/env bash
# The featurize kernels (n-grams, quality signals, MinHash, and all three with three tokenizations
# against one shared TokenScan) over realpool documents, one thread, several rounds, each with a
# fingerprint of its outputs (dev.winnow.bench.KernelRounds).
# Usage: bench/run-kernel-rounds.sh [DOCS] [ROUNDS]   (default 80,000 and 6; env REALPOOL)
pool=$(cd "${REALPOOL:-$(dirname "${BASH_SOURCE[0]}")/../../shared/corpora/realpool}" && pwd)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
java -Dwinnow.realpool="$pool" -cp "$cp" dev.winnow.bench.KernelRounds "$@"
