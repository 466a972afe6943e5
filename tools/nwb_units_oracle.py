#!/usr/bin/python3
"""Independent reference for `ragtime units` (Ragtime's UnitsTable + QualityFilter), written with h5py and
pandas from AllenSDK's rules (reference §2.1-2.3), not from the Java code:

  units (scalar columns) + peak channel (peak_channel_id = electrodes id, or the first electrode of the
  unit's `electrodes` region) + the channel's probe_id, probe_channel_number, positions, valid_data,
  x/y/z as AP/DV/LR CCF, location with the sub-region stripped ("None"/"" -> missing) + probe name
  (the electrode group the `group` reference points to, else group_name), the group's device's
  sampling_rate, the group's lfp_sampling_rate (missing when there is no such device or group).
  Every unit kept (left join).
  Filter: get_units_table(filter_by_validity, filter_out_of_brain_units, amplitude_cutoff_maximum,
  presence_ratio_minimum, isi_violations_maximum) with pandas comparisons (NaN fails; 0/None = no bound).

usage: nwb_units_oracle.py FILE.nwb OUT.csv [validity out_of_brain amp_max pres_min isi_max]
(flags 0/1, thresholds a number or "none")
"""
import sys

import h5py
import numpy as np
import pandas as pd


def text(v):
    return v.decode() if isinstance(v, bytes) else v


def main():
    path, out = sys.argv[1], sys.argv[2]
    f = h5py.File(path, "r")
    u = f["units"]
    n = len(u["id"])
    cols = {"unit_id": u["id"][:]}
    for name in [text(c) for c in u.attrs["colnames"]]:
        if name + "_index" in u or u[name].ndim != 1 or u[name].dtype.kind == "O" and u[name].dtype.metadata \
                and "ref" in str(u[name].dtype.metadata):
            continue
        d = u[name][:]
        if d.dtype.kind in "OS":
            d = [text(x) for x in d]
        cols[name] = d
    df = pd.DataFrame(cols)
    el = f["general/extracellular_ephys/electrodes"]
    ids = el["id"][:]
    if "peak_channel_id" in u:
        pos = {v: i for i, v in enumerate(ids)}
        peak = [pos.get(v, -1) for v in u["peak_channel_id"][:]]
    elif "electrodes_index" in u:
        idx = u["electrodes_index"][:]
        data = u["electrodes"][:]
        starts = np.concatenate([[0], idx[:-1]])
        peak = [int(data[s]) if e > s else -1 for s, e in zip(starts, idx)]
    elif "electrodes" in u:  # one electrode per unit, no index (matnwb)
        peak = [int(v) for v in u["electrodes"][:]]
    else:  # no link from units to electrodes
        peak = [-1] * n
    ch = {}
    number = "probe_channel_number" if "probe_channel_number" in el else "local_index"
    for src, dst in [("probe_id", "probe_id"), (number, "probe_channel_number"),
                     ("probe_vertical_position", "probe_vertical_position"),
                     ("probe_horizontal_position", "probe_horizontal_position"), ("valid_data", "valid_data"),
                     ("x", "anterior_posterior_ccf_coordinate"), ("y", "dorsal_ventral_ccf_coordinate"),
                     ("z", "left_right_ccf_coordinate")]:
        if src in el:
            ch[dst] = el[src][:]
    if "location" in el:
        acr = []
        for v in el["location"][:]:
            v = text(v)
            acr.append(None if v in (None, "", "None") else v.split("-")[0])
        ch["structure_acronym"] = acr
    # the electrode group as pynwb finds it: the `group` object reference (group_name only without it)
    if "group" in el:
        paths = [f[r].name for r in el["group"][:]]
    else:
        paths = ["/general/extracellular_ephys/" + text(g) for g in el["group_name"][:]]
    groups = [p.rsplit("/", 1)[1] for p in paths]
    ch["probe"] = groups

    def attr(path, name):
        obj = f.get(path)
        return np.nan if obj is None else obj.attrs.get(name, np.nan)

    sr = {p: attr(p + "/device", "sampling_rate") for p in set(paths)}
    lfp = {p: attr(p, "lfp_sampling_rate") for p in set(paths)}
    if any(not np.isnan(v) for v in list(sr.values()) + list(lfp.values())):
        ch["probe_sampling_rate"] = [sr[p] for p in paths]
        ch["probe_lfp_sampling_rate"] = [lfp[p] for p in paths]
    channels = pd.DataFrame(ch)
    channels["_row"] = np.arange(len(channels))
    df["_row"] = peak
    df = df.merge(channels, on="_row", how="left", suffixes=("", "_channel")).drop(columns="_row")
    if len(sys.argv) > 3:
        validity, brain = sys.argv[3] == "1", sys.argv[4] == "1"
        amp, pres, isi = [None if a == "none" else float(a) for a in sys.argv[5:8]]
        if validity:
            df = df[(df["valid_data"] == True) & (df["quality"] == "good")]  # noqa: E712
        if brain:
            df = df[df["structure_acronym"].notna()]
        df = df[df["amplitude_cutoff"] <= (amp or np.inf)]
        df = df[df["presence_ratio"] >= (pres or -np.inf)]
        df = df[df["isi_violations"] <= (isi or np.inf)]
    df.to_csv(out, index=False)


main()
