#!/usr/bin/env python3
"""Writes NWB-like units files with h5py (500 units x 50,000 spikes, 200 MB float64; contiguous, gzip 4,
shuffle + gzip 4, chunks of 262,144) into DIR and times h5py's d[:] on each (best of 5, one thread).
Usage: /usr/bin/python3 tools/h5bench.py DIR"""
import sys
import time
import h5py
import numpy as np

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/h5b"
rng = np.random.default_rng(42)
units, per = 500, 50_000
times = (np.cumsum(rng.integers(1, 4001, size=(units, per)), axis=1) / 30000.0).ravel()
for name, kw in [("contig.nwb", {}),
                 ("gzip.nwb", dict(chunks=(262144,), compression="gzip", compression_opts=4)),
                 ("shuffle.nwb", dict(chunks=(262144,), compression="gzip", compression_opts=4, shuffle=True))]:
    path = out + "/" + name
    with h5py.File(path, "w") as f:
        f.attrs["nwb_version"] = "2.6.0"
        g = f.create_group("units")
        g.attrs["colnames"] = np.array(["spike_times"], dtype=object)
        g["id"] = np.arange(units)
        g.create_dataset("spike_times", data=times, **kw)
        g["spike_times_index"] = (np.arange(units) + 1) * per
    with h5py.File(path, "r") as f:
        d = f["units/spike_times"]
        d[:]
        best = float("inf")
        for _ in range(5):
            t0 = time.perf_counter()
            d[:]
            best = min(best, time.perf_counter() - t0)
    print(f"{name}: h5py d[:] best of 5 {best * 1e3:.1f} ms = {times.nbytes / best / 1e9:.2f} GB/s")
