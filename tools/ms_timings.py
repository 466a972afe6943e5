#!/usr/bin/python3
"""Whole-process wall times in milliseconds, interleaved (tools/interleave.sh has /usr/bin/time's 10 ms resolution).

usage: ms_timings.py N LABEL 'COMMAND' [LABEL 'COMMAND' ...]
Runs each command (through sh, output discarded) once per round for N rounds and prints per label the median, the
fastest and the slowest run.
"""
import statistics
import subprocess
import sys
import time

n = int(sys.argv[1])
pairs = list(zip(sys.argv[2::2], sys.argv[3::2]))
times = {label: [] for label, _ in pairs}
for _ in range(n):
    for label, cmd in pairs:
        t = time.perf_counter()
        subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times[label].append(time.perf_counter() - t)
for label, v in times.items():
    print("%-12s median %6.1f ms  (%.1f-%.1f), n=%d" % (label, statistics.median(v) * 1e3, min(v) * 1e3, max(v) * 1e3, len(v)))
