package org.ragtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import io.jhdf.api.dataset.ContiguousDataset;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input gives a one-line NwbException naming file, HDF5 path and problem. */
class BadInputTest {
    private static final String TINY = "generated/pynwb231_tiny_units.nwb";

    @TempDir
    Path tmp;

    private Path copy(String fixture) throws IOException {
        Path p = tmp.resolve(Path.of(fixture).getFileName());
        Files.copy(Fixtures.file(fixture), p);
        return p;
    }

    private static void patch(Path file, long offset, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    private static byte[] le(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    /** Asserts an NwbException whose one-line message is "FILE: PATH: ..." and contains {@code problem}. */
    private static NwbException refused(Path file, String hdf5Path, String problem, Executable action) {
        NwbException e = assertThrows(NwbException.class, action);
        String m = e.getMessage();
        assertFalse(m.contains("\n"), "one line: " + m);
        assertTrue(m.startsWith(file + ": " + hdf5Path + ": "), m);
        assertTrue(m.contains(problem), m);
        return e;
    }

    private static long dataAddress(Path file, String dataset) {
        try (HdfFile h = new HdfFile(file)) {
            return ((ContiguousDataset) h.getDatasetByPath(dataset)).getDataAddress() + h.getUserBlockSize();
        }
    }

    @Test
    void notHdf5() throws IOException {
        Path p = tmp.resolve("notes.nwb");
        Files.writeString(p, "this is not an HDF5 file\n".repeat(100));
        refused(p, "/", "not an HDF5 file", () -> Session.open(p));
    }

    @Test
    void emptyFile() throws IOException {
        Path p = Files.createFile(tmp.resolve("empty.nwb"));
        refused(p, "/", "empty file", () -> Session.open(p));
    }

    @Test
    void missingFile() {
        Path p = tmp.resolve("absent.nwb");
        refused(p, "/", "no such file", () -> Session.open(p));
    }

    @Test
    void truncatedFileIsFoundBeforeMapping() throws IOException {
        Path p = copy(TINY);
        long size = Files.size(p);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(size / 2);
        }
        refused(p, "/", "truncated: the superblock says the file ends at byte " + size + " but it has " + size / 2,
                () -> Session.open(p));
    }

    @Test
    void corruptSuperblock() throws IOException {
        Path p = copy(TINY);
        byte[] junk = new byte[48];
        java.util.Arrays.fill(junk, (byte) 0xEE);
        patch(p, 8, junk);
        refused(p, "/", "", () -> Session.open(p));
    }

    @Test
    void corruptObjectHeader() throws IOException {
        Path p = copy(TINY);
        long units;
        try (HdfFile h = new HdfFile(p)) {
            units = h.getByPath("units").getAddress() + h.getUserBlockSize();
        }
        byte[] junk = new byte[96];
        new SplittableRandom(7).nextBytes(junk);
        patch(p, units, junk);
        refused(p, "/units/id", "corrupt HDF5 structure", () -> {
            try (Session s = Session.open(p)) {
                s.units();
            }
        });
    }

    @Test
    void missingGroup() {
        Path p = Fixtures.file("real/neuroconv_ophys_segmentation_nwb_test.nwb");
        try (Session s = Session.open(p)) {
            assertFalse(s.hasUnits());
            refused(p, "/units", "missing", s::units);
            refused(p, "/nope/table", "missing", () -> s.table("/nope/table"));
            refused(p, "/processing/ophys/nothing", "missing", () -> s.array("/processing/ophys/nothing"));
            assertTrue(s.electrodes().isEmpty());
        }
    }

    @Test
    void indexThatDecreases() throws IOException {
        Path p = copy(TINY); // spike_times_index is uint8 [3, 4, 8]
        patch(p, dataAddress(p, "units/spike_times_index"), new byte[] {3, 2, 8});
        try (Session s = Session.open(p)) { // opening reads no index
            refused(p, "/units/spike_times_index", "decreases at row 1 (2 after 3)", s::units);
        }
    }

    @Test
    void indexThatPointsPastTheData() throws IOException {
        Path p = copy(TINY);
        patch(p, dataAddress(p, "units/spike_times_index"), new byte[] {3, 4, 9});
        try (Session s = Session.open(p)) {
            refused(p, "/units/spike_times_index", "points past the data: ends at 9 but /units/spike_times holds 8",
                    s::units);
        }
    }

    @Test
    void raggedElectrodesIndexIsCheckedToo() throws IOException {
        Path p = copy(TINY); // electrodes_index [1, 3, 4] into 4 electrode rows
        patch(p, dataAddress(p, "units/electrodes_index"), new byte[] {1, 3, 3});
        try (Session s = Session.open(p)) {
            s.units(); // spike_times are fine
            refused(p, "/units/electrodes_index", "ends at 3 but /units/electrodes holds 4 rows",
                    () -> s.units().table().column("electrodes"));
        }
    }

    @Test
    void dataExtentBeyondTheFileEnd() throws IOException {
        Path p = copy(TINY);
        long size = Files.size(p);
        long data = dataAddress(p, "units/spike_times");
        long header;
        try (HdfFile h = new HdfFile(p)) {
            header = h.getByPath("units/spike_times").getAddress();
        }
        // the contiguous layout message holds (address, size): point it near the end of the file
        byte[] all = Files.readAllBytes(p);
        byte[] pattern = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(data).putLong(64).array();
        long at = indexOf(all, pattern, (int) header, (int) Math.min(all.length, header + 4096));
        assertTrue(at > 0, "layout message found");
        patch(p, at, le(size - 16));
        try (Session s = Session.open(p)) {
            refused(p, "/units/spike_times", "data extent [" + (size - 16) + ", " + (size + 48)
                    + ") lies beyond the end of the file (" + size + " bytes)", () -> s.units().spikeTrains());
        }
    }

    private static long indexOf(byte[] hay, byte[] needle, int from, int to) {
        outer:
        for (int i = from; i + needle.length <= to; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void nonFiniteAndUnsortedSpikeTimes() throws IOException {
        Path p = copy(TINY); // [0.1, 0.2, 0.35 | 1.5 | 2.0, 2.5, 3.0, 3.5]
        long data = dataAddress(p, "units/spike_times");
        patch(p, data + 8, le(Double.doubleToLongBits(Double.NaN)));
        patch(p, data + 6 * 8, le(Double.doubleToLongBits(1.0)));
        try (Session s = Session.open(p)) {
            Units u = s.units(); // opening the units does not read spike times
            u.validateSpikeTimes(new int[] {1});
            refused(p, "/units/spike_times", "unit 0 (row 0): spike 1 is not finite (NaN)",
                    () -> u.validateSpikeTimes(new int[] {1, 0}));
            refused(p, "/units/spike_times", "unit 2 (row 2): spike 2 is earlier than the spike before it (1.0 < 2.5)",
                    () -> u.validateSpikeTimes(new int[] {2}));
        }
    }

    @Test
    void hdf5ButNotNwb() throws IOException {
        Path p = tmp.resolve("plain.h5");
        try (WritableHdfFile w = HdfFile.write(p)) {
            w.putDataset("x", new double[] {1, 2, 3});
        }
        refused(p, "/", "not an NWB file", () -> Session.open(p));
    }

    @Test
    void indexLengthDifferentFromIds() throws IOException {
        Path p = tmp.resolve("short-index.nwb");
        try (WritableHdfFile w = HdfFile.write(p)) {
            w.putAttribute("nwb_version", "2.6.0");
            WritableGroup u = w.putGroup("units");
            u.putAttribute("colnames", new String[] {"spike_times"});
            u.putDataset("id", new long[] {10, 11, 12});
            u.putDataset("spike_times", new double[] {0.1, 0.2, 0.3, 0.4});
            u.putDataset("spike_times_index", new long[] {2, 4});
        }
        try (Session s = Session.open(p)) {
            refused(p, "/units/spike_times_index", "has 2 entries but the table has 3 rows (id)", s::units);
        }
    }

    /**
     * Random damage anywhere in a real file: whatever is read afterwards either works or fails with a one-line
     * NwbException; never another exception type or a crash.
     */
    @Test
    void randomDamageNeverEscapesAsAnotherException() throws IOException {
        long seed = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed);
        byte[] original = Files.readAllBytes(Fixtures.file(TINY));
        Path p = tmp.resolve("damaged.nwb");
        int refusedCount = 0;
        for (int round = 0; round < Integer.getInteger("ragtime.fuzz.rounds", 60); round++) {
            byte[] b = original.clone();
            int at = r.nextInt(0, b.length - 64);
            for (int k = 0; k < 1 + r.nextInt(32); k++) {
                b[at + k] = (byte) r.nextInt(256);
            }
            Files.write(p, b);
            try (Session s = Session.open(p)) {
                readEverything(s);
            } catch (NwbException e) {
                refusedCount++;
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
                assertTrue(e.getMessage().startsWith(p + ": /"), e.getMessage());
            } catch (Throwable t) {
                fail("seed " + seed + " round " + round + " damage at " + at + ": " + t, t);
            }
        }
        assertTrue(refusedCount >= 0);
    }

    private static void readEverything(Session s) {
        if (s.hasUnits()) {
            Units u = s.units();
            u.spikeTrains();
            for (String c : u.table().columnNames()) {
                VectorData col = u.table().column(c);
                for (int row = 0; row < u.count(); row++) {
                    col.get(row);
                }
            }
        }
        s.electrodes().ifPresent(t -> t.columnNames().forEach(c -> t.column(c).get(0)));
        s.intervals().values().forEach(t -> t.columnNames().forEach(c -> t.column(c).get(0)));
        s.traces();
        assertEquals(s.nwbVersion(), s.nwbVersion());
    }
}
