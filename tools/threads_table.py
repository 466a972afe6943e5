#!/usr/bin/python3
"""Table of 1 against 2 threads from tools/threads_bench.sh's JSON, with the time expected on 16 cores.

Model: t16 = max(t1 / (16 * e), W / Bw + R / Br), where t1 is the one-thread time, e = (t1 / t2) / 2 the parallel
efficiency measured from one to two threads (capped at 1), W and R the bytes the kernel must write and read, and Bw, Br
the aggregate streaming write (the faster of MemorySegment.fill and
ragtime_fill_nt) and read bandwidth of two threads measured by the same run (FloorBench with JMH -t 2).
Taking this guest's two-thread bandwidth for a 16-core machine is pessimistic (a server socket has several memory
channels), so the memory term is an upper bound and the table also gives the compute term alone.
usage: threads_table.py RUN.json
"""
import json
import sys

MB = 1e6
CUBE = 5000 * 60 * 500          # config-A cells
BINS = 500 * 300001             # 10 ms bins, config A
SPIKES = 96 * MB                # config-A spike times
TYPE = {"UINT16": 2, "INT32": 4}
DFF_OUT = 300 * 5000 * 19 * 8   # AlignBenchmark: 300 ROIs x 5000 events x 19 samples, float64
DFF_IN = 300 * 90000 * 8        # the trace read once


def traffic(name, p):
    """Bytes written and read at the floor of one operation."""
    if name.endswith("counts"):
        return CUBE * TYPE[p["type"]], SPIKES
    if name.endswith("bin10ms"):
        return BINS * TYPE[p["type"]], SPIKES
    if "psth" in name or "condition" in name:
        return 0, SPIKES
    if "interpolate" in name:
        return DFF_OUT, DFF_IN
    if "CsvScan" in name:
        return 0, 157 * MB
    if "FloorBench.write" in name:
        return int(p["writeBytes"]), 0
    if "FloorBench.read" in name:
        return 0, int(p["readBytes"])
    return 0, 0


def main(path):
    d = json.load(open(path))
    print(d["machine"].strip())
    rows = {}
    for r in d["runs"]:
        p = dict(r.get("params", {}))
        n = int(p.pop("threads", 0)) or r["copies"]
        name = r["benchmark"].replace("org.ragtime.bench.", "")
        if "psth" in name or "condition" in name:
            p.pop("type", None)  # the type parameter does not apply
        key = (name, tuple(sorted(p.items())))
        ms = r["primaryMetric"]["score"]
        # JMH -t N: N copies, each taking ms per operation: N operations per ms
        rows.setdefault(key, {})[n] = ms / (r["copies"] if r["copies"] > 1 else 1)
    bw = {}
    for (name, p), t in rows.items():
        if name.startswith("kernels.FloorBench") and 2 in t:
            w, rd = traffic(name, dict(p))
            k = "write" if w else "read"  # the faster of MemorySegment.fill and the non-temporal fill
            bw[k] = max(bw.get(k, 0), (w or rd) / (t[2] / 1e3))
    print("aggregate two-thread bandwidth: write %.1f GB/s, read %.1f GB/s"
          % (bw.get("write", float("nan")) / 1e9, bw.get("read", float("nan")) / 1e9))
    print()
    print("| kernel | parameters | 1 thread | 2 threads | speed-up | 16 cores: compute term | 16 cores: memory term | 16 cores: expected |")
    print("|---|---|---|---|---|---|---|---|")
    for (name, p), t in sorted(rows.items()):
        if 1 not in t or 2 not in t:
            continue
        t1, t2 = t[1], t[2]
        e = min(1.0, t1 / t2 / 2)
        w, rd = traffic(name, dict(p))
        mem = (w / bw["write"] + rd / bw["read"]) * 1e3 if bw else float("nan")
        comp = t1 / (16 * e)
        params = ", ".join("%s=%s" % kv for kv in p if kv[0] not in ("dir", "readBytes"))
        print("| %s | %s | %.1f ms | %.1f ms | %.2fx | %.1f ms | %.1f ms | %.1f ms |"
              % (name, params, t1, t2, t1 / t2, comp, mem, max(comp, mem)))


if __name__ == "__main__":
    main(sys.argv[1])
