"""One row of bench/run-scale-bench.sh: stage seconds, peak memory, spill, and the quarantine check.

Usage: scale_report.py FACTOR WORK_DIR EVENT_LOG_DIR RSS_TSV WALL_SECONDS MALFORMED_FILE
Exits 1 when the books do not reconcile (records = docs + quarantined, per file and in total;
the quarantine files hold exactly the quarantined records; the malformed file lost exactly its
planted bad lines).
"""
import glob
import json
import os
import sys

import eventlog

factor, work, events, rss_file, wall, malformed = sys.argv[1:7]
failures = []


def manifest(stage_dir):
    with open(os.path.join(work, stage_dir, "_MANIFEST.json")) as f:
        return json.load(f)


stages = [("featurize", "features"), ("featurize target", "target_features"), ("importance", "weights"),
          ("cluster", "clusters"), ("dedup", "dedup"), ("select", "selection")]
seconds = {name: manifest(d)["seconds"] for name, d in stages}

feat = manifest("features")
totals = feat["totals"]
if totals["records"] != totals["docs"] + totals["quarantined"]:
    failures.append("totals: %(records)d records != %(docs)d docs + %(quarantined)d quarantined" % totals)
for i in feat["inputs"]:
    if i["records"] != i["docs"] + i["quarantined"]:
        failures.append("%s: %d records != %d docs + %d quarantined" % (i["file"], i["records"], i["docs"],
                                                                        i["quarantined"]))
quarantine_lines = 0
for q in glob.glob(os.path.join(work, "quarantine", "featurize", "*.jsonl")):
    with open(q, encoding="utf-8") as f:
        quarantine_lines += sum(1 for _ in f)
if quarantine_lines != totals["quarantined"]:
    failures.append("quarantine files hold %d records, the manifest says %d" % (quarantine_lines,
                                                                            totals["quarantined"]))
with open(malformed, encoding="utf-8") as f:
    planted = sum(1 for n, _ in enumerate(f) if n % 11 == 10)
bad = {os.path.basename(i["file"]): i for i in feat["inputs"] if "/bad/" in i["file"]}
if bad.get("malformed.jsonl", {}).get("quarantined") != planted:
    failures.append("malformed.jsonl: %s quarantined, %d planted" % (bad.get("malformed.jsonl", {}).get("quarantined"),
                                                                     planted))
select = manifest("selection")["totals"]
if select["records"] != totals["records"] or select["docs"] + select["quarantined"] != select["records"]:
    failures.append("select's totals do not match featurize's: %s" % select)

# Spark's executor metrics: peak heap per executor (and the driver) over all stages; spills
peak_heap = {}
spilled_disk = spilled_mem = 0
for e in eventlog.events(events):
    kind = e.get("Event")
    if kind == "SparkListenerStageExecutorMetrics":
        m = e.get("Executor Metrics", {})
        ex = e.get("Executor ID")
        peak_heap[ex] = max(peak_heap.get(ex, 0), m.get("JVMHeapMemory", 0))
    elif kind == "SparkListenerTaskEnd":
        tm = e.get("Task Metrics") or {}
        spilled_disk += tm.get("Disk Bytes Spilled", 0)
        spilled_mem += tm.get("Memory Bytes Spilled", 0)
rss = {}
with open(rss_file) as f:
    for line in f:
        role, pid, kb = line.split("\t")
        rss[role] = max(rss.get(role, 0), int(kb))

mb = 1 << 20
print("realpool x%s: %d records, %d documents, %d quarantined (%s); %d kept" % (
    factor, totals["records"], totals["docs"], totals["quarantined"],
    ", ".join("%s %d" % (k, v) for k, v in sorted(totals["rejected"].items())), select["kept_docs"]))
for name, _ in stages:
    print("  %-17s %7.1f s" % (name, seconds[name]))
print("  %-17s %7s s (wall, incl. JVM and cluster start-up)" % ("whole run", wall))
print("  peak heap (MB):   driver %d, executors %s" % (
    peak_heap.get("driver", 0) // mb,
    ", ".join(str(v // mb) for k, v in sorted(peak_heap.items()) if k != "driver")))
print("  peak RSS (MB):    driver %d, executor %d" % (rss.get("driver", 0) // 1024, rss.get("executor", 0) // 1024))
print("  spilled (MB):     memory %d, disk %d" % (spilled_mem // mb, spilled_disk // mb))
for name in sorted(bad):
    i = bad[name]
    print("  bad/%-16s %d records: %d documents, %d quarantined %s" % (name, i["records"], i["docs"],
                                                                      i["quarantined"], json.dumps(i["rejected"])))
if failures:
    print("RECONCILIATION FAILED:\n  " + "\n  ".join(failures))
    sys.exit(1)
print("  reconciled: records = documents + quarantined for every file; quarantine files hold every "
      "quarantined record; malformed.jsonl lost exactly its %d planted lines" % planted)
