package org.ragtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.engine.SpikeTrains;

/**
 * A 1 GB units file: opening it and counting spikes reads no spike data (page residency of the spike_times
 * region, measured with mincore(2), stays ~0 after the file was dropped from the page cache), and spike trains
 * are slices of the mapping.
 */
class LazyOpenLargeFileTest {
    private static final int UNITS = 1000;
    private static final int PER_UNIT = 125_000; // 125 M spikes = 1.0 GB of float64
    private static final long PAGE = 4096;
    private static final int POSIX_FADV_DONTNEED = 4;

    @TempDir
    Path tmp;

    @Test
    void openingReadsNoSpikeDataAndTrainsAreSlicesOfTheMapping() throws Throwable {
        Path p = tmp.resolve("large.nwb");
        write(p);
        dropFromPageCache(p);
        long spikeAddress;
        try (HdfFile h = new HdfFile(p)) {
            spikeAddress = ((io.jhdf.api.dataset.ContiguousDataset) h.getDatasetByPath("units/spike_times")).getDataAddress();
        }
        dropFromPageCache(p);

        try (Session s = Session.open(p)) {
            NumericArray times = s.array("/units/spike_times");
            MemorySegment seg = times.segment();
            Assumptions.assumeTrue(residentPages(seg) < pages(seg) / 1000,
                    "this file system keeps the file in memory (tmpfs?): page residency cannot be observed");
            Units u = s.units();
            assertEquals(UNITS, u.count());
            assertEquals((long) UNITS * PER_UNIT, u.totalSpikes());
            for (int i = 0; i < UNITS; i++) {
                assertEquals(PER_UNIT, u.spikeCount(i));
            }
            assertEquals(UNITS - 1, u.ids()[UNITS - 1] - u.ids()[0]);
            SpikeTrains trains = u.spikeTrains();
            long resident = residentPages(seg);
            // the index and ids sit next to the data: allow the kernel's read-around, not the data itself
            assertTrue(resident < pages(seg) / 200, "resident spike pages after open: " + resident + " of " + pages(seg));

            // zero copy: every train is a slice of the mapping at the dataset's file offset
            assertTrue(seg.isMapped() && trains.times().isMapped());
            long base = trains.times().address();
            for (int i = 0; i < UNITS; i++) {
                assertEquals(base + (long) i * PER_UNIT * Double.BYTES, trains.train(i).address());
                assertEquals((long) PER_UNIT * Double.BYTES, trains.train(i).byteSize());
            }
            assertEquals(seg.address(), base);
            assertTrue(spikeAddress > 0);

            // the measurement can fail: reading one unit makes its pages resident
            MemorySegment unit = trains.train(UNITS / 2);
            double sum = 0;
            for (long k = 0; k < PER_UNIT; k++) {
                sum += unit.getAtIndex(SpikeTrains.TIME, k);
            }
            assertEquals(expectedSum(UNITS / 2), sum, 1e-6 * Math.abs(sum));
            long after = residentPages(seg);
            assertTrue(after - resident >= (long) PER_UNIT * Double.BYTES / PAGE - 2,
                    "reading a unit shows in residency: " + resident + " -> " + after);
            u.validateSpikeTimes(new int[] {0, UNITS - 1});
        }
    }

    private static double time(int unit, int k) {
        return unit * 1e-3 + k * 0.01;
    }

    private static double expectedSum(int unit) {
        double s = 0;
        for (int k = 0; k < PER_UNIT; k++) {
            s += time(unit, k);
        }
        return s;
    }

    private static void write(Path p) throws Exception {
        double[] st = new double[UNITS * PER_UNIT];
        long[] index = new long[UNITS];
        long[] ids = new long[UNITS];
        for (int u = 0; u < UNITS; u++) {
            for (int k = 0; k < PER_UNIT; k++) {
                st[u * PER_UNIT + k] = time(u, k);
            }
            index[u] = (long) (u + 1) * PER_UNIT;
            ids[u] = 950_000 + u;
        }
        try (WritableHdfFile w = HdfFile.write(p)) {
            w.putAttribute("nwb_version", "2.6.0");
            WritableGroup units = w.putGroup("units");
            units.putAttribute("colnames", new String[] {"spike_times"});
            units.putDataset("id", ids);
            units.putDataset("spike_times", st);
            units.putDataset("spike_times_index", index);
        }
    }

    private static long pages(MemorySegment seg) {
        return seg.byteSize() / PAGE;
    }

    /** Pages of {@code seg} in the page cache, by one mincore(2) call over the pages it spans. */
    private static long residentPages(MemorySegment seg) throws Throwable {
        long start = seg.address() / PAGE * PAGE;
        long end = (seg.address() + seg.byteSize() + PAGE - 1) / PAGE * PAGE;
        int n = (int) ((end - start) / PAGE);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment vec = a.allocate(n);
            int rc = (int) MINCORE.invokeExact(MemorySegment.ofAddress(start), end - start, vec);
            assertEquals(0, rc, "mincore");
            long resident = 0;
            for (int i = 0; i < n; i++) {
                resident += vec.get(ValueLayout.JAVA_BYTE, i) & 1;
            }
            return resident;
        }
    }

    private static final MethodHandle MINCORE = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().findOrThrow("mincore"),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));

    /** fsync, then posix_fadvise(DONTNEED) so that later reads would have to come from disk. */
    private static void dropFromPageCache(Path p) throws Throwable {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Linker linker = Linker.nativeLinker();
        var libc = linker.defaultLookup();
        MethodHandle open = linker.downcallHandle(libc.findOrThrow("open"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                Linker.Option.firstVariadicArg(2));
        MethodHandle fadvise = linker.downcallHandle(libc.findOrThrow("posix_fadvise"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        MethodHandle close = linker.downcallHandle(libc.findOrThrow("close"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        try (Arena a = Arena.ofConfined()) {
            int fd = (int) open.invokeExact(a.allocateFrom(p.toString()), 0);
            assertTrue(fd >= 0, "open " + p);
            int rc = (int) fadvise.invokeExact(fd, 0L, 0L, POSIX_FADV_DONTNEED);
            assertEquals(0, rc, "posix_fadvise");
            int closed = (int) close.invokeExact(fd);
            assertEquals(0, closed);
        }
    }
}
