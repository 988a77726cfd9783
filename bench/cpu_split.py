"""Where a run's CPU went, by kind of thread (bench/run-cpu-split.sh).

watch: reads /proc/PID/task/*/stat every half second while the process lives, a line per
thread per reading: "epoch-seconds tid ticks name" (ticks: user + system time).
report: from those readings and the work folder's stage manifests (their started and finished
times), CPU seconds by kind of thread for the whole run, for what comes before the first stage,
and for each stage (a thread's ticks between the last reading before a stage's start and the
last before its end). A thread's CPU up to its last reading counts; a thread that lived less
than half a second between two readings is missed, so the sums are a little under the JVM's.
Usage: cpu_split.py watch PID THREADS_FILE | cpu_split.py report THREADS_FILE WORK_DIR
"""
import bisect
import collections
import datetime
import glob
import json
import os
import sys
import time

if sys.argv[1] == "watch":
    pid, path = sys.argv[2], sys.argv[3]
    with open(path, "w", encoding="utf-8") as out:
        while os.path.exists(f"/proc/{pid}"):
            now = time.time()
            for tid in os.listdir(f"/proc/{pid}/task"):
                try:
                    with open(f"/proc/{pid}/task/{tid}/stat", encoding="utf-8", errors="replace") as f:
                        stat = f.read()
                except OSError:  # the thread ended
                    continue
                # the 2nd field is the name in parentheses (it may hold spaces); utime, stime 14th, 15th
                name = stat[stat.index("(") + 1:stat.rindex(")")]
                fields = stat[stat.rindex(")") + 2:].split()
                out.write(f"{now} {tid} {int(fields[11]) + int(fields[12])} {name}\n")
            time.sleep(0.5)
    sys.exit(0)

threads_file, work = sys.argv[2], sys.argv[3]
hz = os.sysconf("SC_CLK_TCK")
KINDS = ["tasks", "driver", "JIT C2", "JIT C1", "GC", "other"]


def kind(name):
    if name.startswith("Executor task"):
        return "tasks"
    if name in ("java", "main"):  # the launcher's main thread keeps the process's name
        return "driver"
    if name.startswith("C2 Compiler"):
        return "JIT C2"
    if name.startswith("C1 Compiler"):
        return "JIT C1"
    if name.startswith(("GC Thread", "VM Thread", "G1 ", "ParGC")):
        return "GC"
    return "other"


readings = collections.defaultdict(list)  # tid -> [(time, ticks)]
names = {}
times = set()
with open(threads_file, encoding="utf-8") as f:
    for line in f:
        t, tid, ticks, name = line.rstrip("\n").split(" ", 3)
        readings[tid].append((float(t), int(ticks)))
        names[tid] = name
        times.add(float(t))


# each thread's reading times, for the searches (the lines come in time order)
reading_times = {tid: [t for t, _ in r] for tid, r in readings.items()}


def cpu_until(tid, when):
    """The thread's CPU seconds at its last reading at or before `when` (0 before its first)."""
    i = bisect.bisect_right(reading_times[tid], when)
    return readings[tid][i - 1][1] / hz if i else 0.0


def parse(stamp):
    return datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


stages = []
for f in glob.glob(f"{work}/*/_MANIFEST.json"):
    m = json.load(open(f, encoding="utf-8"))
    stages.append((parse(m["started"]), parse(m["finished"]), f.split("/")[-2]))
stages.sort()
end = max(times)
wall = end - min(times)
# the JVM's start, the Spark session and the config come before the first stage's window
rows = [("whole run", min(times) - 1, end), ("before the first stage", min(times) - 1, stages[0][0])]
rows += [(s, a, b) for a, b, s in stages]
print(f"CPU seconds by kind of thread ({len(readings)} threads read; {wall:.1f} s of wall time "
      f"from the first reading to the last, {len(times)} readings)\n")
print("| window | wall s | " + " | ".join(KINDS) + " | all | share tasks | share JIT |")
print("| --- | ---: | " + " | ".join("---:" for _ in KINDS) + " | ---: | ---: | ---: |")
for label, a, b in rows:
    by = collections.Counter()
    for tid in readings:
        by[kind(names[tid])] += cpu_until(tid, b) - cpu_until(tid, a)
    total = sum(by.values()) or float("nan")  # a stage shorter than a reading: nothing to share
    jit = by["JIT C2"] + by["JIT C1"]
    print(f"| {label} | {min(b, end) - max(a, min(times)):.1f} | " + " | ".join(f"{by[k]:.1f}" for k in KINDS)
          + f" | {total:.1f} | {by['tasks'] / total:.0%} | {jit / total:.0%} |")
