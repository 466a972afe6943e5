#!/usr/bin/env python3
"""Semantic mutants of the bundled samples for the reader fuzzer (cli/src/test/java/org/ragtime/cli/fuzz).

usage: fuzz_corpus.py DATA_DIR OUT_DIR

Writes OUT_DIR/<name>.nwb, one copy of a sample per structural mutation that is awkward to make by editing
bytes (wrong types, missing or empty columns, group cycles, dangling links), and OUT_DIR/corpus.txt listing
them: "name<TAB>base<TAB>description". Deterministic: the same samples give the same mutants. The fuzzer
runs it once and caches the result under cli/target/fuzz-corpus/<hash of this script>/.
"""
import os
import shutil
import sys

import h5py
import numpy as np

DATA, OUT = sys.argv[1], sys.argv[2]
SAMPLES = {
    "ecephys": "nwb/generated/allensdk_style_ecephys_session.nwb",
    "ophys": "nwb/generated/allensdk_style_behavior_ophys_experiment.nwb",
    "tiny": "nwb/generated/pynwb231_tiny_units.nwb",
}
DG = "intervals/drifting_gratings_presentations"
NI = "intervals/Natural_Images_Lum_Matched_set_training_2017.07.14_presentations"
STR = h5py.string_dtype("utf-8")
ALL_ECEPHYS = "info,counts,units,spike-times,bin,psth,condition-stats"  # still valid for every command the fuzzer runs
ALL_OPHYS = "info,align-dff"
listing = []


def mutant(name, base, description, accept=""):
    """accept: the commands (comma-separated) that must succeed on this mutant: it is still a valid file for them."""
    def wrap(fn, name=name):
        if any(x[0] == name for x in listing):  # two mutants of one name: the second would replace the first's file
            name = name + "_" + base
        path = os.path.join(OUT, name + ".nwb")
        shutil.copyfile(os.path.join(DATA, SAMPLES[base]), path)
        with h5py.File(path, "r+") as f:
            fn(f)
        listing.append((name, base, description, accept))
        return fn
    return wrap


def replace(f, path, data, **kw):
    """Replaces a dataset by new data, keeping its attributes."""
    attrs = dict(f[path].attrs)
    del f[path]
    d = f.create_dataset(path, data=data, **kw)
    for k, v in attrs.items():
        d.attrs[k] = v


os.makedirs(OUT, exist_ok=True)


# --- wrong types ------------------------------------------------------------------------------------------
@mutant("dg_start_time_strings", "ecephys", "drifting_gratings start_time as strings")
def _(f):
    replace(f, DG + "/start_time", np.array([str(x) for x in f[DG + "/start_time"][:]], dtype=object), dtype=STR)


@mutant("dg_stop_time_strings", "ecephys", "drifting_gratings stop_time as strings")
def _(f):
    replace(f, DG + "/stop_time", np.array([str(x) for x in f[DG + "/stop_time"][:]], dtype=object), dtype=STR)


@mutant("ni_start_time_strings", "ophys", "image presentations start_time as strings")
def _(f):
    replace(f, NI + "/start_time", np.array([str(x) for x in f[NI + "/start_time"][:]], dtype=object), dtype=STR)


@mutant("spike_times_strings", "ecephys", "units/spike_times as strings")
def _(f):
    replace(f, "units/spike_times", np.array([repr(x) for x in f["units/spike_times"][:]], dtype=object), dtype=STR)


@mutant("spike_times_int32", "ecephys", "units/spike_times as int32 (truncated seconds)")
def _(f):
    replace(f, "units/spike_times", f["units/spike_times"][:].astype(np.int32))


@mutant("spike_times_float32", "ecephys", "units/spike_times as float32")
def _(f):
    replace(f, "units/spike_times", f["units/spike_times"][:].astype(np.float32))


@mutant("spike_times_index_float", "ecephys", "units/spike_times_index as float64")
def _(f):
    replace(f, "units/spike_times_index", f["units/spike_times_index"][:].astype(np.float64))


@mutant("spike_times_index_signed_negative", "ecephys", "units/spike_times_index int64 with a negative entry")
def _(f):
    x = f["units/spike_times_index"][:].astype(np.int64)
    x[3] = -5
    replace(f, "units/spike_times_index", x)


