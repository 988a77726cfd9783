"""The report of bench/run-suite.sh: per factor and stage, seconds, documents/s, MB/s per core,
cost per document, multiple of the floor, memory and shuffle bytes; the MLlib peer; the scaling
curve as an SVG chart; a projection to a 1-billion-document pool on a stated cluster.

Usage: suite_report.py SUITE_DIR CORES FACTOR...
SUITE_DIR/x<F>/ holds one factor's run: peers.log (SuitePeers' "peer ..." lines),
ngrams-features.json (the manifest of featurize doing the MLlib peer's work, n-grams only; runs
of the suite before it have none, and their report leaves it out), work/ (the pipeline's work
directory: its manifests), events/ (Spark's event log), gc.log (-Xlog:gc with timemillis),
rss.tsv (resident kB, sampled), wall (seconds of the whole `run`).
Writes SUITE_DIR/report.md, SUITE_DIR/results.json and SUITE_DIR/scaling.svg; prints report.md.
"""
import json
import os
import re
import sys

import eventlog

STAGES = [("featurize pool", "features"), ("featurize target", "target_features"), ("importance", "weights"),
          ("cluster", "clusters"), ("dedup", "dedup"), ("select", "selection")]

# The projection's stated cluster and prices (assumptions; docs/BENCHMARKS.md repeats them).
PROJECTION = {
    "docs": 1_000_000_000,
    "nodes": 64,
    "cores_per_node": 16,
    "node_hour_usd": 0.768,      # on-demand list price of a 16-vCPU, 64 GiB VM (AWS m6i.4xlarge, us-east-1)
    "core_speed": 1.0,            # a cluster core does this machine's core's work per second
    "efficiency": 0.7,            # stragglers, scheduling, skew: 70% of the cores' time is useful
    "network_bytes_per_s": 1.25e9 * 0.5,  # 10 Gbit/s per node, half of it usable for shuffle
}

MB = 1 << 20


def manifest(work, stage_dir):
    with open(os.path.join(work, stage_dir, "_MANIFEST.json")) as f:
        return json.load(f)


