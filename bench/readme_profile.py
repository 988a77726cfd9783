"""Where the README run's stage time goes (bench/run-readme-profile.sh).

From the run's Spark event log: per stage (its Spark job group), the Spark jobs, the seconds
inside them, and the schema-inference jobs among them (a 'parquet at' stage over a parallelized
list of files: what spark.read().parquet() runs to read a footer); the stage seconds from the
manifests. From the run's JFR recording: the processes the JVM started (by command) and the
CPU samples by thread kind.
Usage: readme_profile.py EVENT_LOG_DIR WORK_DIR JFR_FILE
"""
import collections
import glob
import json
import subprocess
import sys

import eventlog

events_dir, work, jfr = sys.argv[1:4]

jobs = collections.OrderedDict()
start = {}
inference = set()
for e in eventlog.events(events_dir):
    if e["Event"] == "SparkListenerJobStart":
        group = e.get("Properties", {}).get("spark.jobGroup.id", "?")
        start[e["Job ID"]] = (group, e["Submission Time"])
        jobs.setdefault(group, [0, 0.0, 0])
        jobs[group][0] += 1
        for s in e.get("Stage Infos", []):
            # a footer-reading job: a parallelized list of files and one mapPartitions, both "parquet at"
            rdds = s["RDD Info"]
            if len(rdds) == 2 and {r["Name"] for r in rdds} == {"ParallelCollectionRDD", "MapPartitionsRDD"} \
                    and all(r.get("Callsite", "").startswith("parquet at") for r in rdds):
                inference.add(e["Job ID"])
    elif e["Event"] == "SparkListenerJobEnd" and e["Job ID"] in start:
        group, t = start[e["Job ID"]]
        jobs[group][1] += (e["Completion Time"] - t) / 1000
        jobs[group][2] += e["Job ID"] in inference

seconds = {}
for f in glob.glob(f"{work}/*/_MANIFEST.json"):
    m = json.load(open(f))
    label = {"features": "featurize pool", "target_features": "featurize target", "weights": "importance",
             "clusters": "cluster", "dedup": "dedup", "selection": "select"}.get(f.split("/")[-2])
    seconds["winnow " + str(label)] = m["seconds"]

print("| stage | stage s | Spark jobs | s in jobs | schema-inference jobs |")
print("| --- | ---: | ---: | ---: | ---: |")
total = [0, 0, 0.0, 0]
for group, (n, s, inf) in jobs.items():
    st = seconds.get(group, 0)
    print(f"| {group.removeprefix('winnow ')} | {st:.1f} | {n} | {s:.1f} | {inf} |")
    total = [total[0] + st, total[1] + n, total[2] + s, total[3] + inf]
print(f"| all | {total[0]:.1f} | {total[1]} | {total[2]:.1f} | {total[3]} |")


def jfr_events(kind):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "1", "--events", kind, jfr],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


spawned = collections.Counter(
    (e["values"]["command"] or "?").split()[0] for e in jfr_events("jdk.ProcessStart"))
print("\nprocesses started:", ", ".join(f"{c} x{n}" for c, n in spawned.most_common()))
kinds = collections.Counter()
for e in jfr_events("jdk.ExecutionSample"):
    name = e["values"]["sampledThread"]["javaName"] or "?"
    kinds["main (driver)" if name == "main" else "executor tasks" if name.startswith("Executor task")
          else "other"] += 1
load = collections.defaultdict(list)
for e in jfr_events("jdk.ThreadCPULoad"):
    name = (e["values"].get("eventThread") or {}).get("javaName") or "?"
    load[name].append(e["values"]["user"] + e["values"]["system"])
print("Java CPU samples by thread:", ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
# threads that live the whole run (short-lived ones report one period's load)
mean = {k: sum(v) / len(v) for k, v in load.items() if len(v) >= 3}
# JFR gives a thread's load as a share of all the machine's cores (its CPU time over wall time x cores)
print("mean CPU load (share of all the machine's cores) of the busiest long-lived threads:",
      ", ".join(f"{k} {v:.2f}" for k, v in sorted(mean.items(), key=lambda kv: -kv[1])[:4]))
