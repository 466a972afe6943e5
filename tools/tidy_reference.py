#!/usr/bin/env python3
"""Independent reference for `ragtime tidy`, written from mindscope_utilities'
visual_behavior_ophys/data_formatting.py::build_tidy_cell_df (exclude_invalid_rois=True) and AllenSDK's
brain_observatory/behavior/event_detection.py::filter_events_array (scipy.stats.halfnorm weights, np.convolve)
with Events' scale = 2/31 s x the imaging plane's imaging_rate, reading each plane with h5py (no Ragtime code);
the experiment metadata as AllenSDK's metadata objects read it from NWB, appended as columns, the planes
concatenated in the order given (pd.concat).

Usage: tidy_reference.py OUT.csv FILE...   (prints the seconds pandas took to build the table and to write it)
"""
import sys
import time

import h5py
import numpy as np
import pandas as pd
from scipy import stats


def filter_events_array(arr, scale, n_time_steps=20):
    filt = stats.halfnorm(loc=0, scale=scale).pdf(np.arange(n_time_steps))
    filt = filt / np.sum(filt)
    out = np.zeros(arr.shape)
    for i in range(arr.shape[0]):
        out[i] = np.convolve(arr[i], filt)[:len(arr[i])]
    return out


def s(v):
    v = v[()]
    return v.decode() if isinstance(v, bytes) else str(v)


def experiment(path):
    """What BehaviorOphysExperiment.from_nwb gives build_tidy_cell_df, read with h5py."""
    with h5py.File(path, "r") as f:
        o = f["processing/ophys"]
        t = o["image_segmentation/cell_specimen_table"]
        cst = pd.DataFrame({"cell_roi_id": t["id"][()], "cell_specimen_id": t["cell_specimen_id"][()],
                            "valid_roi": t["valid_roi"][()].astype(bool)})
        timestamps = o["dff/traces/timestamps"][()]
        dff = o["dff/traces/data"][()].T  # stored (time, rois)
        dff_rows = o["dff/traces/rois"][()]
        ev = o["event_detection/data"][()].T
        ev_rows = o["event_detection/rois"][()]
        rate = float(f["general/optophysiology/imaging_plane_1/imaging_rate"][()])
        md = f["general/metadata"].attrs
        genotype = s(f["general/subject/genotype"])
        meta = {"ophys_experiment_id": int(md["ophys_experiment_id"]), "ophys_session_id": int(md["ophys_session_id"]),
                "targeted_structure": s(f["general/optophysiology/imaging_plane_1/location"]),
                "imaging_depth": int(md["imaging_depth"]), "equipment_name": str(md["equipment_name"]),
                "cre_line": genotype.split(";")[0].replace("/wt", "") if ";" in genotype else None,
                "mouse_id": s(f["general/subject/subject_id"]), "sex": s(f["general/subject/sex"])}
    filtered = filter_events_array(ev, scale=2.0 / 31.0 * rate)
    roi_of_row = cst["cell_roi_id"].values
    dff_by_roi = {roi_of_row[r]: dff[i] for i, r in enumerate(dff_rows)}
    ev_by_roi = {roi_of_row[r]: (ev[i], filtered[i]) for i, r in enumerate(ev_rows)}
    return cst, timestamps, dff_by_roi, ev_by_roi, meta


def build_tidy_cell_df(path):
    cst, timestamps, dff_by_roi, ev_by_roi, meta = experiment(path)
    cst = cst.query("valid_roi").reset_index(drop=True)
    n = len(timestamps)
    blocks = []
    for _, cell in cst.iterrows():
        roi = cell["cell_roi_id"]
        d = dff_by_roi.get(roi, np.full(n, np.nan))
        e, fe = ev_by_roi.get(roi, (np.full(n, np.nan), np.full(n, np.nan)))
        block = pd.DataFrame({"timestamps": timestamps, "dff": d, "events": e, "filtered_events": fe})
        block["cell_roi_id"] = np.int32(roi)
        block["cell_specimen_id"] = np.int32(cell["cell_specimen_id"])
        blocks.append(block)
    df = pd.concat(blocks)
    for c in ["cell_roi_id", "cell_specimen_id"]:
        df[c] = pd.Categorical(df[c], categories=[np.int32(v) for v in cst[c].values])
    for k, v in meta.items():
        df[k] = v
    return df


if __name__ == "__main__":
    out, files = sys.argv[1], sys.argv[2:]
    t0 = time.perf_counter()
    tidy = pd.concat([build_tidy_cell_df(p) for p in files])
    seconds = time.perf_counter() - t0
    tidy.to_csv(out, index=False)
    print("build %.3f s, to_csv %.3f s, %d rows" % (seconds, time.perf_counter() - t0 - seconds, len(tidy)))
