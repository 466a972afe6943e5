package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.synth.SyntheticBehavior;
import org.ragtime.synth.SyntheticBehavior.Config;
import org.ragtime.testing.Python;

/**
 * {@code ragtime behavior} against tools/behavior_reference.py (AllenSDK's formulas transcribed with pandas and
 * scipy) to 1e-12, on the bundled samples and on generated sessions with AllenSDK's edge cases; and its refusals.
 */
class BehaviorCommandTest {
    static final Path SAMPLE = Cli.DATA.resolve("nwb/generated/allensdk_style_behavior_session.nwb");
    static final Path VBN = Cli.DATA.resolve("nwb/generated/allensdk_style_vbn_session.nwb");

    @Test
    void metricsAndRollingTableEqualThePandasReference(@TempDir Path tmp) throws Exception {
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("sample", SAMPLE);
        files.put("vbn", VBN);
        Config base = Config.metrics(160, 3); // longer than the 100-trial rolling window
        Map<String, Config> cases = new LinkedHashMap<>();
        cases.put("long", base);
        cases.put("no_catch", base.with(120, 5, 0, 0.3, 0.8, 0.25));
        cases.put("all_hits", base.with(200, 0, 0.5, 0, 1, 0)); // more than 50 go and catch trials in the window
        cases.put("mostly_aborted", base.with(120, 2, 0.25, 0.8, 0.7, 0.3));
        cases.put("nan_change_times", base.withNanChangeTrials(6));
        cases.put("shorter_than_window", base.with(8, 2, 0.25, 0.25, 0.8, 0.25));
        cases.put("shorter_than_reward_window", base.with(30, 2, 0.25, 0.25, 0.8, 0.25));
        cases.put("passive", base.with(40, 0, 0.25, 0, 0.8, 0.25).withPassive(true));
        cases.put("legacy_names", base.with(50, 3, 0.25, 0.25, 0.8, 0.25).withLegacyNames(true));
        for (Map.Entry<String, Config> e : cases.entrySet()) {
            Path f = tmp.resolve(e.getKey() + ".nwb");
            SyntheticBehavior.write(f, e.getValue());
            files.put(e.getKey(), f);
        }
        List<String> args = new ArrayList<>();
        args.add(Python.TOOLS.toString());
        for (Map.Entry<String, Path> e : files.entrySet()) {
            Path m = tmp.resolve(e.getKey() + ".metrics.csv"), r = tmp.resolve(e.getKey() + ".rolling.csv");
            Cli c = Cli.run("behavior", e.getValue(), "--out", m, "--rolling", r);
            assertEquals(0, c.status(), c.err());
            assertTrue(c.err().contains("wrote " + m), c.err());
            args.addAll(List.of(e.getKey(), e.getValue().toString(), m.toString(), r.toString()));
        }
        String check = Python.run("""
                import sys, warnings
                import numpy as np, pandas as pd, h5py
                from scipy.stats import norm
                sys.path.insert(0, sys.argv[1])
                import behavior_reference as ref
                a = sys.argv[2:]
                got = {}
                for k in range(0, len(a), 4):
                    name, nwb, mcsv, rcsv = a[k:k + 4]
                    with h5py.File(nwb, 'r') as f:
                        trials, rewards, start = ref.read_trials(f), ref.read_rewards(f), ref.response_window_start(f)
                    with warnings.catch_warnings():
                        warnings.simplefilter('ignore', RuntimeWarning)
                        m, r = ref.performance_metrics(trials, rewards, start)
                    gm, gr = pd.read_csv(mcsv), pd.read_csv(rcsv)
                    assert list(gm.columns) == list(m.keys()), (name, list(gm.columns))
                    assert len(gm) == 1
                    for key, want in m.items():
                        have = gm[key][0]
                        if isinstance(want, (int, np.integer)):
                            assert have == want, (name, key, have, want)
                        else:
                            assert (np.isnan(have) and np.isnan(want)) or abs(have - want) <= 1e-12, (name, key, have, want)
                    assert list(gr.columns) == ['trials_id'] + list(r.columns), (name, list(gr.columns))
                    assert np.array_equal(gr['trials_id'].to_numpy(), r.index.to_numpy()), name
                    for c in r.columns:
                        x, y = gr[c].to_numpy(float), r[c].to_numpy(float)
                        assert np.array_equal(np.isnan(x), np.isnan(y)), (name, c)
                        ok = ~np.isnan(y)
                        assert np.all(np.abs(x[ok] - y[ok]) <= 1e-12), (name, c, np.abs(x[ok] - y[ok]).max())
                    got[name] = (m, r, trials)
                # the fixtures do hold the edge cases they are named after
                m, r, t = got['no_catch']
                assert m['catch_trial_count'] == 0 and np.isnan(m['mean_false_alarm_rate']) and r['rolling_dprime'].isna().all()
                m, r, t = got['all_hits']
                assert m['mean_hit_rate_uncorrected'] == 1 and m['mean_false_alarm_rate_uncorrected'] == 0
                assert abs(m['max_dprime'] - (norm.ppf(0.99) - norm.ppf(0.01))) < 1e-12   # both rates clipped to [0.01, 0.99]
                assert (r['hit_rate'].dropna() < 1).all() and (r['false_alarm_rate'].dropna() > 0).all()  # trial-count correction
                assert r['rolling_dprime'].min() < 1 < m['max_dprime']   # 1/(2N) binds while few trials are in the window
                m, r, t = got['mostly_aborted']
                assert t['aborted'].sum() > len(t) / 2 and r['hit_rate'][t['aborted'].to_numpy()].isna().all()
                m, r, t = got['nan_change_times']
                assert t['change_time'][~t['aborted']].isna().sum() == 6
                m, r, t = got['shorter_than_window']
                assert m['trial_count'] == 8 and r['reward_rate'].isna().all() and np.isnan(m['maximum_reward_rate'])
                assert m['engaged_trial_count'] == 0 and np.isnan(m['mean_dprime_engaged'])
                m, r, t = got['passive']
                assert (r['rolling_dprime'] == 0).all() and m['total_reward_count'] == 0
                m, r, t = got['long']
                assert len(t) > 100 and m['engaged_trial_count'] > 0 and m['engaged_trial_count'] < len(t) - 10
                assert 'is_change' in got['legacy_names'][2].columns
                print('ok')
                """, args.toArray(String[]::new));
        assertEquals("ok", check.strip());
    }

