package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long single command on a terminal shows how long it has been working and erases that line before its own lines; off a
 * terminal it prints only its own lines. The terminal is forced with RAGTIME_PROGRESS=bar (a test has none) and the
 * bar's delay set to 0, in a child JVM running Main as the launcher does.
 */
class BusyProgressTest {
    @TempDir
    Path dir;

    private String run(boolean terminal, Object... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dragtime.busy.delay.ms=0",
                "-Dragtime.native.dir=" + System.getProperty("ragtime.native.dir", ""), "-cp", System.getProperty("java.class.path"),
                "org.ragtime.cli.Main"));
        for (Object a : args) {
            cmd.add(a.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("err.txt").toFile()).redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put("RAGTIME_PROGRESS", terminal ? "bar" : "lines");
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("err.txt")));
        return Files.readString(dir.resolve("err.txt"));
    }

    @Test
    void aBarWhileWorkingOnATerminalOnly() throws Exception {
        Path out = dir.resolve("c.npy");
        String err = run(true, "counts", Cli.ECEPHYS, "--stimulus", "drifting_gratings", "--bins", "-0.1:0.5:0.01", "--out", out);
        assertTrue(err.contains("\rragtime: counts: working, "), "the indicator was drawn: " + err);
        String last = err.substring(err.lastIndexOf('\r') + 1);
        assertTrue(last.contains("ragtime: wrote " + out), "the command's line comes after the bar is taken down: " + last);
        String plain = run(false, "counts", Cli.ECEPHYS, "--stimulus", "drifting_gratings", "--bins", "-0.1:0.5:0.01", "--out",
                dir.resolve("d.npy"));
        assertFalse(plain.contains("\r"), plain);
        assertTrue(plain.startsWith("ragtime: wrote "), plain);
        assertEquals(Files.size(out), Files.size(dir.resolve("d.npy")));
    }
}
