#!/usr/bin/env python3
"""Compares two tidy tables (Ragtime's and tools/tidy_reference.py's) row for row, as pandas reads them: same
columns in the same order, same number of rows, every value equal (NaN equal to NaN), filtered_events to a relative
1e-12 (np.convolve and a direct sum may round the last bit differently). Prints "ok ROWS" or the first difference
and exits 1.

Usage: compare_tidy.py RAGTIME.csv REFERENCE.csv
"""
import sys

import numpy as np
import pandas as pd

a, b = pd.read_csv(sys.argv[1]), pd.read_csv(sys.argv[2])
if list(a.columns) != list(b.columns):
    sys.exit("columns differ: %s vs %s" % (list(a.columns), list(b.columns)))
if len(a) != len(b):
    sys.exit("rows differ: %d vs %d" % (len(a), len(b)))
for c in a.columns:
    x, y = a[c].values, b[c].values
    if x.dtype.kind == "f" or y.dtype.kind == "f":
        x, y = x.astype(float), y.astype(float)
        same = (np.isnan(x) & np.isnan(y)) | (np.isclose(x, y, rtol=1e-12, atol=0) if c == "filtered_events" else x == y)
    else:
        same = (pd.isna(a[c]) & pd.isna(b[c])).values | (x == y)
    if not same.all():
        i = int(np.argmin(same))
        sys.exit("column %s row %d: %r vs %r" % (c, i, x[i], y[i]))
print("ok %d" % len(a))
