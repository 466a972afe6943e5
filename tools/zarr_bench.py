#!/usr/bin/env python3
"""Times reading a spike-times table into pandas: from Ragtime's CSV (pandas.read_csv) and from its Zarr store
(xarray.open_zarr(...).to_dataframe(), no arguments), best of N each, alternating, after checking that both
give the same table. Usage: zarr_bench.py OUT.csv OUT.zarr [N]"""
import sys
import time

import pandas as pd
import xarray as xr

csv, store = sys.argv[1:3]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 3
a = pd.read_csv(csv, float_precision="round_trip")
b = xr.open_zarr(store).to_dataframe()
b = b[list(a.columns)].reset_index(drop=True)
assert a.equals(b), "the store's table differs from the CSV"
tc, tz = [], []
for _ in range(n):
    t = time.perf_counter()
    pd.read_csv(csv)
    tc.append(time.perf_counter() - t)
    t = time.perf_counter()
    xr.open_zarr(store).to_dataframe()
    tz.append(time.perf_counter() - t)
print(f"rows {len(a)}: read_csv best {min(tc):.2f} s (all {', '.join(f'{x:.2f}' for x in tc)}); "
      f"open_zarr().to_dataframe() best {min(tz):.2f} s (all {', '.join(f'{x:.2f}' for x in tz)}); ratio {min(tc) / min(tz):.1f}x")
