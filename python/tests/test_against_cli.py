"""The Python package against the command line on the bundled samples: values, dims, coordinates, dtypes,
notes and error lines. Run from the repository root:

    /usr/bin/python3 -m unittest discover -s python/tests -v

The command line is $RAGTIME_CLI (the Maven test points it at the build's classes) or ./ragtime. The
package runs in-process (JPype) with $RAGTIME_CLASSPATH or the launcher's jar. stimulus_presentations has
no command of its own: it is checked against h5py and the command line's condition statistics.
"""
import gc
import json
import os
import subprocess
import sys
import tempfile
import unittest
import warnings

import h5py
import jpype
import numpy as np
import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "python"))
import ragtime  # noqa: E402

S = os.path.join(ROOT, "data/nwb/generated/allensdk_style_ecephys_session.nwb")
O = os.path.join(ROOT, "data/nwb/generated/allensdk_style_behavior_ophys_experiment.nwb")
IMAGES = "Natural_Images_Lum_Matched_set_training_2017.07.14"
CLI = os.environ.get("RAGTIME_CLI", os.path.join(ROOT, "ragtime"))


def cli_process(*args, expect=0):
    """Runs the command line as its own process; returns its stderr lines (checks the exit status)."""
    r = subprocess.run([CLI] + [str(a) for a in args], capture_output=True, text=True, cwd=ROOT)
    if r.returncode != expect:
        raise AssertionError("ragtime %s: exit %d, expected %d\n%s" % (" ".join(map(str, args)), r.returncode, expect,
                                                                        r.stderr))
    # the launcher's own lines (a build or its start-up cache after a build) are not the command's
    launcher = ("WARNING: Using incubator", "ragtime: building", "ragtime: preparing the start-up cache")
    return [l for l in r.stderr.splitlines() if not l.startswith(launcher)]


def cli(*args, expect=0):
    """Runs the command line's entry point (org.ragtime.cli.Main.run: parsing, the command, its writers, the exit
    status and stderr lines) in this process's JVM, which saves a JVM start per command; returns its stderr lines.
    The tests that check the process itself (exit status, stderr) use cli_process."""
    ragtime.start_jvm()
    J = jpype.JClass
    System = J("java.lang.System")
    buf = J("java.io.ByteArrayOutputStream")()
    old_err = System.err
    System.setErr(J("java.io.PrintStream")(buf, True, "UTF-8"))
    try:
        rc = int(J("org.ragtime.cli.Main").run(jpype.JArray(jpype.JString)([str(a) for a in args])))
    finally:
        System.setErr(old_err)
    err = str(buf.toString("UTF-8"))
    if rc != expect:
        raise AssertionError("ragtime %s: exit %d, expected %d\n%s" % (" ".join(map(str, args)), rc, expect, err))
    return err.splitlines()


def notes_of(stderr):
    """The command line's note lines (everything but its "wrote" line)."""
    return [l for l in stderr if not l.startswith("ragtime: wrote ")]


