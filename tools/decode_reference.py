#!/usr/bin/env python3
"""Independent reference for `ragtime decode`, written from the Visual Coding Neuropixels quick start
(AllenSDK doc_template/examples_root/examples/nb/ecephys_quickstart.ipynb, "Decoding visual stimuli") with h5py,
numpy, pandas and scikit-learn only; no Ragtime code.

  design FILE STIMULUS TARGET OUT.json
      presentationwise_spike_times of every unit over the stimulus's presentations (AllenSDK's (start, stop] rule,
      presentation ids by start-time rank over all /intervals/*_presentations tables), then the notebook's
      groupby/count and pivot_table(fill_value=0.0, aggfunc=np.sum), and the targets of the pivot's rows.
      Writes {"stimulus_presentation_id", "unit_id", "counts" (rows of the pivot), "target"}.
  svm X.npy X.coords.json K OUT.json
      the notebook's loop on a given design matrix: KFold(n_splits=K), svm.SVC(gamma="scale", kernel="rbf"),
      accuracy = 1 - count_nonzero(pred - target) / size, confusion_matrix(labels=np.unique(targets)).
      Writes {"accuracies", "predicted" (per row), "labels", "mean_confusion", "best", "worst", "seconds"}.
"""
import json
import sys
import time

import h5py
import numpy as np
import pandas as pd

# AllenSDK's stimulus presentation table (rows ordered by start time, then table, then row): the other reference's
from allensdk_reference import presentations


def spike_table(f, stimulus):
    t = f["units/spike_times"][()]
    idx = f["units/spike_times_index"][()].astype(np.int64)
    ids = f["units/id"][()].astype(np.int64)
    pres = presentations(f)
    sel = [i for i, p in enumerate(pres) if p[1] == stimulus + "_presentations"]
    bounds = np.ravel([[pres[i][0], pres[i][3]] for i in sel])
    frames = []
    for u, (a, b) in enumerate(zip(np.concatenate([[0], idx[:-1]]), idx)):
        s = t[a:b]
        k = np.searchsorted(bounds, s, side="left") - 1  # (start, stop]
        keep = (k % 2) == 0
        frames.append(pd.DataFrame({"spike_time": s[keep],
                                    "stimulus_presentation_id": np.array(sel)[k[keep] // 2],
                                    "unit_id": ids[u]}))
    spikes = pd.concat(frames).sort_values(["spike_time", "unit_id"])
    return spikes, pres, sel


def design(path, stimulus, target, out):
    t0 = time.perf_counter()
    with h5py.File(path, "r") as f:
        spikes, pres, sel = spike_table(f, stimulus)
        column = f["intervals"][stimulus + "_presentations"][target][()]
    t1 = time.perf_counter()
    # the notebook, cell by cell
    spikes["count"] = np.zeros(spikes.shape[0])
    spikes = spikes.groupby(["stimulus_presentation_id", "unit_id"]).count()
    table = pd.pivot_table(spikes, values="count", index="stimulus_presentation_id", columns="unit_id",
                           fill_value=0.0, aggfunc=np.sum)
    t2 = time.perf_counter()
    value = {pid: column[pres[pid][2]] for pid in sel}
    targets = [value[pid] for pid in table.index.values]
    targets = [t.decode() if isinstance(t, bytes) else (int(t) if float(t).is_integer() else float(t)) for t in targets]
    json.dump({"stimulus_presentation_id": [int(i) for i in table.index.values],
               "unit_id": [int(u) for u in table.columns.values],
               "counts": table.values.astype(np.int64).tolist(),
               "dtype": str(table.values.dtype),
               "target": targets,
               "seconds_spike_times": t1 - t0, "seconds_pivot": t2 - t1}, open(out, "w"))


def svm(x_path, coords_path, k, out):
    from sklearn import svm as sk_svm
    from sklearn.metrics import confusion_matrix
    from sklearn.model_selection import KFold
    design_arr = np.load(x_path).astype(float)
    targets_arr = np.array(json.load(open(coords_path))["target"])
    if targets_arr.dtype.kind == "f" and np.all(targets_arr == np.round(targets_arr)):
        targets_arr = targets_arr.astype(int)
    labels = np.unique(targets_arr)
    t0 = time.perf_counter()
    accuracies, confusions = [], []
    predicted = [None] * len(targets_arr)
    for train_indices, test_indices in KFold(n_splits=int(k)).split(design_arr):
        clf = sk_svm.SVC(gamma="scale", kernel="rbf")
        clf.fit(design_arr[train_indices], targets_arr[train_indices])
        test_targets = targets_arr[test_indices]
        test_predictions = clf.predict(design_arr[test_indices])
        if test_targets.dtype.kind in "iuf":
            accuracy = 1 - (np.count_nonzero(test_predictions - test_targets) / test_predictions.size)
        else:
            accuracy = np.mean(test_predictions == test_targets)
        accuracies.append(accuracy)
        confusions.append(confusion_matrix(y_true=test_targets, y_pred=test_predictions, labels=labels))
        for i, p in zip(test_indices, test_predictions):
            predicted[i] = p.item()
    seconds = time.perf_counter() - t0
    mean_confusion = np.mean(confusions, axis=0)
    json.dump({"accuracies": [float(a) for a in accuracies],
               "predicted": predicted,
               "labels": [l.item() for l in labels],
               "mean_confusion": mean_confusion.tolist(),
               "best": labels[np.argmax(np.diag(mean_confusion))].item(),
               "worst": labels[np.argmin(np.diag(mean_confusion))].item(),
               "seconds": seconds}, open(out, "w"))


if __name__ == "__main__":
    if sys.argv[1] == "design":
        design(*sys.argv[2:6])
    elif sys.argv[1] == "svm":
        svm(*sys.argv[2:6])
    else:
        sys.exit("unknown command " + sys.argv[1])
