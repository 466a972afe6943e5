#!/usr/bin/python3
"""Reference for `ragtime merge-ccf`: AllenSDK's project-cache CCF merge done with pandas.

EcephysProjectCache._get_annotated_channels / _get_annotated_units: channels ⋈ probes
(channels.ecephys_probe_id = probes index, suffixes _channel/_probe), then units ⋈ those
(units.ecephys_channel_id = channels index, suffixes _unit/_channel), inner merges, every column kept.

usage: pandas_merge_ccf.py UNITS.csv CHANNELS.csv [PROBES.csv|-] OUT.csv [round_trip]
With "round_trip", floats are read with float_precision="round_trip" (correctly rounded, as Ragtime
reads them); pandas' default parser is off by one unit in the last place on about 1% of 17-digit
values, so the default run is the one to time and the round_trip run the one to compare with.
Run with Debian's /usr/bin/python3 and python3-pandas (1.5.3, the version AllenSDK pins).
Prints the time of each phase on stderr.
"""
import sys
import time

t0 = time.perf_counter()
import pandas as pd  # noqa: E402

units_path, channels_path, probes_path, out_path = sys.argv[1:5]
opts = {"float_precision": "round_trip"} if sys.argv[5:6] == ["round_trip"] else {}
t1 = time.perf_counter()
units = pd.read_csv(units_path, index_col=0, **opts)
channels = pd.read_csv(channels_path, index_col=0, **opts)
probes = None if probes_path == "-" else pd.read_csv(probes_path, index_col=0, **opts)
t2 = time.perf_counter()
if probes is not None:
    channels = channels.merge(probes, left_on="ecephys_probe_id", right_index=True, suffixes=["_channel", "_probe"])
merged = units.merge(channels, left_on="ecephys_channel_id", right_index=True, suffixes=["_unit", "_channel"])
t3 = time.perf_counter()
merged.to_csv(out_path)
t4 = time.perf_counter()
print(f"pandas {pd.__version__}: import {t1 - t0:.3f}s read {t2 - t1:.3f}s merge {t3 - t2:.3f}s "
      f"to_csv {t4 - t3:.3f}s rows {len(merged)} columns {merged.shape[1] + 1}", file=sys.stderr)
