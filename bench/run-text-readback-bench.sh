#!/usr/bin/env bash
# The texts of uncompressed inputs left in the files and read back (featurize.store_text = auto)
# against stored in the features: the DSIR-style run (conf/dsir.properties: featurize, importance,
# top-k select of about 5%) on uncompressed pools, each JAR given in turn, alternating, ROUNDS
# rounds (default 3), through bench/run-readme-bench.sh: realpool x1 and x8 decompressed (x8 with
# prefixed ids; built into out/pools/ on first use, 164 MB and 1.3 GB) and the generated
# DSIR-style pool (out/dsir-pool, as bench/run-dsir-bench.sh makes it). Pass the jar of the
# commit before the change and the current one, e.g. saved with
# `cp jobs/target/winnow-jobs-*-shaded.jar out/jars/NAME.jar`. About 25 minutes.
# Usage: bench/run-text-readback-bench.sh JAR JAR [REALPOOL_DIR]   (env: ROUNDS)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
[ $# -ge 2 ] || { echo "usage: $0 JAR JAR [REALPOOL_DIR]" >&2; exit 2; }
a=$1 b=$2
realpool=$(cd "${3:-../shared/corpora/realpool}" && pwd)
for f in 1 8; do
  dir=out/pools/x$f-plain
  if [ ! -f "$dir/.complete" ]; then
    rm -rf "$dir" && mkdir -p "$dir"
    for shard in "$realpool"/*.jsonl.gz; do
      name=$(basename "$shard" .gz)
      if [ "$f" = 1 ]; then
        zcat "$shard" > "$dir/$name"
      else
        for i in $(seq 0 7); do zcat "$shard" | sed "s/^{\"id\": \"/{\"id\": \"r$i:/" > "$dir/r$i-$name"; done
      fi
    done
    touch "$dir/.complete"
  fi
done
if [ ! -f out/dsir-corpus/target.jsonl ]; then
  python3 ../shared/bench/gen_corpus.py --out_dir out/dsir-corpus
fi
mkdir -p out/dsir-pool && ln -f out/dsir-corpus/raw_*.jsonl out/dsir-pool/
common="--set input.metadata_fields= --set select.label_field= --set select.output_format=jsonl.gz"
mini=src-test-resources/corpora/clean_mini/target.jsonl.gz
run() { # label, settings
  echo "== $1"
  CONFIG=conf/dsir.properties SETS="$2 $common" bench/run-readme-bench.sh "$a" "$b" 2>&1 | grep -v WARN
}
run "realpool x1, uncompressed" "--set input.pool=out/pools/x1-plain --set input.target=$mini --set select.budget=8000"
run "realpool x8, uncompressed" "--set input.pool=out/pools/x8-plain --set input.target=$mini --set select.budget=64000"
run "DSIR-style pool" "--set input.pool=out/dsir-pool --set input.target=out/dsir-corpus/target.jsonl \
--set select.budget=10000"
