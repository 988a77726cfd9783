#!/usr/bin/env bash
# What language identification and a model tokenizer's token count add to featurize (issue 19):
# dev.winnow.bench.KernelRounds over realpool documents, one thread, the featurize kernel as a
# default run computes it (n-grams, quality signals and MinHash from one scan: the peer) beside
# the language detector and three tiktoken encodings (JTokkit), in one JVM, RUNS JVMs (default
# 3): per kernel each JVM's median of its last three rounds, the median of those, and the ratio
# to the featurize kernel.
# KERNELS (comma-separated, all-1-scan among them) picks other kernels of KernelRounds, e.g.
# KERNELS=all-1-scan,language-library,language: the detector against the library it replaces.
# Usage: bench/run-text-costs.sh [DOCS] [ROUNDS]   (default 40,000 and 5; env REALPOOL, RUNS, KERNELS)
pool=$(cd "${REALPOOL:-$(dirname "${BASH_SOURCE[0]}")/../../shared/corpora/realpool}" && pwd)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
docs=${1:-40000}
rounds=${2:-5}
for r in $(seq 1 "${RUNS:-3}"); do
  java "${kernel_opts[@]}" -Dwinnow.realpool="$pool" -cp "$cp" dev.winnow.bench.KernelRounds "$docs" "$rounds" \
    "${KERNELS:-all-1-scan,language,tokens-r50k_base,tokens-cl100k_base,tokens-o200k_base}"
done | tee "$work/costs.txt"
python3 - "$work/costs.txt" "$rounds" <<'PY'
import re, statistics, sys
per = {}  # kernel -> [median of its last three rounds, per JVM]
rounds = {}
for line in open(sys.argv[1]):
    m = re.match(r"(\S+)\s+round (\d+):\s+(\d+) ms", line)
    if not m:
        continue
    k, r, ms = m.group(1), int(m.group(2)), int(m.group(3))
    if r == 1:
        rounds[k] = []
    if r > int(sys.argv[2]) - 3:
        rounds[k].append(ms)
    if r == int(sys.argv[2]):
        per.setdefault(k, []).append(statistics.median(rounds[k]))
base = statistics.median(per["all-1-scan"])
for k, v in per.items():
    med = statistics.median(v)
    print(f"{k:20s} median {med:7.0f} ms per run of documents (JVMs: {', '.join(f'{x:.0f}' for x in v)}), "
          f"{med / base:.2f}x the featurize kernel")
PY
