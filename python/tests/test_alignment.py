"""Alignment to any events from Python (intervals=, align_to=, event_times=) against the command line's
--intervals/--align-to/--event-times on a real file's trials."""
import json
import os
import tempfile
import unittest

import numpy as np
import pandas as pd

from test_against_cli import ROOT, cli, ragtime  # noqa: F401

REAL = os.path.join(ROOT, "data/nwb/real/hdmfzarr_sub_anm00239123_ses_20170627T093549_ecephys_and_ogen.nwb")
EDGES = [-0.5, -0.25, 0, 0.1, 0.2, 0.5, 1]


class Alignment(unittest.TestCase):
    def test_counts_psth_and_spike_times_at_cue_times(self):
        with tempfile.TemporaryDirectory() as tmp, ragtime.EcephysSession(REAL) as s:
            npy = os.path.join(tmp, "c.npy")
            cli("counts", REAL, "--intervals", "trials", "--align-to", "cue_start_time", "--edges", ",".join(map(str, EDGES)),
                "--out", npy)
            with self.assertWarns(ragtime.RagtimeWarning):  # 70 trials without a cue time are left out, and said so
                da = s.presentationwise_spike_counts(EDGES, intervals="trials", align_to="cue_start_time")
            self.assertEqual(da.dims, ("trials_id", "time_relative_to_stimulus_onset", "unit_id"))
            np.testing.assert_array_equal(da.values, np.load(npy))
            with open(npy[:-4] + ".coords.json") as f:
                self.assertEqual(da.trials_id.values.tolist(), json.load(f)["trials_id"])
            p = s.psth(EDGES, intervals="trials", align_to="cue_start_time")
            np.testing.assert_allclose(p.values, np.load(npy).mean(axis=0).T, rtol=1e-12)
            csv = os.path.join(tmp, "t.csv")
            cli("spike-times", REAL, "--intervals", "trials", "--align-to", "cue_start_time", "--out", csv)
            df = s.presentationwise_spike_times(intervals="trials", align_to="cue_start_time").reset_index()
            want = pd.read_csv(csv, float_precision="round_trip")
            self.assertEqual(list(df.columns), list(want.columns))
            np.testing.assert_array_equal(df.to_numpy(dtype=float), want.to_numpy(dtype=float))

    def test_event_times_and_refusals(self):
        with ragtime.EcephysSession(REAL) as s:
            da = s.presentationwise_spike_counts(EDGES, event_times=[1500.0, 1600.0])
            self.assertEqual(da.dims[0], "event_id")
            self.assertEqual(da.event_id.values.tolist(), [0, 1])
            with self.assertRaises(ValueError):
                s.presentationwise_spike_counts(EDGES, stimulus="x", intervals="trials")
            with self.assertRaises(ragtime.RagtimeError) as e:
                s.presentationwise_spike_counts(EDGES, intervals="nope")
            self.assertIn("/intervals/nope: no such intervals table", str(e.exception))


if __name__ == "__main__":
    unittest.main()
