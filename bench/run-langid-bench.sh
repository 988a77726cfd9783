#!/usr/bin/env bash
# Winnow's language detector (optimaize) against Lingua on clean_mini's 3,000 documents, in one
# JVM, alternating, ROUNDS rounds (default 3): microseconds per document each, and how often
# they agree (dev.winnow.bench.LanguageDetectorPeers; docs/FEATURIZE.md, "Languages").
# Usage: bench/run-langid-bench.sh [ROUNDS]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_spark_main dev.winnow.bench.LanguageDetectorPeers src-test-resources/corpora/clean_mini/pool.jsonl.gz "${1:-3}" \
  2>/dev/null
