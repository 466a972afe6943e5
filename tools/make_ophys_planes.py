#!/usr/bin/env python3
"""Writes several imaging planes of one synthetic Visual Behavior 2-photon session for `ragtime tidy` tests and
benchmarks, by copying the bundled AllenSDK-layout plane (data/nwb/generated/allensdk_style_behavior_ophys_experiment.nwb)
with h5py and replacing its cells and traces: CELLS ROIs (about 1 in 8 invalid, with cell_specimen_id -1 as AllenSDK
writes unmatched ROIs), FRAMES frames of random dF/F at the plane's imaging rate, sparse events (gzip-chunked like
AllenSDK's, for every other ROI but one in 10, so some cells have none), and per plane its own
ophys_experiment_id, imaging_depth, targeted structure and imaging rate (planes alternate 31 Hz and 11 Hz).
Traces the tidy table does not use (corrected fluorescence, demixed, neuropil, motion) are removed.

Usage: make_ophys_planes.py SAMPLE.nwb OUTDIR PLANES CELLS FRAMES [SEED]   (writes OUTDIR/plane_<k>.nwb)
"""
import os
import shutil
import sys

import h5py
import numpy as np

STRUCTURES = ["VISp", "VISl", "VISal", "VISam", "VISpm", "VISrl"]


def replace(group, name, data, **kw):
    old = group[name]
    attrs = dict(old.attrs)
    del group[name]
    ds = group.create_dataset(name, data=data, **kw)
    for k, v in attrs.items():
        ds.attrs[k] = v
    return ds


def plane(sample, out, k, cells, frames, rng):
    shutil.copyfile(sample, out)
    rate = 31.0 if k % 2 == 0 else 11.0
    with h5py.File(out, "r+") as f:
        ophys = f["processing/ophys"]
        for name in ["corrected_fluorescence", "demixed_trace", "neuropil_trace",
                     "ophys_motion_correction_x", "ophys_motion_correction_y"]:
            if name in ophys:
                del ophys[name]
        t = ophys["image_segmentation/cell_specimen_table"]
        ids = 10_000_000 + 1000 * k + np.arange(cells, dtype=np.int64)
        valid = rng.random(cells) >= 0.125
        specimen = np.where(valid, 20_000_000 + 1000 * k + np.arange(cells), -1).astype(np.int64)
        replace(t, "id", ids)
        replace(t, "cell_specimen_id", specimen)
        replace(t, "valid_roi", valid)
        for col in ["height", "width", "x", "y", "mask_image_plane"]:
            replace(t, col, rng.integers(0, 512, cells).astype(np.int64))
        for col in ["max_correction_down", "max_correction_left", "max_correction_right", "max_correction_up"]:
            replace(t, col, rng.random(cells) * 10)
        replace(t, "image_mask", np.zeros((cells, 4, 4), dtype=bool))
        stamps = 8.5 + np.arange(frames) / rate + rng.random(frames) * 1e-4
        dff = ophys["dff/traces"]
        replace(dff, "data", rng.normal(0.0, 0.3, (frames, cells)))
        replace(dff, "timestamps", stamps)
        replace(dff, "rois", np.arange(cells, dtype=np.int64))
        with_events = np.array([i for i in range(cells) if i % 10 != 3], dtype=np.int64)
        ev = np.where(rng.random((frames, len(with_events))) < 0.02,
                      rng.exponential(0.5, (frames, len(with_events))), 0.0)
        e = ophys["event_detection"]
        replace(e, "data", ev, chunks=(min(frames, 150), min(len(with_events), 6)), compression="gzip", compression_opts=4)
        replace(e, "timestamps", stamps)
        replace(e, "rois", with_events)
        replace(e, "lambdas", rng.random(len(with_events)))
        replace(e, "noise_stds", rng.random(len(with_events)))
        md = f["general/metadata"]
        md.attrs["ophys_experiment_id"] = 9_990_211 + k
        md.attrs["imaging_depth"] = 150 + 25 * k
        md.attrs["targeted_imaging_depth"] = 150 + 25 * k
        ip = f["general/optophysiology/imaging_plane_1"]
        replace(ip, "imaging_rate", rate)
        replace(ip, "location", STRUCTURES[k % len(STRUCTURES)])


if __name__ == "__main__":
    sample, outdir, planes, cells, frames = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    rng = np.random.default_rng(int(sys.argv[6]) if len(sys.argv) > 6 else 2021)
    os.makedirs(outdir, exist_ok=True)
    for k in range(planes):
        plane(sample, os.path.join(outdir, "plane_%d.nwb" % k), k, cells, frames, rng)
