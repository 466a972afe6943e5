package org.ragtime.io.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.engine.table.Table;

/** Records that straddle window refills read exactly as with one window holding the whole file. */
class TokenizerWindowTest {
    @TempDir
    Path dir;

    private static String csv(Table t) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        CsvTables.write(t, b);
        return b.toString(StandardCharsets.UTF_8);
    }

    private static String lines(Table t) {
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < t.rowCount(); r++) {
            b.append(t.line(r)).append(' ');
        }
        return b.toString();
    }

    @Test
    void everyWindowSizeGivesTheSameTable() throws IOException {
        long seed = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int round = 0; round < 30; round++) {
            StringBuilder text = new StringBuilder(rnd.nextBoolean() ? "\uFEFF" : "").append("id,x,name,n\n");
            int rows = rnd.nextInt(0, 40);
            for (int r = 0; r < rows; r++) {
                if (rnd.nextInt(8) == 0) {
                    text.append(rnd.nextBoolean() ? "\n" : "\r\n"); // blank line
                }
                text.append(r).append(',');
                text.append(rnd.nextInt(5) == 0 ? "" : Double.toString(rnd.nextDouble() * 1000)).append(',');
                text.append(switch (rnd.nextInt(5)) {
                    case 0 -> "\"a, \"\"quoted\"\"\nvalue\"";
                    case 1 -> "\"\"";
                    case 2 -> "plain";
                    case 3 -> "\"x\r\ny\"";
                    default -> "VISp";
                }).append(',');
                text.append(rnd.nextInt(4) == 0 ? "NA" : Integer.toString(rnd.nextInt(1000)));
                if (r < rows - 1 || rnd.nextBoolean()) {
                    text.append(rnd.nextBoolean() ? "\n" : "\r\n");
                }
            }
            Path f = dir.resolve("t" + round + ".csv");
            Files.writeString(f, text, StandardCharsets.UTF_8);
            Table whole = CsvTables.read(f);
            String expected = csv(whole);
            String expectedLines = lines(whole);
            for (int window = 1; window <= 70; window += rnd.nextInt(1, 4)) {
                Table t = CsvTables.read(f, n -> true, window);
                String got = csv(t);
                int at = 0;
                while (at < Math.min(got.length(), expected.length()) && got.charAt(at) == expected.charAt(at)) {
                    at++;
                }
                assertEquals(expected, got, "seed " + seed + " window " + window + " first difference at " + at + ": expected '"
                        + expected.substring(Math.max(0, at - 20), Math.min(expected.length(), at + 20)) + "' got '"
                        + got.substring(Math.max(0, at - 20), Math.min(got.length(), at + 20)) + "'");
                assertEquals(expectedLines, lines(t), "seed " + seed + " window " + window);
            }
        }
    }
}
