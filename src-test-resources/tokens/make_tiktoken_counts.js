// Reference token counts for ModelTokensTest, made by OpenAI's tiktoken (npm package tiktoken
// 1.0.22: the Rust tiktoken compiled to WebAssembly), not by JTokkit, which the test checks.
// Usage (from the repository root):
//   npm install --prefix out/tiktoken tiktoken@1.0.22
//   NODE_PATH=out/tiktoken/node_modules node src-test-resources/tokens/make_tiktoken_counts.js \
//     > src-test-resources/tokens/tiktoken_counts.tsv
// Documents: every 20th of clean_mini's pool (150, in many languages and forms) and corner
// cases; special-token text is encoded as ordinary text, as the counts are of web text.
const fs = require("fs");
const zlib = require("zlib");
const { get_encoding } = require("tiktoken");
const names = ["r50k_base", "p50k_base", "cl100k_base", "o200k_base"];
const encodings = names.map((n) => get_encoding(n));
const lines = zlib.gunzipSync(fs.readFileSync("src-test-resources/corpora/clean_mini/pool.jsonl.gz"))
  .toString("utf8").split("\n").filter((l) => l.length > 0);
const docs = [];
lines.forEach((l, i) => { if (i % 20 === 0) { const d = JSON.parse(l); docs.push([d.id, d.text]); } });
const corner = ["", " ", "<|endoftext|> is text here", "naïve café — ünïcödé", "中文字符 和 日本語 テキスト",
  "emoji 🎉👍🏽 and \u200d joiners", "tabs\tand\nnewlines\r\n", "1234567890 3.14159 1e-10"];
corner.forEach((t, i) => docs.push(["corner-" + i, t]));
console.log(["id", ...names].join("\t"));
for (const [id, text] of docs) {
  console.log([id, ...encodings.map((e) => e.encode_ordinary(text).length)].join("\t"));
}
