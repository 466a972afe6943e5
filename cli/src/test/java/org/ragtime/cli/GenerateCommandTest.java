package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.io.Session;

class GenerateCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesASessionTheReaderOpens() {
        Path f = dir.resolve("s.nwb");
        Cli r = Cli.run("generate", "--config", "small", "--units", "7", "--seed", "3", "--index", "uint32", "--out", f);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("7 units"), r.out());
        try (Session s = Session.open(f)) {
            assertEquals(7, s.units().count());
            assertEquals("uint32", s.array("/units/spike_times_index").type().name().toLowerCase());
            assertTrue(s.units().totalSpikes() > 0);
        }
    }

    @Test
    void rateScalesTheSpikeCount() {
        // 2,000 units over 120 s: 24,000 expected spikes at a mean rate of 0.1 Hz, 240,000 at 1 Hz
        Path slow = dir.resolve("slow.nwb");
        Path fast = dir.resolve("fast.nwb");
        assertEquals(0, Cli.run("generate", "--config", "small", "--units", "2000", "--rate", "0.1", "--out", slow).status());
        assertEquals(0, Cli.run("generate", "--config", "small", "--units", "2000", "--rate", "1", "--out", fast).status());
        try (Session s = Session.open(slow); Session q = Session.open(fast)) {
            assertEquals(2000, s.units().count());
            assertTrue(Math.abs(s.units().totalSpikes() - 24_000) < 2_400, "spikes at 0.1 Hz: " + s.units().totalSpikes());
            assertTrue(Math.abs(q.units().totalSpikes() - 240_000) < 24_000, "spikes at 1 Hz: " + q.units().totalSpikes());
        }
        Cli bad = Cli.run("generate", "--config", "small", "--rate", "0", "--out", dir.resolve("zero.nwb"));
        assertEquals(2, bad.status(), bad.err());
        assertFalse(Files.exists(dir.resolve("zero.nwb")));
    }

    @Test
    void badUsageExitsTwoWithoutWriting() throws Exception {
        Path f = dir.resolve("x.nwb");
        for (List<String> bad : List.of(List.of("--config", "C"), List.of("--config", "A", "--units", "many"),
                List.of("--config", "A", "--index", "int7"), List.of("--config", "A", "--units", "0"), List.of("--bogus"))) {
            Object[] args = new Object[bad.size() + 3];
            args[0] = "generate";
            for (int i = 0; i < bad.size(); i++) {
                args[i + 1] = bad.get(i);
            }
            args[bad.size() + 1] = "--out";
            args[bad.size() + 2] = f;
            Cli r = Cli.run(args);
            assertEquals(2, r.status(), bad + " -> " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(Files.exists(f));
        }
    }

    @Test
    void projectHasDistinctSessionsAndDamagedFilesTheReaderRefuses() throws Exception {
        Path p = dir.resolve("project");
        Cli r = Cli.run("generate", "--config", "small", "--units", "5", "--project", p, "--sessions", "2", "--corrupt", "3");
        assertEquals(0, r.status(), r.err());
        long[] first = new long[2];
        long[] spikes = new long[2];
        for (int i = 0; i < 2; i++) {
            try (Session s = Session.open(p.resolve("session_00" + i + ".nwb"))) {
                first[i] = s.units().ids()[0];
                spikes[i] = s.units().totalSpikes();
            }
        }
        assertEquals(951_000_000L, first[0]);
        assertEquals(952_000_000L, first[1]);
        assertTrue(spikes[0] != spikes[1], "distinct seeds give distinct spike trains");
        for (String bad : List.of("corrupt_00_truncated.nwb", "corrupt_01_spike-nan.nwb", "corrupt_02_units-index.nwb")) {
            Cli c = Cli.run("counts", p.resolve(bad), "--stimulus", "flashes", "--bins", "0:0.2:0.1", "--out", dir.resolve("c.npy"));
            assertEquals(2, c.status(), bad + ": " + c.err());
            assertEquals(1, c.err().strip().lines().count(), c.err());
            assertTrue(c.err().contains(bad), c.err());
        }
        assertEquals(2, Cli.run("generate", "--config", "small", "--project", p).status(), "--sessions is required");
        assertEquals(2, Cli.run("generate", "--config", "small", "--sessions", "2", "--out", dir.resolve("x.nwb")).status());
    }
}
