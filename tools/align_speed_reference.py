#!/usr/bin/python3
"""The numpy/pandas equivalent of bench/.../BehaviorAlignBench: mindscope's event_triggered_response (pandas label
slices and np.interp per event, as mindscope_utilities does; see tools/ophys_reference.py) of a 60 Hz series over
90 minutes at 500 change times, window [-1, 2] s; and a vectorised numpy version (one np.interp over all events)
for the best a numpy user could write. Prints the median wall time of each over a few runs, warm.

usage: align_speed_reference.py
"""
import time
import numpy as np
import pandas as pd
import importlib.util, os

spec = importlib.util.spec_from_file_location("ref", os.path.join(os.path.dirname(__file__), "ophys_reference.py"))
ref = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ref)

rng = np.random.default_rng(14)
n = 60 * 60 * 90
ts = 5 + np.cumsum((1 + 0.04 * (rng.random(n) - 0.5)) / 60.0)
y = 20 + 10 * np.sin(np.arange(n) / 600.0) + rng.standard_normal(n)
changes = np.sort(10 + rng.random(500) * (ts[-1] - 20))
t_array = ref.get_time_array(-1, 2, 60.0)


def mindscope():
    return np.array([ref.mindscope_interpolated(ts, y, ev, -1, 2, t_array) for ev in changes])


def vectorised():
    return np.interp((changes[:, None] + t_array[None, :]).ravel(), ts, y).reshape(len(changes), len(t_array))


for name, f in (("mindscope event_triggered_response (pandas per event)", mindscope), ("numpy, one np.interp", vectorised)):
    f()
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        f()
        runs.append(time.perf_counter() - t0)
    print("%-55s %9.2f ms (median of 5)" % (name, 1e3 * sorted(runs)[2]))
