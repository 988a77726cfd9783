#!/usr/bin/env bash
# What semantic deduplication (SemDeDup in the cluster stage, issue 19) removes beyond MinHash on
# realpool: featurize, dedup, and cluster with cluster.semantic_eps = EPS (default 0.01, NeMo
# Curator's) in local[2], then dev.winnow.bench.SemanticDedupReport: counts, by source, examples.
# Usage: bench/run-semantic-bench.sh [REALPOOL_DIR] [EPS]   (env WINDOW: cluster.semantic_window, default 2048)
realpool=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/../../shared/corpora/realpool}" && pwd)
eps=${2:-0.01}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
out="$root/out/semantic-bench"
rm -rf "$out" && mkdir -p "$out"
export WINNOW_MASTER='local[2]'
sets=(--set "input.pool=$realpool/*.jsonl.gz" --set input.target= --set "work.dir=$out/work"
  --set input.metadata_fields=source --set select.label_field= --set "cluster.semantic_eps=$eps"
  --set "cluster.semantic_window=${WINDOW:-2048}")
for stage in featurize dedup cluster; do
  "$root/deploy/local/winnow" "$stage" --config conf/local.properties "${sets[@]}" > "$out/$stage.log" 2>&1
  grep -E "^$stage|semantic" "$out/$stage.log" | head -3
done
python3 -c "import json; print('cluster manifest:', json.load(open('$out/work/clusters/_MANIFEST.json'))['semantic_duplicates'])"
run_spark_main dev.winnow.bench.SemanticDedupReport "$out/work" 8 2>/dev/null | tee "$out/report.txt"
