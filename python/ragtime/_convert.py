"""Java results to numpy, xarray and pandas.

Arrays are not copied: a result's off-heap memory (a ``MemorySegment`` the result owns) becomes the
numpy array's buffer through ``__array_interface__``, and the numpy array keeps the Java result alive
through its ``base``. When the last numpy view of it is gone, the result is closed, which frees the memory
at once (a ``weakref.finalize``), rather than whenever the Java garbage collector would run. Tables are
copied once, column by column, in bulk (``LongColumn.toArray`` and friends).
"""
import warnings
import weakref

import jpype
import numpy as np
import pandas as pd
import xarray as xr

from ._jvm import J, RagtimeWarning


class _Buffer:
    """Owner of one Java result's array: numpy reads the memory in place and keeps this object as its base."""

    def __init__(self, result, shape, dtype):
        self._result = result
        self.__array_interface__ = {
            "data": (int(result.data().address()), False),
            "shape": tuple(shape),
            "typestr": dtype.str,
            "version": 3,
        }
        fin = weakref.finalize(self, result.close)
        fin.atexit = False  # at exit the process's memory goes anyway, and the JVM may be gone


def to_numpy(result, copy=False):
    """The array of a LabelledArray as numpy (C order, its own dtype), without a copy unless asked."""
    shape = tuple(int(s) for s in result.shape())
    dtype = np.dtype(str(result.dtype().numpyName()))
    if int(result.size()) == 0:
        result.close()
        return np.empty(shape, dtype)
    a = np.asarray(_Buffer(result, shape, dtype))
    if copy:
        c = a.copy()
        del a  # the last view of the Java memory: the result is closed here, its memory freed
        return c
    return a


def java_value(v):
    """A Java coordinate or attribute value as Python: arrays as numpy, lists as lists, boxed numbers as numbers."""
    if v is None:
        return None
    if isinstance(v, jpype.JArray):
        return np.array(v)
    if isinstance(v, jpype.JString):
        return str(v)
    if isinstance(v, J("java.lang.Boolean")):
        return bool(v.booleanValue())
    if isinstance(v, (J("java.lang.Long"), J("java.lang.Integer"), J("java.lang.Short"), J("java.lang.Byte"))):
        return int(v.longValue())
    if isinstance(v, J("java.lang.Number")):
        return float(v.doubleValue())
    if isinstance(v, J("java.util.List")):
        return [java_value(x) for x in v]
    if isinstance(v, J("java.util.Map")):
        return {str(k): java_value(v.get(k)) for k in v.keySet()}
    if isinstance(v, (bool, int, float, str)):
        return v
    return str(v)


def coordinate(v):
    """A coordinate as numpy: Java arrays as they are; a list of integers with nulls (cells without a
    specimen id) as an object array holding None, as AllenSDK's cell_specimen_id index does."""
    v = java_value(v)
    if isinstance(v, list):
        if all(isinstance(x, int) for x in v):
            return np.array(v, dtype=np.int64)
        a = np.empty(len(v), dtype=object)
        a[:] = v
        return a
    return v


def notes(java_notes, stacklevel=3):
    """The notes as the command line's lines; warnings and notes are also raised as RagtimeWarning."""
    lines = []
    for n in java_notes:
        level = str(n.level().name())
        if level in ("WARNING", "NOTE"):
            warnings.warn(str(n.text()), RagtimeWarning, stacklevel=stacklevel)
        lines.append(str(n.line()))
    return lines


def data_array(result, name, copy=False):
    """A LabelledArray as an xarray DataArray: dims, dimension and extra coordinates, attributes, notes."""
    try:
        dims = [str(d) for d in result.dims()]
        coords = {}
        for k in result.coords().keySet():
            key = str(k)
            along = str(result.dimOf(k)) if hasattr(result, "dimOf") else key
            coords[key] = (along, coordinate(result.coords().get(k)))
        if hasattr(result, "extraCoords"):  # coordinates along a dimension (cell_roi_id, structure_acronym, ...)
            for k in result.extraCoords().keySet():
                c = result.extraCoords().get(k)
                v = c.values()
                if isinstance(v, (jpype.JArray(jpype.JLong), jpype.JArray(jpype.JDouble))):
                    coords[str(k)] = (str(c.dim()), coordinate(v))
                else:  # text as numpy strings (as the Zarr store reads back); an object array when some are unknown
                    values = [None if x is None else str(x) for x in v]
                    if any(x is None for x in values):
                        a = np.empty(len(values), dtype=object)
                        a[:] = values
                    else:
                        a = np.array(values, dtype=str)
                    coords[str(k)] = (str(c.dim()), a)
        attrs = {}
        for k in result.attrs().keySet():
            attrs[str(k)] = java_value(result.attrs().get(k))
        lines = notes(result.notes(), stacklevel=4)
        if lines:
            attrs["notes"] = lines
    except BaseException:
        result.close()
        raise
    data = to_numpy(result, copy=copy)
    return xr.DataArray(data, dims=dims, coords=coords, attrs=attrs, name=name)


def data_frame(table, index=None):
    """A LabelledTable as a pandas DataFrame: integer columns int64 (float64 with NaN when some are missing,
    as pandas reads a CSV), float columns float64, text columns object (NaN when missing)."""
    t = table.table()
    cols = {}
    for c in t.columns():
        name = str(c.name())
        kind = str(c.type().name())
        if kind == "LONG":
            v = np.array(c.toArray(), dtype=np.int64)
            nulls = np.array(c.nullRows(), dtype=np.int64)
            if nulls.size:
                v = v.astype(np.float64)
                v[nulls] = np.nan
        elif kind == "DOUBLE":
            v = np.array(c.toArray(), dtype=np.float64)
        else:
            codes = np.array(c.codes(), dtype=np.int64)
            dictionary = np.empty(len(c.dictionary()) + 1, dtype=object)
            dictionary[:-1] = [str(s) for s in c.dictionary()]
            dictionary[-1] = np.nan
            v = dictionary[codes]  # code -1 (missing) picks the NaN at the end
        cols[name] = v
    df = pd.DataFrame(cols, columns=[str(c.name()) for c in t.columns()])
    lines = notes(table.notes(), stacklevel=4)
    df.attrs = {str(k): java_value(table.attrs().get(k)) for k in table.attrs().keySet()}
    if lines:
        df.attrs["notes"] = lines
    if index is not None:
        df = df.set_index(index)
    return df
