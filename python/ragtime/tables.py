"""Any hdmf DynamicTable of an NWB file as a pandas DataFrame, read by Ragtime's table reader
(``org.ragtime.io.table.NwbTable``, what ``ragtime table`` writes): only the columns asked for, ragged columns as one
list per row, regions as the referenced rows' ids, enums as their values; the ``id`` column is the index, as in
pynwb's ``to_dataframe()``."""
import numpy as np
import pandas as pd

from . import _jvm
from ._jvm import J, java_errors


def _values(v):
    """One column's flat values as numpy (or a list of tuples for compound values)."""
    kind = str(v.getClass().getSimpleName())
    if kind == "Ints":
        a = np.array(v.values(), dtype=np.int64)
        t = str(v.type().name())
        if t.startswith("UINT") and t != "UINT64":
            return a.astype({"UINT8": np.uint8, "UINT16": np.uint16, "UINT32": np.uint32}[t])
        if t == "UINT64":
            return a.view(np.uint64)
        return a.astype({"INT8": np.int8, "INT16": np.int16, "INT32": np.int32}.get(t, np.int64))
    if kind == "Floats":
        a = np.array(v.values(), dtype=np.float64)
        return a.astype(np.float32) if str(v.type().name()) == "FLOAT32" else a
    if kind == "Bools":
        return np.array([bool(x) for x in v.values()], dtype=bool)
    if kind == "Texts":
        out = np.empty(len(v.values()), dtype=object)
        out[:] = [None if x is None else str(x) for x in v.values()]
        return out
    fields = [_values(f) for f in v.fields()]  # Records: compound elements as tuples
    out = np.empty(len(fields[0]) if fields else 0, dtype=object)
    out[:] = list(zip(*[list(f) for f in fields]))
    return out


def _cells(column, rows):
    """Per row its cell: a scalar, an array (a column with a shape per row) or a list (ragged, any depth)."""
    v = _values(column.values())
    width = int(column.cellWidth())
    shape = tuple(int(d) for d in column.cellShape())
    if width != 1 or shape:
        v = [v[i * width:(i + 1) * width].reshape(shape) for i in range(len(v) // max(width, 1))]
    levels = [np.array(o, dtype=np.int64) for o in column.offsets()]
    for off in reversed(levels):  # innermost index first: each level groups the one below
        items = list(v)
        v = [items[int(off[i]):int(off[i + 1])] for i in range(len(off) - 1)]
    if levels:
        out = np.empty(rows, dtype=object)
        out[:] = v
        return out
    return v if isinstance(v, np.ndarray) else pd.Series(v, dtype=object).to_numpy()


def table(path, table_path, columns=None, rows=None):
    """The DynamicTable at ``table_path`` (e.g. ``"intervals/trials"``, ``"units"``) of the NWB file at ``path`` as a
    DataFrame indexed by ``id``: ``columns`` (names; default all, in the table's order) and ``rows`` (a slice, or
    ``"I:J"``, Python's rules; default all) limit what is read. Bad input raises :class:`RagtimeError` with the
    command line's line (a path that is no table names what it is and lists the file's tables)."""
    _jvm.start_jvm()
    if isinstance(rows, slice):
        if rows.step not in (None, 1):
            raise ValueError("rows: a slice without a step")
        rows = "%s:%s" % ("" if rows.start is None else rows.start, "" if rows.stop is None else rows.stop)
    with java_errors():
        t = J("org.ragtime.io.table.NwbTable").read(J("java.nio.file.Path").of(str(path), []), str(table_path),
                                                    J("java.util.List").of([str(c) for c in (columns or [])]),
                                                    J("org.ragtime.io.table.RowSlice").ALL if rows is None
                                                    else J("org.ragtime.io.table.RowSlice").parse(str(rows)))
        n = int(t.rowCount())
        data = {}
        index = None
        for c in t.columns():
            name = str(c.name())
            cells = _cells(c, n)
            if str(c.role().name()) == "ID":
                index = pd.Index(cells, name=name)
            else:
                data[name] = cells
    return pd.DataFrame(data, index=index)


def tables(path):
    """The paths of every DynamicTable in the NWB file at ``path``, as ``ragtime table`` lists them."""
    _jvm.start_jvm()
    with java_errors():
        s = J("org.ragtime.io.Session").open(J("java.nio.file.Path").of(str(path), []))
        try:
            return [str(t) for t in s.tables()]
        finally:
            s.close()
