#!/usr/bin/env bash
# The labelled evaluation suite (docs/EVALUATION.md): builds the tasks from realpool by source
# (bench/eval/make_tasks.py) plus clean_mini, runs the pipeline on each with the default
# config and every setting of SelectionEvaluation's grid, and prints precision@k, recall and
# KL reduction side by side with DSIR's ranking, the mean-log-ratio ranking, a random
# selection and the ceiling the filters leave; rewrites the results table in
# docs/EVALUATION.md. Results: out/eval/results.jsonl.
# Usage: bench/run-eval.sh [REALPOOL_DIR] [task ...]   (env: MASTER, BENCH_HEAP)
realpool=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/../../shared/corpora/realpool}" && pwd)
shift || true
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

out="$root/out/eval"
rm -rf "$out"
mkdir -p "$out"
python3 bench/eval/make_tasks.py "$realpool" src-test-resources/corpora/clean_mini "$out/tasks"
run_spark_main dev.winnow.bench.SelectionEvaluation "$out/tasks" "$out/work" "$out/results.jsonl" "$@" 2>&1 \
  | grep -E "^[a-z_]+ +|: stages in|: done in" | tee "$out/log.txt"
python3 bench/eval/eval_report.py "$out/results.jsonl" docs/EVALUATION.md
