#!/usr/bin/python3
"""Independent numpy/pandas reference for Ragtime's Visual Behavior performance metrics
(org.ragtime.engine.behavior.Performance, org.ragtime.io.behavior.BehaviorSession, `ragtime behavior`).

Transcribed from AllenSDK's formulas (AllenInstitute/AllenSDK @ 1bdca3ad, docs/behavior.md), not from
Ragtime's code, with pandas, numpy and scipy exactly as AllenSDK calls them:
  allensdk/brain_observatory/behavior/dprime.py                 get_go_responses, get_hit_rate,
        get_trial_count_corrected_hit_rate, get_catch_responses, get_false_alarm_rate,
        get_trial_count_corrected_false_alarm_rate, get_rolling_dprime, get_dprime, trial_number_limit
  allensdk/brain_observatory/behavior/data_objects/trials/trials.py   Trials.from_nwb,
        _calculate_response_latency_list, calculate_reward_rate, rolling_performance,
        get_engaged_trial_count
  allensdk/brain_observatory/behavior/data_objects/rewards.py   Rewards.from_nwb
  allensdk/brain_observatory/behavior/behavior_session.py       get_rolling_performance_df,
        get_performance_metrics
The NWB file is read with h5py the way pynwb's ``trials.to_dataframe()`` shows it (ragged lick_times as
one list per row, index = the id dataset).

Eye tracking (EyeTrackingTable.from_nwb with eye_tracking_processing.determine_outliers,
determine_likely_blinks and filter_on_blinks; z_threshold 3.0, dilation_frames 2): eye_tracking(f).

Usage (Debian's /usr/bin/python3 with python3-numpy, -pandas, -scipy and -h5py):
  behavior_reference.py NWB METRICS.csv ROLLING.csv [--engaged R]
writes get_performance_metrics() as one CSV row (its keys as columns) and get_rolling_performance_df()
with its trials_id index as the first column; NaN as empty fields.
  behavior_reference.py --time NWB [REPEATS]
prints the median wall time (ms) of get_rolling_performance_df() and of get_performance_metrics() (which,
as in AllenSDK, computes the rolling table twice), warm, over REPEATS runs (default 7), and of reading.
"""
import sys

import h5py
import numpy as np
import pandas as pd
from scipy.stats import norm

SLIDING_WINDOW = 100


# ----------------------------------------------------------------------------- reading (pynwb's view)

def _column(group, name):
    ds = group[name]
    data = ds[:]
    if data.dtype.kind in "SO":
        data = np.array([v.decode() if isinstance(v, bytes) else v for v in data], dtype=object)
    if name + "_index" in group:
        ends = group[name + "_index"][:].astype(np.int64)
        starts = np.concatenate([[0], ends[:-1]])
        return [list(data[s:e]) for s, e in zip(starts, ends)]
    return data


def read_trials(f):
    g = f["intervals/trials"]
    colnames = [c.decode() if isinstance(c, bytes) else c for c in g.attrs["colnames"]]
    df = pd.DataFrame({c: _column(g, c) for c in colnames}, index=pd.Index(g["id"][:], name="id"))
    if "lick_events" in df.columns:
        df = df.drop("lick_events", axis=1)
    df.index = df.index.rename("trials_id")
    return df.rename(columns={"stimulus_change": "is_change"})  # Trials.__init__


def read_rewards(f):
    if "processing/rewards" in f:
        r = f["processing/rewards"]
        time = r["autorewarded/timestamps"][:]
        autorewarded = r["autorewarded/data"][:]
        volume = r["volume/data"][:]
    else:
        volume, time, autorewarded = [], [], []
    return pd.DataFrame({"volume": volume, "timestamps": time, "auto_rewarded": autorewarded})


def response_window_start(f):
    v = f["general/task_parameters/response_window_sec"][:]
    return [float(x.decode() if isinstance(x, bytes) else x) for x in v][0]


