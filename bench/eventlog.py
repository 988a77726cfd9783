"""Reading Spark event logs (bench/scale_report.py, bench/suite_report.py).

Spark 4 writes an application's event log as a folder of rolling files (events_N_<app>, zstd
unless spark.eventLog.compress=false); events() yields every event of every application under
a folder as a dict, in file order.
"""
import glob
import json
import os
import subprocess


def event_lines(path):
    """The lines of one event log file, decompressed when it is zstd."""
    if path.endswith(".zstd"):
        yield from subprocess.run(["zstd", "-dc", path], check=True, capture_output=True,
                                  text=True).stdout.splitlines()
    else:
        with open(path, encoding="utf-8") as f:
            yield from f


def _file_order(path):
    # events_<N>_<app>[.zstd]: numeric order within an application's folder
    name = os.path.basename(path)
    parts = name.split("_")
    return (os.path.dirname(path), int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0)


def events(folder):
    for path in sorted(glob.glob(os.path.join(folder, "**", "events_*"), recursive=True), key=_file_order):
        for line in event_lines(path):
            yield json.loads(line)
