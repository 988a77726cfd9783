#!/usr/bin/python3
"""Makes the bad-input fixtures from real clean_mini passages (run from this folder).

Each file holds real documents with the faults named in its name mixed in, so a test can
check that the good records survive and each bad one is quarantined with the right reason.
Needs gzip(1) and zstd(1) on the PATH.
"""
import gzip
import json
import os
import subprocess

with gzip.open("../corpora/clean_mini/pool.jsonl.gz", "rt", encoding="utf-8") as f:
    real = [json.loads(l) for _, l in zip(range(40), f)]


def line(d):
    return json.dumps(d, ensure_ascii=False).encode("utf-8") + b"\n"


# mixed.jsonl: good records with one of each bad kind between them; expected reasons
# are listed in the test, line by line.
bad = [
    b'{"id": "broken-1", "text": "unterminated\n',                      # malformed_json
    b'["an", "array"]\n',                                                # not_object
    b'"a string"\n',                                                     # not_object
    b'{"id": "no-text", "body": "the text is elsewhere"}\n',             # missing_text
    b'{"id": "null-text", "text": null}\n',                              # null_text
    b'{"id": "number-text", "text": 42}\n',                              # non_string_text
    b'{"id": "empty-text", "text": ""}\n',                               # empty_text
    b'{"id": "blank-text", "text": " \\n\\t "}\n',                       # empty_text
    b'{"id": {"nested": 1}, "text": "id is an object"}\n',               # bad_id
    b'{"id": "raw-nul", "text": "a\x00b"}\n',                            # nul_byte
    b'{"id": "escaped-nul", "text": "a\\u0000b"}\n',                     # nul_byte
    b'{"id": "latin1", "text": "caf\xe9 au lait"}\n',                    # invalid_utf8
    b'{"id": "trailing", "text": "fine"} extra\n',                       # malformed_json
]
with open("mixed.jsonl", "wb") as out:
    for i, b in enumerate(bad):
        out.write(line(real[i]))
        if i == 3:
            out.write(b"\n   \n")                                         # blank lines: not records
        out.write(b)
    out.write(line({"id": 12345, "text": real[20]["text"]}))             # numeric id: fine
    out.write(line({"text": real[21]["text"]}))                          # no id: derived
    out.write(line({"id": None, "text": real[22]["text"]}))             # null id: derived
    out.write(line(real[23]).replace(b"\n", b"\r\n"))                    # CRLF line: fine
    out.write(line(real[24]).rstrip(b"\n"))                              # no final newline: fine

# duplicate-ids.jsonl: the same id twice (different texts) and the same text twice without ids
with open("duplicate-ids.jsonl", "wb") as out:
    out.write(line(real[0]))
    out.write(line({"id": real[0]["id"], "text": real[1]["text"]}))
    out.write(line({"text": real[2]["text"]}))
    out.write(line({"text": real[2]["text"]}))
    out.write(line(real[3]))

# truncated.jsonl.gz: 30 real records, the gzip cut at 60% of its bytes
data = b"".join(line(d) for d in real[:30])
gz = gzip.compress(data, mtime=0)
with open("truncated.jsonl.gz", "wb") as out:
    out.write(gz[: int(len(gz) * 0.6)])

# corrupt.jsonl.gz: the same 30 records, one byte of the deflate data flipped halfway: it still
# decodes to the end, with some text changed, and only the CRC in the trailer says so
flipped = bytearray(gz)
flipped[len(gz) // 2] ^= 0x10
with open("corrupt.jsonl.gz", "wb") as out:
    out.write(bytes(flipped))

# corrupt.jsonl.zst: the same 30 records by zstd(1) (content checksum on, its default), one byte
# flipped halfway
with open("corrupt.jsonl", "wb") as out:
    out.write(data)
subprocess.run(["zstd", "-q", "-f", "-19", "corrupt.jsonl", "-o", "corrupt.jsonl.zst"], check=True)
os.remove("corrupt.jsonl")
with open("corrupt.jsonl.zst", "r+b") as f:
    z = bytearray(f.read())
    z[len(z) // 2] ^= 0x10
    f.seek(0)
    f.write(z)

# not-gzip.jsonl.gz: plain JSON lines under a .gz name
with open("not-gzip.jsonl.gz", "wb") as out:
    out.write(data[:2000])

# empty files, compressed and not
open("empty.jsonl", "wb").close()
with open("empty-member.jsonl.gz", "wb") as out:
    out.write(gzip.compress(b"", mtime=0))

# good.jsonl.zst: 10 real records compressed with zstd(1)
with open("good.jsonl", "wb") as out:
    out.write(b"".join(line(d) for d in real[30:40]))
subprocess.run(["zstd", "-q", "-f", "-19", "good.jsonl", "-o", "good.jsonl.zst"], check=True)
os.remove("good.jsonl")

# text fixtures: one document per line, and one per file
with open("lines.txt", "wb") as out:
    for d in real[:5]:
        out.write(d["text"].replace("\n", " ").encode("utf-8") + b"\n")
    out.write(b"\n")
    out.write(b"caf\xe9 latin-1 line\n")                                 # invalid_utf8
os.makedirs("text-files", exist_ok=True)
for i in range(3):
    with open(f"text-files/doc-{i}.txt", "w", encoding="utf-8") as out:
        out.write(real[i]["text"])
