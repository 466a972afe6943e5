package org.ragtime.engine.codec;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
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

    /**
     * One scan of {@code text} placed {@code shift} bytes into a larger segment (heap when {@code heap}),
     * the text segment ending exactly where the text does, from offset {@code from}.
     */
    private static CsvScanTest.Result run(CsvScan scan, byte[] text, long from, int columns, int maxRows,
                                          int[] keyColumns, boolean heap, int shift) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment all = heap ? MemorySegment.ofArray(new byte[shift + text.length + 64]) : a.allocate(shift + text.length + 64, 64);
            all.fill((byte) ',');
            MemorySegment t = all.asSlice(shift, text.length);
            MemorySegment.copy(text, 0, t, JAVA_BYTE, 0, text.length);
            return CsvScanTest.runOn(scan, t, from, columns, maxRows, keyColumns);
        }
    }

    private static void compare(byte[] text, long from, int columns, int maxRows, int[] keys, boolean heap, int shift, String what) {
        CsvScanTest.Result want = run(CsvScan.scalar(), text, from, columns, maxRows, keys, heap, shift);
        CsvScanTest.Result got = run(CsvScan.vector(), text, from, columns, maxRows, keys, heap, shift);
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

    @RepeatedTest(20)
    void matchesScalarOnRandomText() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        for (int round = 0; round < 60; round++) {
            int columns = 1 + rnd.nextInt(12);
            int rows = rnd.nextInt(80);
            byte[] text = CsvScanTest.randomText(rnd, TOKENS, columns, rows);
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
            CsvScanTest.Result first = run(CsvScan.scalar(), text, 0, columns, Math.max(1, cap / 2), keys, heap, shift);
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
