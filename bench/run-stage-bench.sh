#!/usr/bin/env bash
# One stage run again (`winnow STAGE --force`) on a finished work folder, each JAR in turn,
# alternating, ROUNDS rounds (default 3), in local[2]: the stage's seconds from the manifest it
# publishes. For a change inside one stage at a scale where the whole pipeline takes minutes:
# make the work folder once (`deploy/local/winnow run ... --set work.dir=DIR`), then compare the
# jar of the commit before the change with the current one on it, e.g. saved with
# `cp jobs/target/winnow-jobs-*-shaded.jar out/jars/NAME.jar`. The settings are those the work
# folder was made with: CONFIG (default conf/local.properties) and SETS (split at spaces, as in
# bench/run-readme-bench.sh); work.dir is WORK_DIR. Each run replaces the stage's output there
# (the stages after it become stale and rerun at the next `winnow run`).
# Usage: bench/run-stage-bench.sh STAGE WORK_DIR JAR [JAR ...]   (env: ROUNDS, CONFIG, SETS)
#   STAGE: featurize, importance, cluster, dedup or select
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ $# -ge 3 ] || { echo "usage: $0 STAGE WORK_DIR JAR [JAR ...]" >&2; exit 2; }
stage=$1 work=$2
shift 2
case "$stage" in
  featurize) published=features ;;
  importance) published=weights ;;
  cluster) published=clusters ;;
  dedup) published=dedup ;;
  select) published=selection ;;
  *) echo "unknown stage $stage" >&2; exit 2 ;;
esac
[ -f "$work/$published/_MANIFEST.json" ] || { echo "$work has no published $published: run the pipeline there first" >&2; exit 2; }
source bench/local-runs.sh
rounds=${ROUNDS:-3}
config=${CONFIG:-conf/local.properties}
out=out/stage-bench
rm -rf "$out" && mkdir -p "$out"

for r in $(seq 1 "$rounds"); do
  for jar in "$@"; do
    name=$(basename "$jar" .jar)
    # shellcheck disable=SC2086  # SETS is a list of options
    WINNOW_JAR="$jar" deploy/local/winnow "$stage" --force --config "$config" --set "work.dir=$work" ${SETS:-} \
      > "$out/$name-$r.log" 2>&1
    echo "$name $(python3 -c "import json, sys; print(json.load(open(sys.argv[1]))['seconds'])" \
      "$work/$published/_MANIFEST.json")"
  done
done | tee "$out/runs.txt"
python3 - "$out/runs.txt" "$stage" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, seconds = line.split()
    runs.setdefault(name, []).append(float(seconds))
for name, rs in runs.items():
    print(f"{name}: {sys.argv[2]} median {statistics.median(rs):.1f} s over {len(rs)} runs")
names = list(runs)
for other in names[1:]:
    print(f"{names[0]} / {other}: {statistics.median(runs[names[0]]) / statistics.median(runs[other]):.2f}")
PY
