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
