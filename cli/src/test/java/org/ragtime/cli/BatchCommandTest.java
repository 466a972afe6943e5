package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ragtime batch} on a generated project of 20 small sessions and 2 damaged files: every good session's outputs
 * are the single-session command's bytes, failures carry that command's one error line, exit status per the contract,
 * reruns skip, a SIGKILLed batch resumes to the outputs of an uninterrupted one.
 */
class BatchCommandTest {
    static final List<String> COUNTS = List.of("counts", "--stimulus", "drifting_gratings", "--bins", "-0.1:0.5:0.05");
    static final int GOOD = 20;

    @TempDir
    static Path project;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() {
        Cli r = Cli.run("generate", "--config", "small", "--units", "12", "--project", project, "--sessions", GOOD, "--corrupt", "2");
        assertEquals(0, r.status(), r.err());
    }

    static Cli batch(Path source, Path out, List<String> options, List<String> command) {
        List<Object> a = new ArrayList<>(List.of("batch", source, "--out", out));
        a.addAll(options);
        a.add("--");
        a.addAll(command);
        return Cli.run(a.toArray());
    }

    /** Every file under {@code root} (relative path -> bytes), hidden lock file aside. */
    static Map<String, byte[]> tree(Path root) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = root.relativize(p).toString();
                if (!rel.equals(".batch.lock")) {
                    m.put(rel, Files.readAllBytes(p));
                }
            }
        }
        return m;
    }

    static List<Map<String, String>> batchCsv(Path out) throws IOException {
        List<String> lines = Files.readAllLines(out.resolve("batch.csv"));
        assertEquals("session,path,status,seconds,output,error", lines.getFirst());
        List<Map<String, String>> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",", 6);
            Map<String, String> r = new HashMap<>();
            String[] names = {"session", "path", "status", "seconds", "output", "error"};
            for (int i = 0; i < 6; i++) {
                r.put(names[i], f[i]);
            }
            rows.add(r);
        }
        return rows;
    }

    static List<Path> sessions() throws IOException {
        try (Stream<Path> s = Files.list(project)) {
            return s.filter(p -> p.toString().endsWith(".nwb")).sorted().toList();
        }
    }

    static String name(Path nwb) {
        String f = nwb.getFileName().toString();
        return f.substring(0, f.length() - 4);
    }

    @Test
    void everySessionAsTheSingleCommandWritesIt() throws IOException {
        Path out = dir.resolve("out");
        Cli b = batch(project, out, List.of("--jobs", "2", "--format", "npy"), COUNTS);
        assertEquals(2, b.status(), "every failure is bad input: " + b.err());
        String last = b.err().strip().lines().reduce((x, y) -> y).orElseThrow();
        assertTrue(last.contains("20 ok, 0 skipped, 2 failed (corrupt_00_truncated, corrupt_01_spike-nan)"), last);

        Path single = dir.resolve("single");
        Map<String, String> errors = new HashMap<>();
        for (Path s : sessions()) {
            Files.createDirectories(single.resolve(name(s)));
            List<Object> a = new ArrayList<>(COUNTS);
            a.add(1, s.toAbsolutePath());
            a.addAll(List.of("--out", single.resolve(name(s)).resolve("counts.npy")));
            Cli r = Cli.run(a.toArray());
            if (r.status() != 0) {
                assertEquals(2, r.status());
                errors.put(name(s), r.err().strip().replaceFirst("^ragtime: ", ""));
                Files.delete(single.resolve(name(s)));
            }
        }
        assertEquals(Set.of("corrupt_00_truncated", "corrupt_01_spike-nan"), errors.keySet());
        Map<String, byte[]> expected = tree(single);
        Map<String, byte[]> got = tree(out);
        got.remove("batch.csv");
        assertEquals(expected.keySet(), got.keySet(), "per-session outputs, and nothing under a failed session");
        assertEquals(GOOD * 2, got.size());
        expected.forEach((k, v) -> assertArrayEquals(v, got.get(k), k));

        List<Map<String, String>> rows = batchCsv(out);
        assertEquals(GOOD + 2, rows.size());
        for (Map<String, String> r : rows) {
            String s = r.get("session");
            assertEquals(project.resolve(s + ".nwb").toAbsolutePath().toString(), r.get("path"));
            if (errors.containsKey(s)) {
                assertEquals("failed", r.get("status"));
                assertEquals("", r.get("output"));
                assertEquals(errors.get(s), r.get("error").replaceAll("^\"|\"$", ""));
                assertTrue(b.err().contains(s + " failed: " + errors.get(s)), b.err());
            } else {
                assertEquals("ok", r.get("status"));
                assertEquals(s + "/counts.npy", r.get("output"));
                assertEquals("", r.get("error"));
            }
        }

        // rerun: complete sessions skipped, failures tried again, outputs unchanged
        Cli again = batch(project, out, List.of("--format", "npy"), COUNTS);
        assertEquals(2, again.status(), again.err());
        assertTrue(again.err().contains("0 ok, 20 skipped, 2 failed"), again.err());
        List<Map<String, String>> rerun = batchCsv(out);
        assertEquals(GOOD, rerun.stream().filter(r -> r.get("status").equals("skipped")).count());
        Map<String, byte[]> after = tree(out);
        after.remove("batch.csv");
        expected.forEach((k, v) -> assertArrayEquals(v, after.get(k), k));
    }

    @Test
    void listOfGoodSessionsExitsZeroAndCombinesTables() throws IOException {
        Path list = dir.resolve("list.txt");
        List<Path> good = sessions().stream().filter(p -> name(p).startsWith("session_")).limit(3).toList();
        Files.write(list, good.stream().map(p -> p.toAbsolutePath().toString()).toList());
        Path out = dir.resolve("cs");
        Cli b = batch(list, out, List.of(), List.of("condition-stats", "--stimulus", "flashes"));
        assertEquals(0, b.status(), b.err());
        List<String> combined = Files.readAllLines(out.resolve("combined.csv"));
        List<String> expected = new ArrayList<>();
        for (Path g : good) {
            List<String> lines = Files.readAllLines(out.resolve(name(g)).resolve("condition-stats.csv"));
            if (expected.isEmpty()) {
                expected.add("session," + lines.getFirst());
            }
            lines.subList(1, lines.size()).forEach(l -> expected.add(name(g) + "," + l));
        }
        assertEquals(expected, combined);

        // a second subcommand into the same OUTDIR: its files join each session's folder
        Cli u = batch(list, out, List.of(), List.of("units"));
        assertEquals(0, u.status(), u.err());
        for (Path g : good) {
            assertEquals(List.of("condition-stats.csv", "units.csv"), Files.list(out.resolve(name(g))).map(p -> p.getFileName().toString())
                    .sorted().toList());
        }
        assertTrue(Files.readString(out.resolve("combined.csv")).startsWith("session,unit_id,"));
    }

    @Test
    void psthCombinedAlongUnits() throws Exception {
        Path list = dir.resolve("list.txt");
        List<Path> good = sessions().stream().filter(p -> name(p).startsWith("session_")).limit(3).toList();
        Files.write(list, good.stream().map(p -> p.getFileName().toString()).toList()); // relative to the list
        Files.move(list, project.resolve("three.txt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path out = dir.resolve("psth");
        Cli b = batch(project.resolve("three.txt"), out, List.of("--format", "npy"), List.of("psth", "--stimulus", "flashes", "--bins",
                "0:0.2:0.05"));
        Files.delete(project.resolve("three.txt"));
        assertEquals(0, b.status(), b.err());
        assertTrue(Files.exists(out.resolve("session_000/psth.png")));
        // the combined array is the sessions' arrays one after the other (data after each 128-byte header)
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        StringBuilder ids = new StringBuilder();
        StringBuilder sessions = new StringBuilder();
        for (Path g : good) {
            byte[] a = Files.readAllBytes(out.resolve(name(g)).resolve("psth.npy"));
            data.write(a, 128, a.length - 128);
            String coords = Files.readString(out.resolve(name(g)).resolve("psth.coords.json"));
            String unitIds = coords.replaceAll("(?s).*\"unit_id\":\\[([^]]*)].*", "$1");
            ids.append(ids.isEmpty() ? "" : ",").append(unitIds);
            for (int i = 0; i < unitIds.split(",").length; i++) {
                sessions.append(sessions.isEmpty() ? "" : ",").append('"').append(name(g)).append('"');
            }
        }
        byte[] c = Files.readAllBytes(out.resolve("combined.npy"));
        assertTrue(new String(c, 0, 128).contains("'shape': (36, 4)"), new String(c, 0, 128));
        assertArrayEquals(data.toByteArray(), java.util.Arrays.copyOfRange(c, 128, c.length));
        String coords = Files.readString(out.resolve("combined.coords.json"));
        assertTrue(coords.contains("\"unit_id\":[" + ids + "]"), coords);
        assertTrue(coords.contains("\"session\":[" + sessions + "]"), coords);
        // combined.zarr through xarray (an independent reader): the same values, session along unit_id
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import sys, numpy as np, xarray as xr\n"
                + "d = xr.open_zarr(sys.argv[1] + '/combined.zarr'); a = np.load(sys.argv[1] + '/combined.npy')\n"
                + "assert np.array_equal(d['psth'].values, a), 'values'\n"
                + "assert d['session'].dims == ('unit_id',) and list(d['session'].values[:2]) == ['session_000'] * 2, 'session'\n"
                + "assert d.sizes['unit_id'] == 36\n", out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
    }

    /** A Zarr store's JSON with the recorded command line blanked (the one thing the contract lets differ). */
    static byte[] masked(String name, byte[] bytes) {
        if (!name.endsWith(".zattrs") && !name.endsWith(".zmetadata")) {
            return bytes;
        }
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8).replaceAll("\"command\"\\s*:\\s*\"(?:[^\"\\\\]|\\\\.)*\"", "\"command\":\"\"")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void defaultZarrStoresAreTheSingleCommandsApartFromTheCommandLine() throws IOException {
        List<Path> good = sessions().stream().filter(p -> name(p).startsWith("session_")).limit(3).toList();
        Path list = dir.resolve("list.txt");
        Files.write(list, good.stream().map(p -> p.toAbsolutePath().toString()).toList());
        Path out = dir.resolve("zarr");
        Cli b = batch(list, out, List.of(), COUNTS);
        assertEquals(0, b.status(), b.err());
        Path single = dir.resolve("single");
        for (Path g : good) {
            Files.createDirectories(single.resolve(name(g)));
            List<Object> a = new ArrayList<>(COUNTS);
            a.add(1, g.toAbsolutePath());
            a.addAll(List.of("--out", single.resolve(name(g)).resolve("counts.zarr")));
            assertEquals(0, Cli.run(a.toArray()).status());
        }
        Map<String, byte[]> expected = tree(single);
        Map<String, byte[]> got = tree(out);
        got.remove("batch.csv");
        assertEquals(expected.keySet(), got.keySet());
        assertTrue(expected.keySet().stream().anyMatch(k -> k.endsWith("counts.zarr/.zmetadata")), expected.keySet().toString());
        expected.forEach((k, v) -> assertArrayEquals(masked(k, v), masked(k, got.get(k)), k));
        assertTrue(new String(got.get("session_000/counts.zarr/.zmetadata")).contains("\"command\""), "the store records a command line");
    }

    @Test
    void defaultZarrPsthStoresAreStackedIntoCombinedZarr() throws Exception {
        List<Path> good = sessions().stream().filter(p -> name(p).startsWith("session_")).limit(3).toList();
        Path list = dir.resolve("list3.txt");
        Files.write(list, good.stream().map(p -> p.toAbsolutePath().toString()).toList());
        List<String> psth = List.of("psth", "--stimulus", "flashes", "--bins", "0:0.2:0.05", "--no-png");
        Path zarrOut = dir.resolve("zpsth");
        Path npyOut = dir.resolve("npsth");
        Cli z = batch(list, zarrOut, List.of(), psth);
        assertEquals(0, z.status(), z.err());
        assertEquals(0, batch(list, npyOut, List.of("--format", "npy"), psth).status());
        // read back by xarray (an independent reader): the stores stacked equal the .npy arrays stacked
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import sys, numpy as np, xarray as xr\n"
                + "z = xr.open_zarr(sys.argv[1] + '/combined.zarr'); n = xr.open_zarr(sys.argv[2] + '/combined.zarr')\n"
                + "assert np.array_equal(z['psth'].values, np.load(sys.argv[2] + '/combined.npy')), 'values'\n"
                + "assert z['psth'].dtype == n['psth'].dtype and list(z['psth'].dims) == ['unit_id', 'time_relative_to_stimulus_onset']\n"
                + "assert z.unit_id.values.tolist() == n.unit_id.values.tolist() and z.session.values.tolist() == n.session.values.tolist()\n"
                + "assert np.array_equal(z.time_relative_to_stimulus_onset.values, n.time_relative_to_stimulus_onset.values)\n"
                + "assert z['psth'].attrs['units'] == 'spikes/presentation', z['psth'].attrs\n",
                zarrOut.toString(), npyOut.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        assertFalse(Files.list(zarrOut).anyMatch(f -> f.getFileName().toString().startsWith(".combined-")), "no temporary left");
    }

    @Test
    void tablesOfEverySessionGoIntoOneCombinedCsv() throws Exception {
        // issue 17's loop: one table of every session, one CSV with a leading session column
        List<Path> good = sessions().stream().filter(p -> name(p).startsWith("session_")).limit(3).toList();
        Path list = dir.resolve("tables.txt");
        Files.write(list, good.stream().map(p -> p.toAbsolutePath().toString()).toList());
        Path out = dir.resolve("tables");
        Cli b = batch(list, out, List.of(), List.of("table", "/intervals/flashes_presentations", "--columns", "start_time,stimulus_name"));
        assertEquals(0, b.status(), b.err());
        List<String> want = new ArrayList<>();
        for (Path g : good) {
            Path single = dir.resolve(name(g) + "-single.csv");
            assertEquals(0, Cli.run("table", g, "intervals/flashes_presentations", "--columns", "start_time,stimulus_name", "--out", single).status());
            List<String> lines = Files.readAllLines(single);
            if (want.isEmpty()) {
                want.add("session," + lines.getFirst());
            }
            lines.subList(1, lines.size()).forEach(l -> want.add(name(g) + "," + l));
        }
        assertEquals(want, Files.readAllLines(out.resolve("combined.csv")));
    }

    @Test
    void dryRunAndBadUsageWriteNothing() {
        Path out = dir.resolve("none");
        Cli d = batch(project, out, List.of("--dry-run"), COUNTS);
        assertEquals(0, d.status(), d.err());
        assertEquals(GOOD + 2, d.out().lines().filter(l -> l.startsWith("run ")).count(), d.out());
        for (List<String> bad : List.of(List.<String>of(), List.of("info"), List.of("counts", "--bogus"),
                List.of("counts", "--stimulus", "x", "--bins", "0:1:0.5", "--out", "x.npy"), List.of("nosuch"))) {
            Cli r = batch(project, out, List.of(), bad);
            assertEquals(2, r.status(), bad + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        assertEquals(2, batch(project, out, List.of("--format", "csv"), COUNTS).status());
        assertEquals(2, batch(dir.resolve("missing"), out, List.of(), COUNTS).status());
        assertFalse(Files.exists(out));
    }

    /** The command line to run {@code ragtime ARGS} in a new JVM with the test's class path. */
    static List<String> java(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-Dragtime.native.dir=" + System.getProperty("ragtime.native.dir", ""),
                "-cp", System.getProperty("java.class.path"), "org.ragtime.cli.Main"));
        cmd.addAll(args);
        return cmd;
    }

    @Test
    void killedBatchResumesToTheUninterruptedOutputs() throws Exception {
        List<String> work = List.of("spike-times", "--stimulus", "drifting_gratings");
        Path reference = dir.resolve("reference");
        assertEquals(2, batch(project, reference, List.of(), work).status());
        Map<String, byte[]> expected = tree(reference);
        expected.remove("batch.csv");

        Path out = dir.resolve("killed");
        List<String> args = new ArrayList<>(List.of("batch", project.toString(), "--out", out.toString(), "--jobs", "1", "--"));
        args.addAll(work);
        Process p = new ProcessBuilder(java(args)).redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile()).start();
        Set<String> seenDone = new java.util.TreeSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (p.isAlive() && seenDone.size() < 5 && System.nanoTime() < deadline) {
            if (Files.isDirectory(out)) {
                try (Stream<Path> s = Files.list(out)) {
                    for (Path d : s.filter(x -> x.getFileName().toString().startsWith("session_")).toList()) {
                        // a visible session is complete: exactly its output, with its final bytes
                        String rel = d.getFileName() + "/spike-times.csv";
                        assertEquals(List.of("spike-times.csv"), Files.list(d).map(x -> x.getFileName().toString()).toList());
                        assertArrayEquals(expected.get(rel), Files.readAllBytes(out.resolve(rel)), rel);
                        seenDone.add(d.getFileName().toString());
                    }
                }
            }
            Thread.sleep(2);
        }
        assertTrue(p.isAlive(), "the batch ended before it could be killed: " + Files.readString(dir.resolve("killed.log")));
        p.destroyForcibly(); // SIGKILL
        p.waitFor();
        assertFalse(Files.exists(out.resolve("batch.csv")), "killed before its report");
        Set<String> finishedBeforeKill;
        try (Stream<Path> s = Files.list(out)) {
            finishedBeforeKill = s.map(x -> x.getFileName().toString()).filter(n -> n.startsWith("session_")).collect(Collectors.toSet());
        }
        assertTrue(finishedBeforeKill.size() >= 5 && finishedBeforeKill.size() < GOOD, finishedBeforeKill.toString());

        Cli resumed = batch(project, out, List.of(), work);
        assertEquals(2, resumed.status(), resumed.err());
        for (Map<String, String> r : batchCsv(out)) {
            String s = r.get("session");
            String want = s.startsWith("corrupt") ? "failed" : finishedBeforeKill.contains(s) ? "skipped" : "ok";
            assertEquals(want, r.get("status"), s);
        }
        Map<String, byte[]> got = tree(out);
        got.remove("batch.csv");
        assertEquals(expected.keySet(), got.keySet(), "no partial directory left, nothing missing");
        expected.forEach((k, v) -> assertArrayEquals(v, got.get(k), k));
    }
}
