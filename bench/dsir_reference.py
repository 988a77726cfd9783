#!/usr/bin/python3
"""The DSIR reference run, in Python, as a peer for Winnow's DSIR-style run (issue 16).

The algorithm of p-lambda/dsir's hashed_ngram_dsir.py (HashedNgramDSIR with the wordpunct
tokenizer, unigrams + bigrams, 10,000 buckets, SHA-256 mod buckets):
  1. fit: bucket counts of every target document and of every pool document (the reference's
     num_tokens_to_fit='auto' covers the whole of a pool this size); p = counts / sum;
     log_diff = log(p_target + 1e-8) - log(p_raw + 1e-8);
  2. weights: each pool document featurized again, log importance weight = counts . log_diff;
     documents of fewer than 100 tokens (the reference's min_example_length) get -inf;
  3. top-k: the k highest weights (the reference's resample with top_k=True).
Both featurizing passes run in a multiprocessing pool of PROCS workers (the reference's num_proc),
a file a task. Writes the k kept ids, one a line, in rank order, and prints the seconds of each
step and the total.

Needs Debian's python3-nltk and python3-numpy (apt-get install python3-nltk python3-numpy).
Usage: dsir_reference.py POOL_GLOB TARGET_FILE K OUT_IDS [PROCS]
"""
import glob
import hashlib
import json
import multiprocessing
import sys
import time

import numpy as np
from nltk import ngrams
from nltk.tokenize import WordPunctTokenizer

BUCKETS = 10000
MIN_EXAMPLE_LENGTH = 100
wpt = WordPunctTokenizer()


def hash_buckets(text):
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % BUCKETS


def get_ngram_counts(text):
    words = wpt.tokenize(text.lower())
    counts = np.zeros(BUCKETS, dtype=int)
    for w in words:
        counts[hash_buckets(w)] += 1
    for g in ngrams(words, 2):
        counts[hash_buckets(" ".join(g))] += 1
    return counts, len(words)


def file_counts(path):
    """Step 1 for one file: the sum of its documents' bucket counts."""
    total = np.zeros(BUCKETS, dtype=np.int64)
    with open(path, encoding="utf-8") as f:
        for line in f:
            total += get_ngram_counts(json.loads(line)["text"])[0]
    return total


def file_weights(args):
    """Step 2 for one file: (id, log importance weight) of each document."""
    path, log_diff = args
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            counts, n = get_ngram_counts(doc["text"])
            out.append((doc["id"], float(np.dot(counts, log_diff)) if n >= MIN_EXAMPLE_LENGTH else float("-inf")))
    return out


def main():
    pool_glob, target, k, out_ids = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    procs = int(sys.argv[5]) if len(sys.argv) > 5 else 2
    pool_files = sorted(glob.glob(pool_glob))
    t0 = time.perf_counter()
    with multiprocessing.Pool(procs) as workers:
        target_counts = file_counts(target) if procs == 1 else None
        parts = workers.map(file_counts, pool_files + ([] if procs == 1 else [target]), chunksize=1)
        if target_counts is None:
            target_counts = parts.pop()
        raw_counts = sum(parts)
        log_diff = np.log(target_counts / target_counts.sum() + 1e-8) - np.log(raw_counts / raw_counts.sum() + 1e-8)
        t1 = time.perf_counter()
        weights = [w for part in workers.map(file_weights, [(p, log_diff) for p in pool_files], chunksize=1)
                   for w in part]
    t2 = time.perf_counter()
    order = sorted(range(len(weights)), key=lambda i: -weights[i][1])[:k]
    with open(out_ids, "w", encoding="utf-8") as out:
        for i in order:
            out.write(weights[i][0] + "\n")
    t3 = time.perf_counter()
    print(f"dsir reference: {len(weights)} docs, {procs} processes: fit {t1 - t0:.1f} s, weights {t2 - t1:.1f} s, "
          f"top-{k} {t3 - t2:.1f} s, total {t3 - t0:.1f} s")


if __name__ == "__main__":
    main()
