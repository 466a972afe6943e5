package org.ragtime.cli.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The reader fuzzer's CI budget (docs/reliability.md): a fixed, seeded campaign of a few hundred mutants of the
 * bundled samples and of their chunked copies through info, counts, units, spike-times, bin, psth, condition-stats and
 * align-dff (gzip chunks decoded by libdeflate and by java.util.zip in alternate blocks), plus a few through the launcher;
 * fails on any defect, printing each distinct one with a one-line reproduction. Seed and size:
 * {@code -Dragtime.fuzz.seed=S -Dragtime.fuzz.runs=N}. The long mode is {@code tools/fuzz.sh}.
 */
class FuzzTest {
    static final Path TARGET = Path.of("target").toAbsolutePath();

    @Test
    void ciBudgetHasNoDefects() throws Exception {
        FuzzMain.Options o = new FuzzMain.Options();
        o.seed = Long.getLong("ragtime.fuzz.seed", 1);
        o.runs = Long.getLong("ragtime.fuzz.runs", 300);
        o.launcherEvery = Integer.getInteger("ragtime.fuzz.launcherEvery", 100);
        o.zlibBlock = Integer.getInteger("ragtime.fuzz.zlibBlock", 150); // the sweep and mutants 150-299 through java.util.zip
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Report r = FuzzMain.campaign(o, new PrintStream(progress, true, StandardCharsets.UTF_8));
        String text = r.text();
        Files.createDirectories(TARGET);
        Files.writeString(TARGET.resolve("fuzz-report.txt"), text);
        System.out.println(text);
        assertTrue(r.outcomes().size() >= o.runs, "every mutant ran: " + progress);
        assertEquals(0, r.defects(), "the fuzzer found defects (also in cli/target/fuzz-report.txt):\n" + text);
    }

    /** Writes the test class path for tools/fuzz.sh, which runs FuzzMain with it (the long mode). */
    @Test
    void classpathForTheLongMode() throws Exception {
        Files.createDirectories(TARGET);
        Files.writeString(TARGET.resolve("fuzz.classpath"), System.getProperty("java.class.path"));
        assertTrue(System.getProperty("java.class.path").contains("test-classes"));
    }
}
