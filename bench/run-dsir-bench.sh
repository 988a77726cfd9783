#!/usr/bin/env bash
# DSIR's own job, Winnow against the DSIR reference in Python, in the same run (issue 16).
#
# Data: the generated DSIR-style pool (../shared/bench/gen_corpus.py: 200,000 documents in 4
# JSONL files, 330 MB, and a 10,000-document target), generated into CORPUS_DIR when missing.
# Per round (ROUNDS, default 3), in this order on the same machine:
#   - the reference (bench/dsir_reference.py, 2 processes): fit, weights, top-k;
#   - `winnow run --config conf/dsir.properties` on the same files in local[2], fast hashing:
#     featurize, importance, top-k select (no quality signals, MinHash, clusters or dedup).
# Then once Winnow in DSIR-exact hashing (featurize.hash = dsir), whose kept set is compared
# with the reference's top-k. Prints every round and the medians; the ratio is reference wall
# seconds / Winnow wall seconds (Winnow's including its JVM start), and the stage seconds
# (the manifests' sum) beside them.
# Needs python3-nltk and python3-numpy (Debian) for the reference, numpy for the generator.
# Usage: bench/run-dsir-bench.sh [CORPUS_DIR]   (env: ROUNDS, K = 10000)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
corpus=${1:-out/dsir-corpus}
rounds=${ROUNDS:-3}
k=${K:-10000}
out=out/dsir-bench
rm -rf "$out" && mkdir -p "$out"
if [ ! -f "$corpus/target.jsonl" ]; then
  echo "generating the corpus into $corpus (about 2 minutes)"
  python3 ../shared/bench/gen_corpus.py --out_dir "$corpus" > "$out/gen.log"
fi
if ! /usr/bin/python3 -c "import numpy, nltk" 2> /dev/null; then # else the reference fails inside $(...)
  echo "the reference needs numpy and NLTK in /usr/bin/python3 (Debian: apt-get install python3-numpy python3-nltk)" >&2
  exit 1
fi
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "data: $(ls "$corpus"/raw_*.jsonl | wc -l) pool files, $(cat "$corpus"/raw_*.jsonl | wc -c) bytes; k = $k"
export WINNOW_MASTER='local[2]'
# builds the jar once, outside the timings, and pins a copy: edits to the sources during the
# run change nothing
deploy/local/winnow --version > /dev/null
cp jobs/target/winnow-jobs-0.1.0-SNAPSHOT-shaded.jar "$out/winnow.jar"
export WINNOW_JAR="$root/$out/winnow.jar"
WINNOW_SPARK_CLASSPATH=$(cat jobs/target/spark-classpath.txt)
WINNOW_MODULE_OPTIONS=$(cat jobs/target/spark-module-options.txt)
export WINNOW_SPARK_CLASSPATH WINNOW_MODULE_OPTIONS

winnow() { # work-dir extra-settings...: runs the DSIR-style pipeline, prints wall and stage seconds
  local work=$1
  shift
  local start end
  start=$(date +%s.%N)
  deploy/local/winnow run --config conf/dsir.properties --set "input.pool=$corpus/raw_*.jsonl" \
    --set "input.target=$corpus/target.jsonl" --set "work.dir=$work" --set "select.budget=$k" \
    --set input.metadata_fields= --set select.label_field= --set select.output_format=jsonl.gz "$@" \
    > "$work.log" 2>&1
  end=$(date +%s.%N)
  python3 - "$work" "$start" "$end" <<'EOF'
import json, sys
work, start, end = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
stages = {}
for d in ["features", "target_features", "weights", "selection"]:
    stages[d] = json.load(open(f"{work}/{d}/_MANIFEST.json"))["seconds"]
print(f"{end - start:.1f} {sum(stages.values()):.1f} " + " ".join(f"{k}={v:.1f}" for k, v in stages.items()))
EOF
}

results=()
for r in $(seq 1 "$rounds"); do
  ref=$( { /usr/bin/time -f "%e" /usr/bin/python3 bench/dsir_reference.py "$corpus/raw_*.jsonl" \
    "$corpus/target.jsonl" "$k" "$out/reference-ids.txt" 2 > "$out/reference-$r.log"; } 2>&1 | tail -1)
  w=$(winnow "$out/winnow-$r")
  echo "round $r: reference ${ref} s ($(cat "$out/reference-$r.log")); winnow wall, stage seconds: $w"
  results+=("$ref ${w%% *} $(echo "$w" | cut -d' ' -f2)")
  rm -rf "$out/winnow-$r"
done

exact=$(winnow "$out/winnow-exact" --set featurize.hash=dsir)
echo "winnow, featurize.hash = dsir: wall, stage seconds: $exact"
python3 - "$out" "$k" "${results[@]}" <<'EOF'
import glob, gzip, json, statistics, sys
out, k, rows = sys.argv[1], int(sys.argv[2]), [list(map(float, r.split())) for r in sys.argv[3:]]
ref, wall, stage = (statistics.median(c) for c in zip(*rows))
print(f"medians of {len(rows)} rounds: reference {ref:.1f} s, winnow {wall:.1f} s wall ({stage:.1f} s of stages): "
      f"winnow is {ref / wall:.1f}x faster end to end, {ref / stage:.1f}x by stage seconds")
reference = set(open(f"{out}/reference-ids.txt").read().split())
kept = set()
for f in glob.glob(f"{out}/winnow-exact/selection/data/**/*.jsonl.gz", recursive=True):
    with gzip.open(f, "rt") as lines:
        kept.update(json.loads(l)["doc_id"] for l in lines)
print(f"DSIR-exact top-{k}: {len(kept & reference)} of {len(reference)} of the reference's ids kept by winnow "
      f"({len(kept)} kept)")
EOF
