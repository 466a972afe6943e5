#!/usr/bin/env python3
"""Independent reference for Ragtime's spike analyses, written from AllenSDK's algorithms
(allensdk/brain_observatory/ecephys/ecephys_session.py) with h5py + numpy only.

Reads an NWB file directly (no Ragtime code), builds the stimulus presentation table as AllenSDK does
(all /intervals/*_presentations tables, stable sort by start_time, ids 0..N-1), and computes:
  counts      presentationwise_spike_counts (build_spike_histogram: two searchsorted, closed bins)
  spike-times presentationwise_spike_times (interleaved boundaries, searchsorted - 1, even k kept)
  bin         whole-session binning [start + k*w, start + (k+1)*w)
Usage: allensdk_reference.py counts FILE STIMULUS START:STOP:STEP OUT.npy [--half-open] [--uint16]
       allensdk_reference.py spike-times FILE STIMULUS OUT.csv
       allensdk_reference.py bin FILE WIDTH OUT.npy
"""
import sys
import h5py
import numpy as np


def units(f):
    t = f["units/spike_times"][()]
    idx = f["units/spike_times_index"][()].astype(np.int64)
    ids = f["units/id"][()].astype(np.int64)
    starts = np.concatenate([[0], idx[:-1]])
    return ids, [t[a:b] for a, b in zip(starts, idx)]


def presentations(f):
    rows = []
    for name in sorted(f["intervals"].keys()):
        if not name.endswith("_presentations"):
            continue
        g = f["intervals"][name]
        start = g["start_time"][()]
        stop = g["stop_time"][()] if "stop_time" in g else g["end_time"][()]
        for r in range(len(start)):
            rows.append((start[r], name, r, stop[r]))
    rows.sort(key=lambda x: (x[0], x[1], x[2]))  # start_time, then table name, then row
    return rows


def counts(path, stimulus, bins, out, half_open, dtype=np.int64):
    a, b, s = (float(x) for x in bins.split(":"))
    edges = a + np.arange(int(round((b - a) / s)) + 1) * s
    with h5py.File(path, "r") as f:
        ids, trains = units(f)
        pres = presentations(f)
    sel = [i for i, p in enumerate(pres) if p[1] == stimulus + "_presentations"]
    starts = np.array([pres[i][0] for i in sel])
    domain = starts[:, None] + edges[None, :]  # build_time_window_domain: one addition per edge
    out_arr = np.zeros((len(sel), len(edges) - 1, len(trains)), dtype=dtype)
    for u, t in enumerate(trains):
        left = np.searchsorted(t, domain[:, :-1], side="left")
        right = np.searchsorted(t, domain[:, 1:], side="left" if half_open else "right")
        out_arr[:, :, u] = right - left
    np.save(out, out_arr)


def spike_times(path, stimulus, out):
    with h5py.File(path, "r") as f:
        ids, trains = units(f)
        pres = presentations(f)
    sel = [i for i, p in enumerate(pres) if p[1] == stimulus + "_presentations"]
    bounds = np.ravel([[pres[i][0], pres[i][3]] for i in sel])
    rows = []
    for u, t in enumerate(trains):
        k = np.searchsorted(bounds, t, side="left") - 1
        keep = (k % 2) == 0
        for spike, kk in zip(t[keep], k[keep]):
            p = sel[kk // 2]
            rows.append((spike, p, ids[u], spike - pres[p][0]))
    rows.sort(key=lambda r: (r[0], r[2]))
    with open(out, "w") as fh:
        fh.write("spike_time,stimulus_presentation_id,unit_id,time_since_stimulus_presentation_onset\n")
        for r in rows:
            fh.write("%r,%d,%d,%r\n" % (float(r[0]), r[1], r[2], float(r[3])))


def binning(path, width, out):
    w = float(width)
    with h5py.File(path, "r") as f:
        ids, trains = units(f)
    stop = max(t[-1] for t in trains if len(t))
    n = int(np.floor((stop - 0.0) / w)) + 1
    edges = 0.0 + np.arange(n + 1) * w
    arr = np.zeros((len(trains), n), dtype=np.int64)
    for u, t in enumerate(trains):
        pos = np.searchsorted(t, edges, side="left")  # [e_k, e_k+1)
        arr[u] = np.diff(pos)
    np.save(out, arr)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "counts":
        # --uint16: AllenSDK's default dtype (build_spike_histogram), for speed comparisons; int64 never wraps
        counts(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], "--half-open" in sys.argv,
               np.uint16 if "--uint16" in sys.argv else np.int64)
    elif cmd == "spike-times":
        spike_times(sys.argv[2], sys.argv[3], sys.argv[4])
    elif cmd == "bin":
        binning(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit("unknown command " + cmd)
