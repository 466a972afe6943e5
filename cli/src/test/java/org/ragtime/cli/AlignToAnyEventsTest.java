package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.testing.Python;

/**
 * The contract's "Aligning to any events": counts, psth and spike-times over the rows of any intervals table of the
 * real files, at any time column, against a brute-force h5py/numpy reference ({@code tools/aligned_reference.py});
 * event-times files; align-dff at trials' change times; and the refusals.
 */
class AlignToAnyEventsTest {
    private static final Path REAL = Cli.DATA.resolve("nwb/real");
    private static final String EDGES = "-0.5,-0.25,0,0.1,0.2,0.5,1";

    @TempDir
    Path dir;

    @Test
    void realTablesAtAnyColumnMatchTheReference() throws Exception {
        check("hdmfzarr_sub_anm00239123_ses_20170627T093549_ecephys_and_ogen.nwb", "trials", "cue_start_time"); // NaN rows left out
        check("hdmfzarr_sub_anm00239123_ses_20170627T093549_ecephys_and_ogen.nwb", "trials", "start_time");
        check("matnwb_sub-4_ses-4_ecephys+image.nwb", "encoding_table", "boundary1_time");
        check("pynapple_phy_A8604-211122.nwb", "epochs", "start_time");
    }

    private void check(String name, String table, String column) throws Exception {
        Path nwb = REAL.resolve(name);
        Path ref = Files.createDirectories(dir.resolve(name + "-" + column));
        Python.tool("aligned_reference.py", nwb.toString(), table, column, EDGES, ref.toString());
        Path counts = ref.resolve("r-counts.npy");
        Path psth = ref.resolve("r-psth.npy");
        Path times = ref.resolve("r-times.csv");
        Cli c = Cli.run("counts", nwb, "--intervals", table, "--align-to", column, "--edges", EDGES, "--out", counts);
        assertEquals(0, c.status(), c.err());
        assertEquals(0, Cli.run("psth", nwb, "--intervals", table, "--align-to", column, "--edges", EDGES, "--no-png", "--out", psth).status());
        assertEquals(0, Cli.run("spike-times", nwb, "--intervals", table, "--align-to", column, "--out", times).status());
        String r = Python.run("""
                import sys, json, numpy as np, pandas as pd
                ref, counts, psth, times, dim = sys.argv[1:6]
                e = np.load(ref + '/counts.npy'); a = np.load(counts)
                assert a.shape == e.shape and np.array_equal(a.astype(np.uint64), e), (a.shape, e.shape)
                c = json.load(open(counts[:-4] + '.coords.json'))
                assert c['dims'] == [dim, 'time_relative_to_stimulus_onset', 'unit_id'], list(c)
                assert np.array_equal(c[dim], np.load(ref + '/ids.npy'))
                p = np.load(psth); ep = np.load(ref + '/psth.npy')
                assert p.shape == ep.shape and np.allclose(p, ep, rtol=1e-12, atol=0), abs(p - ep).max()
                t = pd.read_csv(times, float_precision='round_trip'); et = pd.read_csv(ref + '/spike_times.csv', float_precision='round_trip')
                assert list(t.columns) == list(et.columns), (list(t.columns), list(et.columns))
                assert len(t) == len(et) and (t.to_numpy() == et.to_numpy()).all(), (len(t), len(et))
                print('ok', a.shape, int(a.sum()), len(t))
                """, ref.toString(), counts.toString(), psth.toString(), times.toString(), table + "_id");
        assertTrue(r.startsWith("ok "), r);
        if (column.equals("cue_start_time")) {
            assertTrue(c.err().contains("ragtime: note: 70 rows of /intervals/trials: cue_start_time is NaN, left out"), c.err());
        }
    }

