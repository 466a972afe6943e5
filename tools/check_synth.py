#!/usr/bin/python3
"""Independent h5py read-back of an NWB session (written by org.ragtime.io.synth.SyntheticSession).

Usage: /usr/bin/python3 tools/check_synth.py [--objects-only] FILE.nwb
Prints one `key value` line per fact, values comma-separated, floats as repr (exact round trip).
Exit status 3 when h5py is missing, 2 when the file is not readable HDF5.
"""
import sys

try:
    import h5py
    import numpy as np
except ImportError as e:  # the JUnit test turns this into a clear failure
    print(f"missing python module: {e.name} (install python3-h5py)", file=sys.stderr)
    sys.exit(3)


def text(v):
    return v.decode("utf-8") if isinstance(v, bytes) else str(v)


def out(key, values):
    if isinstance(values, (list, tuple, np.ndarray)):
        values = ",".join(repr(float(v)) if isinstance(v, (float, np.floating)) else text(v) for v in values)
    print(f"{key} {values}")


def main(path, objects_only=False):
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        print(f"cannot open {path}: {e}", file=sys.stderr)
        sys.exit(2)
    # open every object and read every dataset and attribute: a damaged object header shows up here
    objects, unreadable = 0, []

    def visit(name, obj):
        nonlocal objects
        objects += 1
        try:
            for k in obj.attrs:
                obj.attrs[k]
            if isinstance(obj, h5py.Dataset):
                obj[()]
        except Exception as e:  # noqa: BLE001 -- report every failure, whatever its type
            unreadable.append(f"{name}: {e}")

    try:
        f.visititems(visit)
    except Exception as e:  # noqa: BLE001
        unreadable.append(f"visit: {e}")
    out("objects", objects)
    out("unreadable", ";".join(unreadable) or "none")
    if objects_only:
        return
    out("nwb_version", text(f.attrs["nwb_version"]))
    out("neurodata_type", text(f.attrs["neurodata_type"]))
    units = f["units"]
    times = units["spike_times"]
    index = units["spike_times_index"][()]
    data = times[()]
    out("spikes", len(data))
    out("spike_times_dtype", times.dtype.name)
    out("spike_times_contiguous", times.chunks is None and times.compression is None)
    out("index_dtype", index.dtype.name)
    out("index_last", int(index[-1]))
    out("unit_ids", units["id"][()])
    out("colnames", list(units.attrs["colnames"]))
    starts = np.concatenate([[0], index[:-1]]).astype(np.int64)
    ends = index.astype(np.int64)
    out("first_spike_times", [data[a] if b > a else float("nan") for a, b in zip(starts, ends)])
    out("last_spike_times", [data[b - 1] if b > a else float("nan") for a, b in zip(starts, ends)])
    out("sorted_per_unit", all(bool(np.all(np.diff(data[a:b]) >= 0)) for a, b in zip(starts, ends)))
    out("spike_time_min", repr(float(data.min())))
    out("spike_time_max", repr(float(data.max())))
    out("spike_times_sum", repr(float(np.sum(data, dtype=np.float64))))
    quality = units["quality"][()]
    out("quality_good", int(sum(text(q) == "good" for q in quality)))
    electrodes = f["general/extracellular_ephys/electrodes"]
    out("electrodes", len(electrodes["id"]))
    out("electrode_colnames", list(electrodes.attrs["colnames"]))
    out("locations", sorted({text(v) for v in electrodes["location"][()]} - {""}))
    out("peak_channels_known", bool(np.all(np.isin(units["peak_channel_id"][()], electrodes["id"][()]))))
    out("valid_data_dtype", electrodes["valid_data"].dtype.name)
    tables = sorted(k for k in f["intervals"] if k.endswith("_presentations"))
    out("presentation_tables", tables)
    for t in tables:
        g = f["intervals"][t]
        out(f"rows.{t}", len(g["id"]))
        out(f"colnames.{t}", list(g.attrs["colnames"]))
        out(f"first_start.{t}", repr(float(g["start_time"][0])))
        out(f"tags_last.{t}", int(g["tags_index"][-1]))
    if "invalid_times" in f["intervals"]:
        out("invalid_times", len(f["intervals/invalid_times/id"]))
    out("stimulus_timestamps", len(f["processing/stimulus/timestamps/timestamps"]))


if __name__ == "__main__":
    args = sys.argv[1:]
    only = args[:1] == ["--objects-only"]
    if only:
        args = args[1:]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        sys.exit(1)
    main(args[0], only)
