#!/usr/bin/python3
"""Golden DSIR importance weights for Winnow's importance stage (`dsir` hashing mode).

An independent implementation of the reference algorithm (p-lambda/dsir,
hashed_ngram_dsir.py, wordpunct tokenizer, 2-grams, 10,000 buckets): bag-of-n-grams counts
of the target (all of ../corpora/clean_mini/target.jsonl.gz) and of the raw pool (all of
../corpora/clean_mini/pool.jsonl.gz), probabilities = counts / counts.sum(), log_diff =
log(p_target + 1e-8) - log(p_raw + 1e-8), and each pool document's log importance weight =
inner(counts, log_diff). Also reports the precision of the 150 highest weights against the
pool's is_target labels.

Run from this folder with Debian's Python (apt-get install python3-nltk python3-numpy):
    /usr/bin/python3 make_dsir_weights.py
Writes dsir_weights.jsonl: {"id", "log_w", "n_ngrams"} per pool document, in pool order.
"""
import gzip
import hashlib
import json

import numpy as np
from nltk import ngrams
from nltk.tokenize import WordPunctTokenizer

BUCKETS = 10000
wpt = WordPunctTokenizer()


def counts_of(text):
    words = wpt.tokenize(text.lower())
    c = np.zeros(BUCKETS, dtype=np.int64)
    for w in words:
        c[int(hashlib.sha256(w.encode("utf-8")).hexdigest(), 16) % BUCKETS] += 1
    for g in ngrams(words, 2):
        c[int(hashlib.sha256(" ".join(g).encode("utf-8")).hexdigest(), 16) % BUCKETS] += 1
    return c


def read(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def main():
    target = read("../corpora/clean_mini/target.jsonl.gz")
    pool = read("../corpora/clean_mini/pool.jsonl.gz")
    target_counts = sum(counts_of(d["text"]) for d in target)
    pool_vectors = [counts_of(d["text"]) for d in pool]
    raw_counts = sum(pool_vectors)
    target_probs = target_counts / target_counts.sum()
    raw_probs = raw_counts / raw_counts.sum()
    log_diff = np.log(target_probs + 1e-8) - np.log(raw_probs + 1e-8)
    weights = [float(np.inner(v, log_diff)) for v in pool_vectors]
    with open("dsir_weights.jsonl", "w", encoding="utf-8") as out:
        for d, v, w in zip(pool, pool_vectors, weights):
            out.write(json.dumps({"id": d["id"], "log_w": repr(w), "n_ngrams": int(v.sum())}) + "\n")
    top = np.argsort(-np.asarray(weights), kind="stable")[:150]
    print("precision of the top 150 by log_w:", sum(pool[i]["is_target"] for i in top) / 150)
    mean = [w / max(1, int(v.sum())) for v, w in zip(pool_vectors, weights)]
    top = np.argsort(-np.asarray(mean), kind="stable")[:150]
    print("precision of the top 150 by mean log ratio:", sum(pool[i]["is_target"] for i in top) / 150)


if __name__ == "__main__":
    main()
