#!/usr/bin/env bash
# One big uncompressed file against the same documents in four files (issue 16): the generated
# DSIR-style pool (see bench/run-dsir-bench.sh) concatenated into one 330 MB JSONL file, and
# `winnow featurize` with conf/dsir.properties' settings on each, ROUNDS times (default 3),
# alternating, in local[2]. Prints the featurize stage's seconds and tasks per run and the
# medians. Before issue 16 a single file was read by one task.
# Usage: bench/run-one-file-bench.sh [CORPUS_DIR]   (env: ROUNDS)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
corpus=${1:-out/dsir-corpus}
rounds=${ROUNDS:-3}
out=out/one-file-bench
rm -rf "$out" && mkdir -p "$out"
if [ ! -f "$corpus/target.jsonl" ]; then
  python3 ../shared/bench/gen_corpus.py --out_dir "$corpus" > "$out/gen.log"
fi
cat "$corpus"/raw_*.jsonl > "$out/pool.jsonl"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "data: $(wc -c < "$out/pool.jsonl") bytes, $(wc -l < "$out/pool.jsonl") documents"
export WINNOW_MASTER='local[2]'
deploy/local/winnow --version > /dev/null

featurize() { # name pool-glob: prints "name seconds tasks"
  rm -rf "$out/work"
  deploy/local/winnow featurize --config conf/dsir.properties --set "input.pool=$2" --set input.target= \
    --set "work.dir=$out/work" --set input.metadata_fields= --set select.label_field= > "$out/$1.log" 2>&1
  python3 -c "import json,sys; m=json.load(open('$out/work/features/_MANIFEST.json')); \
print('$1', m['seconds'], m['totals']['tasks'])"
}

for r in $(seq 1 "$rounds"); do
  featurize four-files "$corpus/raw_*.jsonl"
  featurize one-file "$out/pool.jsonl"
done | tee "$out/runs.txt"
python3 - "$out/runs.txt" <<'EOF'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, s, tasks = line.split()
    runs.setdefault(name, []).append((float(s), int(tasks)))
for name, rs in runs.items():
    print(f"{name}: median {statistics.median(s for s, _ in rs):.1f} s of featurize over {len(rs)} runs, "
          f"{rs[0][1]} tasks")
EOF
