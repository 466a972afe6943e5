#!/usr/bin/env python3
"""Per-call overhead of the Python package (docs/python.md, docs/benchmarks.md).

Measures, on the bundled sample session: importing ragtime (numpy, pandas, xarray, jpype), starting the JVM,
opening the session, then per analysis the median time of the Python call (Java call + conversion to
xarray/pandas) against the bare Java call through JPype (the same method, result closed, no conversion), and
the command line per call (a fresh JVM each time, the launcher's AOT cache), the fallback this package does
not use. Also the zero-copy hand-over of a large array against a copy.

    /usr/bin/python3 tools/python_overhead.py [--repeat 200] [--cli-repeat 5]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
S = os.path.join(ROOT, "data/nwb/generated/allensdk_style_ecephys_session.nwb")


def median_ms(f, n):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1e3


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=200)
    ap.add_argument("--cli-repeat", type=int, default=5)
    ap.add_argument("--config-a", metavar="NWB", help="also time config A (ragtime generate --config A --out NWB)")
    a = ap.parse_args()

    t = time.perf_counter()
    sys.path.insert(0, os.path.join(ROOT, "python"))
    import numpy as np
    import ragtime
    from ragtime import ecephys
    t_import = time.perf_counter() - t
    t = time.perf_counter()
    java = ragtime.start_jvm()
    t_jvm = time.perf_counter() - t
    t = time.perf_counter()
    s = ragtime.EcephysSession(S)
    t_open = time.perf_counter() - t
    edges = np.arange(61) * 0.01 - 0.1
    J = ecephys.J
    I = J("org.ragtime.io.ecephys.Intervals")
    U = J("org.ragtime.io.ecephys.UnitSelection")
    jedges = ecephys._doubles(edges)

    def java_counts():
        s._java.presentationwiseSpikeCounts(jedges, I.ofStimulus("drifting_gratings"), U.all()).close()

    rows = []
    first = time.perf_counter()
    s.presentationwise_spike_counts(edges, stimulus="drifting_gratings")
    t_first = time.perf_counter() - first
    rows.append(("presentationwise_spike_counts (30 x 60 x 40 uint16)",
                 median_ms(lambda: s.presentationwise_spike_counts(edges, stimulus="drifting_gratings"), a.repeat),
                 median_ms(java_counts, a.repeat)))
    rows.append(("psth (40 x 60 float64)",
                 median_ms(lambda: s.psth(edges, stimulus="drifting_gratings"), a.repeat),
                 median_ms(lambda: s._java.psth(jedges, I.ofStimulus("drifting_gratings"), U.all(),
                                                ecephys._rule("closed"), False, None).close(), a.repeat)))
    rows.append(("bin_spikes (40 x 6,001 int32)", median_ms(lambda: s.bin_spikes(0.01, 0, 60), a.repeat),
                 median_ms(lambda: s._java.binnedSpikeCounts(0.01, 0.0, J("java.lang.Double")(60.0), U.all(), None,
                                                             None).close(), a.repeat)))
    rows.append(("presentationwise_spike_times (DataFrame)",
                 median_ms(lambda: s.presentationwise_spike_times(stimulus="drifting_gratings"), a.repeat),
                 median_ms(lambda: s._java.presentationwiseSpikeTimes(I.ofStimulus("drifting_gratings"), U.all()),
                           a.repeat)))
    rows.append(("conditionwise_spike_statistics (DataFrame)",
                 median_ms(lambda: s.conditionwise_spike_statistics(stimulus="drifting_gratings"), a.repeat),
                 median_ms(lambda: s._java.conditionwiseSpikeStatistics(I.ofStimulus("drifting_gratings"), U.all(),
                                                                        False), a.repeat)))
    rows.append(("get_units (40 x 38 DataFrame)", median_ms(lambda: s.get_units(), a.repeat),
                 median_ms(lambda: s._java.units(U.all()), a.repeat)))
    rows.append(("stimulus_presentations (50 rows, uncached)",
                 median_ms(lambda: ecephys._presentations(s._java), max(10, a.repeat // 10)), float("nan")))

    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "c.npy")
        cmd = [os.path.join(ROOT, "ragtime"), "counts", S, "--stimulus", "drifting_gratings", "--bins",
               "-0.1:0.5:0.01", "--out", out]
        subprocess.run(cmd, check=True, capture_output=True)  # builds and trains the cache if needed
        cli = median_ms(lambda: subprocess.run(cmd, check=True, capture_output=True), a.cli_repeat)

    # hand-over of a large array: 2,000 units x 60,001 bins int32 (480 MB) from a synthetic-size binning
    big = median_ms(lambda: s.bin_spikes(0.001, 0, 60, unit_ids=np.repeat(s.units.index.values, 50)), 3)
    big_copy = median_ms(lambda: s.bin_spikes(0.001, 0, 60, unit_ids=np.repeat(s.units.index.values, 50), copy=True), 3)

    big_rows = []
    if a.config_a:
        with ragtime.EcephysSession(a.config_a) as x:
            x.presentationwise_spike_counts(edges, stimulus="drifting_gratings")  # warm-up
            big_rows.append(("config A counts, 5,000 x 60 x 500 uint16 (300 MB): Python, zero-copy",
                             median_ms(lambda: x.presentationwise_spike_counts(edges, stimulus="drifting_gratings"), 5)))
            big_rows.append(("config A counts: Python, copy=True",
                             median_ms(lambda: x.presentationwise_spike_counts(edges, stimulus="drifting_gratings",
                                                                               copy=True), 5)))
            big_rows.append(("config A counts: bare Java call via JPype",
                             median_ms(lambda: x._java.presentationwiseSpikeCounts(
                                 jedges, I.ofStimulus("drifting_gratings"), U.all()).close(), 5)))
            st = x.presentationwise_spike_times(stimulus="drifting_gratings")
            big_rows.append(("config A presentationwise_spike_times (%s rows): Python DataFrame" % format(len(st), ","),
                             median_ms(lambda: x.presentationwise_spike_times(stimulus="drifting_gratings"), 3)))
            big_rows.append(("config A presentationwise_spike_times: bare Java call via JPype",
                             median_ms(lambda: x._java.presentationwiseSpikeTimes(I.ofStimulus("drifting_gratings"),
                                                                                   U.all()), 3)))

    print("Python %s, JDK %s, numpy %s, %d cores" % (sys.version.split()[0], java, np.__version__, os.cpu_count()))
    print()
    print("| step | time |")
    print("|---|---|")
    print("| import ragtime (numpy, pandas, xarray, jpype) | %.0f ms |" % (t_import * 1e3))
    print("| start the JVM (once per process) | %.0f ms |" % (t_jvm * 1e3))
    print("| open the session | %.1f ms |" % (t_open * 1e3))
    print("| first analysis (class loading, JIT) | %.0f ms |" % (t_first * 1e3))
    print()
    print("| call (median of %d) | Python | bare Java call via JPype | overhead |" % a.repeat)
    print("|---|---|---|---|")
    for name, py, jv in rows:
        print("| %s | %.3f ms | %s | %s |" % (name, py, "-" if jv != jv else "%.3f ms" % jv,
                                              "-" if jv != jv else "%.3f ms" % (py - jv)))
    print("| the command line, `ragtime counts ...` (fresh JVM, AOT cache; median of %d) | %.0f ms | | |" % (a.cli_repeat, cli))
    print()
    print("| 2,000 x 60,001 int32 (480 MB) bin_spikes | zero-copy %.0f ms | copy=True %.0f ms |" % (big, big_copy))
    if big_rows:
        print()
        print("| config A (median of 5, spike times of 3) | time |")
        print("|---|---|")
        for name, ms in big_rows:
            print("| %s | %.0f ms |" % (name, ms))


if __name__ == "__main__":
    main()