def read_factor(d, cores):
    peers = {}
    with open(os.path.join(d, "peers.log")) as f:
        for line in f:
            if line.startswith("peer "):
                parts = line.split()
                peers[parts[1]] = [float(x) for x in parts[2:]]
    floor_s, docs, chars = peers["floor"]
    work = os.path.join(d, "work")
    seconds = {name: manifest(work, sub)["seconds"] for name, sub in STAGES}
    # Spark jobs -> pipeline stage (job group "winnow <stage>", set by the CLI), Spark stage -> pipeline stage
    stage_of_spark_stage, windows = {}, {}
    job_group, job_start = {}, {}
    shuffle_write, shuffle_read, spill, heap = {}, {}, {}, {}
    for e in eventlog.events(os.path.join(d, "events")):
        kind = e.get("Event")
        if kind == "SparkListenerJobStart":
            group = (e.get("Properties") or {}).get("spark.jobGroup.id", "")
            name = group[len("winnow "):] if group.startswith("winnow ") else None
            job_group[e["Job ID"]] = name
            job_start[e["Job ID"]] = e["Submission Time"]
            for sid in e.get("Stage IDs", []):
                stage_of_spark_stage[sid] = name
        elif kind == "SparkListenerJobEnd":
            name = job_group.get(e["Job ID"])
            if name:
                lo, hi = windows.get(name, (job_start[e["Job ID"]], e["Completion Time"]))
                windows[name] = (min(lo, job_start[e["Job ID"]]), max(hi, e["Completion Time"]))
        elif kind == "SparkListenerTaskEnd":
            name = stage_of_spark_stage.get(e.get("Stage ID"))
            tm = e.get("Task Metrics") or {}
            w = (tm.get("Shuffle Write Metrics") or {}).get("Shuffle Bytes Written", 0)
            r = tm.get("Shuffle Read Metrics") or {}
            shuffle_write[name] = shuffle_write.get(name, 0) + w
            shuffle_read[name] = shuffle_read.get(name, 0) + r.get("Remote Bytes Read", 0) + r.get("Local Bytes Read", 0)
            spill[name] = spill.get(name, 0) + tm.get("Disk Bytes Spilled", 0) + tm.get("Memory Bytes Spilled", 0)
        elif kind == "SparkListenerStageExecutorMetrics":
            name = stage_of_spark_stage.get(e.get("Stage ID"))
            used = (e.get("Executor Metrics") or {}).get("JVMHeapMemory", 0)
            heap[name] = max(heap.get(name, 0), used)
    # heap after each GC pause (an upper bound of the live data), by the stage whose jobs ran then
    after_gc = {}
    pause = re.compile(r"\[(\d+)ms\].*Pause.* (\d+)M->(\d+)M\((\d+)M\)")
    with open(os.path.join(d, "gc.log")) as f:
        for line in f:
            m = pause.search(line)
            if not m:
                continue
            t, after = int(m.group(1)), int(m.group(3))
            for name, (lo, hi) in windows.items():
                if lo <= t <= hi:
                    after_gc[name] = max(after_gc.get(name, 0), after)
    rss_kb = 0
    with open(os.path.join(d, "rss.tsv")) as f:
        for line in f:
            rss_kb = max(rss_kb, int(line.split()[-1]))
    with open(os.path.join(d, "wall")) as f:
        wall = float(f.read())
    stages = {}
    for name, _ in STAGES:
        s = seconds[name]
        target = name == "featurize target"  # a fixed corpus: its cost is spread over the pool's documents
        stages[name] = {
            "seconds": s,
            "docs_per_s": None if target else docs / s,
            "mb_per_s_per_core": None if target else (chars / 1e6) / s / cores,
            "core_us_per_doc": s * cores / docs * 1e6,
            "x_floor": s / floor_s,
            "peak_heap_mb": heap.get(name, 0) / MB,
            "heap_after_gc_mb": after_gc.get(name, 0),
            "shuffle_write_mb": shuffle_write.get(name, 0) / MB,
            "shuffle_read_mb": shuffle_read.get(name, 0) / MB,
            "spill_mb": spill.get(name, 0) / MB,
        }
    sel = manifest(work, "selection")["totals"]
    ngrams = os.path.join(d, "ngrams-features.json")
    ngrams_s = json.load(open(ngrams))["seconds"] if os.path.exists(ngrams) else None
    return {"docs": int(docs), "chars": int(chars), "floor_s": floor_s, "floor_cold_s": peers["floor_cold"][0],
            "mllib_s": peers["mllib"][0], "ngrams_s": ngrams_s,
            "wall_s": wall, "peak_rss_mb": rss_kb / 1024, "kept": sel["kept_docs"], "stages": stages,
            "pipeline_s": sum(seconds.values())}


