package org.ragtime.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.cli.Main;

/**
 * {@code ragtime batch --engine spark --master local[2]} against the local engine on one generated project (20 small
 * sessions, 2 damaged files): the same files byte for byte, the same batch.csv apart from the seconds, the same exit
 * status.
 */
class SparkEngineTest {
    @TempDir
    Path dir;

    record Run(int status, String err) {
    }

    static synchronized Run run(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Run(Main.run(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }

    static Map<String, byte[]> tree(Path root) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    /** A Zarr store's JSON with the recorded command line blanked (the one thing the contract lets differ). */
    static byte[] masked(String name, byte[] bytes) {
        if (!name.endsWith(".zattrs") && !name.endsWith(".zmetadata")) {
            return bytes;
        }
        return new String(bytes, StandardCharsets.UTF_8).replaceAll("\"command\"\\s*:\\s*\"(?:[^\"\\\\]|\\\\.)*\"", "\"command\":\"\"")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** batch.csv without its seconds column. */
    static List<String> withoutSeconds(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().map(l -> l.replaceFirst("^([^,]*,[^,]*,[^,]*),[^,]*,", "$1,")).toList();
    }

    @Test
    void sparkLocalWritesWhatTheLocalEngineWrites() throws IOException {
        Path project = dir.resolve("project");
        assertEquals(0, run("generate", "--config", "small", "--units", "12", "--project", project.toString(), "--sessions", "20",
                "--corrupt", "2").status());
        for (String sub : List.of("counts", "condition-stats")) {
            List<String> flags = sub.equals("counts") ? List.of("counts", "--stimulus", "drifting_gratings", "--bins", "-0.1:0.5:0.05")
                    : List.of("condition-stats", "--stimulus", "flashes");
            Path local = dir.resolve(sub + "-local");
            Path spark = dir.resolve(sub + "-spark");
            Run l = run(Stream.concat(Stream.of("batch", project.toString(), "--out", local.toString(), "--"), flags.stream()).toArray(String[]::new));
            Run s = run(Stream.concat(Stream.of("batch", project.toString(), "--out", spark.toString(), "--engine", "spark", "--master", "local[2]",
                    "--"), flags.stream()).toArray(String[]::new));
            assertEquals(2, l.status(), l.err());
            assertEquals(2, s.status(), s.err());
            assertTrue(s.err().contains("20 ok, 0 skipped, 2 failed (corrupt_00_truncated, corrupt_01_spike-nan)"), s.err());
            Map<String, byte[]> a = tree(local);
            Map<String, byte[]> b = tree(spark);
            a.remove("batch.csv");
            b.remove("batch.csv");
            assertEquals(a.keySet(), b.keySet());
            assertTrue(a.size() >= 21, a.keySet().toString());
            assertTrue(!sub.equals("counts") || a.keySet().stream().anyMatch(k -> k.endsWith("counts.zarr/.zmetadata")), "Zarr by default");
            a.forEach((k, v) -> assertArrayEquals(masked(k, v), masked(k, b.get(k)), k));
            assertEquals(withoutSeconds(local.resolve("batch.csv")), withoutSeconds(spark.resolve("batch.csv")));
            assertEquals(23, Files.readAllLines(spark.resolve("batch.csv")).size());
        }
    }
}