    @Test
    void eventTimesFileCountsAsTheRowsItCopies() throws Exception {
        Path nwb = REAL.resolve("matnwb_sub-4_ses-4_ecephys+image.nwb");
        String times = Python.run("""
                import sys, h5py
                with h5py.File(sys.argv[1]) as f:
                    print('\\n'.join(repr(float(v)) for v in f['intervals/encoding_table/boundary1_time'][()]))
                """, nwb.toString());
        Path events = dir.resolve("events.txt");
        Files.writeString(events, times);
        Path a = dir.resolve("a.npy");
        Path b = dir.resolve("b.npy");
        assertEquals(0, Cli.run("counts", nwb, "--intervals", "encoding_table", "--align-to", "boundary1_time", "--edges", EDGES, "--out", a).status());
        Cli e = Cli.run("counts", nwb, "--event-times", events, "--edges", EDGES, "--out", b);
        assertEquals(0, e.status(), e.err());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        String coords = Files.readString(dir.resolve("b.coords.json"));
        assertTrue(coords.startsWith("{\"dims\":[\"event_id\",\"time_relative_to_stimulus_onset\",\"unit_id\"],\"event_id\":[0,1,2,"), coords);
    }

    @Test
    void alignDffAtChangeTimesCarriesTrialIds() throws Exception {
        Path ophys = OutputSafetyTest.OPHYS;
        String times = Python.run("""
                import sys, h5py, numpy as np, json
                with h5py.File(sys.argv[1]) as f:
                    t = f['intervals/trials']; c = t['change_time'][()]; ids = t['id'][()]
                keep = ~np.isnan(c)
                print(json.dumps({'times': [repr(float(v)) for v in c[keep]], 'ids': [int(i) for i in ids[keep]], 'nan': int((~keep).sum())}))
                """, ophys.toString());
        Path events = dir.resolve("changes.txt");
        List<String> lines = new ArrayList<>();
        for (String v : times.substring(times.indexOf("[") + 1, times.indexOf("]")).split(",")) {
            lines.add(v.strip().replace("'", "").replace("\"", ""));
        }
        Files.write(events, lines);
        Path a = dir.resolve("t.npy");
        Path b = dir.resolve("e.npy");
        Cli t = Cli.run("align-dff", ophys, "--intervals", "trials", "--align-to", "change_time", "--window=-0.5:0.75", "--no-png", "--out", a);
        assertEquals(0, t.status(), t.err());
        assertEquals(0, Cli.run("align-dff", ophys, "--event-times", events, "--window=-0.5:0.75", "--no-png", "--out", b).status());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "the same times give the same responses");
        String coords = Files.readString(dir.resolve("t.coords.json"));
        String ids = times.substring(times.indexOf("\"ids\": [") + 8, times.indexOf("]", times.indexOf("\"ids\"")));
        assertTrue(coords.contains("\"trials_id\":[" + ids.replace(" ", "") + "]"), coords + " vs " + ids);
    }

    @Test
    void eventSeriesCountLikeUnits() throws Exception {
        // any TimeSeries' timestamps as a point process (licks, rewards): here the running-speed clock of the samples
        Path ophys = OutputSafetyTest.OPHYS;
        Path out = dir.resolve("ev.npy");
        Cli c = Cli.run("counts", ophys, "--event-series", "processing/running/speed,processing/stimulus/timestamps", "--intervals", "trials",
                "--align-to", "change_time", "--edges", EDGES, "--out", out);
        assertEquals(0, c.status(), c.err());
        String r = Python.run("""
                import sys, json, h5py, numpy as np
                nwb, out, edges = sys.argv[1], sys.argv[2], [float(x) for x in sys.argv[3].split(',')]
                with h5py.File(nwb) as f:
                    trains = [f['processing/running/speed/timestamps'][()], f['processing/stimulus/timestamps/timestamps'][()]]
                    onset = f['intervals/trials/change_time'][()]; ids = f['intervals/trials/id'][()]
                keep = ~np.isnan(onset)
                e = np.array([[[np.count_nonzero((t >= o + edges[k]) & (t <= o + edges[k + 1])) for t in trains]
                               for k in range(len(edges) - 1)] for o in onset[keep]])
                a = np.load(out)
                assert a.shape == e.shape and np.array_equal(a, e), (a.shape, e.shape)
                c = json.load(open(out[:-4] + '.coords.json'))
                assert c['unit_id'] == [0, 1] and c['event_series'] == ['/processing/running/speed', '/processing/stimulus/timestamps'], c
                assert c['trials_id'] == ids[keep].tolist()
                print('ok', int(a.sum()))
                """, ophys.toString(), out.toString(), EDGES);
        assertTrue(r.startsWith("ok ") && !r.strip().equals("ok 0"), r);
        refused("ragtime: event series replace the units: give them without unit ids, structures, probes or filters", "counts", ophys,
                "--event-series", "processing/running/speed", "--units", "1", "--intervals", "trials", "--edges", EDGES, "--out", out);
        refused("ragtime: " + REAL.resolve("dandi_sub-anm369963_ses-20170228.nwb") + ": /acquisition/lick_times/lick_left_times/timestamps: event 25"
                + " is 357.4426289999998, earlier than the one before it (357.59529499999974)", "counts", REAL.resolve("dandi_sub-anm369963_ses-20170228.nwb"),
                "--event-series", "acquisition/lick_times/lick_left_times", "--intervals", "trials", "--edges", EDGES, "--out", out);
    }

    @Test
    void refusals() {
        Path s = Cli.ECEPHYS;
        Path real = REAL.resolve("hdmfzarr_sub_anm00239123_ses_20170627T093549_ecephys_and_ogen.nwb");
        refused("ragtime: --align-to needs --intervals TABLE",
                "counts", s, "--stimulus", "flashes", "--align-to", "x", "--bins", "0:1:0.1", "--out", dir.resolve("x.npy"));
        refused("ragtime: give one of --stimulus/--presentations, --intervals and --event-times",
                "counts", s, "--stimulus", "flashes", "--intervals", "trials", "--bins", "0:1:0.1", "--out", dir.resolve("x.npy"));
        refused("ragtime: " + real + ": /intervals/nope: no such intervals table (the file has: trials)",
                "counts", real, "--intervals", "nope", "--bins", "0:1:0.1", "--out", dir.resolve("x.npy"));
        Cli c = Cli.run("counts", real, "--intervals", "trials", "--align-to", "nope", "--bins", "0:1:0.1", "--out", dir.resolve("x.npy"));
        assertEquals(Main.BAD_INPUT, c.status());
        assertTrue(c.err().contains("/intervals/trials: no column nope (columns: start_time, stop_time, type"), c.err());
        refused("ragtime: " + REAL.resolve("dandi_sub-anm369963_ses-20170228.nwb") + ": /units/spike_times: unit 1001 (row 0): spike 68 is"
                + " earlier than the spike before it (728.4802850000003 < 728.6023899999992)", "counts", REAL.resolve("dandi_sub-anm369963_ses-20170228.nwb"),
                "--intervals", "trials", "--bins", "0:1:0.1", "--out", dir.resolve("x.npy"));
        refused("ragtime: spike times per interval need stop times; bare event times have none (use counts or psth with bins around each event)",
                "spike-times", s, "--event-times", writeEvents(), "--out", dir.resolve("x.csv"));
        refused("ragtime: " + real + ": /intervals/trials: condition-wise statistics need stimulus presentations (their"
                + " stimulus_condition_id); use --stimulus", "condition-stats", real, "--intervals", "trials", "--out", dir.resolve("x.csv"));
        assertTrue(Arrays.stream(dir.toFile().list()).noneMatch(f -> f.startsWith("x.")), "nothing written");
    }

    private Path writeEvents() {
        try {
            return Files.writeString(dir.resolve("ev.txt"), "1\n2\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void refused(String line, Object... args) {
        Cli r = Cli.run(args);
        assertEquals(Main.BAD_INPUT, r.status(), r.err());
        assertEquals(line, r.err().lines().filter(l -> !l.startsWith("WARNING:")).reduce((a, b) -> a + "\n" + b).orElse(""));
    }
}
