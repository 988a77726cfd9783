#!/usr/bin/env bash
# The README's run (conf/local.properties: clean_mini's 3,000 documents, every stage) timed as a
# user meets it, in local[2]: the stage seconds of every manifest summed, and the wall time of
# the command. Each JAR given runs it ROUNDS times (default 3), alternating, so a change is
# compared with its peer (e.g. the jar of an earlier commit, saved with
# `cp jobs/target/winnow-jobs-*-shaded.jar out/jars/base.jar`) in the same run; with no JAR, the
# current build only. Another config file: CONFIG (default conf/local.properties), e.g.
# conf/dsir.properties; extra settings for every run: SETS="--set key=value ..." (split at
# spaces, no quoting: name a folder rather than a glob).
# Usage: bench/run-readme-bench.sh [JAR ...]   (env: ROUNDS, CONFIG, SETS)
source "$(dirname "${BASH_SOURCE[0]}")/local-runs.sh"
rounds=${ROUNDS:-3}
config=${CONFIG:-conf/local.properties}
out=out/readme-bench
rm -rf "$out" && mkdir -p "$out"
jars=("$@")
[ ${#jars[@]} -eq 0 ] && jars=(jobs/target/winnow-jobs-0.1.0-SNAPSHOT-shaded.jar)

one() { # jar[@options]: prints "name wall stage-seconds per-stage..."
  local jar opts name work started
  jar=${1%%@*}
  opts=$([ "$jar" != "$1" ] && echo "${1#*@}" || true)
  name=$(basename "$jar" .jar)$([ -n "$opts" ] && echo "@$opts" | tr -c 'A-Za-z0-9@=+.\n-' _ || true)
  work="$out/work-$name"
  rm -rf "$work"
  started=$(date +%s.%N)
  # shellcheck disable=SC2086  # SETS is a list of options
  WINNOW_JAR="$jar" WINNOW_JAVA_OPTS="$opts" deploy/local/winnow run --config "$config" --set "work.dir=$work" ${SETS:-} \
    > "$out/$name.log" 2>&1
  python3 - "$name" "$work" "$started" "$(date +%s.%N)" <<'PY'
import glob, json, sys
name, work, t0, t1 = sys.argv[1:]
stages = {}
for f in sorted(glob.glob(f"{work}/*/_MANIFEST.json")):
    m = json.load(open(f))
    stages[f.split("/")[-2]] = m["seconds"]
print(name, f"{float(t1) - float(t0):.1f}", f"{sum(stages.values()):.1f}",
      " ".join(f"{k}={v:.1f}" for k, v in stages.items()))
PY
}

for r in $(seq 1 "$rounds"); do
  for j in "${jars[@]}"; do
    one "$j"
  done
done | tee "$out/runs.txt"
python3 - "$out/runs.txt" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, wall, stages = line.split()[:3]
    runs.setdefault(name, []).append((float(wall), float(stages)))
for name, rs in runs.items():
    print(f"{name}: median stage seconds {statistics.median(s for _, s in rs):.1f}, "
          f"median wall {statistics.median(w for w, _ in rs):.1f} s over {len(rs)} runs")
names = list(runs)
for other in names[1:]:
    a = statistics.median(s for _, s in runs[names[0]])
    b = statistics.median(s for _, s in runs[other])
    print(f"stage seconds {names[0]} / {other}: {a / b:.2f}")
PY
