#!/usr/bin/python3
"""Writes an NWB-layout file whose DynamicTables hold every column kind `ragtime table` handles, the way hdmf
stores them, with values chosen to trip a CSV writer: float64 and float32 extremes and NaN, int8 and uint64 limits,
booleans, text with commas, quotes, line breaks and non-ASCII, ragged columns of floats, float32s, text and booleans
with an empty row, a doubly ragged column (X, X_index, X_index_index), DynamicTableRegions (scalar and ragged) into a
table whose ids are not row positions, an hdmf EnumData (codes + `elements` reference), a 2-D column, a compound
column with an object reference, and a column present as a dataset but missing from colnames (pandas does not show
it). The test runs this at test time (no binary fixture in git).

usage: make_table_fixture.py OUT.nwb
"""
import sys

import h5py
import numpy as np

out = sys.argv[1]
s = h5py.string_dtype("utf-8")
ref = h5py.ref_dtype


def vector(g, name, data, dtype=None, ntype="VectorData"):
    d = g.create_dataset(name, data=data, dtype=dtype)
    d.attrs["neurodata_type"] = ntype
    d.attrs["namespace"] = "hdmf-common"
    d.attrs["description"] = name
    return d


def index(g, name, ends, target):
    d = vector(g, name, np.array(ends, dtype=np.uint8), ntype="VectorIndex")
    d.attrs["target"] = target.ref
    return d


def table(parent, name, colnames, ids, ntype="DynamicTable"):
    g = parent.create_group(name)
    g.attrs["neurodata_type"] = ntype
    g.attrs["namespace"] = "hdmf-common" if ntype == "DynamicTable" else "core"
    g.attrs["colnames"] = np.array(colnames, dtype=object)
    g.attrs["description"] = name
    vector(g, "id", np.array(ids, dtype=np.int64), ntype="ElementIdentifiers")
    return g


with h5py.File(out, "w") as f:
    f.attrs["nwb_version"] = "2.6.0"
    f.attrs["neurodata_type"] = "NWBFile"
    f.attrs["namespace"] = "core"
    f.create_dataset("identifier", data="table_edge_cases", dtype=s)
    acq = f.create_group("acquisition")
    ts = acq.create_group("series")
    ts.attrs["neurodata_type"] = "TimeSeries"
    ts.create_dataset("data", data=np.arange(5.0))
    gen = f.create_group("general")

    targets = table(gen, "targets", ["label"], [10, 20, 30, 40])
    vector(targets, "label", np.array(["t10", "t20", "t30", "t40"], dtype=object), dtype=s)

    iv = f.create_group("intervals")
    cols = ["f64", "f32", "i8", "u64", "flag", "text", "ragged_f", "ragged_f32", "ragged_s", "ragged_b", "dbl",
            "region", "region_r", "enum", "mat", "comp"]
    g = table(iv, "edge", cols, [5, 3, 100, -1, 7, 0], ntype="TimeIntervals")
    vector(g, "f64", np.array([0.1, np.nan, np.inf, -np.inf, 1e-5, 1e16]))
    vector(g, "f32", np.array([0.1, 123456789.0, 1e-45, np.nan, 3.4028235e38, -2.5], dtype=np.float32))
    vector(g, "i8", np.array([-128, 127, 0, -1, 5, 6], dtype=np.int8))
    vector(g, "u64", np.array([2**64 - 1, 0, 1, 2**63, 42, 7], dtype=np.uint64))
    vector(g, "flag", np.array([True, False, True, True, False, False]))
    vector(g, "text", np.array(["a,b", 'x"y', "it's", "q\nr", "é", ""], dtype=object), dtype=s)
    d = vector(g, "ragged_f", np.array([0.5, 1.25, np.nan, 1e-7, 2.0, 3.0, 1e22]))
    index(g, "ragged_f_index", [2, 2, 3, 5, 6, 7], d)
    d = vector(g, "ragged_f32", np.array([0.1, 0.2, 0.3, 1e10, 5e-6, 7.0], dtype=np.float32))
    index(g, "ragged_f32_index", [1, 2, 3, 4, 5, 6], d)
    d = vector(g, "ragged_s", np.array(["a", "it's", 'say "hi"', "both ' and \"", "tab\there", "back\\slash",
                                        "é ü", "\x01ctl", "zw\u200bsp", "nl\nx"], dtype=object), dtype=s)
    index(g, "ragged_s_index", [2, 4, 6, 8, 10, 10], d)
    d = vector(g, "ragged_b", np.array([True, False, True]))
    index(g, "ragged_b_index", [1, 1, 3, 3, 3, 3], d)
    d = vector(g, "dbl", np.array([1, 2, 3, 4, 5, 6, 7], dtype=np.int32))
    inner = index(g, "dbl_index", [2, 3, 3, 5, 7], d)
    index(g, "dbl_index_index", [2, 3, 3, 4, 5, 5], inner)
    d = vector(g, "region", np.array([0, 3, 1, 2, 2, 0], dtype=np.int64), ntype="DynamicTableRegion")
    d.attrs["table"] = targets.ref
    d = vector(g, "region_r", np.array([3, 2, 1, 0, 0], dtype=np.int64), ntype="DynamicTableRegion")
    d.attrs["table"] = targets.ref
    index(g, "region_r_index", [1, 3, 3, 4, 5, 5], d)
    el = vector(g, "enum_elements", np.array(["low", "mid, high", "top"], dtype=object), dtype=s)
    d = vector(g, "enum", np.array([2, 0, 1, 1, 0, 2], dtype=np.uint8), ntype="EnumData")
    d.attrs["elements"] = el.ref
    vector(g, "mat", np.arange(12, dtype=np.int16).reshape(6, 2) - 3)
    comp_t = np.dtype([("idx_start", "<i4"), ("count", "<i4"), ("timeseries", ref)])
    comp = np.array([(i, 2 * i, ts.ref) for i in range(6)], dtype=comp_t)
    vector(g, "comp", comp)
    vector(g, "hidden", np.arange(6.0))  # not in colnames: pandas does not show it