class Base(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.session = ragtime.EcephysSession(S)

    @classmethod
    def tearDownClass(cls):
        cls.session.close()
        cls.tmp.cleanup()

    def out(self, name):
        return os.path.join(self.tmp.name, name)

    def assert_array_matches_npy(self, da, npy, dims, name):
        """The DataArray equals the command line's .npy and .coords.json: values, dtype, dims, coordinates."""
        a = np.load(npy)
        with open(npy[:-4] + ".coords.json", encoding="utf-8") as f:
            coords = json.load(f)
        self.assertEqual(da.name, name)
        self.assertEqual(da.dims, tuple(coords.get("dims", dims)))
        self.assertEqual(da.dims, tuple(dims))
        self.assertEqual(da.dtype, a.dtype)
        self.assertEqual(da.shape, a.shape)
        np.testing.assert_array_equal(da.values, a)  # NaN equals NaN here, bit-for-bit otherwise
        for k, v in coords.items():
            if k in da.coords:
                got = da.coords[k].values
                want = np.array(v, dtype=object if any(x is None for x in v) else None)
                self.assertEqual(len(got), len(want), k)
                self.assertTrue(all(g == w for g, w in zip(got.tolist(), want.tolist())), k)
                if want.dtype != object:
                    self.assertEqual(got.dtype, want.dtype, k)
        for d in dims:
            self.assertIn(d, coords, "the command line writes every dimension coordinate")
        return coords

    def assert_frame_matches_csv(self, df, csv):
        """The DataFrame (index reset) equals the command line's CSV: columns, order, values, dtypes."""
        want = pd.read_csv(csv, float_precision="round_trip")  # Java writes shortest round-trip text
        got = df.reset_index()
        self.assertEqual(list(got.columns), list(want.columns))
        self.assertEqual(len(got), len(want))
        for c in want.columns:
            g, w = got[c], want[c]
            if w.dtype == bool:
                self.assertTrue((g.astype(str) == w.astype(str)).all(), c)
                continue
            self.assertEqual(g.dtype, w.dtype, c)
            if w.dtype.kind == "f":
                np.testing.assert_array_equal(g.values, w.values, err_msg=c)
            else:
                self.assertTrue(((g == w) | (g.isna() & w.isna())).all(), c)


class Arrays(Base):
    def test_counts(self):
        npy = self.out("counts.npy")
        err = cli_process("counts", S, "--stimulus", "drifting_gratings", "--bins", "-0.1:0.5:0.01", "--out", npy)
        da = self.session.presentationwise_spike_counts(np.arange(61) * 0.01 - 0.1, stimulus="drifting_gratings")
        coords = self.assert_array_matches_npy(da, npy, ("stimulus_presentation_id", "time_relative_to_stimulus_onset",
                                                         "unit_id"), "spike_counts")
        self.assertEqual(da.attrs["dtype"], coords["dtype"])
        self.assertEqual(da.attrs["bins"], coords["bins"])
        self.assertEqual(da.dtype, np.uint16)
        self.assertGreater(int(da.sum()), 0)
        self.assertEqual(da.attrs.get("notes", []), notes_of(err))

    def test_counts_with_ids_units_half_open_dtype_and_binarize_notes(self):
        ids = [3, 5, 7, 11]
        units = [9995007, 9995002, 9995030]
        npy = self.out("counts2.npy")
        cli("counts", S, "--presentations", ",".join(map(str, ids)), "--units", ",".join(map(str, units)),
            "--edges", "-0.05,0,0.02,0.1,0.3", "--half-open", "--dtype", "int32", "--out", npy)
        da = self.session.presentationwise_spike_counts([-0.05, 0, 0.02, 0.1, 0.3], ids, units, dtype="int32",
                                                        bins="half-open")
        self.assert_array_matches_npy(da, npy, ("stimulus_presentation_id", "time_relative_to_stimulus_onset", "unit_id"),
                                      "spike_counts")
        self.assertEqual(da.dtype, np.int32)
        self.assertEqual(da.attrs["bins"], "half-open")
        # AllenSDK's binarize warning: a RagtimeWarning here, the same line on the command line's stderr
        npy = self.out("binary.npy")
        err = cli("counts", S, "--stimulus", "flashes", "--bins", "0:0.25:0.05", "--binarize", "--structure", "VISp",
                  "--out", npy)
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            da = self.session.presentationwise_spike_counts(np.linspace(0, 0.25, 6), stimulus="flashes", binarize=True,
                                                            structures="VISp")
        self.assert_array_matches_npy(da, npy, ("stimulus_presentation_id", "time_relative_to_stimulus_onset", "unit_id"),
                                      "spike_counts")
        self.assertEqual(da.dtype, np.uint8)
        self.assertEqual(da.attrs["notes"], notes_of(err))
        self.assertTrue(any("binarizing" in str(x.message) and issubclass(x.category, ragtime.RagtimeWarning) for x in w))

    def test_psth(self):
        npy = self.out("psth.npy")
        cli("psth", S, "--stimulus", "drifting_gratings", "--bins", "-0.1:0.5:0.01", "--rate", "--out", npy,
            "--png", self.out("psth.png"))
        da = self.session.psth(np.arange(61) * 0.01 - 0.1, stimulus="drifting_gratings", rate=True)
        self.assert_array_matches_npy(da, npy, ("unit_id", "time_relative_to_stimulus_onset"), "psth")
        self.assertEqual(da.dtype, np.float64)
        self.assertEqual(da.attrs["units"], "spikes/s")
        # the mean of the counts cube, by numpy: the two analyses agree with each other too
        counts = self.session.presentationwise_spike_counts(np.arange(61) * 0.01 - 0.1, stimulus="drifting_gratings")
        np.testing.assert_allclose(da.values, counts.mean("stimulus_presentation_id").T.values / 0.01, rtol=1e-12)

    def test_bin(self):
        npy = self.out("binned.npy")
        cli("bin", S, "--bin-size", "0.01", "--start", "0", "--stop", "60", "--structure", "VISp,CA1", "--out", npy)
        da = self.session.bin_spikes(0.01, start=0, stop=60, structures=["VISp", "CA1"])
        self.assert_array_matches_npy(da, npy, ("unit_id", "bin_start"), "spike_counts")
        self.assertEqual(da.dtype, np.int32)
        da = ragtime.bin_spikes(S, 0.5)  # module-level convenience, default stop = the last spike
        cli("bin", S, "--bin-size", "0.5", "--out", npy)
        self.assert_array_matches_npy(da, npy, ("unit_id", "bin_start"), "spike_counts")
        with h5py.File(S, "r") as f:  # every spike is in some bin: the total is the file's spike count
            self.assertEqual(int(da.sum()), len(f["units/spike_times"]))

    def test_event_triggered_response(self):
        for flags, kwargs in (([], {}), (["--nearest"], {"interpolate": False}),
                              (["--rate", "10", "--exclude-endpoint"], {"output_sampling_rate": 10,
                                                                         "include_endpoint": False})):
            npy = self.out("dff.npy")
            cli("align-dff", O, "--stimulus", IMAGES, "--window=-0.5:0.75", "--out", npy, *flags)
            with ragtime.OphysExperiment(O) as x:
                da = x.event_triggered_response(stimulus=IMAGES, t_before=0.5, t_after=0.75, **kwargs)
            coords = self.assert_array_matches_npy(da, npy, ("cell_specimen_id", "event_time", "time"), "response")
            self.assertEqual(da.coords["cell_roi_id"].dims, ("cell_specimen_id",))
            self.assertEqual(da.attrs["rate"], coords["rate"])
        times = da.coords["event_time"].values[::3]
        r = ragtime.event_triggered_response(O, times, t_start=-0.5, t_end=0.75)
        np.testing.assert_array_equal(r.coords["event_time"].values, times)


class Tables(Base):
    def test_spike_times(self):
        csv = self.out("st.csv")
        cli("spike-times", S, "--stimulus", "drifting_gratings", "--out", csv)
        df = self.session.presentationwise_spike_times(stimulus="drifting_gratings")
        self.assertEqual(df.index.name, "spike_time")
        self.assertEqual(list(df.columns), ["stimulus_presentation_id", "unit_id", "time_since_stimulus_presentation_onset"])
        self.assert_frame_matches_csv(df, csv)
        self.assertGreater(len(df), 100)

    def test_condition_stats(self):
        for rates in (False, True):
            csv = self.out("cs.csv")
            cli("condition-stats", S, "--stimulus", "drifting_gratings", "--out", csv, *(["--rates"] if rates else []))
            df = self.session.conditionwise_spike_statistics(stimulus="drifting_gratings", use_rates=rates)
            self.assertEqual(df.index.names, ["unit_id", "stimulus_condition_id"])
            self.assertEqual("spike_count" in df.columns, not rates)
            self.assert_frame_matches_csv(df, csv)

    def test_units(self):
        for flags, kwargs in (([], {}), (["--structure", "VISp", "--filter", "vbn-default"],
                                         {"structures": "VISp", "filter": "vbn-default"})):
            csv = self.out("units.csv")
            cli("units", S, "--out", csv, *flags)
            df = self.session.get_units(**kwargs)
            self.assertEqual(df.index.name, "unit_id")
            self.assert_frame_matches_csv(df, csv)
        self.assertTrue((df["structure_acronym"] == "VISp").all())

    def test_stimulus_presentations_against_h5py(self):
        for path, any_masked in ((S, False), (os.path.join(ROOT, "data/nwb/handmade/presentations_edge_cases.nwb"), True)):
            df = ragtime.stimulus_presentations(path)
            self.assertEqual(df.index.name, "stimulus_presentation_id")
            rows = []  # AllenSDK's join, by h5py: every *_presentations table, ranked by start time (stable)
            with h5py.File(path, "r") as f:
                for name in sorted(f["intervals"]):
                    if name.endswith("_presentations"):
                        t = f["intervals"][name]
                        for r in range(len(t["start_time"])):
                            label = (t["stimulus_name"][r].decode() if "stimulus_name" in t
                                     else name[:-len("_presentations")])
                            rows.append((t["start_time"][r], t["stop_time"][r], label))
                bad = []  # invalid intervals tagged "stimulus" mask the presentations they overlap
                if "invalid_times" in f["intervals"]:
                    inv = f["intervals/invalid_times"]
                    ends = list(inv["tags_index"][:])
                    tags = [x.decode() for x in inv["tags"][:]]
                    for i in range(len(inv["start_time"])):
                        if "stimulus" in tags[(ends[i - 1] if i else 0):ends[i]]:
                            bad.append((inv["start_time"][i], inv["stop_time"][i]))
            rows.sort(key=lambda x: x[0])
            self.assertEqual(len(df), len(rows))
            np.testing.assert_array_equal(df["start_time"].values, [r[0] for r in rows])
            np.testing.assert_array_equal(df["stop_time"].values, [r[1] for r in rows])
            masked = np.array([any(max(r[0], b[0]) <= min(r[1], b[1]) for b in bad) for r in rows], dtype=bool)
            self.assertEqual(bool(masked.any()), any_masked)
            names = np.where(masked, "invalid_presentation", [r[2] for r in rows])
            np.testing.assert_array_equal(df["stimulus_name"].values, names)
            np.testing.assert_array_equal(df["duration"].isna().values, masked)
            np.testing.assert_array_equal(df["stimulus_condition_id"].isna().values, masked)
            np.testing.assert_allclose(df["duration"].values[~masked], [r[1] - r[0] for r, m in zip(rows, masked) if not m])
        # condition ids: the command line's condition statistics name the same conditions for the same presentations
        df = self.session.stimulus_presentations
        csv = self.out("cs.csv")
        cli("condition-stats", S, "--stimulus", "drifting_gratings", "--out", csv)
        want = sorted(set(pd.read_csv(csv)["stimulus_condition_id"]))
        got = df[df["stimulus_name"] == "drifting_gratings"]["stimulus_condition_id"]
        self.assertEqual(sorted(set(got.astype(int))), want)
        # no ids and no stimulus: every presentation, as AllenSDK does
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            every = self.session.presentationwise_spike_counts([0, 0.1], None, [9995002])
        np.testing.assert_array_equal(every.coords["stimulus_presentation_id"].values, df.index.values)
        # and AllenSDK's idiom gives the same counts as the stimulus name does
        ids = df[df["stimulus_name"] == "flashes"].index.values
        with warnings.catch_warnings(record=True) as w:  # the flashes come after the sample's last spike
            warnings.simplefilter("always")
            a = self.session.presentationwise_spike_counts([0, 0.1, 0.2], ids, None)
        self.assertEqual(int(a.sum()), 0)
        self.assertTrue(any("no spike falls in any of them" in str(x.message) for x in w))
        np.testing.assert_array_equal(a.coords["stimulus_presentation_id"].values, ids)


class Errors(Base):
    def test_bad_input_raises_the_command_lines_line(self):
        cases = [
            (["counts", S, "--stimulus", "nope", "--bins", "0:1:0.5", "--out", self.out("x.npy")],
             lambda: self.session.presentationwise_spike_counts([0, 0.5, 1], stimulus="nope")),
            (["spike-times", S, "--stimulus", "flashes", "--units", "42", "--out", self.out("x.csv")],
             lambda: self.session.presentationwise_spike_times(stimulus="flashes", unit_ids=[42])),
            (["bin", S, "--bin-size", "0.1", "--structure", "XYZ", "--out", self.out("x.npy")],
             lambda: self.session.bin_spikes(0.1, structures="XYZ")),
            (["counts", S, "--presentations", "99999", "--edges", "0,1", "--out", self.out("x.npy")],
             lambda: self.session.presentationwise_spike_counts([0, 1], [99999])),
        ]
        for k, (args, call) in enumerate(cases):
            err = (cli_process if k < 2 else cli)(*args, expect=2)
            with self.assertRaises(ragtime.RagtimeError) as c:
                call()
            self.assertIsInstance(c.exception, ValueError)
            self.assertEqual([c.exception.line], err, args)
            self.assertEqual("ragtime: " + str(c.exception), c.exception.line)
        self.assertFalse(os.path.exists(self.out("x.npy")))

    def test_arguments_the_java_api_refuses_are_value_errors(self):
        with self.assertRaises(ValueError) as c:
            self.session.presentationwise_spike_counts([0, 0.1], stimulus="flashes", dtype="float64")
        self.assertIn("uint8, uint16 or int32", str(c.exception))
        with self.assertRaises(ValueError):
            ragtime.EcephysSession(S, threads=0)

    def test_a_missing_file_is_bad_input_naming_it(self):
        with self.assertRaises(ragtime.RagtimeError) as c:
            ragtime.EcephysSession(self.out("missing.nwb"))
        self.assertIn("missing.nwb", str(c.exception))


class Memory(Base):
    def test_arrays_are_the_java_results_memory_and_freed_with_the_last_view(self):
        da = self.session.bin_spikes(0.25)
        base = da.values.base
        self.assertIsInstance(base, ragtime._convert._Buffer)  # no copy: numpy reads the result's segment
        result = base._result
        addr = int(result.data().address())
        self.assertEqual(da.values.__array_interface__["data"][0], addr)
        total = int(da.sum())
        view = da.values[3:5]  # a view keeps the memory alive after the DataArray is gone
        del da, base
        gc.collect()
        self.assertTrue(result.data().scope().isAlive())
        self.assertEqual(int(view.sum()) <= total, True)
        del view
        gc.collect()
        self.assertFalse(result.data().scope().isAlive(), "the result is closed with its last numpy view")
        copied = self.session.bin_spikes(0.25, copy=True)
        self.assertIsNone(copied.values.base if not isinstance(copied.values.base, ragtime._convert._Buffer) else 1)
        self.assertEqual(int(copied.sum()), total)


if __name__ == "__main__":
    unittest.main()
