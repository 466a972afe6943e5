package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.testing.Python;

/**
 * {@code ragtime align} on any TimeSeries against the mindscope reference ({@code tools/ophys_reference.py series}):
 * running speed at trials' change times (float64, timestamps), the Neuropixels sample's float32 running speed at its
 * presentations, a 2-D ElectricalSeries on starting_time + rate at given times; interpolated and nearest.
 */
class AlignCommandTest {
    @TempDir
    Path dir;

    @Test
    void runningSpeedAtChangeTimes() throws Exception {
        check(OutputSafetyTest.OPHYS, "processing/running/speed", "trials", "change_time", "-1", "2", List.of());
    }

    @Test
    void float32SeriesAtPresentations() throws Exception {
        check(Cli.ECEPHYS, "processing/running/running_speed", "drifting_gratings_presentations", "start_time", "-0.5", "1", List.of());
    }

    @Test
    void twoDimensionalSeriesOnARateClock() throws Exception {
        Path events = dir.resolve("e.txt");
        Files.writeString(events, "0.0005\n0.001\n0.00231\n");
        check(Cli.DATA.resolve("nwb/real/neuroconv_ecephys_tutorial_v2.5.0.nwb"), "acquisition/ElectricalSeries", "-", "0.0005,0.001,0.00231",
                "-0.0005", "0.001", List.of("--event-times", events.toString()));
    }

    private void check(Path nwb, String series, String table, String column, String t0, String t1, List<String> events) throws Exception {
        Path ref = Files.createDirectories(dir.resolve("ref"));
        Python.tool("ophys_reference.py", "series", nwb.toString(), series, table, column, t0, t1, ref.toString());
        for (String mode : List.of("interp", "nearest")) {
            Path out = dir.resolve(mode + ".npy");
            List<Object> args = new ArrayList<>(List.of("align", nwb, "--series", series));
            args.addAll(events.isEmpty() ? List.of("--intervals", table, "--align-to", column) : events);
            args.addAll(List.of("--window=" + t0 + ":" + t1, "--no-png", "--out", out));
            if (mode.equals("nearest")) {
                args.add("--nearest");
            }
            Cli r = Cli.run(args.toArray());
            assertEquals(0, r.status(), r.err());
            String dim = events.isEmpty() ? table + "_id" : "event_id";
            String ok = Python.run("""
                    import sys, json, numpy as np
                    out, case, ids, series, dim = sys.argv[1:6]
                    a = np.load(out); e = np.load(case + '/expected.npy')
                    assert a.dtype == np.float64 and a.shape == e.shape, (a.shape, e.shape)
                    assert np.array_equal(a, e, equal_nan=True), np.nanmax(abs(a - e))
                    c = json.load(open(out[:-4] + '.coords.json'))
                    assert np.array_equal(c['time'], np.load(case + '/time.npy'))
                    assert np.array_equal(c[dim], np.load(ids)), (c[dim], np.load(ids))
                    assert np.array_equal(c['event_time'], np.load(case + '/events.npy'))
                    n = a.shape[0]
                    assert c['column'] == (['/' + series] if n == 1 else ['/%s[%d]' % (series, i) for i in range(n)]), c['column']
                    print('ok', a.shape, int(np.isfinite(a).sum()))
                    """, out.toString(), ref.resolve("series_" + mode).toString(), ref.resolve("ids.npy").toString(), series, dim);
            assertTrue(ok.startsWith("ok ") && !ok.endsWith(" 0\n"), ok);
        }
    }

    @Test
    void refusals() {
        Cli r = Cli.run("align", Cli.ECEPHYS, "--series", "processing/nothing", "--stimulus", "flashes", "--window=-1:1", "--out", dir.resolve("x.npy"));
        assertEquals(Main.BAD_INPUT, r.status());
        assertEquals("ragtime: " + Cli.ECEPHYS + ": /processing/nothing: no such TimeSeries", r.err().strip());
        r = Cli.run("align", Cli.ECEPHYS, "--series", "processing/running/running_speed:nope", "--stimulus", "flashes", "--window=-1:1",
                "--out", dir.resolve("x.npy"));
        assertEquals(Main.BAD_INPUT, r.status());
        assertEquals("ragtime: " + Cli.ECEPHYS + ": /processing/running/running_speed/nope: no such field in the series", r.err().strip());
        r = Cli.run("align", Cli.ECEPHYS, "--series", "processing/running/running_speed", "--event-times", writeEvents(), "--window=-1:1",
                "--no-png", "--out", dir.resolve("y.npy"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("ragtime: warning: no window of the 1 event meets the series' samples"), r.err());
        assertTrue(!Files.exists(dir.resolve("x.npy")));
    }

    private Path writeEvents() {
        try {
            return Files.writeString(dir.resolve("late.txt"), "1e7\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
