#!/usr/bin/python3
"""Checks tools/table_reference.py against hdmf itself. hdmf 3.5 (Debian) cannot read NWB files without pynwb, but it
writes and reads its own hdmf-common tables, so this writes DynamicTables with hdmf (ragged, doubly ragged, regions
scalar and ragged into a table whose ids are not positions, an EnumData, text, float32, booleans, a 2-D column), adds
the root `nwb_version` attribute an NWB reader needs (with h5py, after hdmf closed the file), reads them back with
hdmf's HDF5IO and compares every cell of `to_dataframe()` with the reference's frame: the same columns in the same
order, the same ids, the same values (list cells parsed back from their Python literals).

Two departures from hdmf's own frame, both the contract's: regions are compared as the referenced rows' ids
(hdmf's `to_dataframe(index=True)` gives row positions; mapped here through hdmf's own `id` of the target), and
EnumData values are looked up here as `elements[codes]` through hdmf's objects, because hdmf 3.5's
`EnumData.get` fails on a file whose codes are not sorted ("Indexing elements must be in increasing order", h5py
fancy indexing).

usage: hdmf_table_check.py OUT.h5     (writes OUT.h5; prints one line per table checked; exit 1 on a difference)
"""
import math
import os
import sys
import warnings

import h5py
import numpy as np

warnings.simplefilter("ignore")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import table_reference  # noqa: E402

from hdmf.backends.hdf5 import HDF5IO  # noqa: E402
from hdmf.common import DynamicTable, DynamicTableRegion, EnumData, SimpleMultiContainer, get_manager  # noqa: E402


def write(path):
    targets = DynamicTable(name="targets", description="region target", id=[10, 20, 30, 40])
    targets.add_column("label", "labels", data=["t10", "t20", "t30", "t40"])
    t = DynamicTable(name="edge", description="every kind", id=[5, 3, 100, -1])
    t.add_column("x", "float64", data=[0.5, np.nan, 1e-5, 1e16])
    t.add_column("f32", "float32", data=np.array([0.1, 1e-4, 123456789.0, -2.5], dtype=np.float32))
    t.add_column("flag", "bool", data=[True, False, True, False])
    t.add_column("r", "ragged", data=[[1.0, 2.0], [], [3.5], [np.nan, 1e22]], index=True)
    t.add_column("rr", "doubly ragged", data=[[[1, 2], [3]], [], [[4]], [[], [5, 6]]], index=2)
    t.add_column("rs", "ragged text", data=[["a", "it's"], ['say "hi"'], [], ["é, ü"]], index=True)
    t.add_column("reg", "region", data=[0, 3, 1, 2], table=targets)
    t.add_column("regr", "ragged region", data=[[3, 2], [], [0], [1, 1]], table=targets, index=True)
    t.add_column("en", "enum", data=[2, 0, 1, 1], enum=["low", "mid, high", "top"])
    t.add_column("s", "text", data=["a,b", 'x"y', "it's", "q\nr"])
    t.add_column("mat", "2-D", data=np.arange(8, dtype=np.int32).reshape(4, 2))
    root = SimpleMultiContainer(name="root", containers=[targets, t])
    with HDF5IO(path, "w", manager=get_manager()) as io:
        io.write(root)
    with h5py.File(path, "a") as f:
        f.attrs["nwb_version"] = "2.6.0"


def canonical(v):
    """A cell as plain Python: lists for arrays, floats and ints, str for text."""
    if isinstance(v, str):
        return v
    if isinstance(v, bytes):
        return v.decode()
    if isinstance(v, (list, tuple, np.ndarray)):
        return [canonical(x) for x in v]
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return float(v)
    raise TypeError("unexpected cell %r" % (v,))


def same(a, b):
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return type(a) == type(b) and a == b


def parse(cell):
    """The reference's cell back to Python (list cells are literals; nan/inf are spelled as Python prints them)."""
    if isinstance(cell, str) and cell.startswith("["):
        return canonical(eval(cell, {"__builtins__": {}}, {"nan": float("nan"), "inf": float("inf")}))
    return canonical(cell)


def main(path):
    write(path)
    bad = 0
    with HDF5IO(path, "r", manager=get_manager()) as io:
        root = io.read()
        with h5py.File(path, "r") as f:
            for name in ("targets", "edge"):
                table = root[name]
                enums = {c.name for c in table.columns if isinstance(c, EnumData)}
                hd = table.to_dataframe(index=True, exclude=enums)
                ref = table_reference.frame(f, "/" + name)
                if list(ref.columns) != list(table.colnames):
                    print("%s: reference columns %s, hdmf colnames %s" % (name, list(ref.columns), list(table.colnames)))
                    bad += 1
                if list(ref.index) != list(hd.index) or ref.index.name != hd.index.name:
                    print("%s: ids %s (%s) vs hdmf %s (%s)" % (name, list(ref.index), ref.index.name, list(hd.index),
                                                               hd.index.name))
                    bad += 1
                for col in table.colnames:
                    c = table[col]
                    if col in enums:
                        want = [canonical(c.elements.data[()][k]) for k in c.data[()]]
                    else:
                        want = [canonical(v) for v in hd[col]]
                        target = c.target if hasattr(c, "target") and isinstance(c.target, DynamicTableRegion) else c
                        if isinstance(target, DynamicTableRegion):
                            ids = [int(i) for i in target.table.id.data[()]]
                            want = [[ids[p] for p in v] if isinstance(v, list) else ids[v] for v in want]
                    got = [parse(v) for v in ref[col]]
                    for row, (w, g) in enumerate(zip(want, got)):
                        if not same(w, g):
                            print("%s.%s row %d: reference %r, hdmf %r" % (name, col, row, g, w))
                            bad += 1
                print("%s: %d columns x %d rows checked against hdmf %s" % (name, len(table.colnames), len(hd),
                                                                           __import__("hdmf").__version__))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main(sys.argv[1])
