# Shared by bench/run-scale-bench.sh and bench/run-suite.sh: make_pool F DIR [bad] builds realpool
# replicated F times in DIR (copy 0: links to realpool's shards; copy i: every id prefixed "r<i>:",
# zstd level 1), once (DIR/.complete marks a finished pool). With "bad", DIR/bad/ gets corrupted
# files: a gzip cut in the middle of a member, garbage bytes under both names, and a file whose
# every 11th line is broken in one of the ways the reader must catch. Needs $realpool.
make_pool() {
  local f="$1" dir="$2" bad="${3:-}"
  [ -f "$dir/.complete" ] && return 0
  rm -rf "$dir"
  mkdir -p "$dir"
  for shard in "$realpool"/*.jsonl.gz; do
    ln -s "$shard" "$dir/r0-$(basename "$shard")"
    for i in $(seq 1 $((f - 1))); do
      zcat "$shard" | sed "s/^{\"id\": \"/{\"id\": \"r$i:/" \
        | zstd -q -1 -o "$dir/r$i-$(basename "$shard" .gz).zst"
    done
  done
  if [ -n "$bad" ]; then
    mkdir -p "$dir/bad"
    # (head closes its pipe early: the pipelines below run without pipefail)
    set +o pipefail
    zcat "$realpool/part-00000.jsonl.gz" | head -n 3000 | sed 's/^{"id": "/{"id": "trunc:/' | gzip -c \
      > "$dir/bad/whole.gz.tmp"
    head -c $(($(stat -c %s "$dir/bad/whole.gz.tmp") / 2)) "$dir/bad/whole.gz.tmp" > "$dir/bad/truncated.jsonl.gz"
    rm "$dir/bad/whole.gz.tmp"
    head -c 1000000 /dev/urandom > "$dir/bad/garbage.jsonl.gz"
    head -c 1000000 /dev/urandom > "$dir/bad/garbage.jsonl"
    zcat "$realpool/part-00001.jsonl.gz" | head -n 1000 | sed 's/^{"id": "/{"id": "mal:/' | python3 -c '
import sys, json
broken = ["{\"id\": \"cut\", \"text\": \"no end", "[1, 2, 3]", "{\"id\": \"no-text\"}",
          "{\"id\": \"null-text\", \"text\": null}", "{\"id\": \"empty\", \"text\": \"\"}",
          "{\"id\": 5, \"text\": {\"not\": \"a string\"}}", "not json at all"]
for i, line in enumerate(sys.stdin):
    sys.stdout.write(line)
    if i % 10 == 9:
        sys.stdout.write(broken[(i // 10) % len(broken)] + "\n")
' > "$dir/bad/malformed.jsonl"
    set -o pipefail
  fi
  touch "$dir/.complete"
}
