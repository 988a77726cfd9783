#!/usr/bin/env bash
# The cost of featurize checkpoints (issue 17, resume inside featurize): `winnow featurize` with
# conf/dsir.properties' settings on the generated DSIR-style pool (four 82 MB JSONL files, see
# bench/run-dsir-bench.sh) in 20 MiB tasks, as one checkpoint (the default, 32 GiB) and as
# checkpoints of 80 MiB (four tasks each), ROUNDS times (default 3), alternating, in local[2].
# Prints the featurize stage's seconds and checkpoints per run and the medians.
# Usage: bench/run-checkpoint-bench.sh [CORPUS_DIR]   (env: ROUNDS)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
corpus=${1:-out/dsir-corpus}
rounds=${ROUNDS:-3}
out=out/checkpoint-bench
rm -rf "$out" && mkdir -p "$out"
if [ ! -f "$corpus/target.jsonl" ]; then
  python3 ../shared/bench/gen_corpus.py --out_dir "$corpus" > "$out/gen.log"
fi
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "data: $(cat "$corpus"/raw_*.jsonl | wc -c) bytes in $(ls "$corpus"/raw_*.jsonl | wc -l) files"
export WINNOW_MASTER='local[2]'
deploy/local/winnow --version > /dev/null

featurize() { # name checkpoint-bytes: prints "name seconds tasks checkpoints"
  rm -rf "$out/work"
  deploy/local/winnow featurize --config conf/dsir.properties --set "input.pool=$corpus/raw_*.jsonl" \
    --set input.target= --set "work.dir=$out/work" --set input.metadata_fields= --set select.label_field= \
    --set featurize.partition_bytes=20971520 --set "featurize.checkpoint_bytes=$2" > "$out/$1.log" 2>&1
  python3 -c "import json,sys; m=json.load(open('$out/work/features/_MANIFEST.json')); \
print('$1', m['seconds'], m['totals']['tasks'], m['totals']['checkpoints'])"
}

for r in $(seq 1 "$rounds"); do
  featurize one-checkpoint 34359738368
  featurize 80MiB-checkpoints 83886080
done | tee "$out/runs.txt"
python3 - "$out/runs.txt" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, s, tasks, cps = line.split()
    runs.setdefault(name, []).append((float(s), int(tasks), int(cps)))
med = {n: statistics.median(s for s, _, _ in rs) for n, rs in runs.items()}
for name, rs in runs.items():
    print(f"{name}: median {med[name]:.1f} s of featurize over {len(rs)} runs, {rs[0][1]} tasks, "
          f"{rs[0][2]} checkpoints")
a, b = med["80MiB-checkpoints"], med["one-checkpoint"]
print(f"ratio 80MiB-checkpoints / one-checkpoint: {a / b:.2f}")
PY
