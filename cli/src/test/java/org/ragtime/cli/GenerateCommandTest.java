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
}
