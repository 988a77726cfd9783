#!/usr/bin/python3
"""Golden hashed n-gram features for Winnow's `dsir` hashing mode.

An independent implementation of the DSIR reference featurizer (p-lambda/dsir,
hashed_ngram_dsir.py: get_ngram_counts with the `wordpunct` tokenizer): the text is
lower-cased with str.lower(), tokenized with NLTK's WordPunctTokenizer, every n-gram of
orders 1..n (tokens joined by one space) is hashed as int(sha256(utf8).hexdigest(), 16) %
buckets, and the bucket counts are written as a sparse vector.

Run from this folder with Debian's Python and NLTK (apt-get install python3-nltk):
    /usr/bin/python3 make_dsir_golden.py
Reads dsir_input.jsonl (real documents: clean_mini passages and multi-script realpool
documents), writes dsir_expected.jsonl: one line per (document, setting).
"""
import hashlib
import json
from collections import Counter

from nltk import ngrams
from nltk.tokenize import WordPunctTokenizer

SETTINGS = [(2, 10000), (3, 1 << 20), (1, 7)]
wpt = WordPunctTokenizer()


def bucket(s, buckets):
    return int(hashlib.sha256(s.encode("utf-8")).hexdigest(), 16) % buckets


def features(text, n, buckets):
    words = wpt.tokenize(text.lower())
    counts = Counter(bucket(w, buckets) for w in words)
    for k in range(2, n + 1):
        counts.update(bucket(" ".join(g), buckets) for g in ngrams(words, k))
    idx = sorted(counts)
    return len(words), idx, [counts[i] for i in idx]


def main():
    with open("dsir_input.jsonl", encoding="utf-8") as src, open("dsir_expected.jsonl", "w", encoding="utf-8") as out:
        for line in src:
            doc = json.loads(line)
            for n, buckets in SETTINGS:
                n_tokens, idx, cnt = features(doc["text"], n, buckets)
                out.write(json.dumps({"id": doc["id"], "order": n, "buckets": buckets, "n_tokens": n_tokens,
                                      "idx": idx, "cnt": cnt}) + "\n")


if __name__ == "__main__":
    main()
