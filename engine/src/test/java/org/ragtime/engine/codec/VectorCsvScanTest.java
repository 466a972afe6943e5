package org.ragtime.engine.codec;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.ragtime.engine.KernelProvider;

/**
 * The Vector API CSV scan against the Java reference, output for output: random records of every token
 * class (quotes, embedded commas and line ends, CRLF and CR, blank lines, empty fields, numbers of every
 * class, fields across 64-byte blocks and longer than 64 bytes), texts ending with and without a line
 * end, inside or at the end of a block, in heap and native segments at odd offsets, resumed mid-text.
 */
class VectorCsvScanTest {

    private record Result(long rows, long[] state, long[] starts, long[] ends, byte[] classes, int[] seen, long[] keys) {
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

    /**
     * One scan of {@code text} placed {@code shift} bytes into a larger segment (heap when {@code heap}),
     * the text segment ending exactly where the text does, from offset {@code from}.
     */
    private static Result run(CsvScan scan, byte[] text, long from, int columns, int maxRows, int[] keyColumns,
                              boolean heap, int shift) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment all = heap ? MemorySegment.ofArray(new byte[shift + text.length + 64]) : a.allocate(shift + text.length + 64, 64);
            all.fill((byte) ',');
            MemorySegment t = all.asSlice(shift, text.length);
            MemorySegment.copy(text, 0, t, JAVA_BYTE, 0, text.length);
            MemorySegment s = a.allocate(8L * maxRows);
            MemorySegment e = a.allocate(8L * maxRows);
            MemorySegment c = a.allocate((long) maxRows * columns);
            long[] state = new long[4];
            int[] seen = new int[columns];
            MemorySegment k = a.allocate(8L * maxRows * Math.max(1, keyColumns.length));
            long rows = scan.scan(t, from, columns, s, e, c, seen, keyColumns, k, state);
            int n = (int) Math.max(0, rows);
            return new Result(rows, state, s.asSlice(0, 8L * n).toArray(JAVA_LONG), e.asSlice(0, 8L * n).toArray(JAVA_LONG),
                    c.asSlice(0, (long) n * columns).toArray(JAVA_BYTE), rows >= 0 ? seen : new int[0],
                    k.asSlice(0, 8L * n * keyColumns.length).toArray(JAVA_LONG));
        }
    }

    private static void compare(byte[] text, long from, int columns, int maxRows, int[] keys, boolean heap, int shift, String what) {
        Result want = run(CsvScan.scalar(), text, from, columns, maxRows, keys, heap, shift);
        Result got = run(CsvScan.vector(), text, from, columns, maxRows, keys, heap, shift);
        want.assertSame(got, what);
    }

    private static final String[] TOKENS = {
        "", "0", "-0", "+0", "007", "+5", "12", "-12", "1234567890123456789", "9223372036854775807", "9223372036854775808",
        "99999999999999999999", "-9223372036854775807", "-9223372036854775808", "123456789012345678", "1.#IND", "-1.#QNAN",
        "-Infinity", "INF", "infinity", "+inf", "infinit", "NULL", "None", "1.5", ".5", "5.", "-.5e-3", "1e5", "-1E-05",
        "1e+5", "1e", "e5", "1.2.3", "1e5e5", "1e1.5", "1-2", "+-1", ".", "-", "+", "1e5+", "1+e5", "NaN", "nan",
        "NAN", "-NaN", "-nan", "N/A", "n/a", "#N/A", "#N/A N/A", "#NA", "<NA>", "NA", "null", "inf", "-inf", "VISp",
        "good", "True", "ab\"c", "x\"", "\"a,b\"", "\"x\"\"y\"", "\"multi\nline\"", "\"cr\r\nlf\"", "\"\"", "\"\"\"\"",
        "0.0012835182287826985", "8757.0", "-11.702000367686654", "1".repeat(63), "1".repeat(64), "1".repeat(65),
        "-" + "1".repeat(63), "2.".repeat(40), "x".repeat(63), "x".repeat(64), "x".repeat(70) + "\"", "1".repeat(70) + "e5",
        "\"" + "q".repeat(150) + "\"", "behavior_ecephys_sessions/1040000000/probe_1044000000_lfp.nwb", "é", "#", "<", "1#",
        "#N/A N/A N", " 1", "1 ",
    };
    private static final List<String> ENDS = List.of("\n", "\r\n", "\r");

    /** Random records; now and then a wrong field count, a blank line or an unclosed quote at the end. */
    private static byte[] randomText(Random rnd, int columns, int rows) {
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
                sb.append(TOKENS[rnd.nextInt(TOKENS.length)]);
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

    @RepeatedTest(20)
    void matchesScalarOnRandomText() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        for (int round = 0; round < 60; round++) {
            int columns = 1 + rnd.nextInt(12);
            int rows = rnd.nextInt(80);
            byte[] text = randomText(rnd, columns, rows);
            int cap = 1 + rnd.nextInt(rows + 2);
            int[] keys = switch (rnd.nextInt(4)) {
                case 0 -> new int[0];
                case 1 -> new int[] {rnd.nextInt(columns)};
                case 2 -> new int[] {rnd.nextInt(columns), rnd.nextInt(columns)};
                default -> new int[] {rnd.nextInt(columns), rnd.nextInt(columns), rnd.nextInt(columns)};
            };
            boolean heap = rnd.nextBoolean();
            int shift = rnd.nextInt(70);
            compare(text, 0, columns, cap, keys, heap, shift, "seed " + seed + " round " + round + " heap " + heap + " shift " + shift);
            // resume from the start of a later record, as a reader whose outputs filled up does
            Result first = run(CsvScan.scalar(), text, 0, columns, Math.max(1, cap / 2), keys, heap, shift);
            if (first.rows() > 0) {
                compare(text, first.state()[0], columns, cap, keys, heap, shift, "seed " + seed + " round " + round + " resumed");
            }
        }
    }

    /** Every token as the last field of a text of every length mod 64, with and without a line end. */
    @Test
    void everyTokenAtTheEndOfTheTextAndOfABlock() {
        for (String tok : TOKENS) {
            for (int pad = 0; pad < 64; pad += 1 + pad / 8) {
                for (String end : new String[] {"", "\n", "\r\n"}) {
                    byte[] text = ("a".repeat(pad) + "," + tok + end).getBytes(StandardCharsets.UTF_8);
                    compare(text, 0, 2, 3, new int[] {1}, pad % 2 == 0, pad % 5, "'" + tok + "' after " + pad + " bytes, end '" + end + "'");
                }
            }
        }
    }

    /** Texts shorter than a vector and than a 64-byte block, down to empty and blank-only texts. */
    @Test
    void shortTexts() {
        for (String t : new String[] {"", "\n", "\r\n\r\n", "1", "1,2", "1,2\n", "\"a\"", "\"a", "a\"", ",", ",\n", "1e5,-0\r", "x,\"y\nz\""}) {
            byte[] text = t.getBytes(StandardCharsets.UTF_8);
            for (int columns = 1; columns <= 3; columns++) {
                compare(text, 0, columns, 4, new int[] {0}, true, 0, "'" + t + "' columns " + columns);
                compare(text, 0, columns, 4, new int[] {0}, false, 63, "'" + t + "' columns " + columns + " native");
            }
        }
    }

    /** A units.csv-like text of a few thousand records, many blocks long. */
    @Test
    void manyBlocksOfNumbers() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        StringBuilder sb = new StringBuilder("unit_id,x,y,name,flag\n");
        for (int r = 0; r < 5000; r++) {
            sb.append(1_100_000_000L + r).append(',').append(rnd.nextGaussian() * Math.pow(10, rnd.nextInt(12) - 6)).append(',')
                    .append(rnd.nextInt(20) == 0 ? "" : rnd.nextInt(30) == 0 ? "nan" : String.valueOf(rnd.nextInt(10000) - 5000))
                    .append(',').append(rnd.nextInt(10) == 0 ? "\"VIS,p\"" : "VISp").append(',')
                    .append(rnd.nextBoolean() ? "True" : "False").append(rnd.nextInt(50) == 0 ? "\r\n" : "\n");
        }
        byte[] text = sb.toString().getBytes(StandardCharsets.UTF_8);
        int header = sb.indexOf("\n") + 1;
        compare(text, header, 5, 6000, new int[] {0, 2}, false, 0, "seed " + seed);
        compare(text, header, 5, 6000, new int[] {0, 2}, true, 7, "seed " + seed + " heap");
    }

    @Test
    void theVectorBackendHandsOutTheVectorScan() {
        assertEquals("vector", KernelProvider.forName("vector").csvScan().name());
    }
}
