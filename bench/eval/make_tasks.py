#!/usr/bin/env python3
"""Builds the labelled selection tasks of the evaluation suite (docs/EVALUATION.md).

Each realpool task takes one source: half of its documents (or part of that half) form the
target corpus; the other half (or a sample of it) is hidden in the pool as positives
(is_target true) among a sample of every other source's documents (is_target false). The
task's budget k is given per task, so that precision@k is measured at several k, target
sizes and positive rates. clean_mini is a task as it is bundled (its own target, k = 150).
Every draw is a hash of (task, document id): the same input gives the same tasks.

Usage: make_tasks.py REALPOOL_DIR CLEAN_MINI_DIR OUT_DIR
Writes OUT_DIR/<task>/pool.jsonl.gz, target.jsonl.gz and task.json.
"""
import glob
import gzip
import hashlib
import json
import os
import shutil
import sys

# name, source, target docs (from the first half), positives (from the second half),
# negatives (from the other sources), k
TASKS = [
    ("sotu", "sotu", 65, 65, 12000, 65),
    ("moby_dick", "moby_dick", 36, 37, 8000, 37),
    ("techdocs", "techdocs", 300, 953, 12000, 500),
    ("code", "code", 436, 436, 6000, 436),
    ("manpages", "manpages", 2000, 1500, 12000, 1500),
    ("spamassassin", "spamassassin", 1521, 800, 10000, 400),
    ("europarl", "europarl", 500, 1000, 12000, 1000),
]


def draw(task, doc_id):
    """A number in [0, 1) from (task, id)."""
    h = hashlib.sha256(f"{task}:{doc_id}".encode()).digest()
    return int.from_bytes(h[:8], "big") / 2**64


def write(path, docs):
    with open(path, "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
            for d in docs:
                gz.write((json.dumps(d, ensure_ascii=False) + "\n").encode())


def main():
    realpool, clean_mini, out = sys.argv[1:4]
    docs = []
    for f in sorted(glob.glob(os.path.join(realpool, "*.jsonl.gz"))):
        with gzip.open(f, "rt", encoding="utf-8") as lines:
            for line in lines:
                d = json.loads(line)
                docs.append({"id": d["id"], "text": d["text"], "source": d["source"]})
    os.makedirs(out, exist_ok=True)
    for name, source, n_target, n_pos, n_neg, k in TASKS:
        own = sorted((d for d in docs if d["source"] == source), key=lambda d: draw(name, d["id"]))
        half = len(own) // 2
        first, second = own[:half], own[half:]
        if n_target > len(first) or n_pos > len(second):
            sys.exit(f"{name}: {source} has {len(own)} documents, too few for {n_target} + {n_pos}")
        others = sorted((d for d in docs if d["source"] != source), key=lambda d: draw(name, d["id"]))
        target = first[:n_target]
        pool = [dict(d, is_target=True) for d in second[:n_pos]] + \
               [dict(d, is_target=False) for d in others[:n_neg]]
        pool.sort(key=lambda d: d["id"])
        d = os.path.join(out, name)
        os.makedirs(d, exist_ok=True)
        write(os.path.join(d, "pool.jsonl.gz"), pool)
        write(os.path.join(d, "target.jsonl.gz"), target)
        with open(os.path.join(d, "task.json"), "w") as f:
            json.dump({"task": name, "k": k, "target_docs": len(target), "positives": n_pos,
                       "pool_docs": len(pool), "source": source}, f)
        print(f"{name}: target {len(target)}, pool {len(pool)} ({n_pos} positives), k = {k}")
    d = os.path.join(out, "clean_mini")
    os.makedirs(d, exist_ok=True)
    for f in ("pool.jsonl.gz", "target.jsonl.gz"):
        shutil.copyfile(os.path.join(clean_mini, f), os.path.join(d, f))
    with open(os.path.join(d, "task.json"), "w") as f:
        json.dump({"task": "clean_mini", "k": 150, "target_docs": 150, "positives": 150, "pool_docs": 3000,
                   "source": "clean_mini"}, f)
    print("clean_mini: target 150, pool 3000 (150 positives), k = 150")


if __name__ == "__main__":
    main()
