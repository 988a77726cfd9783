#!/usr/bin/env bash
# The featurize kernels over realpool documents, one thread, with a fingerprint of their outputs
# (dev.winnow.bench.KernelRounds): n-grams, quality signals, MinHash, and all three as featurize
# computes them, with three tokenizations (each kernel scanning the text itself, as before issue
# 16) against one shared TokenScan. The two "all" kernels share code, so each runs in a JVM of
# its own, alternating, RUNS times (default 3): each JVM's median of its last three rounds, the
# median of those, and the ratio.
# Usage: bench/run-kernel-rounds.sh [DOCS] [ROUNDS]   (default 40,000 and 5; env REALPOOL, RUNS)
pool=$(cd "${REALPOOL:-$(dirname "${BASH_SOURCE[0]}")/../../shared/corpora/realpool}" && pwd)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
docs=${1:-40000}
rounds=${2:-5}
kernel() { java "${kernel_opts[@]}" -Dwinnow.realpool="$pool" -cp "$cp" dev.winnow.bench.KernelRounds "$docs" "$rounds" "$1"; }
kernel quality,minhash,ngrams
for r in $(seq 1 "${RUNS:-3}"); do
  kernel all-3-scans
  kernel all-1-scan
done | tee "$work/all.txt"
python3 - "$work/all.txt" "$rounds" <<'PY'
import re, statistics, sys
jvms = []  # (kernel, [ms of its last three rounds]) per JVM, in order
for line in open(sys.argv[1]):
    m = re.match(r"(\S+)\s+round (\d+):\s+(\d+) ms", line)
    if not m:
        continue
    if int(m.group(2)) == 1:
        jvms.append((m.group(1), []))
    if int(m.group(2)) > int(sys.argv[2]) - 3:
        jvms[-1][1].append(int(m.group(3)))
per = {}
for kernel, ms in jvms:
    per.setdefault(kernel, []).append(statistics.median(ms))
for k, v in per.items():
    print(f"{k}: per JVM {', '.join(f'{x:.0f}' for x in v)} ms; median {statistics.median(v):.0f} ms")
a, b = statistics.median(per["all-3-scans"]), statistics.median(per["all-1-scan"])
print(f"ratio all-3-scans / all-1-scan: {a / b:.2f}")
PY