def eye_tracking(f, z_threshold=3.0, dilation_frames=2):
    from scipy import ndimage, stats
    et = f["acquisition/EyeTracking"]
    eye, pupil, cr = et["eye_tracking"], et["pupil_tracking"], et["corneal_reflection_tracking"]
    d = pd.DataFrame({
        "timestamps": eye["timestamps"][:],
        "cr_area": cr["area_raw"][:], "eye_area": eye["area_raw"][:], "pupil_area": pupil["area_raw"][:],
        "likely_blink": et["likely_blink/data"][:],
        "pupil_area_raw": pupil["area_raw"][:], "cr_area_raw": cr["area_raw"][:], "eye_area_raw": eye["area_raw"][:],
        "cr_center_x": cr["data"][:, 0], "cr_center_y": cr["data"][:, 1], "cr_width": cr["width"][:],
        "cr_height": cr["height"][:], "cr_phi": cr["angle"][:],
        "eye_center_x": eye["data"][:, 0], "eye_center_y": eye["data"][:, 1], "eye_width": eye["width"][:],
        "eye_height": eye["height"][:], "eye_phi": eye["angle"][:],
        "pupil_center_x": pupil["data"][:, 0], "pupil_center_y": pupil["data"][:, 1], "pupil_width": pupil["width"][:],
        "pupil_height": pupil["height"][:], "pupil_phi": pupil["angle"][:],
    })
    d.index = d.index.rename("frame")
    area_df = d[["eye_area_raw", "pupil_area_raw"]]
    outliers = pd.Series((area_df.apply(stats.zscore, nan_policy="omit").apply(np.abs) > z_threshold).any(axis=1))
    blinks = pd.isnull(d["eye_area_raw"]) | pd.isnull(d["pupil_area_raw"]) | outliers
    likely = ndimage.binary_dilation(blinks, iterations=dilation_frames) if dilation_frames > 0 else blinks
    d["likely_blink"] = pd.Series(likely, index=d.index)
    for c in ("eye_area", "pupil_area", "cr_area", "eye_width", "eye_height", "eye_phi",
              "pupil_width", "pupil_height", "pupil_phi"):
        d.loc[d["likely_blink"], c] = np.nan
    return d


# ----------------------------------------------------------------------------- dprime.py

def get_go_responses(hit=None, miss=None, aborted=None):
    assert len(hit) == len(miss) == len(aborted)
    not_aborted = np.logical_not(np.array(aborted, dtype=bool))
    hit = np.array(hit, dtype=bool)[not_aborted]
    miss = np.array(miss, dtype=bool)[not_aborted]
    go_responses = np.empty_like(hit, dtype="float")
    go_responses.fill(float("nan"))
    go_responses[hit] = 1
    go_responses[miss] = 0
    return go_responses


def get_catch_responses(correct_reject=None, false_alarm=None, aborted=None):
    assert len(correct_reject) == len(false_alarm) == len(aborted)
    not_aborted = np.logical_not(np.array(aborted, dtype=bool))
    correct_reject = np.array(correct_reject, dtype=bool)[not_aborted]
    false_alarm = np.array(false_alarm, dtype=bool)[not_aborted]
    catch_responses = np.empty_like(correct_reject, dtype="float")
    catch_responses.fill(float("nan"))
    catch_responses[false_alarm] = 1
    catch_responses[correct_reject] = 0
    return catch_responses


def trial_number_limit(p, N):
    if N == 0:
        return np.nan
    if not pd.isnull(p):
        p = np.max((p, 1.0 / (2 * N)))
        p = np.min((p, 1 - 1.0 / (2 * N)))
    return p


def _raw_rate(responses):
    return pd.Series(responses).rolling(window=SLIDING_WINDOW, min_periods=0).mean().values


def _corrected_rate(responses):
    count = pd.Series(responses).rolling(window=SLIDING_WINDOW, min_periods=0).count()
    rate = pd.Series(responses).rolling(window=SLIDING_WINDOW, min_periods=0).mean().values
    return np.vectorize(trial_number_limit)(rate, count)


def get_dprime(hit_rate, fa_rate):
    limits = (1 / SLIDING_WINDOW, 1 - 1 / SLIDING_WINDOW)
    hit_rate = np.clip(hit_rate, limits[0], limits[1])
    fa_rate = np.clip(fa_rate, limits[0], limits[1])
    d_prime = norm.ppf(pd.Series(hit_rate)) - norm.ppf(pd.Series(fa_rate))
    (value,) = d_prime  # allensdk.one
    return value


# ----------------------------------------------------------------------------- trials.py

def response_latency_list(trials, window_start):
    df = pd.DataFrame({"lick_times": trials["lick_times"], "change_time": trials["change_time"]})
    df["valid_response_licks"] = df.apply(
        lambda trial: [lt for lt in trial["lick_times"] if lt - trial["change_time"] > window_start], axis=1)
    latency = df.apply(
        lambda trial: trial["valid_response_licks"][0] - trial["change_time"]
        if len(trial["valid_response_licks"]) > 0 else float("inf"), axis=1)
    return latency.tolist()


def calculate_reward_rate(trials, window_start, window=0.75, trial_window=25, initial_trials=10):
    response_latency = response_latency_list(trials, window_start)
    starttime = trials["start_time"].values
    df = pd.DataFrame({"response_latency": response_latency, "starttime": starttime})
    reward_rate = np.zeros(len(df))
    reward_rate[:initial_trials] = np.inf
    for trial_number in range(initial_trials, len(df)):
        min_index = np.max((0, trial_number - trial_window))
        max_index = np.min((trial_number + trial_window, len(df)))
        df_roll = df.iloc[min_index:max_index]
        correct = len(df_roll[df_roll.response_latency < window])
        time_elapsed = df_roll.starttime.iloc[-1] - df_roll.starttime.iloc[0]
        reward_rate[trial_number] = correct / time_elapsed * 60
    reward_rate[np.isinf(reward_rate)] = float("nan")
    return reward_rate


