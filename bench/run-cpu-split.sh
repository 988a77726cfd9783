#!/usr/bin/env bash
# Where a run's CPU goes, by kind of thread: `winnow run` (by default the README's,
# conf/local.properties) once in local[2], its JVM's threads read from /proc every half second
# (Linux only; no profiler, nothing added to the JVM). Each thread's last user + system time,
# summed by kind: Spark's task threads, the driver's main thread, the JIT's compilers (C1, C2),
# the garbage collector and the rest; then by stage, from the half-second readings and the
# stages' windows in the manifests. bench/cpu_split.py makes the tables.
# Usage: bench/run-cpu-split.sh [JAR] [-- winnow run options]   (env: CPU_OUT, WINNOW_JAVA_OPTS)
#   e.g. bench/run-cpu-split.sh -- --config conf/dsir.properties --set input.pool=...
source "$(dirname "${BASH_SOURCE[0]}")/local-runs.sh"
out=${CPU_OUT:-out/cpu-split}
if [ $# -gt 0 ] && [ "$1" != "--" ]; then export WINNOW_JAR="$1"; shift; fi
[ $# -gt 0 ] && [ "$1" = "--" ] && shift
[ $# -gt 0 ] || set -- --config conf/local.properties
rm -rf "$out" && mkdir -p "$out"
deploy/local/winnow run "$@" --set "work.dir=$out/work" > "$out/run.log" 2>&1 &
pid=$!
python3 bench/cpu_split.py watch "$pid" "$out/threads.txt"
wait "$pid" || { echo "the run failed: $out/run.log" >&2; exit 1; }
python3 bench/cpu_split.py report "$out/threads.txt" "$out/work"