@mutant("spike_times_2d", "ecephys", "units/spike_times 2-D (n/2, 2)")
def _(f):
    x = f["units/spike_times"][:]
    replace(f, "units/spike_times", x[: len(x) // 2 * 2].reshape(-1, 2))


@mutant("units_id_strings", "ecephys", "units/id as strings")
def _(f):
    replace(f, "units/id", np.array([str(x) for x in f["units/id"][:]], dtype=object), dtype=STR)


@mutant("dff_timestamps_strings", "ophys", "dff timestamps as strings")
def _(f):
    p = "processing/ophys/dff/traces/timestamps"
    replace(f, p, np.array([str(x) for x in f[p][:]], dtype=object), dtype=STR)


@mutant("dff_data_1d", "ophys", "dff data 1-D")
def _(f):
    p = "processing/ophys/dff/traces/data"
    replace(f, p, f[p][:].reshape(-1))


@mutant("dff_data_3d", "ophys", "dff data 3-D (600, 3, 4)")
def _(f):
    p = "processing/ophys/dff/traces/data"
    replace(f, p, f[p][:].reshape(600, 3, 4))


@mutant("dff_data_transposed", "ophys", "dff data (12, 600): rois x time")
def _(f):
    p = "processing/ophys/dff/traces/data"
    replace(f, p, f[p][:].T.copy())


@mutant("dff_timestamps_short", "ophys", "dff timestamps 300 of 600 frames")
def _(f):
    p = "processing/ophys/dff/traces/timestamps"
    replace(f, p, f[p][:300])


@mutant("dff_timestamps_single", "ophys", "dff timestamps one frame")
def _(f):
    p = "processing/ophys/dff/traces/timestamps"
    replace(f, p, f[p][:1])


@mutant("dff_rois_short", "ophys", "dff rois region with 5 of 12 entries")
def _(f):
    p = "processing/ophys/dff/traces/rois"
    replace(f, p, f[p][:5])


@mutant("dff_rois_out_of_range", "ophys", "dff rois region pointing past the ROI table")
def _(f):
    p = "processing/ophys/dff/traces/rois"
    x = f[p][:]
    x[4] = 10**9
    replace(f, p, x)


# --- missing or empty ----------------------------------------------------------------------------------------
for path, base in [("units/spike_times", "ecephys"), ("units/spike_times_index", "ecephys"), ("units/id", "ecephys"),
                   (DG + "/start_time", "ecephys"), (DG + "/stop_time", "ecephys"), (DG + "/id", "ecephys"),
                   ("general/extracellular_ephys/electrodes/location", "ecephys"),
                   ("general/extracellular_ephys/electrodes/group", "ecephys"),
                   ("general/extracellular_ephys/electrodes/id", "ecephys"), ("units/peak_channel_id", "ecephys"),
                   ("units/electrodes", "tiny"), ("units/spike_times", "tiny"),
                   ("processing/ophys/dff/traces/timestamps", "ophys"), ("processing/ophys/dff/traces/data", "ophys"),
                   ("processing/ophys/dff/traces/rois", "ophys"), (NI + "/start_time", "ophys"),
                   ("processing/ophys/image_segmentation/cell_specimen_table/cell_specimen_id", "ophys")]:
    @mutant("missing_" + path.split("/")[-2][:12] + "_" + path.split("/")[-1], base, "dataset deleted: /" + path)
    def _(f, path=path):
        del f[path]

for group, base in [("units", "ecephys"), ("intervals", "ecephys"), ("general/extracellular_ephys", "ecephys"),
                    ("processing/ophys/dff", "ophys"), ("processing/ophys/image_segmentation", "ophys"),
                    ("general/devices", "ecephys")]:
    @mutant("missing_group_" + group.replace("/", "_"), base, "group deleted: /" + group)
    def _(f, group=group):
        del f[group]


@mutant("units_empty", "ecephys", "units table with zero rows")
def _(f):
    for name in list(f["units"].keys()):
        d = f["units"][name]
        if isinstance(d, h5py.Dataset):
            replace(f, "units/" + name, np.zeros((0,) + d.shape[1:], dtype=d.dtype))


@mutant("units_empty_dg_no_start", "ecephys", "units table with zero rows and drifting_gratings start_time deleted")
def _(f):
    for name in list(f["units"].keys()):
        d = f["units"][name]
        if isinstance(d, h5py.Dataset):
            replace(f, "units/" + name, np.zeros((0,) + d.shape[1:], dtype=d.dtype))
    del f[DG + "/start_time"]


@mutant("dg_empty", "ecephys", "drifting_gratings presentations table with zero rows")
def _(f):
    for name in list(f[DG].keys()):
        d = f[DG][name]
        if isinstance(d, h5py.Dataset) and d.dtype.kind != "V":
            replace(f, DG + "/" + name, np.zeros((0,) + d.shape[1:], dtype=d.dtype))


@mutant("spike_times_empty", "ecephys", "units/spike_times empty, index unchanged")
def _(f):
    replace(f, "units/spike_times", np.zeros(0, dtype=np.float64))


@mutant("dff_empty", "ophys", "dff data (0, 12) and timestamps (0,)")
def _(f):
    replace(f, "processing/ophys/dff/traces/data", np.zeros((0, 12)))
    replace(f, "processing/ophys/dff/traces/timestamps", np.zeros(0))


@mutant("colnames_extra", "ecephys", "units colnames names a column that does not exist")
def _(f):
    c = list(f["units"].attrs["colnames"]) + ["no_such_column"]
    f["units"].attrs["colnames"] = np.array(c, dtype=object)


@mutant("colnames_int", "ecephys", "drifting_gratings colnames attribute is an integer")
def _(f):
    f[DG].attrs["colnames"] = 7


# --- chunked and compressed (the reader's chunk decoder: io ChunkDecoder, libdeflate or java.util.zip) --------
# Valid files: every command must read them as it reads the contiguous sample. Small and odd chunk sizes make
# many chunks and so a chunk B-tree of several levels (a v1 node holds at most 64 chunks), edge chunks that end
# past the dataset, and both the row-block (decoded in place) and the general placement of 2-D chunks.
def rechunk(f, path, chunks, **kw):
    d = f[path]
    replace(f, path, d[()], chunks=chunks, **kw)


def chunked(name, base, description, datasets, accept):
    """datasets: (path, chunks, filter keywords) to rewrite chunked."""
    @mutant(name, base, description, accept=accept)
    def _(f):
        for path, chunks, kw in datasets:
            rechunk(f, path, chunks, **kw)


GZ = dict(compression="gzip", compression_opts=6)
SGZ = dict(compression="gzip", compression_opts=6, shuffle=True)
chunked("chunked_spikes_gzip", "ecephys", "spike_times (64) and spike_times_index (7) chunked, gzip",
        [("units/spike_times", (64,), GZ), ("units/spike_times_index", (7,), GZ)], ALL_ECEPHYS)
chunked("chunked_spikes_shuffle_gzip", "ecephys", "spike_times (97) and spike_times_index (5) chunked, shuffle+gzip",
        [("units/spike_times", (97,), SGZ), ("units/spike_times_index", (5,), SGZ)], ALL_ECEPHYS)
chunked("chunked_spikes_tiny_chunks", "ecephys", "spike_times in 4-element chunks (4,650 chunks, a 3-level B-tree), gzip 1; "
        "index in 3-element chunks, shuffle+gzip", [("units/spike_times", (4,), dict(compression="gzip", compression_opts=1)),
                                                    ("units/spike_times_index", (3,), SGZ)], ALL_ECEPHYS)
chunked("chunked_spikes_fletcher", "ecephys", "spike_times (250) shuffle+gzip+fletcher32, index (11) gzip",
        [("units/spike_times", (250,), dict(SGZ, fletcher32=True)), ("units/spike_times_index", (11,), GZ)], ALL_ECEPHYS)
chunked("chunked_spikes_plain", "ecephys", "spike_times (1000) and index (16) chunked without filters",
        [("units/spike_times", (1000,), {}), ("units/spike_times_index", (16,), {})], ALL_ECEPHYS)
chunked("chunked_ecephys_all", "ecephys", "spike_times (61), index (9), units/id (8), drifting_gratings start/stop (4) "
        "chunked, shuffle+gzip", [("units/spike_times", (61,), SGZ), ("units/spike_times_index", (9,), SGZ),
                                  ("units/id", (8,), SGZ), (DG + "/start_time", (4,), SGZ), (DG + "/stop_time", (4,), GZ)],
        ALL_ECEPHYS)
chunked("chunked_dg_times", "ecephys", "drifting_gratings start_time and stop_time in 3-element chunks, gzip",
        [(DG + "/start_time", (3,), GZ), (DG + "/stop_time", (3,), dict(compression="gzip", compression_opts=9))], ALL_ECEPHYS)
chunked("chunked_tiny_spikes", "tiny", "tiny units spike_times (5) and index chunked, gzip",
        [("units/spike_times", (5,), GZ), ("units/spike_times_index", (2,), GZ)], "info,units")  # tiny has no presentations: counts always refuses
DFF = "processing/ophys/dff/traces"
chunked("chunked_dff_gzip", "ophys", "dF/F data in (50, 5) chunks (edge chunks in both dimensions) and timestamps (64), gzip",
        [(DFF + "/data", (50, 5), GZ), (DFF + "/timestamps", (64,), GZ)], ALL_OPHYS)
chunked("chunked_dff_rows_shuffle", "ophys", "dF/F data in (37, 12) row blocks and timestamps (29), shuffle+gzip",
        [(DFF + "/data", (37, 12), SGZ), (DFF + "/timestamps", (29,), SGZ)], ALL_OPHYS)
chunked("chunked_dff_small", "ophys", "dF/F data in (8, 3) chunks (300 chunks), timestamps (7), gzip; rois (5)",
        [(DFF + "/data", (8, 3), GZ), (DFF + "/timestamps", (7,), GZ), (DFF + "/rois", (5,), GZ)], ALL_OPHYS)
chunked("chunked_ni_times", "ophys", "image presentations start_time and stop_time in 5-element chunks, gzip; dF/F "
        "timestamps (100) shuffle+gzip", [(NI + "/start_time", (5,), GZ), (NI + "/stop_time", (5,), GZ),
                                          (DFF + "/timestamps", (100,), SGZ)], ALL_OPHYS)


# --- links ------------------------------------------------------------------------------------------------------
@mutant("cycle_processing_root", "ecephys", "hard link /processing/loop -> /", accept=ALL_ECEPHYS)
def _(f):
    f["processing/loop"] = f["/"]


@mutant("cycle_units_self", "ecephys", "hard link /units/loop -> /units", accept=ALL_ECEPHYS)
def _(f):
    f["units/loop"] = f["units"]


@mutant("cycle_intervals_root", "ecephys", "hard link /intervals/loop -> / (inside the presentations scan)", accept=ALL_ECEPHYS)
def _(f):
    f["intervals/loop"] = f["/"]


@mutant("cycle_ophys_root", "ophys", "hard link /processing/ophys/loop -> /", accept=ALL_OPHYS)
def _(f):
    f["processing/ophys/loop"] = f["/"]


@mutant("cycle_acquisition_root", "ecephys", "hard link /acquisition/loop -> / (walked before /general)", accept=ALL_ECEPHYS)
def _(f):
    f.require_group("acquisition")["loop"] = f["/"]


@mutant("cycle_acquisition_root_ophys", "ophys", "hard link /acquisition/loop -> / (walked before /processing)", accept=ALL_OPHYS)
def _(f):
    f.require_group("acquisition")["loop"] = f["/"]


@mutant("cycle_general_self", "ecephys", "hard link /general/aaa_loop -> /general (walked before extracellular_ephys)", accept=ALL_ECEPHYS)
def _(f):
    f["general/aaa_loop"] = f["general"]


@mutant("cycle_ophys_first", "ophys", "hard link /processing/ophys/aaa_loop -> /processing (walked before the ROI table)", accept=ALL_OPHYS)
def _(f):
    f["processing/ophys/aaa_loop"] = f["processing"]


@mutant("cycle_ecephys_first", "ecephys", "hard link /general/extracellular_ephys/aaa_loop -> /general/extracellular_ephys", accept=ALL_ECEPHYS)
def _(f):
    f["general/extracellular_ephys/aaa_loop"] = f["general/extracellular_ephys"]


@mutant("cycle_soft", "ecephys", "soft links /processing/a -> /processing/b -> /processing/a", accept=ALL_ECEPHYS)
def _(f):
    f["processing/a"] = h5py.SoftLink("/processing/b")
    f["processing/b"] = h5py.SoftLink("/processing/a")


@mutant("dangling_spike_times", "ecephys", "units/spike_times a soft link to nowhere")
def _(f):
    del f["units/spike_times"]
    f["units/spike_times"] = h5py.SoftLink("/no/such/dataset")


@mutant("external_spike_times", "ecephys", "units/spike_times an external link to a missing file")
def _(f):
    del f["units/spike_times"]
    f["units/spike_times"] = h5py.ExternalLink("missing.nwb", "/units/spike_times")


@mutant("electrode_group_no_device", "ecephys", "every electrode group's device link removed (as in files some writers make)",
        accept="info,counts,units,spike-times")
def _(f):
    for g in f["general/extracellular_ephys"].values():
        if isinstance(g, h5py.Group) and "device" in g:
            del g["device"]


@mutant("electrodes_group_null_refs", "ecephys", "electrodes group column all null references")
def _(f):
    p = "general/extracellular_ephys/electrodes/group"
    replace(f, p, np.array([h5py.Reference()] * len(f[p]), dtype=h5py.ref_dtype), dtype=h5py.ref_dtype)


@mutant("electrodes_group_refs_to_units", "ecephys", "electrodes group column references /units")
def _(f):
    p = "general/extracellular_ephys/electrodes/group"
    replace(f, p, np.array([f["units"].ref] * len(f[p]), dtype=h5py.ref_dtype), dtype=h5py.ref_dtype)


@mutant("electrode_group_renamed", "ecephys", "electrode groups renamed (group_name column unchanged; the group references"
        " still lead to them)", accept="info,counts,units,spike-times")
def _(f):
    ee = f["general/extracellular_ephys"]
    for name in [k for k in ee.keys() if k.startswith("probe")]:
        ee.move(name, "renamed_" + name)


@mutant("units_group_is_dataset", "tiny", "/units replaced by a scalar dataset")
def _(f):
    del f["units"]
    f["units"] = 1


@mutant("nwb_version_missing", "ecephys", "root nwb_version attribute deleted")
def _(f):
    del f.attrs["nwb_version"]


@mutant("nwb_version_garbage", "ecephys", "root nwb_version attribute is bytes 0xff 0xfe")
def _(f):
    f.attrs["nwb_version"] = np.void(b"\xff\xfe")


# --- non-UTF-8 strings ------------------------------------------------------------------------------------------
def bad_utf8(f, path, rows):
    d = f[path]
    raw = d.asstr(errors="surrogateescape")[:] if d.dtype.kind == "O" else d[:]
    vals = [x.encode("utf-8", "surrogateescape") if isinstance(x, str) else bytes(x) for x in raw]
    for r in rows:
        vals[r] = b"\xff\xfe" + vals[r] + b"\xc3("
    attrs = dict(d.attrs)
    del f[path]
    # vlen strings with the UTF-8 character set holding bytes that are not UTF-8 (h5py writes bytes unchecked)
    f.create_dataset(path, (len(vals),), dtype=STR)[...] = np.array(vals, dtype=object)
    out = f[path]
    for k, v in attrs.items():
        out.attrs[k] = v


for path, base in [("general/extracellular_ephys/electrodes/location", "ecephys"), ("units/quality", "ecephys"),
                   (DG + "/stimulus_name", "ecephys"), ("general/extracellular_ephys/electrodes/group_name", "ecephys"),
                   (NI + "/image_name", "ophys"), ("units/quality", "tiny")]:
    @mutant("utf8_" + path.split("/")[-2][:12] + "_" + path.split("/")[-1] + "_" + base, base,
            "invalid UTF-8 in string column /" + path)
    def _(f, path=path):
        bad_utf8(f, path, [0, 1, len(f[path]) - 1])

with open(os.path.join(OUT, "corpus.txt"), "w") as out:
    for name, base, description, accept in listing:
        out.write(f"{name}\t{base}\t{description}\t{accept}\n")
print(len(listing), "mutants in", OUT)
