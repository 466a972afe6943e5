package org.ragtime.engine.codec;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.engine.Isa;

/**
 * The native CSV scan (at the JVM's x86-64 level and at every level this CPU runs) against the Java
 * reference, and both against hand-worked classes.
 */
class CsvScanTest {
    private static final List<CsvScan> SCANS = scans();
    /** The native scans: at the JVM's level and at every x86-64 level this CPU runs. */
    private static final List<CsvScan> NATIVE = SCANS.subList(1, SCANS.size());

    private static List<CsvScan> scans() {
        List<CsvScan> s = new ArrayList<>(List.of(CsvScan.scalar(), CsvScan.nativeScan()));
        for (Isa i : Isa.supported()) {
            s.add(CsvScan.nativeScan(i));
        }
        return s;
    }

    /** One scan's outputs, comparable across implementations (also VectorCsvScanTest's). */
    record Result(long rows, long[] state, long[] starts, long[] ends, byte[] classes, int[] seen, long[] keys) {
        void assertSame(Result o, String what) {
            assertEquals(rows, o.rows, what + ": rows");
            assertArrayEquals(state, o.state, what + ": state");
            assertArrayEquals(starts, o.starts, what + ": row starts");
            assertArrayEquals(ends, o.ends, what + ": row ends");
            assertArrayEquals(classes, o.classes, what + ": classes");
            assertArrayEquals(seen, o.seen, what + ": seen");
            assertArrayEquals(keys, o.keys, what + ": keys");
        }
    }

    private static Result run(CsvScan scan, byte[] text, int columns, int maxRows) {
        return run(scan, text, columns, maxRows, new int[0]);
    }

