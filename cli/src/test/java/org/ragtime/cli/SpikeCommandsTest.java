package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ragtime.testing.Python;

/**
 * The spike commands end to end, against tools/allensdk_reference.py: an independent h5py + numpy
 * re-statement of AllenSDK's algorithms that reads the NWB file itself. numpy and pandas also read
 * Ragtime's outputs, which is the interoperability check.
 */
class SpikeCommandsTest {
    @TempDir
    Path dir;

    private String reference(String... args) throws Exception {
        return Python.tool("allensdk_reference.py", args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kernels=scalar", "kernels=vector", "kernels=scalar,half-open", "kernels=vector,half-open"})
    void countsEqualAllenSdksAlgorithm(String variant) throws Exception {
        boolean halfOpen = variant.contains("half-open");
        String kernels = variant.substring("kernels=".length()).split(",")[0];
        Path out = dir.resolve("counts.npy");
        Cli r = halfOpen
                ? Cli.run("counts", Cli.ECEPHYS, "--stimulus", "drifting_gratings", "--bins", "-0.1:0.5:0.01", "--kernels", kernels, "--half-open", "--out", out)
                : Cli.run("counts", Cli.ECEPHYS, "--stimulus", "drifting_gratings", "--bins", "-0.1:0.5:0.01", "--kernels", kernels, "--out", out);
        assertEquals(0, r.status(), r.err());
        Path ref = dir.resolve("ref.npy");
        if (halfOpen) {
            reference("counts", Cli.ECEPHYS.toString(), "drifting_gratings", "-0.1:0.5:0.01", ref.toString(), "--half-open");
        } else {
            reference("counts", Cli.ECEPHYS.toString(), "drifting_gratings", "-0.1:0.5:0.01", ref.toString());
        }
        String check = Python.run("""
                import sys, json, numpy as np
                a = np.load(sys.argv[1]); ref = np.load(sys.argv[2]); c = json.load(open(sys.argv[3]))
                assert a.dtype == np.uint16 and a.flags['C_CONTIGUOUS'], a.dtype
                assert a.shape == ref.shape == (len(c['stimulus_presentation_id']), len(c['time_relative_to_stimulus_onset']), len(c['unit_id'])), (a.shape, ref.shape)
                assert c['dtype'] == 'uint16' and c['bins'] == sys.argv[4]
                print(int((a.astype(np.int64) != ref).sum()), int(ref.sum()), a.shape)
                """, out.toString(), ref.toString(), dir.resolve("counts.coords.json").toString(), halfOpen ? "half-open" : "closed");
        String[] f = check.strip().split(" ", 3);
        assertEquals("0", f[0], "cells differing from AllenSDK's algorithm: " + check);
        assertTrue(Long.parseLong(f[1]) > 1000, "the fixture has spikes in the windows: " + check);
    }

    @Test
    void spikeTimesEqualAllenSdksAlgorithm() throws Exception {
        Path out = dir.resolve("st.csv");
        Cli r = Cli.run("spike-times", Cli.ECEPHYS, "--stimulus", "drifting_gratings_presentations", "--out", out);
        assertEquals(0, r.status(), r.err());
        Path ref = dir.resolve("ref.csv");
        reference("spike-times", Cli.ECEPHYS.toString(), "drifting_gratings", ref.toString());
        String check = Python.run("""
                import sys, pandas as pd
                a = pd.read_csv(sys.argv[1], float_precision='round_trip'); b = pd.read_csv(sys.argv[2], float_precision='round_trip')
                assert list(a.columns) == list(b.columns), a.columns
                print(len(a), len(b), bool((a.values == b.values).all()))
                """, out.toString(), ref.toString());
        String[] f = check.strip().split(" ");
        assertEquals(f[1], f[0], check);
        assertEquals("True", f[2], "every row equal: " + check);
        assertTrue(Integer.parseInt(f[0]) > 1000, check);
    }

    @Test
    void binningEqualsReference() throws Exception {
        Path out = dir.resolve("b.npy");
        Cli r = Cli.run("bin", Cli.ECEPHYS, "--bin-size", "0.01", "--out", out);
        assertEquals(0, r.status(), r.err());
        Path ref = dir.resolve("refb.npy");
        reference("bin", Cli.ECEPHYS.toString(), "0.01", ref.toString());
        String check = Python.run("""
                import sys, json, numpy as np
                a = np.load(sys.argv[1]); ref = np.load(sys.argv[2]); c = json.load(open(sys.argv[3]))
                assert a.shape == ref.shape and a.dtype == np.int32, (a.shape, ref.shape, a.dtype)
                assert len(c['bin_start']) == a.shape[1] and len(c['unit_id']) == a.shape[0]
                print(int((a != ref).sum()), int(a.sum()))
                """, out.toString(), ref.toString(), dir.resolve("b.coords.json").toString());
        assertTrue(check.startsWith("0 "), "cells differing: " + check);
    }

    @Test
    void conditionStatsAreConsistentWithSpikeTimes() throws Exception {
        Path cs = dir.resolve("cs.csv");
        Path st = dir.resolve("st.csv");
        assertEquals(0, Cli.run("condition-stats", Cli.ECEPHYS, "--stimulus", "drifting_gratings", "--out", cs).status());
        assertEquals(0, Cli.run("spike-times", Cli.ECEPHYS, "--stimulus", "drifting_gratings", "--out", st).status());
        // per unit, the condition-wise spike counts add up to the unit's presentation-wise spikes
        String check = Python.run("""
                import sys, pandas as pd
                cs = pd.read_csv(sys.argv[1]); st = pd.read_csv(sys.argv[2])
                assert list(cs.columns) == ['unit_id','stimulus_condition_id','spike_count','stimulus_presentation_count','spike_mean','spike_std','spike_sem']
                a = cs.groupby('unit_id').spike_count.sum(); b = st.groupby('unit_id').size().reindex(a.index, fill_value=0)
                print(bool((a == b).all()), int(a.sum()))
                """, cs.toString(), st.toString());
        assertTrue(check.startsWith("True "), check);
    }

    @Test
    void psthWritesArrayAndPicture() throws Exception {
        Path out = dir.resolve("p.npy");
        Cli r = Cli.run("psth", Cli.ECEPHYS, "--stimulus", "drifting_gratings", "--bins", "-0.1:0.5:0.01", "--out", out);
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.size(dir.resolve("p.png")) > 1000);
        // --no-png draws nothing; asking for both is refused before any work
        Path q = dir.resolve("q.npy");
        assertEquals(0, Cli.run("psth", Cli.ECEPHYS, "--stimulus", "drifting_gratings", "--bins", "-0.1:0.5:0.01", "--no-png", "--out", q).status());
        assertTrue(Files.exists(q));
        assertFalse(Files.exists(dir.resolve("q.png")));
        Cli both = Cli.run("psth", Cli.ECEPHYS, "--stimulus", "drifting_gratings", "--bins", "-0.1:0.5:0.01", "--no-png", "--png",
                dir.resolve("z.png"), "--out", dir.resolve("z.npy"));
        assertEquals(Main.BAD_INPUT, both.status());
        assertEquals("ragtime: --png and --no-png exclude each other", both.err().strip());
        Path counts = dir.resolve("c.npy");
        assertEquals(0, Cli.run("counts", Cli.ECEPHYS, "--stimulus", "drifting_gratings", "--bins", "-0.1:0.5:0.01", "--out", counts).status());
        String check = Python.run("""
                import sys, numpy as np
                p = np.load(sys.argv[1]); c = np.load(sys.argv[2]).astype(np.int64)
                print(bool(np.array_equal(p, c.sum(axis=0).T / c.shape[0])), p.shape)
                """, out.toString(), counts.toString());
        assertTrue(check.startsWith("True"), "PSTH equals the counts cube's mean over presentations: " + check);
    }

    @Test
    void badInputExitsTwoWithOneLineAndNoOutput() throws Exception {
        Path out = dir.resolve("x.npy");
        Path notHdf = dir.resolve("not.nwb");
        Files.writeString(notHdf, "hello");
        List<Object[]> cases = List.of(
                new Object[] {"counts", notHdf, "--stimulus", "drifting_gratings", "--bins", "0:1:0.1", "--out", out},
                new Object[] {"counts", Cli.ECEPHYS, "--stimulus", "nope", "--bins", "0:1:0.1", "--out", out},
                new Object[] {"counts", Cli.ECEPHYS, "--stimulus", "flashes", "--units", "1,2", "--bins", "0:1:0.1", "--out", out},
                new Object[] {"counts", Cli.ECEPHYS, "--stimulus", "flashes", "--presentations", "99999", "--bins", "0:1:0.1", "--out", out},
                new Object[] {"counts", Cli.ECEPHYS, "--stimulus", "flashes", "--edges", "0,0.1,0.05", "--out", out},
                new Object[] {"counts", Cli.ECEPHYS, "--stimulus", "flashes", "--edges", "-1000,1000", "--dtype", "uint8", "--out", out},
                new Object[] {"spike-times", Cli.ECEPHYS, "--presentations", "5,1", "--out", out},
                new Object[] {"counts", Cli.ECEPHYS, "--bogus"});
        for (Object[] c : cases) {
            Cli r = Cli.run(c);
            assertEquals(2, r.status(), String.join(" ", Stream.of(c).map(String::valueOf).toList()) + " -> " + r.err());
            // exactly one error line; notices (an overlap note, a kernel fall-back) may precede it
            List<String> errors = r.err().strip().lines()
                    .filter(l -> !l.matches("ragtime: (note|warning): .*|ragtime: .* kernels unavailable .*")).toList();
            assertEquals(1, errors.size(), "one error line: " + r.err());
            assertTrue(errors.getFirst().startsWith("ragtime: "), r.err());
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of(notHdf), files.toList(), "nothing written for " + String.join(" ", Stream.of(c).map(String::valueOf).toList()));
            }
        }
        assertFalse(Files.exists(out));
    }

    @Test
    void defaultUint16WidensInsteadOfWrapping() throws Exception {
        // 2 units firing at ~1 kHz for 100 s: one bin over the whole session holds ~100,000 spikes (> 65535)
        Path nwb = dir.resolve("busy.nwb");
        var small = org.ragtime.synth.SyntheticSession.Config.small();
        org.ragtime.synth.SyntheticSession.write(nwb, new org.ragtime.synth.SyntheticSession.Config(2, 100, 1000, 0.1,
                small.presentations() / 3, small.periodSeconds(), small.firstOnsetSeconds(), small.onSeconds(),
                List.of("flashes"), 1, false, small.indexType(), 11));
        Path out = dir.resolve("w.npy");
        Cli r = Cli.run("counts", nwb, "--stimulus", "flashes", "--presentations", "0", "--edges", "-1000,1000", "--out", out);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("do not fit uint16; writing int32 instead"), r.err());
        String check = Python.run("""
                import sys, json, numpy as np
                a = np.load(sys.argv[1]); c = json.load(open(sys.argv[2]))
                print(a.dtype, c['dtype'], int(a.min()))
                """, out.toString(), dir.resolve("w.coords.json").toString());
        String[] f = check.strip().split(" ");
        assertEquals("int32", f[0], check);
        assertEquals("int32", f[1], check);
        assertTrue(Integer.parseInt(f[2]) > 65535, "no unit's count wrapped: " + check);
    }
}
