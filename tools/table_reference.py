#!/usr/bin/python3
"""Independent reference for `ragtime table` (io.table.NwbTable + io.csv.TableCsv), written with h5py and pandas
from hdmf's DynamicTable rules, not from the Java code. hdmf 3.5 (Debian) cannot open NWB files without pynwb's
spec classes (HDF5IO.load_namespaces + read fails with "No data type def key found in spec nwb.base"), and pynwb
is not packaged in Debian bookworm, so hdmf's to_dataframe() is followed by hand:

  - a table is a group with a `colnames` attribute and an `id` dataset; the frame's index is `id` (written
    first by to_csv), its columns are `colnames` in order;
  - a column X with X_index is ragged: row r of the index owns X[index[r-1]:index[r]] (index[-1] read as 0);
    X_index_index indexes X_index the same way (a list of lists per row);
  - a DynamicTableRegion (a `table` object-reference attribute) holds row positions of that table; shown as the
    ids of those rows (the contract's "regions as the referenced row ids");
  - an hdmf EnumData (an `elements` object-reference attribute) shows elements[code];
  - text is decoded from UTF-8 (h5py 3 gives bytes), object references as the referenced object's path;
  - a cell that is not a scalar (ragged, a row of a multi-dimensional dataset, a compound element) is written as
    its Python literal: a list of elements, a tuple for a compound element; float64 elements as repr(float),
    float32 elements as numpy prints a float32, text as repr(str); pandas' to_csv writes every other cell.

usage:
  table_reference.py FILE PATH OUT.csv [--columns A,B] [--rows I:J]
  table_reference.py --jobs JOBS.txt         (one such command per line, its arguments separated by tabs)
  table_reference.py --all OUTDIR FILE...    (OUTDIR/<k>/tables.txt lists file k's tables, sorted; each table as
                                              OUTDIR/<k>/<path with / as __>.csv)
"""
import os
import sys

import h5py
import numpy as np
import pandas as pd


def text(v):
    return v.decode("utf-8") if isinstance(v, bytes) else str(v)


def tables(f):
    found = []

    def visit(name, obj):
        if isinstance(obj, h5py.Group) and "colnames" in obj.attrs and isinstance(obj.get("id"), h5py.Dataset):
            found.append("/" + name)

    f.visititems(visit)
    return sorted(found)


def literal(f, x):
    """Python literal of one element, as repr shows it inside a list."""
    if isinstance(x, np.void) and x.dtype.names:
        parts = [literal(f, x[n]) for n in x.dtype.names]
        return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"
    if isinstance(x, h5py.Reference):
        return repr(f[x].name)
    if isinstance(x, (bytes, str)):
        return repr(text(x))
    if isinstance(x, (bool, np.bool_)):
        return "True" if x else "False"
    if isinstance(x, np.float32):
        return str(x)  # numpy's shortest float32 digits
    if isinstance(x, (float, np.floating)):
        return repr(float(x))
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    raise TypeError("unexpected element %r" % (x,))


def nested(f, a):
    if isinstance(a, np.ndarray) and a.ndim > 0 and not (a.dtype.names and a.ndim == 0):
        return "[" + ", ".join(nested(f, e) for e in a) + "]"
    return literal(f, a)


def column(f, g, name, lo, hi):
    """Values of rows [lo, hi): a numpy array for a scalar column, else a list of literal strings."""
    ds = g[name]
    data = ds[()]
    if "table" in ds.attrs:  # DynamicTableRegion: positions -> the target's ids
        target = f[ds.attrs["table"]]
        data = target["id"][()][data]
    elif "elements" in ds.attrs:  # hdmf EnumData
        data = f[ds.attrs["elements"]][()][data]
    if data.dtype.kind == "O" and len(data) and isinstance(data.flat[0], h5py.Reference):
        data = np.array([f[r].name for r in data.flat], dtype=object).reshape(data.shape)
    elif data.dtype.kind in "OS":
        data = np.array([text(v) for v in data.flat], dtype=object).reshape(data.shape)
    chain = []
    idx = name + "_index"
    while idx in g:
        chain.append(g[idx][()])
        idx += "_index"
    if not chain and data.ndim == 1 and not data.dtype.names:
        return data[lo:hi]

    def cells(level, entries):
        # level counts down: the last element of chain indexes the table rows
        out = []
        if level < 0:
            return [nested(f, data[k]) for k in entries]
        ix = chain[level]
        for k in entries:
            start = int(ix[k - 1]) if k > 0 else 0
            out.append("[" + ", ".join(cells(level - 1, range(start, int(ix[k])))) + "]")
        return out

    return cells(len(chain) - 1, range(lo, hi))


def frame(f, path, columns=None, rows=slice(None)):
    g = f[path]
    if "colnames" in g.attrs:
        names = [text(c) for c in np.atleast_1d(g.attrs["colnames"])]
    else:
        names = [k for k in g if k != "id" and not k.endswith("_index") and isinstance(g[k], h5py.Dataset)]
    ids = g["id"][()]
    lo, hi, _ = rows.indices(len(ids))
    hi = max(lo, hi)
    cols = {}
    for name in names:
        if columns and name not in columns:
            continue
        cols[name] = column(f, g, name, lo, hi)
    df = pd.DataFrame(cols, index=pd.Index(ids[lo:hi], name="id"))
    if not cols:
        df = pd.DataFrame(index=pd.Index(ids[lo:hi], name="id"))
    return df


def parse_rows(s):
    a, b = s.split(":")
    return slice(int(a) if a.strip() else None, int(b) if b.strip() else None)


def main(argv):
    if argv[0] == "--all":
        out = argv[1]
        for k, fn in enumerate(argv[2:]):
            d = os.path.join(out, str(k))
            os.makedirs(d, exist_ok=True)
            with h5py.File(fn, "r") as f:
                ts = tables(f)
                with open(os.path.join(d, "tables.txt"), "w") as t:
                    t.write("".join(p + "\n" for p in ts))
                for p in ts:
                    frame(f, p).to_csv(os.path.join(d, p.strip("/").replace("/", "__") + ".csv"))
        return
    if argv[0] == "--jobs":
        with open(argv[1]) as jobs:
            for line in jobs:
                if line.strip():
                    one(line.rstrip("\n").split("\t"))
        return
    one(argv)


def one(argv):
    fn, path, out = argv[0], argv[1], argv[2]
    columns, rows = None, slice(None)
    rest = argv[3:]
    while rest:
        if rest[0] == "--columns":
            columns = rest[1].split(",")
        elif rest[0] == "--rows":
            rows = parse_rows(rest[1])
        else:
            raise SystemExit("unknown argument " + rest[0])
        rest = rest[2:]
    with h5py.File(fn, "r") as f:
        frame(f, path, columns, rows).to_csv(out)


if __name__ == "__main__":
    main(sys.argv[1:])
