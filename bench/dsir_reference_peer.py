#!/usr/bin/python3
"""Peer for the featurizer kernel: the DSIR reference algorithm in Python.

Featurizes the same sample as FeaturizerBenchmark (the first 20,000 documents of realpool's
first shard) the way p-lambda/dsir's get_ngram_counts does with the wordpunct tokenizer
(str.lower, NLTK WordPunctTokenizer, unigrams + bigrams, sha256 mod 10,000 into a numpy
count vector), on one core, and prints docs/s and MB/s. Needs Debian's python3-nltk and
python3-numpy. Usage: dsir_reference_peer.py [REALPOOL_DIR]
"""
import gzip
import hashlib
import json
import sys
import time

import numpy as np
from nltk import ngrams
from nltk.tokenize import WordPunctTokenizer

BUCKETS = 10000
wpt = WordPunctTokenizer()


def get_ngram_counts(text):
    words = wpt.tokenize(text.lower())
    counts = np.zeros(BUCKETS, dtype=int)
    for w in words:
        counts[int(hashlib.sha256(w.encode("utf-8")).hexdigest(), 16) % BUCKETS] += 1
    for g in ngrams(words, 2):
        counts[int(hashlib.sha256(" ".join(g).encode("utf-8")).hexdigest(), 16) % BUCKETS] += 1
    return counts


def main():
    pool = sys.argv[1] if len(sys.argv) > 1 else "../shared/corpora/realpool"
    texts = []
    with gzip.open(pool + "/part-00000.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            texts.append(json.loads(line)["text"])
            if len(texts) == 20000:
                break
    size = sum(len(t.encode("utf-8")) for t in texts)
    t0 = time.perf_counter()
    for t in texts:
        get_ngram_counts(t)
    s = time.perf_counter() - t0
    print(f"dsir reference (python, 1 core): {len(texts)} docs, {size} bytes in {s:.1f} s: "
          f"{len(texts) / s:.0f} docs/s, {size / 1e6 / s:.1f} MB/s")


if __name__ == "__main__":
    main()