    @Test
    void refusesFilesWithoutAllenSdksTrialsColumns(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("m.csv"), rolling = tmp.resolve("r.csv");
        Path real = Cli.DATA.resolve("nwb/real/dandi_sub-anm369963_ses-20170228.nwb");
        Cli c = Cli.run("behavior", real, "--out", out, "--rolling", rolling);
        assertEquals(2, c.status());
        assertEquals(1, c.err().strip().lines().count(), c.err());
        assertTrue(c.err().contains(real + ": /intervals/trials: not an AllenSDK Visual Behavior trials table: missing columns go,"
                + " catch, hit, miss, false_alarm, correct_reject, aborted, auto_rewarded, change_time, lick_times, reward_volume"), c.err());
        // every real file with a trials table (other labs' columns) is refused the same way, in one line
        int refused = 0;
        try (java.util.stream.Stream<Path> files = Files.list(Cli.DATA.resolve("nwb/real"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".nwb")).sorted().toList()) {
                Cli r = Cli.run("behavior", f, "--out", out);
                assertEquals(2, r.status(), f + ": " + r.err());
                assertEquals(1, r.err().strip().lines().count(), r.err());
                assertTrue(r.err().startsWith("ragtime: " + f + ": "), r.err());
                if (r.err().contains("/intervals/trials: not an AllenSDK Visual Behavior trials table: missing columns")) refused++;
            }
        }
        assertTrue(refused >= 2, "the real files with trials tables: " + refused);
        Path ophys = Cli.DATA.resolve("nwb/generated/allensdk_style_behavior_ophys_experiment.nwb");
        c = Cli.run("behavior", ophys, "--out", out);
        assertEquals(2, c.status());
        assertTrue(c.err().contains("missing columns catch, miss, false_alarm, correct_reject, aborted, auto_rewarded,"
                + " reward_volume"), c.err());
        c = Cli.run("behavior", Cli.ECEPHYS, "--out", out);
        assertEquals(2, c.status());
        assertTrue(c.err().contains(Cli.ECEPHYS + ": /intervals/trials: no trials table"), c.err());
        Path aborted = tmp.resolve("aborted.nwb");
        SyntheticBehavior.write(aborted, Config.metrics(12, 1).with(12, 0, 0.25, 1, 0.8, 0.2));
        c = Cli.run("behavior", aborted, "--out", out);
        assertEquals(2, c.status());
        assertTrue(c.err().contains("/intervals/trials: every trial is aborted"), c.err());
        assertFalse(c.err().contains("Exception"), c.err());
        assertFalse(Files.exists(out) || Files.exists(rolling), "no output after a refusal");
    }

    /**
     * The bundled samples are what {@code ragtime generate} writes (every dataset and attribute equal; jhdf's own
     * {@code _jHDF} stamp names its version, which the shaded jar does not know), and the Neuropixels-style one is
     * an ecephys session the spike commands read.
     */
    @Test
    void theBundledSamplesAreWhatTheGeneratorWrites(@TempDir Path tmp) throws Exception {
        Path vbn = tmp.resolve("vbn.nwb"), b = tmp.resolve("b.nwb");
        Cli g = Cli.run("generate", "--config", "small", "--trials", "20", "--out", vbn);
        assertEquals(0, g.status(), g.err());
        assertEquals(0, Cli.run("generate", "--config", "behavior", "--out", b).status());
        Cli c = Cli.run("counts", vbn, "--stimulus", "flashes", "--bins", "0:0.25:0.05", "--out", tmp.resolve("c.npy"));
        assertEquals(0, c.status(), c.err());
        String check = Python.run("""
                import sys, h5py, numpy as np
                def same(x, y, path):
                    assert set(x.attrs) - {'_jHDF'} == set(y.attrs) - {'_jHDF'}, path
                    for n in set(x.attrs) - {'_jHDF'}:
                        assert str(x.attrs[n]) == str(y.attrs[n]), (path, n)
                    if isinstance(x, h5py.Dataset):
                        assert x.dtype == y.dtype and x.shape == y.shape, path
                        u, v = x[()], y[()]
                        if x.dtype.kind == 'f':
                            assert np.array_equal(u, v, equal_nan=True), path
                        else:
                            assert np.array_equal(u, v), path
                        return 1
                    assert set(x) == set(y), (path, set(x) ^ set(y))
                    return sum(same(x[k], y[k], path + '/' + k) for k in x)
                n = 0
                for k in range(1, len(sys.argv), 2):
                    with h5py.File(sys.argv[k], 'r') as a, h5py.File(sys.argv[k + 1], 'r') as b:
                        n += same(a, b, '')
                print(n > 100)
                """, vbn.toString(), VBN.toString(), b.toString(), SAMPLE.toString());
        assertEquals("True", check.strip());
    }
}
