#!/usr/bin/python3
"""Independent numpy/pandas reference for Ragtime's event-triggered dF/F (org.ragtime.engine.align).

It re-implements mindscope_utilities' ``event_triggered_response`` (AllenSDK Visual Behavior tools) from
its specification (shared/reference/allensdk-semantics.md, sections 3.2-3.3): pandas label slices,
``np.interp``, ``np.linspace``, ``np.searchsorted``. It never calls Java. Where mindscope fails or wraps
around (an empty window, negative indices, events after the last frame) it applies Ragtime's documented
rules (docs/ophys.md) and checks that, everywhere mindscope does give an answer, the two agree.

Usage (Debian's /usr/bin/python3 with python3-numpy and python3-pandas):
  ophys_reference.py cases OUTDIR            synthetic edge cases, one sub-directory each
  ophys_reference.py sample NWB OUTDIR       the bundled AllenSDK-style ophys file (needs h5py)
  ophys_reference.py series NWB PATH TABLE COLUMN T_START T_END OUTDIR
                                             any TimeSeries (data, timestamps or starting_time + rate), aligned
                                             to the non-NaN COLUMN values of /intervals/TABLE (ragtime align);
                                             TABLE "-": COLUMN is the event times, comma-separated

Each case directory holds .npy inputs (the NWB sample's come from the file) (traces (frames, rois), timestamps, events, optional condition),
params.json and expected outputs: time.npy, expected.npy (rois, events, samples) and, with conditions,
means.npy / counts.npy (rois, conditions, samples).
"""
import json
import math
import os
import sys

import numpy as np
import pandas as pd


# ----------------------------------------------------------------------------- mindscope, literally

def get_time_array(t_start, t_end, sampling_rate, include_endpoint=True):
    step_size = 1 / sampling_rate
    n_steps = (t_end - t_start) / step_size
    if n_steps != int(n_steps):
        n_steps = int(n_steps)
        t_end_adjusted = t_start + n_steps * step_size
        include_endpoint = True
    else:
        t_end_adjusted = t_end
    if include_endpoint:
        n_steps += 1
    return np.linspace(t_start, t_end_adjusted, int(n_steps), endpoint=include_endpoint)


def index_of_nearest_value(ts, events):
    ins = np.searchsorted(ts, events)
    d1 = ts[ins] - events  # raises IndexError for an event after the last sample (mindscope does too)
    d0 = np.abs(ts[np.clip(ins - 1, 0, np.inf).astype(int)] - events)
    return ins - (d1 > d0).astype(int)


def mean_rate(ts):
    return 1 / np.diff(ts).mean()


def mindscope_interpolated(ts, y, event, t_start, t_end, t_array):
    """One ROI, one event: raises ValueError on an empty window, as mindscope does."""
    series = pd.DataFrame({"t": ts, "y": y}).set_index("t")["y"]
    data_slice = series.loc[event + t_start: event + t_end]
    return np.interp(t_array, data_slice.index - event, data_slice.values)


def mindscope_nearest(ts, y, events, t_start, t_end):
    """One ROI, all events: (samples, events); wraps negative indices, raises past the end."""
    rate = mean_rate(ts)
    idx = index_of_nearest_value(ts, np.asarray(events))
    trace_len = (t_end - t_start) * rate
    start = int(t_start * rate)
    end = int(start + trace_len) + 1
    all_inds = idx + np.arange(start, end)[:, None]
    return y[all_inds], np.arange(start, end) / rate


# ----------------------------------------------------------------------------- Ragtime's rules

def ragtime_interpolated(ts, traces, events, t_start, t_end, rate, include_endpoint):
    """(rois, events, samples); an empty window or a non-finite event gives NaN instead of ValueError."""
    if rate is None:
        rate = mean_rate(ts)
    t_array = get_time_array(t_start, t_end, rate, include_endpoint)
    out = np.full((traces.shape[1], len(events), len(t_array)), np.nan)
    for c in range(traces.shape[1]):
        for e, ev in enumerate(events):
            if not np.isfinite(ev):
                continue
            try:
                out[c, e] = mindscope_interpolated(ts, traces[:, c], ev, t_start, t_end, t_array)
            except ValueError:
                lo = np.searchsorted(ts, ev + t_start, "left")
                hi = np.searchsorted(ts, ev + t_end, "right")
                assert hi <= lo, "np.interp failed on a non-empty window"
    return t_array, out


def ragtime_nearest_frames(ts, events, rate):
    n = len(ts)
    frames = []
    for ev in events:
        if not np.isfinite(ev):
            frames.append(None)
        elif ev < ts[0]:
            frames.append(-int(math.ceil((ts[0] - ev) * rate - 0.5)))
        elif ev > ts[-1]:
            frames.append(n - 1 + int(math.floor((ev - ts[-1]) * rate + 0.5)))
        else:
            frames.append(int(index_of_nearest_value(ts, np.array([ev]))[0]))
    return frames


