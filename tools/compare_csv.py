#!/usr/bin/python3
"""Checks that two CSV files hold the same table as pandas reads them: same columns in the same
order, same index, same rows in the same order, values exactly equal (NaN equal to NaN; an
integer column and a float column of equal values are equal).

usage: compare_csv.py EXPECTED.csv ACTUAL.csv      exit 0 when equal, 1 with a description otherwise
"""
import sys

import pandas as pd

# round_trip: read floats correctly rounded, so that equal text gives equal values
expected = pd.read_csv(sys.argv[1], index_col=0, float_precision="round_trip")
actual = pd.read_csv(sys.argv[2], index_col=0, float_precision="round_trip")
try:
    pd.testing.assert_frame_equal(actual, expected, check_dtype=False, check_exact=True,
                                  check_index_type=False, check_column_type=False)
except AssertionError as e:
    print(f"{sys.argv[2]} differs from {sys.argv[1]}: {e}".replace("\n", " | "), file=sys.stderr)
    sys.exit(1)
print(f"equal: {expected.shape[0]} rows x {expected.shape[1] + 1} columns", file=sys.stderr)
