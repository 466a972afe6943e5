#!/usr/bin/python3
"""Reading a spike-times table into pandas: the CSV (pandas.read_csv) against the Zarr store, read through xarray
(xr.open_zarr(store).to_dataframe(), as README shows) and straight through zarr (one numpy array per column into a
DataFrame). Warm: each reader runs RUNS times (default 7, interleaved) and the sorted times are printed.

usage: zarr_read_bench.py ST.csv ST.zarr [RUNS]
"""
import sys
import time

import pandas as pd
import xarray as xr
import zarr

csv, store = sys.argv[1:3]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 7
def columns(g):
    """The table in the CSV's column order (the store's "columns" attribute), one numpy array per column."""
    return pd.DataFrame({c: g[c][:] for c in g.attrs["columns"]})


readers = {
    "pandas.read_csv(csv)": lambda: pd.read_csv(csv),
    "xr.open_zarr(store).to_dataframe()": lambda: xr.open_zarr(store).to_dataframe(),
    "zarr arrays -> pd.DataFrame": lambda: columns(zarr.open_consolidated(store, mode="r")),
}
first = {name: f() for name, f in readers.items()}  # warm the page cache and the imports; check the sizes agree
assert len({len(df) for df in first.values()}) == 1, {k: len(v) for k, v in first.items()}
times = {name: [] for name in readers}
for _ in range(runs):
    for name, f in readers.items():
        t = time.perf_counter()
        f()
        times[name].append(time.perf_counter() - t)
med = {name: sorted(t)[len(t) // 2] for name, t in times.items()}
for name, t in times.items():
    print("%-38s median %.3f s, sorted %s" % (name, med[name], " ".join("%.3f" % x for x in sorted(t))))
base = med["pandas.read_csv(csv)"]
for name in list(readers)[1:]:
    print("%-38s %.1fx faster than the CSV (median against median)" % (name, base / med[name]))
