package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.engine.table.DoubleColumn;
import org.ragtime.io.LabelledTable;
import org.ragtime.io.NwbException;
import org.ragtime.io.behavior.BehaviorSession;
import org.ragtime.io.behavior.Trials;
import org.ragtime.io.csv.CsvTables;
import org.ragtime.synth.SyntheticBehavior;
import org.ragtime.testing.Python;

/**
 * The library's behaviour tables ({@link BehaviorSession}) against tools/behavior_reference.py's reading of the same
 * files with h5py (AllenSDK's {@code from_nwb} semantics): trials with ragged lick times and AllenSDK's names, licks,
 * rewards, running speed (filtered and raw) and eye tracking with AllenSDK's blink filter; and that the command
 * line's metrics are the library's.
 */
class BehaviorSessionTest {
    @Test
    void tablesEqualTheReferenceReading(@TempDir Path tmp) throws Exception {
        Path legacy = tmp.resolve("legacy.nwb");
        SyntheticBehavior.write(legacy, SyntheticBehavior.Config.metrics(30, 5).withLegacyNames(true));
        List<String> args = new ArrayList<>(List.of(Python.TOOLS.toString(), BehaviorCommandTest.SAMPLE.toString(), legacy.toString()));
        try (BehaviorSession s = BehaviorSession.open(BehaviorCommandTest.SAMPLE)) {
            Trials t = s.trials();
            Path lists = tmp.resolve("trials.txt");
            StringBuilder b = new StringBuilder(String.join(",", t.columnNames())).append('\n');
            for (int i = 0; i < t.size(); i++) {
                b.append(t.ids()[i]).append(':').append(java.util.Arrays.toString(t.lickTimes(i))).append('\n');
            }
            Files.writeString(lists, b);
            args.add(lists.toString());
            for (String name : List.of("licks", "rewards", "running_speed", "raw_running_speed", "eye_tracking")) {
                LabelledTable table = switch (name) {
                    case "licks" -> s.licks();
                    case "rewards" -> s.rewards();
                    case "running_speed" -> s.runningSpeed();
                    case "raw_running_speed" -> s.rawRunningSpeed();
                    default -> s.eyeTracking().orElseThrow();
                };
                Path csv = tmp.resolve(name + ".csv");
                CsvTables.write(table.table(), csv);
                args.add(csv.toString());
            }
            assertEquals(0.15, s.responseWindowStart());
            // get_reward_rate() is the rolling table's reward_rate
            DoubleColumn rate = (DoubleColumn) s.rollingPerformance().table().column("reward_rate");
            double[] r = new double[rate.size()];
            for (int i = 0; i < r.length; i++) r[i] = rate.get(i);
            assertArrayEquals(s.rewardRate(), r);
        }
        try (BehaviorSession s = BehaviorSession.open(legacy)) {
            assertTrue(s.trials().columnNames().contains("is_change"));
            assertFalse(s.trials().columnNames().contains("stimulus_change"));
            assertEquals("/intervals/trials/stimulus_change", s.trials().column("is_change").path());
            assertTrue(s.eyeTracking().isEmpty(), "no eye tracking in this file");
            NwbException e = assertThrows(NwbException.class, s::runningSpeed);
            assertTrue(e.getMessage().contains("/processing/running/speed: missing"), e.getMessage());
        }
        String check = Python.run("""
                import sys, h5py, numpy as np, pandas as pd
                sys.path.insert(0, sys.argv[1])
                import behavior_reference as ref
                nwb, legacy, lists, licks, rewards, running, raw, eye = sys.argv[2:]
                f = h5py.File(nwb, 'r')
                t = ref.read_trials(f)
                lines = open(lists).read().splitlines()
                assert lines[0].split(',') == list(t.columns), lines[0]
                assert len(lines) - 1 == len(t)
                for line, (i, row) in zip(lines[1:], t.iterrows()):
                    tid, lt = line.split(':')
                    assert int(tid) == i and eval(lt) == list(row['lick_times']), (line, row['lick_times'])
                assert sum(len(x) for x in t['lick_times']) > 20
                assert 'is_change' in ref.read_trials(h5py.File(legacy, 'r')).columns
                def same(csv, want):
                    got = pd.read_csv(csv, float_precision='round_trip')
                    assert list(got.columns) == list(want.columns), (csv, list(got.columns))
                    assert len(got) == len(want) > 0, csv
                    for c in want.columns:
                        x, y = got[c].to_numpy(float), want[c].to_numpy(float)
                        assert np.array_equal(x, y, equal_nan=True), (csv, c)
                same(licks, pd.DataFrame({'timestamps': f['processing/licking/licks/timestamps'][:],
                                          'frame': f['processing/licking/licks/data'][:]}))
                same(rewards, ref.read_rewards(f))
                for csv, key in ((running, 'speed'), (raw, 'speed_unfiltered')):
                    s = f['processing/running/' + key]
                    same(csv, pd.DataFrame({'timestamps': s['timestamps'][:], 'speed': s['data'][:]}))
                assert len(pd.read_csv(running)) > 60 * 120   # 60 Hz over minutes
                e = ref.eye_tracking(f)
                assert e['likely_blink'].sum() > 10 and e['pupil_area'].isna().sum() == e['likely_blink'].sum()
                same(eye, e)
                print('ok')
                """, args.toArray(String[]::new));
        assertEquals("ok", check.strip());
    }

    @Test
    void theCommandLineWritesTheLibrarysMetrics(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("m.csv");
        assertEquals(0, Cli.run("behavior", BehaviorCommandTest.VBN, "--out", out, "--engaged-reward-rate", "6").status());
        try (BehaviorSession s = BehaviorSession.open(BehaviorCommandTest.VBN)) {
            Path lib = tmp.resolve("lib.csv");
            org.ragtime.cli.out.Results.writeCsv(lib, lib, s.performanceMetrics(6).table());
            assertEquals(Files.readString(lib), Files.readString(out));
            assertTrue(s.performanceMetrics(6).table().column("engaged_trial_count").doubleValue(0)
                    < s.performanceMetrics().table().column("engaged_trial_count").doubleValue(0), "the threshold is used");
        }
    }
}