    private static Result run(CsvScan scan, byte[] text, int columns, int maxRows, int[] keyColumns) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment t = a.allocate(Math.max(1, text.length)).asSlice(0, text.length);
            MemorySegment.copy(text, 0, t, JAVA_BYTE, 0, text.length);
            return runOn(scan, t, columns, maxRows, keyColumns);
        }
    }

    private static Result runOn(CsvScan scan, MemorySegment t, int columns, int maxRows) {
        return runOn(scan, t, columns, maxRows, new int[0]);
    }

    private static Result runOn(CsvScan scan, MemorySegment t, int columns, int maxRows, int[] keyColumns) {
        return runOn(scan, t, 0, columns, maxRows, keyColumns);
    }

    /** One scan of {@code t} from offset {@code from}, its {@code seen} checked against the classes it wrote. */
    static Result runOn(CsvScan scan, MemorySegment t, long from, int columns, int maxRows, int[] keyColumns) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(8L * maxRows);
            MemorySegment e = a.allocate(8L * maxRows);
            MemorySegment c = a.allocate((long) maxRows * columns);
            long[] state = new long[4];
            int[] seen = new int[columns];
            MemorySegment k = a.allocate(8L * maxRows * Math.max(1, keyColumns.length));
            long rows = scan.scan(t, from, columns, s, e, c, seen, keyColumns, k, state);
            int n = (int) Math.max(0, rows);
            byte[] classes = c.asSlice(0, (long) n * columns).toArray(JAVA_BYTE);
            if (rows >= 0) { // seen is exactly the classes of the records scanned
                int[] expect = new int[columns];
                for (int i = 0; i < classes.length; i++) {
                    expect[i % columns] |= 1 << classes[i];
                }
                assertArrayEquals(expect, seen, scan.name() + ": seen");
            }
            return new Result(rows, state, s.asSlice(0, 8L * n).toArray(JAVA_LONG), e.asSlice(0, 8L * n).toArray(JAVA_LONG),
                    classes, rows >= 0 ? seen : new int[0], k.asSlice(0, 8L * n * keyColumns.length).toArray(JAVA_LONG));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void classesOfHandPickedFields() {
        String[][] cases = {
            {"", "0"}, {"0", "1"}, {"-5", "1"}, {"123456789012345678", "1"}, {"1234567890123456789", "2"},
            {"9223372036854775807", "2"}, {"9223372036854775808", "3"}, {"-9223372036854775808", "3"},
            {"00000000000000000001", "3"}, {"-0", "2"}, {"007", "2"}, {"+5", "2"}, {"1.5", "3"}, {".5", "3"},
            {"5.", "3"}, {"-1e-05", "3"}, {"+.5E+3", "3"}, {"1e", "4"}, {"e5", "4"}, {"1.2.3", "4"}, {".", "4"},
            {"-", "4"}, {"1e5+", "4"}, {"NaN", "6"}, {"nan", "6"}, {"-nan", "6"}, {"N/A", "6"}, {"NULL", "6"},
            {"#N/A N/A", "6"}, {"<NA>", "6"}, {"1.#QNAN", "6"}, {"None", "4"}, {"NAN", "4"}, {"inf", "3"},
            {"INF", "3"}, {"+inf", "3"}, {"-Infinity", "3"}, {"infinit", "4"}, {"VISp", "4"}, {"True", "4"},
            {"ab\"c", "5"}, {"\"a,b\"", "8"}, {"\"12\"", "8"}, {"Nothing to see here", "4"},
            {"1".repeat(70), "3"}, {"1".repeat(70) + ".5", "3"}, {"x".repeat(70), "4"}, {"x".repeat(70) + "\"", "5"},
            {"1e1.5", "4"}, {"1-2", "4"},
        };
        for (String[] c : cases) {
            byte[] text = bytes("a," + c[0] + ",z\n");
            for (CsvScan scan : SCANS) {
                Result r = run(scan, text, 3, 4, new int[] {1});
                assertEquals(1, r.rows(), scan.name() + " " + c[0]);
                byte cls = Byte.parseByte(c[1]);
                assertEquals(cls, r.classes()[1], scan.name() + " class of '" + c[0] + "'");
                long key = cls == CsvScan.INT || cls == CsvScan.INT_OTHER ? Long.parseLong(c[0]) : Long.MIN_VALUE;
                assertEquals(key, r.keys()[0], scan.name() + " key of '" + c[0] + "'");
            }
        }
    }

    @Test
    void recordsLineEndsAndErrors() {
        byte[] text = bytes("\n1,\"x\"\"y\nz\",2\r\n\r\n3,b,\r4,5,6");
        for (CsvScan scan : SCANS) {
            Result r = run(scan, text, 3, 8);
            assertEquals(3, r.rows(), scan.name());
            assertArrayEquals(new long[] {1, 17, 22}, r.starts(), scan.name());
            assertArrayEquals(new long[] {13, 21, 27}, r.ends(), scan.name());
            assertArrayEquals(new byte[] {1, 8, 1, 1, 4, 0, 1, 1, 1}, r.classes(), scan.name());
            assertEquals(text.length, r.state()[0]);
            // full outputs: resume where it stopped
            Result two = run(scan, text, 3, 2);
            assertEquals(2, two.rows());
            assertEquals(22, two.state()[0]);

            Result bad = run(scan, bytes("1,2,3\n4,5\n"), 3, 4);
            assertEquals(-1, bad.rows());
            assertArrayEquals(new long[] {CsvScan.WRONG_FIELD_COUNT, 6, 2}, new long[] {bad.state()[1], bad.state()[2], bad.state()[3]});
            bad = run(scan, bytes("1,2,3\n4,\"5,6\n"), 3, 4);
            assertArrayEquals(new long[] {CsvScan.UNCLOSED_QUOTE, 6, 2}, new long[] {bad.state()[1], bad.state()[2], bad.state()[3]});
            bad = run(scan, bytes("1,\"2\"x,3\n"), 3, 4);
            assertArrayEquals(new long[] {CsvScan.TEXT_AFTER_QUOTE, 0, 2}, new long[] {bad.state()[1], bad.state()[2], bad.state()[3]});
        }
    }

    private static final String[] TOKENS = {
        "", "0", "-0", "007", "+5", "12", "-12", "1234567890123456789", "99999999999999999999", "9223372036854775808",
        "-9223372036854775807", "1.#IND", "-Infinity", "INF", "NULL", "1.5", ".5", "5.",
        "1e5", "-1E-05", "1e", "e5", "1.2.3", "NaN", "nan", "N/A", "null", "inf", "-inf", "Infinity", "VISp", "good",
        "True", "ab\"c", "\"a,b\"", "\"x\"\"y\"", "\"multi\nline\"", "\"\"", "0.0012835182287826985", "8757.0",
        "-11.702000367686654", "1".repeat(63), "1".repeat(64), "1".repeat(65), "2.".repeat(40), "x".repeat(64),
        "behavior_ecephys_sessions/1040000000/probe_1044000000_lfp.nwb", "é", "#", "<", "1#",
        // the bytes either side of the digits ('/' and ':'), and a digit at every place of a 64-byte block
        "12:30", "1/2", "/", ":", "9:", "/0", "2024-01-02T03:04:05", "0".repeat(31) + ":", "1".repeat(33) + "/5",
    };

    private static final List<String> ENDS = List.of("\n", "\r\n", "\r");

    /**
     * {@code rows} random records of {@code columns} fields drawn from {@code tokens}, with every kind of line end; now
     * and then a wrong field count, a blank line, or an unclosed quote or text after a quote at the end (also
     * VectorCsvScanTest's).
     */
    static byte[] randomText(Random rnd, String[] tokens, int columns, int rows) {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            if (rnd.nextInt(20) == 0) {
                sb.append(ENDS.get(rnd.nextInt(3))); // blank line
            }
            int fields = rnd.nextInt(60) == 0 ? columns + rnd.nextInt(3) - 1 : columns;
            for (int f = 0; f < fields; f++) {
                if (f > 0) {
                    sb.append(',');
                }
                sb.append(tokens[rnd.nextInt(tokens.length)]);
            }
            if (r < rows - 1 || rnd.nextBoolean()) {
                sb.append(ENDS.get(rnd.nextInt(3)));
            }
        }
        if (rnd.nextInt(40) == 0) {
            sb.append(rnd.nextBoolean() ? "\"unclosed" : "1,\"2\"x");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void nativeMatchesScalarOnRandomText() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        for (int round = 0; round < 300; round++) {
            int columns = 1 + rnd.nextInt(12);
            int rows = rnd.nextInt(60);
            byte[] text = randomText(rnd, TOKENS, columns, rows);
            int cap = 1 + rnd.nextInt(rows + 2);
            int[] keys = switch (rnd.nextInt(3)) {
                case 0 -> new int[0];
                case 1 -> new int[] {rnd.nextInt(columns)};
                default -> new int[] {rnd.nextInt(columns), rnd.nextInt(columns)};
            };
            Result ref = run(CsvScan.scalar(), text, columns, cap, keys);
            for (CsvScan scan : NATIVE) {
                ref.assertSame(run(scan, text, columns, cap, keys), scan.name() + ", seed " + seed + " round " + round);
            }
        }
    }

    @Test
    void everyTokenAtTheVeryEndOfTheText() {
        List<String> all = new ArrayList<>(List.of(TOKENS));
        for (String tok : all) {
            byte[] text = bytes("a," + tok);
            for (CsvScan scan : NATIVE) {
                run(CsvScan.scalar(), text, 2, 2).assertSame(run(scan, text, 2, 2), scan.name() + ": '" + tok + "' at the end");
            }
        }
    }

    /**
     * Texts that end exactly at the end of a file mapping a whole number of pages: a scan that reads a
     * byte past the text (the last partial 64-byte block) would fault here, and must not.
     */
    @Test
    void textEndingAtAPageBoundaryIsNeverReadPast(@TempDir Path dir) throws IOException {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        for (int round = 0; round < 40; round++) {
            int size = 4096 * (1 + rnd.nextInt(3));
            StringBuilder sb = new StringBuilder();
            while (sb.length() < size - 200) { // ASCII tokens with no quote, comma or line end: one field each
                sb.append(TOKENS[rnd.nextInt(TOKENS.length)].replaceAll("[\"\n,é]", "")).append(',')
                        .append(rnd.nextInt(1000)).append('\n');
            }
            // the last record: text, then a short number that ends exactly on the page boundary
            int digits = 1 + rnd.nextInt(40);
            sb.append("x".repeat(size - sb.length() - 1 - digits)).append(',').append("1".repeat(digits));
            byte[] text = bytes(sb.toString());
            assertEquals(size, text.length);
            Path file = dir.resolve("page" + round + ".csv");
            Files.write(file, text);
            try (Arena a = Arena.ofConfined(); FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                MemorySegment mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, a);
                Result ref = run(CsvScan.scalar(), text, 2, 1000);
                for (CsvScan scan : NATIVE) {
                    ref.assertSame(runOn(scan, mapped, 2, 1000), scan.name() + ", seed " + seed + " round " + round);
                }
            }
        }
    }
}
