#!/usr/bin/env python3
"""Brute-force reference for spike analyses aligned to any intervals table (the contract's "Aligning to any
events"), written from the rules, not from Ragtime's code. Reads the NWB file with h5py only.

usage: aligned_reference.py FILE TABLE COLUMN EDGES(comma-separated) OUTDIR

Writes OUTDIR/counts.npy (rows, bins, units) uint64, OUTDIR/psth.npy (units, bins) float64,
OUTDIR/ids.npy (the kept rows' ids), OUTDIR/spike_times.csv:
- rows of /intervals/TABLE whose COLUMN is NaN are left out; the onset of a row is its COLUMN value;
- counts: AllenSDK's closed bins, a spike t counts in bin k when onset+e_k <= t <= onset+e_{k+1};
- psth: the mean of those counts over the kept rows;
- spike times: every spike with start_time < t <= stop_time of a kept row, time since the onset, sorted by
  spike time then unit id (AllenSDK's presentationwise_spike_times with the row's own start and stop).
"""
import sys, os
import h5py, numpy as np, pandas as pd

path, table, column, edges_s, out = sys.argv[1:6]
edges = np.array([float(x) for x in edges_s.split(',')])
with h5py.File(path, 'r') as f:
    t = f['intervals'][table]
    onset = t[column][()].astype(float)
    start = t['start_time'][()].astype(float)
    stop = t['stop_time'][()].astype(float)
    ids = t['id'][()]
    units = f['units']
    unit_ids = units['id'][()]
    st = units['spike_times'][()]
    idx = units['spike_times_index'][()]
keep = ~np.isnan(onset)
onset, start, stop, ids = onset[keep], start[keep], stop[keep], ids[keep]
trains = np.split(st, idx[:-1].astype(np.int64))
counts = np.zeros((len(onset), len(edges) - 1, len(trains)), dtype=np.uint64)
for p, o in enumerate(onset):
    for u, tr in enumerate(trains):
        for k in range(len(edges) - 1):
            a, b = o + edges[k], o + edges[k + 1]
            counts[p, k, u] = np.count_nonzero((tr >= a) & (tr <= b))
np.save(os.path.join(out, 'counts.npy'), counts)
np.save(os.path.join(out, 'psth.npy'), counts.astype(float).mean(axis=0).T if len(onset) else np.full((len(trains), len(edges) - 1), np.nan))
np.save(os.path.join(out, 'ids.npy'), ids)
rows = []
for p in range(len(onset)):
    for u, tr in enumerate(trains):
        sel = tr[(tr > start[p]) & (tr <= stop[p])]
        for s in sel:
            rows.append((s, ids[p], unit_ids[u], s - onset[p]))
df = pd.DataFrame(rows, columns=['spike_time', table + '_id', 'unit_id', 'time_since_stimulus_presentation_onset'])
df = df.sort_values(['spike_time', 'unit_id'], kind='stable')
df.to_csv(os.path.join(out, 'spike_times.csv'), index=False)
