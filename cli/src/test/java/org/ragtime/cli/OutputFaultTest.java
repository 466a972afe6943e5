package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults around outputs (issue 10), with real processes where a fault can kill one: a full disk (a 2 MB
 * tmpfs; where mounting is not permitted, a file size limit, and the test says so), a run killed with
 * SIGKILL before publishing, two runs writing the same output at once, four runs reading one input at once,
 * a read-only output directory (a tmpfs remounted read-only; skipped, with the reason, where mounting is not
 * permitted: root ignores permission bits, so chmod cannot stand in).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class OutputFaultTest {
    @TempDir
    Path dir;

    /** A finished child run: exit status and stderr without the JVM's incubator-module warning. */
    record Run(int status, String err) {
        /** stderr lines that are neither notes nor the JVM's own warnings. */
        List<String> errors() {
            return err.lines().filter(l -> !l.startsWith("WARNING:") && !l.startsWith("ragtime: note:")
                    && !l.startsWith("ragtime: warning:") && !l.startsWith("ragtime: removed ")).toList();
        }
    }

    /** The command line to run {@code ragtime ARGS} in a new JVM, with the test's class path and native library. */
    static List<String> java(List<String> props, Object... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector", "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Dragtime.native.dir=" + System.getProperty("ragtime.native.dir", "")));
        cmd.addAll(props);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.ragtime.cli.Main"));
        for (Object a : args) {
            cmd.add(String.valueOf(a));
        }
        return cmd;
    }

    Process start(List<String> cmd, String name) throws IOException {
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile()).start();
    }

    Run finish(Process p, String name) throws Exception {
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(name + " did not finish in 120 s");
        }
        return new Run(p.exitValue(), Files.readString(dir.resolve(name + ".err")));
    }

    Run child(String name, List<String> props, Object... args) throws Exception {
        return finish(start(java(props, args), name), name);
    }

    static boolean sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static void waitFor(Path marker, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!Files.exists(marker)) {
            if (!p.isAlive()) {
                fail("the child ended (status " + p.exitValue() + ") before reaching the hold point");
            }
            if (System.nanoTime() > deadline) {
                fail("the child did not reach the hold point in 90 s");
            }
            Thread.sleep(20);
        }
    }

    /** A failed run: status, one error line saying {@code expected}, no stack trace or class name. */
    static void cleanFailure(Run r, int status, String expected, String what) {
        assertEquals(status, r.status(), what + ": " + r.err());
        assertEquals(1, r.errors().size(), what + ": " + r.err());
        assertTrue(r.errors().getFirst().contains(expected), what + ": " + r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), what + ": " + r.err());
    }

    // ---------------------------------------------------------------- full disk

    /**
     * The reported case: counts into a 2 MB tmpfs died with SIGBUS under the native kernels (exit 134, an
     * hs_err file, a full-size temporary left behind) and with a stack trace under scalar and vector. Now
     * every backend says the disk is too small, in one line, and leaves nothing.
     */
    @Test
    void aFullDiskIsOneCleanLineAndLeavesNothing() throws Exception {
        Path tiny = Files.createDirectories(dir.resolve("tiny"));
        boolean mounted = sh("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", tiny.toString());
        try {
            List<String> wrap = new ArrayList<>();
            String expected = "not enough space on the device";
            if (!mounted) {
                // the same failure through a file size limit: posix_fallocate and write(2) fail with EFBIG
                System.err.println("OutputFaultTest: mounting a tmpfs is not permitted here; simulating the full disk with"
                        + " ulimit -f 2048 (2 MiB) instead");
                wrap = List.of("bash", "-c", "ulimit -f 2048 && exec \"$@\"", "bash");
                expected = "largest file size";
            }
            for (String kernels : List.of("native", "scalar", "vector")) {
                List<String> cmd = new ArrayList<>(wrap);
                cmd.addAll(java(List.of(), "counts", Cli.ECEPHYS.toAbsolutePath(), "--stimulus", "drifting_gratings",
                        "--bins=-0.1:0.5:0.0005", "--dtype", "int32", "--kernels", kernels, "--out", tiny.resolve("c.npy")));
                Run r = finish(start(cmd, "counts-" + kernels), "counts-" + kernels);
                cleanFailure(r, 1, expected, "counts --kernels " + kernels);
                assertEquals(List.of(), names(tiny), "nothing left on the small disk");
            }
            try (Stream<Path> s = Files.list(dir)) {
                assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith("hs_err")).toList(), "no JVM crash");
            }
            if (!mounted) {
                return; // the in-process checks below need the small disk itself
            }
            // the other array writers, in this JVM
            Path nwb = Cli.ECEPHYS;
            Path ophys = OutputSafetyTest.OPHYS;
            List<List<Object>> arrays = List.of(
                    List.of("bin", nwb, "--bin-size", "0.0001", "--out", tiny.resolve("b.npy")),
                    List.of("psth", nwb, "--stimulus", "drifting_gratings", "--bins=-0.1:0.5:0.00002", "--out", tiny.resolve("p.npy")),
                    List.of("align-dff", ophys, "--stimulus", OutputSafetyTest.IMAGES, "--window=-0.5:0.75", "--rate", "20000",
                            "--out", tiny.resolve("a.npy")));
            for (List<Object> a : arrays) {
                Cli r = Cli.run(a.toArray());
                Run run = new Run(r.status(), r.err());
                cleanFailure(run, 1, "not enough space on the device", a.getFirst().toString());
                assertEquals(List.of(), names(tiny), a.getFirst() + ": nothing left");
            }
            // streamed writers (CSV, PNG, JSON, HDF5) on a disk with a few kilobytes left
            Path filler = tiny.resolve("filler");
            long free = Files.getFileStore(tiny).getUsableSpace();
            Files.write(filler, new byte[(int) (free - 8192)]);
            List<List<Object>> streams = List.of(
                    List.of("spike-times", nwb, "--stimulus", "drifting_gratings", "--out", tiny.resolve("s.csv")),
                    List.of("condition-stats", nwb, "--stimulus", "drifting_gratings", "--out", tiny.resolve("cs.csv")),
                    List.of("units", nwb, "--out", tiny.resolve("u.csv")),
                    List.of("merge-ccf", "--units", OutputSafetyTest.MANIFESTS.resolve("units.csv"), "--channels",
                            OutputSafetyTest.MANIFESTS.resolve("channels.csv"), "--out", tiny.resolve("m.csv")),
                    List.of("psth", nwb, "--stimulus", "drifting_gratings", "--bins=-0.1:0.5:0.01", "--out", tiny.resolve("p.npy")),
                    List.of("generate", "--config", "small", "--out", tiny.resolve("g.nwb")));
            for (List<Object> a : streams) {
                Cli r = Cli.run(a.toArray());
                Run run = new Run(r.status(), r.err());
                cleanFailure(run, 1, "not enough space on the device", a.getFirst().toString());
                assertEquals(List.of("filler"), names(tiny), a.getFirst() + ": nothing left");
            }
        } finally {
            if (mounted) {
                sh("umount", "-l", tiny.toString());
            }
        }
    }

    // ---------------------------------------------------------------- read-only directory

    @Test
    void aReadOnlyOutputDirectoryIsRefusedBeforeTheWork() throws Exception {
        Path ro = Files.createDirectories(dir.resolve("ro"));
        boolean mounted = sh("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", ro.toString());
        Assumptions.assumeTrue(mounted, "mounting a tmpfs is not permitted here, and root ignores permission bits:"
                + " no read-only directory to test with");
        try {
            Files.writeString(ro.resolve("old.csv"), "keep\n");
            Assumptions.assumeTrue(sh("mount", "-o", "remount,ro", ro.toString()), "remounting read-only is not permitted here");
            for (var e : OutputSafetyTest.writers(Cli.ECEPHYS, OutputSafetyTest.OPHYS, OutputSafetyTest.MANIFESTS).entrySet()) {
                Cli r = Cli.run(e.getValue().apply(ro.resolve("x.out")).toArray());
                cleanFailure(new Run(r.status(), r.err()), 2, "not writable", e.getKey());
                // an existing file there is refused the same way (it could not be replaced either)
                r = Cli.run(e.getValue().apply(ro.resolve("old.csv")).toArray());
                cleanFailure(new Run(r.status(), r.err()), 2, "not writable", e.getKey() + " over an existing file");
            }
            Cli r = Cli.run("manifest", OutputSafetyTest.MANIFESTS, "--out-dir", ro.resolve("summaries"));
            cleanFailure(new Run(r.status(), r.err()), 2, "Read-only file system", "manifest --out-dir");
            r = Cli.run("demo", "--data", Cli.DATA.resolve("nwb/generated"), "--out-dir", ro);
            cleanFailure(new Run(r.status(), r.err()), 2, "not writable", "demo --out-dir");
            assertEquals(List.of("old.csv"), names(ro));
            assertEquals("keep\n", Files.readString(ro.resolve("old.csv")));
        } finally {
            sh("umount", "-l", ro.toString());
        }
    }

    // ---------------------------------------------------------------- killed runs

    /**
     * A run killed (SIGKILL) after writing its temporaries and before publishing leaves nothing at the
     * target; the next run of the same output removes those temporaries (their process is gone) and
     * publishes its own.
     */
    @Test
    void aKilledRunLeavesNoOutputAndTheNextRunRemovesItsTemporaries() throws Exception {
        Path out = dir.resolve("k.npy");
        Path marker = dir.resolve("hold");
        Process p = start(java(List.of("-Dragtime.test.hold=before-publish:" + marker), "counts", Cli.ECEPHYS.toAbsolutePath(),
                "--stimulus", "drifting_gratings", "--bins=-0.1:0.5:0.001", "--out", out), "killed");
        waitFor(marker, p);
        List<String> temps = names(dir).stream().filter(n -> n.startsWith(".k.")).toList();
        assertEquals(2, temps.size(), "the array's and the sidecar's temporaries: " + names(dir));
        assertTrue(temps.stream().anyMatch(n -> n.startsWith(".k.npy.ragtime-")), temps.toString());
        assertTrue(temps.stream().anyMatch(n -> n.startsWith(".k.coords.json.ragtime-")), temps.toString());
        p.destroyForcibly(); // SIGKILL
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue());
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(dir.resolve("k.coords.json")));
        assertEquals(temps, names(dir).stream().filter(n -> n.startsWith(".k.")).toList(), "a kill leaves its temporaries");

        Cli r = Cli.run("counts", Cli.ECEPHYS, "--stimulus", "drifting_gratings", "--bins=-0.1:0.5:0.001", "--out", out);
        assertEquals(0, r.status(), r.err());
        assertEquals(2, r.err().lines().filter(l -> l.startsWith("ragtime: removed ")).count(), r.err());
        assertEquals(List.of(), names(dir).stream().filter(n -> n.startsWith(".")).toList(), "no temporaries left");
        assertTrue(Files.size(out) > 0 && Files.exists(dir.resolve("k.coords.json")));
    }

    // ---------------------------------------------------------------- concurrent writers

    /** Reference outputs of the two runs that race: different bins, so different shapes and coordinates. */
    private Path[] references() {
        Path ref = dir.resolve("ref");
        assertTrue(ref.toFile().mkdir());
        Path a = ref.resolve("a.npy");
        Path b = ref.resolve("b.npy");
        assertEquals(0, Cli.run("counts", Cli.ECEPHYS, "--stimulus", "drifting_gratings", "--bins", "0:0.2:0.05", "--out", a).status());
        assertEquals(0, Cli.run("counts", Cli.ECEPHYS, "--stimulus", "drifting_gratings", "--bins", "0:0.3:0.001", "--out", b).status());
        return new Path[] {a, b};
    }

    private static Object[] countsArgs(String bins, Path out) {
        return new Object[] {"counts", Cli.ECEPHYS.toAbsolutePath(), "--stimulus", "drifting_gratings", "--bins", bins, "--out", out};
    }

    /** Which reference run the published pair comes from ("a" or "b"); fails on a mix or a partial file. */
    private static String pairOf(Path out, Path[] refs) throws IOException {
        Path coords = out.resolveSibling(out.getFileName().toString().replace(".npy", ".coords.json"));
        String[] labels = {"a", "b"};
        for (int i = 0; i < 2; i++) {
            Path refCoords = refs[i].resolveSibling(refs[i].getFileName().toString().replace(".npy", ".coords.json"));
            boolean npy = Files.mismatch(out, refs[i]) == -1;
            boolean json = Files.mismatch(coords, refCoords) == -1;
            if (npy && json) {
                return labels[i];
            }
            if (npy || json) {
                fail("a mixed pair: the .npy " + (npy ? "is" : "is not") + " run " + labels[i] + "'s, its coords.json "
                        + (json ? "is" : "is not"));
            }
        }
        fail("the output matches neither run");
        return null;
    }

    /**
     * Run A is held between publishing its coords.json and its .npy (the window where a reader or another
     * writer could see a mix); run B, writing the same output meanwhile, must wait for A's directory lock and
     * must not remove A's live temporaries; the end state is B's complete pair.
     */
    @Test
    void aSecondWriterWaitsWhileTheFirstPublishes() throws Exception {
        Path[] refs = references();
        Path out = dir.resolve("x.npy");
        Path marker = dir.resolve("hold-a");
        Process a = start(java(List.of("-Dragtime.test.hold=mid-publish:" + marker), countsArgs("0:0.2:0.05", out)), "a");
        waitFor(marker, a);
        assertFalse(Files.exists(out), "A holds before publishing its array");
        List<String> aTemps = names(dir).stream().filter(n -> n.startsWith(".x.npy.ragtime-")).toList();
        assertEquals(1, aTemps.size());
        Process b = start(java(List.of(), countsArgs("0:0.3:0.001", out)), "b");
        // B prepares, computes and then waits for the directory lock A holds
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (names(dir).stream().filter(n -> n.startsWith(".x.npy.ragtime-")).count() < 2) {
            assertTrue(b.isAlive() && System.nanoTime() < deadline, "B should have created its temporaries");
            Thread.sleep(20);
        }
        Thread.sleep(3000);
        assertTrue(b.isAlive(), "B must wait for A to finish publishing");
        assertFalse(Files.exists(out), "B published while A was between its two renames");
        assertTrue(Files.exists(dir.resolve(aTemps.getFirst())), "B removed the live A's temporary");
        Files.delete(marker);
        Run ra = finish(a, "a");
        Run rb = finish(b, "b");
        assertEquals(0, ra.status(), ra.err());
        assertEquals(0, rb.status(), rb.err());
        assertEquals("b", pairOf(out, refs));
        assertEquals(List.of(), names(dir).stream().filter(n -> n.startsWith(".x.")).toList());
    }

    /** Free-running races: whoever wins, the published .npy and coords.json come from the same run. */
    @Test
    void racingWritersLeaveOneCompletePair() throws Exception {
        Path[] refs = references();
        for (int round = 0; round < 3; round++) {
            Path out = dir.resolve("r" + round + ".npy");
            Process a = start(java(List.of(), countsArgs("0:0.2:0.05", out)), "ra" + round);
            Process b = start(java(List.of(), countsArgs("0:0.3:0.001", out)), "rb" + round);
            assertEquals(0, finish(a, "ra" + round).status());
            assertEquals(0, finish(b, "rb" + round).status());
            pairOf(out, refs);
        }
        assertEquals(List.of(), names(dir).stream().filter(n -> n.startsWith(".r")).toList());
    }

    // ---------------------------------------------------------------- concurrent readers

    @Test
    void fourConcurrentReadersOfOneInputGetIdenticalBytes() throws Exception {
        Path input = Files.copy(Cli.ECEPHYS, dir.resolve("in.nwb"));
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ps.add(start(java(List.of(), "counts", input, "--stimulus", "drifting_gratings", "--bins=-0.1:0.5:0.001",
                    "--out", dir.resolve("o" + i + ".npy")), "reader" + i));
        }
        for (int i = 0; i < 4; i++) {
            Run r = finish(ps.get(i), "reader" + i);
            assertEquals(0, r.status(), r.err());
        }
        for (int i = 1; i < 4; i++) {
            assertEquals(-1, Files.mismatch(dir.resolve("o0.npy"), dir.resolve("o" + i + ".npy")), "array " + i);
            assertEquals(-1, Files.mismatch(dir.resolve("o0.coords.json"), dir.resolve("o" + i + ".coords.json")), "coords " + i);
        }
        assertTrue(Files.size(dir.resolve("o0.npy")) > 100_000);
        assertEquals(-1, Files.mismatch(input, Cli.ECEPHYS), "the input is unchanged");
    }
}