def ragtime_nearest(ts, traces, events, t_start, t_end):
    rate = mean_rate(ts)
    start = int(t_start * rate)
    end = int(start + (t_end - t_start) * rate) + 1
    time = np.arange(start, end) / rate
    frames = ragtime_nearest_frames(ts, events, rate)
    n = len(ts)
    out = np.full((traces.shape[1], len(events), end - start), np.nan)
    for e, f in enumerate(frames):
        if f is None:
            continue
        for k in range(start, end):
            if 0 <= f + k < n:
                out[:, e, k - start] = traces[f + k, :]
    # where mindscope answers without wrapping, it must agree
    inside = [e for e, ev in enumerate(events)
              if np.isfinite(ev) and ts[0] <= ev <= ts[-1] and 0 <= frames[e] + start and frames[e] + end - 1 < n]
    if inside:
        sub = np.asarray(events)[inside]
        for c in range(traces.shape[1]):
            ms, ms_time = mindscope_nearest(ts, traces[:, c], sub, t_start, t_end)
            np.testing.assert_array_equal(ms.T, out[c, inside])
            np.testing.assert_array_equal(ms_time, time)
    return time, out


def condition_means(responses, condition, conditions):
    rois, _, samples = responses.shape
    means = np.full((rois, conditions, samples), np.nan)
    counts = np.zeros((rois, conditions, samples), dtype=np.int64)
    for k in range(conditions):
        sel = responses[:, condition == k, :]
        counts[:, k, :] = np.sum(~np.isnan(sel), axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            means[:, k, :] = np.where(counts[:, k, :] > 0, np.nansum(sel, axis=1) / counts[:, k, :], np.nan)
    return means, counts


# ----------------------------------------------------------------------------- cases

def write_case(root, name, ts, traces, events, t_start, t_end, rate=None, include_endpoint=True,
               interpolate=True, condition=None, conditions=0, inputs=True):
    d = os.path.join(root, name)
    os.makedirs(d, exist_ok=True)
    ts = np.ascontiguousarray(ts, dtype=np.float64)
    traces = np.ascontiguousarray(traces, dtype=np.float64)
    events = np.ascontiguousarray(events, dtype=np.float64)
    if interpolate:
        time, out = ragtime_interpolated(ts, traces, events, t_start, t_end, rate, include_endpoint)
    else:
        time, out = ragtime_nearest(ts, traces, events, t_start, t_end)
    if inputs:  # the NWB sample's inputs are read from the file itself
        np.save(os.path.join(d, "timestamps.npy"), ts)
        np.save(os.path.join(d, "traces.npy"), traces)
    np.save(os.path.join(d, "events.npy"), events)
    np.save(os.path.join(d, "time.npy"), np.ascontiguousarray(time, dtype=np.float64))
    np.save(os.path.join(d, "expected.npy"), np.ascontiguousarray(out))
    params = {"t_start": t_start, "t_end": t_end, "rate": rate, "include_endpoint": include_endpoint,
              "interpolate": interpolate, "conditions": conditions}
    if condition is not None:
        condition = np.asarray(condition, dtype=np.int64)
        means, counts = condition_means(out, condition, conditions)
        np.save(os.path.join(d, "condition.npy"), condition)
        np.save(os.path.join(d, "means.npy"), means)
        np.save(os.path.join(d, "counts.npy"), counts)
    with open(os.path.join(d, "params.json"), "w") as f:
        json.dump(params, f)


def jittered(rng, n, rate, t0=0.0, jitter=0.15):
    dt = (1 + jitter * (rng.random(n) - 0.5)) / rate
    return t0 + np.concatenate([[0.0], np.cumsum(dt[1:])])


def cases(root):
    rng = np.random.default_rng(20240605)

    # the worked example of the specification (3.2): [4.0, 4.2, 5.2, 6.2, 7.0]
    ts = np.arange(11) * 0.1
    write_case(root, "spec_example", ts, (10 * ts)[:, None], [0.52], -0.2, 0.2, rate=10, include_endpoint=True)

    # 31 Hz with jitter, 11 ROIs (not a multiple of any vector width), events everywhere: before the start,
    # near both ends, entirely outside, unsorted, duplicates, NaN
    n = 400
    ts = jittered(rng, n, 31.0, t0=5.0)
    traces = rng.normal(size=(n, 11)).cumsum(axis=0)
    events = np.concatenate([rng.uniform(ts[0] - 1, ts[-1] + 1, 150),
                             [ts[0], ts[-1], ts[0] - 0.3, ts[-1] + 0.3, ts[0] - 5, ts[-1] + 5, ts[100], ts[100],
                              ts[0] + 0.001, ts[-1] - 0.001, np.nan]])
    rng.shuffle(events)
    cond = rng.integers(-1, 4, len(events))
    write_case(root, "jitter_interp", ts, traces, events, -0.5, 0.75, rate=10.0, include_endpoint=False,
               condition=cond, conditions=4)
    write_case(root, "jitter_interp_default_rate", ts, traces, events, -0.1, 0.5, rate=None)
    write_case(root, "jitter_upsampled", ts, traces, events, -0.2, 0.3, rate=100.0)
    write_case(root, "jitter_nearest", ts, traces, events, -0.5, 0.75, interpolate=False,
               condition=cond, conditions=4)

    # NaN and infinities in traces: numpy's retry from the right and its flat-segment rule
    tr = traces.copy()
    tr[rng.integers(0, n, 40), rng.integers(0, 11, 40)] = np.nan
    tr[50:54, 2] = np.inf
    tr[60:62, 3] = -np.inf
    tr[70, 4] = np.inf
    tr[71, 4] = -np.inf
    write_case(root, "nan_inf_interp", ts, tr, events, -0.5, 0.75, rate=31.0)
    write_case(root, "nan_inf_nearest", ts, tr, events, -0.5, 0.75, interpolate=False)

    # exact hits: timestamps on a 0.1 s grid, events on it too
    ts = np.arange(200) * 0.1
    traces = rng.normal(size=(200, 9))
    write_case(root, "grid_hits", ts, traces, np.arange(0, 20, 0.3), -1.0, 1.0, rate=10.0)

    # duplicate timestamps (allowed by pandas' sorted label slice)
    ts = np.sort(np.round(jittered(rng, 300, 31.0), 2))
    traces = rng.normal(size=(300, 8))
    write_case(root, "duplicate_timestamps", ts, traces, rng.uniform(-1, 11, 60), -0.3, 0.3, rate=20.0)

    # a single frame: windows containing it give a constant, others NaN
    write_case(root, "single_frame", np.array([2.0]), np.array([[1.5, -2.0, 7.0]]), [1.9, 2.0, 2.6, 1.0, 2.2],
               -0.25, 0.5, rate=8.0)

    # a long recording, few ROIs, a window wider than many frames, nearest with an exact tie
    ts = np.arange(3000) / 30.0
    traces = rng.normal(size=(3000, 17))
    ev = np.concatenate([rng.uniform(-2, 102, 80), [(ts[10] + ts[11]) / 2, 0.0, ts[-1]]])
    write_case(root, "regular_nearest_ties", ts, traces, ev, -1.0, 2.0, interpolate=False)


# ----------------------------------------------------------------------------- the bundled NWB sample

def sample(nwb, root):
    import h5py
    with h5py.File(nwb, "r") as f:
        ts = f["processing/ophys/dff/traces/timestamps"][:]
        dff = f["processing/ophys/dff/traces/data"][:]
        name = [k for k in f["intervals"] if k.endswith("_presentations")][0]
        p = f["intervals"][name]
        events = p["start_time"][:]
        images = [x.decode() for x in p["image_name"][:]]
        ev_ts = f["processing/ophys/event_detection/timestamps"][:]
        ev_data = f["processing/ophys/event_detection/data"][:]
    names = sorted(set(images))
    cond = np.array([names.index(x) for x in images])
    write_case(root, "sample_dff_interp", ts, dff, events, -0.5, 0.75, rate=31.0, condition=cond,
               conditions=len(names), inputs=False)
    write_case(root, "sample_dff_nearest", ts, dff, events, -0.5, 0.75, interpolate=False, inputs=False)
    write_case(root, "sample_events_interp", ev_ts, ev_data, events, -0.25, 1.0, rate=None, inputs=False)
    with open(os.path.join(root, "sample_conditions.json"), "w") as f:
        json.dump(names, f)


def series(nwb, path, table, column, t_start, t_end, root):
    """A TimeSeries read by h5py as pynwb would (1-D data is one column), aligned to a table's column."""
    import h5py
    with h5py.File(nwb, "r") as f:
        g = f[path]
        y = g["data"][:].astype(np.float64)
        if "timestamps" in g:
            ts = g["timestamps"][:].astype(np.float64)
        else:
            st = g["starting_time"]
            ts = np.arange(len(y)) / st.attrs["rate"] + st[()]
        if table == "-":  # COLUMN holds the event times themselves, comma-separated; ids 0..n-1
            ev = np.array([float(x) for x in column.split(",")])
            ids = np.arange(len(ev))
        else:
            ev = f["intervals"][table][column][:].astype(np.float64)
            ids = f["intervals"][table]["id"][:]
    keep = ~np.isnan(ev)
    y = y.reshape(len(y), -1)
    write_case(root, "series_interp", ts, y, ev[keep], t_start, t_end, rate=None, inputs=False)
    write_case(root, "series_nearest", ts, y, ev[keep], t_start, t_end, interpolate=False, inputs=False)
    np.save(os.path.join(root, "ids.npy"), ids[keep])


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "cases":
        cases(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "sample":
        sample(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 9 and sys.argv[1] == "series":
        series(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], float(sys.argv[6]), float(sys.argv[7]), sys.argv[8])
    else:
        sys.exit(__doc__)
