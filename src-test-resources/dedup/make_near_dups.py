#!/usr/bin/env python3
"""Builds near_dups.jsonl for DedupJobTest from real clean_mini passages.

Each output line: id, text, expect (the group it must end in; documents that must stay alone
have a group of their own). Planted variants: navigation/footer boilerplate added, paragraphs
re-wrapped, case and spacing changed, an exact copy, a few words edited. Documents that must NOT
merge: consecutive passages of one speech or chapter (same author, topic and style), and the
first half of a passage (Jaccard about 0.5).
Run from the repository root: python3 src-test-resources/dedup/make_near_dups.py
"""
import gzip
import json
import re
import textwrap

POOL = "src-test-resources/corpora/clean_mini/pool.jsonl.gz"
OUT = "src-test-resources/dedup/near_dups.jsonl"

docs = {}
with gzip.open(POOL, "rt", encoding="utf-8") as f:
    for line in f:
        d = json.loads(line)
        docs[d["id"]] = d["text"]


def pick(prefix, n=1):
    ids = sorted(i for i in docs if i.startswith(prefix) and len(docs[i]) >= 1500)
    return ids[:n]


rows = []


def add(doc_id, text, expect):
    rows.append({"id": doc_id, "text": text, "expect": expect})


# A: one Europarl speech with web boilerplate around it, twice
x_id = pick("europarl/")[0]
x = docs[x_id]
add(x_id, x, "A")
add("variant/A-boilerplate-1", "Home | Debates | Texts adopted | Minutes\n\n" + x
    + "\n\nShare this page: E-mail | Print\n\u00a9 European Union, 2009 - Source: European Parliament", "A")
add("variant/A-boilerplate-2", x + "\n\nLast updated: 12 May 2009 | Legal notice | Top of page", "A")
# A's first half: shares many shingles, but Jaccard about 0.5, below the threshold
add("variant/A-first-half", x[: len(x) // 2], "A-half")

# B: a State of the Union passage re-wrapped into short lines and paragraphs
y_id = pick("sotu/")[0]
y = docs[y_id]
add(y_id, y, "B")
lines = textwrap.wrap(y, 72)
add("variant/B-rewrapped", "\n".join(l if i % 6 != 5 else l + "\n" for i, l in enumerate(lines)), "B")

# C: a Moby Dick passage, an exact copy and a copy with only case and spacing changed
z_id = pick("moby_dick/")[0]
z = docs[z_id]
add(z_id, z, "C")
add("variant/C-copy", z, "C")
add("variant/C-case-and-spacing", "  " + z.upper().replace(" ", "  ") + "\n", "C")

# D: a Python documentation passage with a few words edited
w_id = pick("techdocs/python")[0] if pick("techdocs/python") else pick("techdocs/")[0]
w = docs[w_id]
words = w.split(" ")
for k in (len(words) // 4, len(words) // 2, 3 * len(words) // 4):
    words[k] = words[k] + "s"
add(w_id, w, "D")
add("variant/D-edited", " ".join(words), "D")

# similar but different: consecutive passages of one speech and of one chapter stay apart
# (clean_mini also holds real duplicates, e.g. sotu/1827_john_quincy_adams_dr#1 and #2 are one
# passage; only pairs that share almost no shingle are taken here)
def shingles(t):
    w = re.findall(r"\w+", t.lower())
    return {tuple(w[i:i + 5]) for i in range(max(1, len(w) - 4))}


for source in ("sotu/", "moby_dick/"):
    for first in sorted(i for i in docs if i.startswith(source) and i.endswith("#1")):
        second = first[:-1] + "2"
        a, b = shingles(docs[first]), shingles(docs.get(second, ""))
        if second in docs and len(a & b) / len(a | b) < 0.05 and first not in (y_id, z_id):
            add(first, docs[first], "alone:" + first)
            add(second, docs[second], "alone:" + second)
            break

with open(OUT, "w", encoding="utf-8") as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(len(rows), "documents ->", OUT)
