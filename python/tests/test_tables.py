"""ragtime.table against the command line's `ragtime table` on every table of every bundled NWB 2 file: the same
columns, in the same order, the same ids and the same values. The command line writes cells as Python literals
(lists); the DataFrame holds numpy arrays where pynwb's to_dataframe() does, so cells are compared as nested lists."""
import glob
import os
import tempfile
import unittest

import numpy as np
import pandas as pd

from test_against_cli import ROOT, cli, ragtime  # noqa: F401  (the JVM, the in-process command line)

FILES = sorted(glob.glob(os.path.join(ROOT, "data/nwb/*/*.nwb")))


def literal(v):
    """A cell as the command line prints it: arrays and lists as (nested) lists of their numpy scalars."""
    if isinstance(v, np.ndarray):
        return [literal(x) for x in v] if v.ndim > 0 else v[()]
    if isinstance(v, (list, tuple)) and not isinstance(v, tuple):
        return [literal(x) for x in v]
    return v


class Tables(unittest.TestCase):
    def test_every_bundled_table_equals_the_command_line(self):
        checked = 0
        with tempfile.TemporaryDirectory() as tmp:
            for f in FILES:
                try:
                    names = [str(t) for t in ragtime.tables(f)]
                except ragtime.RagtimeError:
                    continue  # the NWB 1 file: refused everywhere
                for t in names:
                    out = os.path.join(tmp, "t.csv")
                    cli("table", f, t, "--out", out)
                    with open(out, encoding="utf-8") as fh:
                        want = fh.read()
                    df = ragtime.table(f, t)
                    got = df.apply(lambda c: c.map(literal) if c.dtype == object else c).to_csv()
                    self.assertEqual(got, want, "%s %s" % (os.path.basename(f), t))
                    checked += 1
        self.assertGreater(checked, 30)

    def test_columns_rows_and_errors(self):
        s = os.path.join(ROOT, "data/nwb/generated/allensdk_style_ecephys_session.nwb")
        df = ragtime.table(s, "units", columns=["quality", "spike_times"], rows=slice(2, 5))
        self.assertEqual(list(df.columns), ["quality", "spike_times"])
        self.assertEqual(len(df), 3)
        full = ragtime.table(s, "/units")
        self.assertEqual(df.index.tolist(), full.index[2:5].tolist())
        self.assertEqual([list(x) for x in df.spike_times], [list(x) for x in full.spike_times.iloc[2:5]])
        with self.assertRaises(ragtime.RagtimeError) as e:
            ragtime.table(s, "units/spike_times")
        self.assertIn("is a dataset, not a DynamicTable", str(e.exception))
        with self.assertRaises(ragtime.RagtimeError):
            ragtime.table(s, "units", columns=["nope"])


if __name__ == "__main__":
    unittest.main()
