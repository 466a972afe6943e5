package org.ragtime.io.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.engine.codec.CsvScan;

/**
 * The CSV-to-CSV CCF merge against the table merge written by {@link CsvTables#write} (an independent
 * reader, typer and writer) on random manifests full of awkward values.
 */
class CcfCsvMergeTest {
    @TempDir
    Path dir;

    private static final String[] FLOATS = {"1.5", "-0.25", "8757.0", "1e-05", "2.5E+3", "", "NaN", "nan", "inf", "-Infinity",
        "12", "-3", "\"4.5\"", "0.0012835182287826985", "N/A", ".5", "5.", "+1.0", "1.50", "99999999999999999999"};
    private static final String[] INTS = {"0", "7", "-12", "+5", "007", "-0", "", "NA", "\"42\"", "9223372036854775807",
        "1234567890123456789"};
    private static final String[] TEXTS = {"VISp", "grey", "", "NaN", "null", "True", "\"a,b\"", "\"say \"\"hi\"\"\"",
        "\"plain\"", "ab\"c", "\"line\nbreak\"", "12", "1.5", "é", "\"['VISrl', 'root']\"", "N/A", "None"};

    private static String pick(Random r, String[] a) {
        return a[r.nextInt(a.length)];
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void randomManifestsGiveTheTableMergesBytes() throws IOException {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        for (int round = 0; round < 40; round++) {
            String eol = List.of("\n", "\r\n").get(r.nextInt(2));
            int probes = 1 + r.nextInt(4);
            StringBuilder p = new StringBuilder("ecephys_probe_id,name,sampling_rate,structure_acronyms" + eol);
            for (int i = 0; i < probes; i++) {
                p.append(700 + i).append(",probe").append((char) ('A' + i)).append(',').append(pick(r, FLOATS)).append(',')
                        .append(pick(r, TEXTS)).append(eol);
            }
            int channels = 1 + r.nextInt(30);
            StringBuilder c = new StringBuilder("ecephys_channel_id,ecephys_probe_id,probe_channel_number,"
                    + "anterior_posterior_ccf_coordinate,structure_acronym,unit_count" + eol);
            for (int i = 0; i < channels; i++) {
                int probe = r.nextInt(10) == 0 ? 999 : 700 + r.nextInt(probes); // some dangle
                c.append(1000 + i).append(',').append(probe).append(',').append(pick(r, INTS)).append(',')
                        .append(pick(r, FLOATS)).append(',').append(pick(r, TEXTS)).append(',').append(pick(r, INTS)).append(eol);
            }
            int units = r.nextInt(60);
            StringBuilder u = new StringBuilder("unit_id,ecephys_channel_id,snr,structure_acronym,local_index,quality" + eol);
            for (int i = 0; i < units; i++) {
                String ch = switch (r.nextInt(12)) {
                    case 0 -> ""; // no channel
                    case 1 -> "5"; // unknown channel
                    default -> Integer.toString(1000 + r.nextInt(channels));
                };
                u.append(i).append(',').append(ch).append(',').append(pick(r, FLOATS)).append(',').append(pick(r, TEXTS))
                        .append(',').append(pick(r, INTS)).append(',').append(pick(r, TEXTS));
                if (i < units - 1 || r.nextBoolean()) {
                    u.append(eol);
                }
            }
            Path up = write("u.csv", u.toString());
            Path cp = write("c.csv", c.toString());
            Path pp = write("p.csv", p.toString());
            String what = "seed " + seed + " round " + round;
            for (Path probesFile : new Path[] {pp, null}) {
                Path out = dir.resolve("out.csv");
                ProjectManifests.Merged m = ProjectManifests.mergeCcf(up, cp, probesFile);
                ProjectManifests.Written w = ProjectManifests.mergeCcfToCsv(up, cp, probesFile, out);
                java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
                CsvTables.write(m.table(), b);
                assertEquals(b.toString(StandardCharsets.UTF_8), Files.readString(out, StandardCharsets.UTF_8), what);
                assertEquals(m.danglingReport(), w.danglingReport(), what);
            }
        }
    }

    @Test
    void badRecordsAreRefusedWithTheirLine() throws IOException {
        Path c = write("c.csv", "ecephys_channel_id,ecephys_probe_id\n1,2\n");
        Path u1 = write("u1.csv", "unit_id,ecephys_channel_id\n1,1\n2,1,3\n");
        CsvFormatException e = assertThrows(CsvFormatException.class,
                () -> ProjectManifests.mergeCcfToCsv(u1, c, null, dir.resolve("o.csv")));
        assertEquals(u1 + " line 3: expected 2 fields (as in the header), found 3", e.getMessage());
        Path u2 = write("u2.csv", "unit_id,ecephys_channel_id\n1,1\n2,\"1\n");
        e = assertThrows(CsvFormatException.class, () -> ProjectManifests.mergeCcfToCsv(u2, c, null, dir.resolve("o.csv")));
        assertEquals(u2 + " line 3: quoted field 2 is never closed", e.getMessage());
        Path u3 = write("u3.csv", "unit_id,ecephys_channel_id\n1,\"1\"x\n");
        e = assertThrows(CsvFormatException.class, () -> ProjectManifests.mergeCcfToCsv(u3, c, null, dir.resolve("o.csv")));
        assertEquals(u3 + " line 2: text after the closing quote of field 2", e.getMessage());
        Path empty = write("empty.csv", "\n\n");
        e = assertThrows(CsvFormatException.class, () -> ProjectManifests.mergeCcfToCsv(empty, c, null, dir.resolve("o.csv")));
        assertEquals(empty + ": empty file (no header)", e.getMessage());
        e = assertThrows(CsvFormatException.class,
                () -> ProjectManifests.mergeCcfToCsv(dir.resolve("nope.csv"), c, null, dir.resolve("o.csv")));
        assertEquals(dir.resolve("nope.csv") + ": no such file", e.getMessage());
        // the units fail at once while a big channels file is still being scanned on another thread
        StringBuilder big = new StringBuilder("ecephys_channel_id,ecephys_probe_id,x\n");
        for (int i = 0; i < 400_000; i++) {
            big.append(i).append(",7,").append(i * 0.5).append('\n');
        }
        Path bigChannels = write("big.csv", big.toString());
        for (int round = 0; round < 3; round++) {
            e = assertThrows(CsvFormatException.class,
                    () -> ProjectManifests.mergeCcfToCsv(dir.resolve("nope.csv"), bigChannels, null, dir.resolve("o.csv")));
            assertEquals(dir.resolve("nope.csv") + ": no such file", e.getMessage());
        }
    }

    /** A file big enough to be scanned in two halves, with and without a quoted line break across the split. */
    @Test
    void halvesAgreeWithOneSequentialScan() throws IOException {
        for (boolean quotedBreakAtMiddle : new boolean[] {false, true}) {
            Path f = dir.resolve("big.csv");
            int rows = 600_000;
            try (OutputStream o = Files.newOutputStream(f)) {
                StringBuilder b = new StringBuilder("unit_id,ecephys_channel_id,snr,text\n");
                for (int i = 0; i < rows; i++) {
                    b.append(i).append(',').append(1000 + i % 7).append(',').append(i * 0.125).append(',');
                    // a long quoted field spanning many lines around the middle of the file
                    b.append(quotedBreakAtMiddle && i == rows / 2 - 1 ? "\"x\n" + "y\n".repeat(2 << 20) + "\"" : "text-" + i % 3 + "-abcdefghij");
                    b.append('\n');
                    if (b.length() > 1 << 16) {
                        o.write(b.toString().getBytes(StandardCharsets.UTF_8));
                        b.setLength(0);
                    }
                }
                o.write(b.toString().getBytes(StandardCharsets.UTF_8));
            }
            assertTrue(Files.size(f) > 16 << 20, "big enough to be split");
            try (Arena a = Arena.ofShared()) {
                CsvIndex split = CsvIndex.open(f, CsvScan.nativeScan(), a, h -> new int[] {1});
                assertEquals(rows, split.rows);
                // the sequential reference: the table reader
                var t = CsvTables.read(f);
                assertEquals(rows, t.rowCount());
                for (int r = 0; r < rows; r += rows / 16 - 1) {
                    assertEquals(t.line(r), split.line(r), "line of record " + r);
                    assertEquals(1000 + r % 7, split.scannedKey(r, 1));
                }
                if (quotedBreakAtMiddle) { // the split point lies inside the long quoted field: the halves must fall back
                    long header = split.rowStart[0];
                    long mid = header + (Files.size(f) - header) / 2;
                    assertTrue(split.rowStart[rows / 2 - 1] < mid && split.rowEnd[rows / 2 - 1] > mid);
                }
            }
        }
    }
    /** Both merges of the same files: the same bytes and report, or the same error. */
    private void sameAsTablePath(Path u, Path c, Path p, String what) throws IOException {
        Path out = dir.resolve("out.csv");
        ProjectManifests.Merged m;
        try {
            m = ProjectManifests.mergeCcf(u, c, p);
        } catch (RuntimeException expected) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> ProjectManifests.mergeCcfToCsv(u, c, p, out), what);
            assertEquals(expected.getMessage(), e.getMessage(), what);
            return;
        }
        ProjectManifests.Written w = ProjectManifests.mergeCcfToCsv(u, c, p, out);
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        CsvTables.write(m.table(), b);
        assertEquals(b.toString(StandardCharsets.UTF_8), Files.readString(out, StandardCharsets.UTF_8), what);
        assertEquals(m.danglingReport(), w.danglingReport(), what);
    }

    @Test
    void idsInEverySpellingAndPlaceJoinAsTheTablePathJoins() throws IOException {
        // ids first (the spliced fast path) or not, canonical or not (+, leading zeros, quoted, floats, negative)
        String[][] spellings = {{"1000", "1001", "-7"}, {"+1000", "1001", "-7"}, {"01000", "1001", "-7"},
            {"\"1000\"", "1001", "-7"}, {"1000.0", "1001.0", "-7.0"}, {"1000", "1001", ""}, {"1000", "1000", "-7"},
            {"1000", "1.5", "-7"}, {"1000", "x", "-7"}};
        for (String[] ids : spellings) {
            for (boolean idFirst : new boolean[] {true, false}) {
                StringBuilder c = new StringBuilder(idFirst ? "ecephys_channel_id,ecephys_probe_id,structure_acronym\n"
                        : "structure_acronym,ecephys_probe_id,ecephys_channel_id\n");
                String[] probes = {"700", "701", "\"700\""};
                for (int i = 0; i < ids.length; i++) {
                    c.append(idFirst ? ids[i] + "," + probes[i] + ",VISp" + i : "VISp" + i + "," + probes[i] + "," + ids[i]).append('\n');
                }
                Path cp = write("c.csv", c.toString());
                Path pp = write("p.csv", "ecephys_probe_id,name\n700,probeA\n+701,probeB\n");
                Path pp2 = write("p2.csv", "name,ecephys_probe_id\nprobeA,700\nprobeB,701\n");
                Path up = write("u.csv", "unit_id,ecephys_channel_id,snr\n1,1000,1.5\n2,-7,2.5\n3,1001,\n4,1000,0.5\n5,,1\n");
                for (Path probesFile : new Path[] {pp, pp2, null}) {
                    sameAsTablePath(up, cp, probesFile, String.join(" ", ids) + (idFirst ? " id first" : " id last") + " " + probesFile);
                }
            }
        }
    }

    @Test
    void problemsInSeveralFilesAreReportedInTheTablePathsOrder() throws IOException {
        Path u = write("u.csv", "unit_id,ecephys_channel_id\n1,1000\n");
        Path uNoKey = write("u2.csv", "unit_id,channel\n1,1000\n");
        Path uBadKey = write("u3.csv", "unit_id,ecephys_channel_id\n1,1000\n2,x\n");
        Path c = write("c.csv", "ecephys_channel_id,ecephys_probe_id\n1000,700\n");
        Path cDup = write("c2.csv", "ecephys_channel_id,ecephys_probe_id\n1000,700\n1000,700\n");
        Path cMissing = write("c3.csv", "ecephys_channel_id,ecephys_probe_id\n,700\n");
        Path cNoProbe = write("c4.csv", "ecephys_channel_id,probe\n1000,700\n");
        Path cNoId = write("c5.csv", "channel,ecephys_probe_id\n1000,700\n");
        Path p = write("p.csv", "ecephys_probe_id,name\n700,A\n");
        Path pDup = write("p2.csv", "ecephys_probe_id,name\n700,A\n700,B\n");
        Path pNoId = write("p3.csv", "probe,name\n700,A\n");
        for (Path uu : new Path[] {u, uNoKey, uBadKey}) {
            for (Path cc : new Path[] {c, cDup, cMissing, cNoProbe, cNoId}) {
                for (Path pp : new Path[] {p, pDup, pNoId, null}) {
                    sameAsTablePath(uu, cc, pp, uu.getFileName() + " " + cc.getFileName() + " " + pp);
                }
            }
        }
    }

    @Test
    void aBigMergeIsTheTableMerge() throws IOException {
        // big enough for the units' matching on two threads and many writer buffers, with a record longer than one
        Random r = new Random(7);
        StringBuilder p = new StringBuilder("ecephys_probe_id,name,structure_acronyms\n");
        for (int i = 0; i < 40; i++) {
            p.append(5000 + i * 3).append(",probe").append(i).append(",\"['VISp', 'CA1']\"\n");
        }
        StringBuilder c = new StringBuilder("ecephys_channel_id,ecephys_probe_id,structure_acronym,valid_data\n");
        int channels = 70_000;
        for (int i = 0; i < channels; i++) {
            c.append(2_000_000_000L + (long) i * 7919 % 1_000_003).append(',').append(5000 + r.nextInt(41) * 3).append(',')
                    .append(r.nextBoolean() ? "VISp" : "").append(',').append(r.nextBoolean() ? "True" : "False").append('\n');
        }
        StringBuilder u = new StringBuilder("unit_id,ecephys_channel_id,snr,quality\n");
        for (int i = 0; i < 60_000; i++) {
            long ch = r.nextInt(50) == 0 ? 17 : 2_000_000_000L + (long) r.nextInt(channels) * 7919 % 1_000_003;
            u.append(i).append(',').append(ch).append(',').append(r.nextDouble()).append(',')
                    .append(i == 30_000 ? "x".repeat(3 << 20) : "good").append('\n');
        }
        sameAsTablePath(write("u.csv", u.toString()), write("c.csv", c.toString()), write("p.csv", p.toString()), "big");
    }
}