def fit(xs, ys):
    """Least squares y = a + b x."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else my / mx
    return my - b * mx, b


def chart(results, factors, path):
    """Cost per document (core-microseconds) by factor: one line per stage, the total and the floor."""
    width, height, left, right, top, bottom = 760, 440, 70, 190, 30, 50
    series = [(name, [results[f]["stages"][name]["core_us_per_doc"] for f in factors]) for name, _ in STAGES
              if name != "featurize target"]
    series.append(("whole pipeline", [sum(results[f]["stages"][n]["core_us_per_doc"] for n, _ in STAGES)
                                      for f in factors]))
    series.append(("floor (read + parse)", [results[f]["floor_s"] * results[f]["cores"] / results[f]["docs"] * 1e6
                                            for f in factors]))
    series.append(("MLlib featurize", [results[f]["mllib_s"] * results[f]["cores"] / results[f]["docs"] * 1e6
                                       for f in factors]))
    if all(results[f]["ngrams_s"] for f in factors):
        series.append(("featurize, n-grams only", [results[f]["ngrams_s"] * results[f]["cores"] / results[f]["docs"]
                                                   * 1e6 for f in factors]))
    ymax = max(max(v) for _, v in series) * 1.1
    xs = {f: left + (width - left - right) * i / max(1, len(factors) - 1) for i, f in enumerate(factors)}

    def y(v):
        return top + (height - top - bottom) * (1 - v / ymax)

    colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#000000", "#7f7f7f", "#8c564b"]
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" '
           'font-size="12">' % (width, height),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="18" font-size="14">Winnow, local[2]: cost per document (core-microseconds) '
           'vs pool size</text>' % left]
    step = 10 ** (len(str(int(ymax))) - 1)
    for t in range(0, int(ymax) + 1, step if ymax / step >= 3 else max(1, step // 2)):
        out.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/>' % (left, width - right, y(t), y(t)))
        out.append('<text x="%d" y="%.1f" text-anchor="end">%d</text>' % (left - 6, y(t) + 4, t))
    for f in factors:
        out.append('<text x="%.1f" y="%d" text-anchor="middle">x%d (%s docs)</text>' % (
            xs[f], height - bottom + 18, f, "{:,}".format(results[f]["docs"])))
    for i, (name, vals) in enumerate(series):
        c = colors[i % len(colors)]
        dash = ' stroke-dasharray="5,4"' if name.startswith(("floor", "MLlib")) else ""
        pts = " ".join("%.1f,%.1f" % (xs[f], y(v)) for f, v in zip(factors, vals))
        out.append('<polyline points="%s" fill="none" stroke="%s" stroke-width="2"%s/>' % (pts, c, dash))
        for f, v in zip(factors, vals):
            out.append('<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>' % (xs[f], y(v), c))
        ly = top + 10 + 18 * i
        out.append('<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="%s" stroke-width="2"%s/>' % (
            width - right + 12, width - right + 32, ly, ly, c, dash))
        out.append('<text x="%d" y="%d">%s</text>' % (width - right + 38, ly + 4, name))
    out.append('<text x="14" y="%d" transform="rotate(-90 14 %d)" text-anchor="middle">core-us per document'
               '</text>' % ((height - bottom + top) // 2, (height - bottom + top) // 2))
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def main():
    suite, cores, factors = sys.argv[1], int(sys.argv[2]), [int(f) for f in sys.argv[3:]]
    results = {}
    for f in factors:
        results[f] = read_factor(os.path.join(suite, "x%d" % f), cores)
        results[f]["cores"] = cores
    lines = []
    p = lines.append
    for f in factors:
        r = results[f]
        p("### realpool x%d: %s documents, %.0f MB of text; wall %.0f s, peak RSS %.0f MB, %s kept" % (
            f, "{:,}".format(r["docs"]), r["chars"] / 1e6, r["wall_s"], r["peak_rss_mb"], "{:,}".format(r["kept"])))
        p("")
        p("| stage | s | docs/s | MB/s per core | core-us/doc | x floor | peak heap MB | heap after GC MB "
          "| shuffle write MB | spill MB |")
        p("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        p("| floor (read, decompress, parse) | %.1f | %s | %.1f | %.1f | 1.0 | | | | |" % (
            r["floor_s"], "{:,.0f}".format(r["docs"] / r["floor_s"]), r["chars"] / 1e6 / r["floor_s"] / cores,
            r["floor_s"] * cores / r["docs"] * 1e6))
        p("| MLlib featurize (peer) | %.1f | %s | %.1f | %.1f | %.1f | | | | |" % (
            r["mllib_s"], "{:,.0f}".format(r["docs"] / r["mllib_s"]), r["chars"] / 1e6 / r["mllib_s"] / cores,
            r["mllib_s"] * cores / r["docs"] * 1e6, r["mllib_s"] / r["floor_s"]))
        if r["ngrams_s"]:
            p("| featurize pool, n-grams only (the peer's work) | %.1f | %s | %.1f | %.1f | %.1f | | | | |" % (
                r["ngrams_s"], "{:,.0f}".format(r["docs"] / r["ngrams_s"]), r["chars"] / 1e6 / r["ngrams_s"] / cores,
                r["ngrams_s"] * cores / r["docs"] * 1e6, r["ngrams_s"] / r["floor_s"]))
        for name, _ in STAGES:
            s = r["stages"][name]
            p("| %s | %.1f | %s | %s | %.1f | %.1f | %.0f | %.0f | %.1f | %.0f |" % (
                name, s["seconds"], "" if s["docs_per_s"] is None else "{:,.0f}".format(s["docs_per_s"]),
                "" if s["mb_per_s_per_core"] is None else "%.1f" % s["mb_per_s_per_core"], s["core_us_per_doc"],
                s["x_floor"], s["peak_heap_mb"], s["heap_after_gc_mb"], s["shuffle_write_mb"], s["spill_mb"]))
        p("| **whole pipeline** | %.1f | %s | %.2f | %.1f | %.1f | | | %.1f | |" % (
            r["pipeline_s"], "{:,.0f}".format(r["docs"] / r["pipeline_s"]), r["chars"] / 1e6 / r["pipeline_s"] / cores,
            r["pipeline_s"] * cores / r["docs"] * 1e6, r["pipeline_s"] / r["floor_s"],
            sum(s["shuffle_write_mb"] for s in r["stages"].values())))
        p("")
        p("floor in a fresh JVM (first of its two runs): %.1f s" % r["floor_cold_s"])
        p("")
    p("### Cost per document (core-us) by factor")
    p("")
    p("| stage | " + " | ".join("x%d" % f for f in factors) + " | x%d / x%d | fixed s (fit) | core-us/doc (fit) "
      "| fit's worst deviation |" % (factors[-1], factors[0]))
    p("| --- | " + " | ".join("---:" for _ in factors) + " | ---: | ---: | ---: | ---: |")
    fits = {}
    rows = [(name, [results[f]["stages"][name]["seconds"] for f in factors]) for name, _ in STAGES]
    rows.append(("whole pipeline", [results[f]["pipeline_s"] for f in factors]))
    rows.append(("floor", [results[f]["floor_s"] for f in factors]))
    rows.append(("MLlib featurize", [results[f]["mllib_s"] for f in factors]))
    if all(results[f]["ngrams_s"] for f in factors):
        rows.append(("featurize, n-grams only", [results[f]["ngrams_s"] for f in factors]))
    for name, secs in rows:
        docs = [results[f]["docs"] for f in factors]
        per = [s * cores / n * 1e6 for s, n in zip(secs, docs)]
        a, b = fit(docs, secs) if len(factors) > 1 else (0.0, secs[0] / docs[0])
        worst = max(abs(a + b * n - s_) / s_ for n, s_ in zip(docs, secs))
        fits[name] = {"fixed_s": a, "core_s_per_doc": b * cores, "worst_deviation": worst}
        p("| %s | %s | %.2f | %.1f | %.1f | %.0f%% |" % (name, " | ".join("%.1f" % v for v in per), per[-1] / per[0],
                                                        a, b * cores * 1e6, 100 * worst))
    p("")
    # projection: the fitted per-document costs, the largest run's shuffle bytes per document
    pr = PROJECTION
    big = results[factors[-1]]
    cores_total = pr["nodes"] * pr["cores_per_node"]
    p("### Projection: %s documents on %d nodes x %d cores" % ("{:,}".format(pr["docs"]), pr["nodes"],
                                                               pr["cores_per_node"]))
    p("")
    p("| stage | core-hours | shuffle GB | compute min | shuffle min | stage min |")
    p("| --- | ---: | ---: | ---: | ---: | ---: |")
    total_min = total_core_h = 0.0
    for name, _ in STAGES:
        if name == "featurize target":
            continue
        core_s = fits[name]["core_s_per_doc"] * pr["docs"] / pr["core_speed"]
        shuffle_bytes = big["stages"][name]["shuffle_write_mb"] * MB / big["docs"] * pr["docs"]
        compute_min = core_s / (cores_total * pr["efficiency"]) / 60
        shuffle_min = shuffle_bytes / (pr["nodes"] * pr["network_bytes_per_s"]) / 60
        stage_min = compute_min + shuffle_min + max(0.0, fits[name]["fixed_s"]) / 60
        total_min += stage_min
        total_core_h += core_s / 3600
        p("| %s | %.0f | %.0f | %.1f | %.1f | %.1f |" % (name, core_s / 3600, shuffle_bytes / 1e9, compute_min,
                                                       shuffle_min, stage_min))
    cost = total_min / 60 * pr["nodes"] * pr["node_hour_usd"]
    p("| **total** | %.0f | | | | %.0f |" % (total_core_h, total_min))
    p("")
    p("about %.1f hours and $%.0f on %d x %d cores at $%.3f per node-hour (efficiency %.0f%%, %.0f MB/s of shuffle "
      "per node)" % (total_min / 60, cost, pr["nodes"], pr["cores_per_node"], pr["node_hour_usd"],
                     pr["efficiency"] * 100, pr["network_bytes_per_s"] / 1e6))
    p("")
    p("### The goals of issues 9 and 16, on the largest run (x%d)" % factors[-1])
    p("")
    feat = big["stages"]["featurize pool"]["seconds"]
    floor = big["floor_s"]
    whole = big["pipeline_s"] / floor
    per = [results[f]["pipeline_s"] / results[f]["docs"] for f in factors]
    # (issue, goal, measured, met, how the measure reads)
    goals = [("9", "featurize within 3x of the floor", feat / floor, feat / floor <= 3, "%.2fx"),
             ("16", "featurize with everything on within 6x of the floor", feat / floor, feat / floor <= 6, "%.2fx")]
    if big["ngrams_s"]:
        ngrams = big["ngrams_s"]
        goals += [("16", "featurize, n-grams only, within 2x of the floor", ngrams / floor, ngrams / floor <= 2,
                   "%.2fx"),
                  ("16", "featurize at least 3x faster than its MLlib peer, doing the peer's work (n-grams only)",
                   big["mllib_s"] / ngrams, big["mllib_s"] / ngrams >= 3, "%.2fx")]
    goals += [("9", "featurize with everything on at least 3x faster than the MLlib peer (n-grams only)",
               big["mllib_s"] / feat, big["mllib_s"] / feat >= 3, "%.2fx"),
              ("9", "whole pipeline within 10x of the floor", whole, whole <= 10, "%.2fx"),
              ("16", "whole pipeline within 15x of the floor", whole, whole <= 15, "%.2fx"),
              ("9, 16", "cost per document does not grow (largest / smallest run at most 1.15)", per[-1] / per[0],
               per[-1] / per[0] <= 1.15, "%.2f")]
    if len(factors) >= 3:  # a line through two sizes fits them exactly: no test of linearity
        goals.append(("9", "whole-pipeline time linear in documents (fixed + per-document fit, worst deviation)",
                      100 * fits["whole pipeline"]["worst_deviation"],
                      fits["whole pipeline"]["worst_deviation"] <= 0.1, "%.1f%%"))
    p("| issue | goal | measured | met |")
    p("| --- | --- | ---: | --- |")
    for issue, name, value, met, form in goals:
        p("| %s | %s | %s | %s |" % (issue, name, form % value, "yes" if met else "**no**"))
    report = "\n".join(lines) + "\n"
    with open(os.path.join(suite, "report.md"), "w") as f:
        f.write(report)
    with open(os.path.join(suite, "results.json"), "w") as f:
        json.dump({"factors": results, "fits": fits, "projection": pr}, f, indent=1)
    chart(results, factors, os.path.join(suite, "scaling.svg"))
    print(report)


if __name__ == "__main__":
    main()