def rolling_performance(trials, window_start):
    aborted = trials["aborted"]
    not_aborted_index = trials[np.logical_not(aborted)].index
    df = pd.DataFrame(index=trials.index)
    df["reward_rate"] = pd.Series(calculate_reward_rate(trials, window_start), index=trials.index)
    go = get_go_responses(hit=trials["hit"], miss=trials["miss"], aborted=aborted)
    catch = get_catch_responses(correct_reject=trials["correct_reject"], false_alarm=trials["false_alarm"], aborted=aborted)
    df["hit_rate_raw"] = pd.Series(_raw_rate(go), index=not_aborted_index)
    hit_rate = _corrected_rate(go)
    df["hit_rate"] = pd.Series(hit_rate, index=not_aborted_index)
    df["false_alarm_rate_raw"] = pd.Series(_raw_rate(catch), index=not_aborted_index)
    fa_rate = _corrected_rate(catch)
    df["false_alarm_rate"] = pd.Series(fa_rate, index=not_aborted_index)
    passive = (trials["reward_volume"] == 0).all() and (trials["lick_times"].apply(lambda x: len(x)) == 0).all()
    if passive:
        dprime = np.zeros(len(hit_rate))
    else:
        dprime = np.array([get_dprime(hr, far) for hr, far in zip(hit_rate, fa_rate)])
    df["rolling_dprime"] = pd.Series(dprime, index=not_aborted_index)
    return df


# ----------------------------------------------------------------------------- behavior_session.py

def performance_metrics(trials, rewards, window_start, threshold=2.0):
    m = {
        "trial_count": trials.shape[0],
        "go_trial_count": trials["go"].sum(),
        "catch_trial_count": trials["catch"].sum(),
        "hit_trial_count": trials["hit"].sum(),
        "miss_trial_count": trials["miss"].sum(),
        "false_alarm_trial_count": trials["false_alarm"].sum(),
        "correct_reject_trial_count": trials["correct_reject"].sum(),
        "auto_reward_count": trials.auto_rewarded.sum(),
        "earned_reward_count": trials.hit.sum(),
        "total_reward_count": len(rewards),
        "total_reward_volume": rewards.volume.sum(),
    }
    rpdf = rolling_performance(trials, window_start)
    engaged = rpdf["reward_rate"] > threshold
    m["maximum_reward_rate"] = np.nanmax(rpdf["reward_rate"].values)
    m["engaged_trial_count"] = (rolling_performance(trials, window_start)["reward_rate"] > threshold).sum()
    m["mean_hit_rate"] = rpdf["hit_rate"].mean()
    m["mean_hit_rate_uncorrected"] = rpdf["hit_rate_raw"].mean()
    m["mean_hit_rate_engaged"] = rpdf["hit_rate"][engaged].mean()
    m["mean_false_alarm_rate"] = rpdf["false_alarm_rate"].mean()
    m["mean_false_alarm_rate_uncorrected"] = rpdf["false_alarm_rate_raw"].mean()
    m["mean_false_alarm_rate_engaged"] = rpdf["false_alarm_rate"][engaged].mean()
    m["mean_dprime"] = rpdf["rolling_dprime"].mean()
    m["mean_dprime_engaged"] = rpdf["rolling_dprime"][engaged].mean()
    m["max_dprime"] = rpdf["rolling_dprime"].max()
    m["max_dprime_engaged"] = rpdf["rolling_dprime"][engaged].max()
    return m, rpdf


def time_it(nwb, repeats):
    import time
    import warnings
    warnings.simplefilter("ignore", RuntimeWarning)
    def median(fn):
        fn()
        ts = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            fn()
            ts.append((time.perf_counter() - t0) * 1e3)
        return sorted(ts)[len(ts) // 2]
    def read():
        with h5py.File(nwb, "r") as f:
            return read_trials(f), read_rewards(f), response_window_start(f)
    trials, rewards, start = read()
    print("trials %d  read %.1f ms  get_rolling_performance_df %.1f ms  get_performance_metrics %.1f ms" % (
        len(trials), median(read), median(lambda: rolling_performance(trials, start)),
        median(lambda: performance_metrics(trials, rewards, start))))


def main(argv):
    if argv and argv[0] == "--time":
        return time_it(argv[1], int(argv[2]) if len(argv) > 2 else 7)
    if len(argv) not in (3, 5) or (len(argv) == 5 and argv[3] != "--engaged"):
        sys.exit(__doc__)
    threshold = float(argv[4]) if len(argv) == 5 else 2.0
    with h5py.File(argv[0], "r") as f:
        trials, rewards, start = read_trials(f), read_rewards(f), response_window_start(f)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # nanmax of all-NaN, 0/0 spans: AllenSDK warns too
        m, rpdf = performance_metrics(trials, rewards, start, threshold)
    pd.DataFrame([m]).to_csv(argv[1], index=False)
    rpdf.to_csv(argv[2], index=True)


if __name__ == "__main__":
    main(sys.argv[1:])
