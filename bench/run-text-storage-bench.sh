#!/usr/bin/env bash
# Keep the pool's text in the features, or read the kept documents' text back from the inputs?
# (issue 16, item 3; dev.winnow.bench.TextStorage): on realpool x1 and x8 (copies with prefixed
# ids, gzip level 1, in out/pools/x8-gz), ROUNDS rounds (default 3) of reading
# the inputs, storing their text as zstd Parquet, and fetching 5% of the texts from the stored
# copy and from the inputs; medians. In local[2].
# Usage: bench/run-text-storage-bench.sh [REALPOOL_DIR]   (env: ROUNDS, MASTER)
realpool=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/../../shared/corpora/realpool}" && pwd)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
x8="$root/out/pools/x8-gz"
if [ ! -f "$x8/.complete" ]; then
  rm -rf "$x8" && mkdir -p "$x8"
  for shard in "$realpool"/*.jsonl.gz; do
    for i in $(seq 0 7); do
      zcat "$shard" | sed "s/^{\"id\": \"/{\"id\": \"r$i:/" | gzip -1 > "$x8/r$i-$(basename "$shard")"
    done
  done
  touch "$x8/.complete"
fi
for f in 1 8; do
  glob=$([ "$f" = 1 ] && echo "$realpool/*.jsonl.gz" || echo "$x8/*.jsonl.gz")
  echo "pool x$f: $(cat $glob | wc -c) bytes in $(ls $glob | wc -l) files"
  run_spark_main dev.winnow.bench.TextStorage "$glob" "$work/x$f" "${ROUNDS:-3}" 2>&1 | grep -E "^(round|medians)"
done
