#!/usr/bin/env python3
"""Writes data/nwb/handmade/presentations_edge_cases.nwb: two presentations tables and invalid times
built to exercise AllenSDK's presentation rules (id by start-time rank with a tie across tables,
condition tuples over the union of columns, "N/A" and NaN as "null", "0.04" != 0.04, numeric color
strings, masking by an invalid interval tagged "stimulus"). Run: /usr/bin/python3 tools/make_presentations_fixture.py"""
import sys
import h5py
import numpy as np

out = sys.argv[1] if len(sys.argv) > 1 else "data/nwb/handmade/presentations_edge_cases.nwb"
s = h5py.string_dtype("utf-8")
with h5py.File(out, "w") as f:
    f.attrs["nwb_version"] = "2.6.0"
    f.attrs["neurodata_type"] = "NWBFile"
    f.attrs["namespace"] = "core"
    f.create_dataset("identifier", data="presentations_edge_cases", dtype=s)
    iv = f.create_group("intervals")

    def table(name, cols):
        g = iv.create_group(name)
        g.attrs["neurodata_type"] = "TimeIntervals"
        g.attrs["namespace"] = "core"
        g.attrs["colnames"] = np.array([c for c in cols if not c.endswith("_index")], dtype=object)
        n = len(cols["start_time"])
        g.create_dataset("id", data=np.arange(n, dtype=np.int64))
        for c, v in cols.items():
            if isinstance(v[0], str) or (isinstance(v, list) and any(isinstance(x, str) for x in v)):
                g.create_dataset(c, data=np.array(v, dtype=object), dtype=s)
            else:
                g.create_dataset(c, data=np.array(v))
        return g

    table("flashes_presentations", {
        "start_time": [1.0, 3.0, 5.0], "stop_time": [1.25, 3.25, 5.25],
        "stimulus_name": ["flashes", "flashes", "flashes"],
        "color": ["1.0", "-1.0", "1"], "contrast": [0.8, 0.8, np.nan]})
    table("gratings_presentations", {
        "start_time": [0.5, 3.0, 4.0], "stop_time": [0.75, 3.25, 4.25],
        "stimulus_name": ["gratings", "gratings", "gratings"],
        "orientation": [0.0, 90.0, 0.0], "spatial_frequency": ["0.04", "0.04", "N/A"],
        "contrast": [0.8, 0.8, 0.8], "stimulus_block": [2.0, 2.0, 5.0]})
    inv = table("invalid_times", {"start_time": [3.9, 10.0], "stop_time": [4.1, 11.0],
                                  "tags": ["EcephysSession", "1", "stimulus", "EcephysProbe", "2", "probeA"],
                                  "tags_index": np.array([3, 6], dtype=np.uint8)})
