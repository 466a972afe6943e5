package org.ragtime.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Presentation-wise counts: AllenSDK anchors, hand-built edge cases and random inputs, every backend. */
class SpikeCountsTest {

    static List<org.junit.jupiter.params.provider.Arguments> backends() {
        return Backends.withThreads();
    }

    /** Runs the kernel and checks cells and return value against the oracle; returns the stored cells. */
    static long[] check(String backend, int threads, double[][] trains, double[] starts, double[] edges, BinRule rule,
                        CountType type, boolean binarize, String context) {
        SpikeTrains units = SpikeTrains.ofArrays(trains);
        PresentationWindows w = PresentationWindows.of(starts, edges, rule);
        long cells = w.cells(units.unitCount());
        long[] raw = Oracle.counts(trains, starts, edges, rule);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment out = arena.allocate(Math.max(1, cells * type.bytes()));
            out.fill((byte) 0x5A); // every cell must be written
            long max = KernelProvider.forName(backend).spikeCounts().count(units, w, type, binarize, out, threads);
            long[] got = Oracle.read(out, type, cells);
            String where = backend + ", " + threads + " threads, " + type + (binarize ? " binarized" : "") + ", " + rule
                    + ": " + context;
            assertArrayEquals(Oracle.stored(raw, type, binarize), got, where);
            assertEquals(Oracle.max(raw), max, "largest count, " + where);
            return got;
        }
    }

    // ------------------------------------------------------------------------------------ AllenSDK anchors

    @ParameterizedTest
    @MethodSource("backends")
    void allenSdkSessionAnchor(String backend, int threads) {
        double[][] trains = {{5, 6, 7, 8}, {2.5}, {1.01, 1.02, 1.03}};
        double[] starts = {0, 0.5, 1, 1.5};
        double[] edges = {-0.1, 0, 0.1}; // np.linspace(-.1, .1, 3)
        long[] got = check(backend, threads, trains, starts, edges, BinRule.CLOSED, CountType.UINT16, false, "anchor");
        assertEquals(4 * 2 * 3, got.length); // shape (4, 2, 3)
        // unit 2, presentation 2: [0, 3]
        assertEquals(0, got[(2 * 2 + 0) * 3 + 2]);
        assertEquals(3, got[(2 * 2 + 1) * 3 + 2]);
        // unit 1, presentation 3: [0, 0]
        assertEquals(0, got[(3 * 2 + 0) * 3 + 1]);
        assertEquals(0, got[(3 * 2 + 1) * 3 + 1]);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void allenSdkHistogramAnchor(String backend, int threads) {
        // test_build_spike_histogram: domain [[1,2,3,4],[1.1,2.1,3.1,4.1]], spikes {1.5, 2.5} -> [[1,1,0],[1,1,0]]
        for (boolean binarize : new boolean[] {false, true}) {
            long[] got = check(backend, threads, new double[][] {{1.5, 2.5}}, new double[] {1, 1.1}, new double[] {0, 1, 2, 3},
                    BinRule.CLOSED, CountType.UINT16, binarize, "histogram anchor");
            assertArrayEquals(new long[] {1, 1, 0, 1, 1, 0}, got);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void spikeOnInteriorEdgeCountsInBothClosedBins(String backend, int threads) {
        long[] closed = check(backend, threads, new double[][] {{2.0}}, new double[] {0}, new double[] {1, 2, 3},
                BinRule.CLOSED, CountType.INT32, false, "edges [1,2,3], spike 2.0");
        assertArrayEquals(new long[] {1, 1}, closed);
        long[] halfOpen = check(backend, threads, new double[][] {{2.0}}, new double[] {0}, new double[] {1, 2, 3},
                BinRule.HALF_OPEN, CountType.INT32, false, "edges [1,2,3], spike 2.0");
        assertArrayEquals(new long[] {0, 1}, halfOpen);
    }

    // ------------------------------------------------------------------------------------ hand edge cases

    @ParameterizedTest
    @MethodSource("backends")
    void spikesExactlyOnEdgesAfterTheAddition(String backend, int threads) {
        double[] starts = {0.1, 0.7, 1.3, 100.3};
        double[] edges = {-0.1, 0.0, 0.1, 0.2, 0.30000000000000004, 0.5};
        List<Double> spikes = new ArrayList<>();
        for (double s : starts) {
            for (double e : edges) {
                double x = s + e; // the exact value the kernel compares against
                spikes.add(x);
                spikes.add(Math.nextUp(x));
                spikes.add(Math.nextDown(x));
            }
            spikes.add(s);
        }
        double[] train = spikes.stream().mapToDouble(Double::doubleValue).sorted().distinct().toArray();
        for (BinRule rule : BinRule.values()) {
            check(backend, threads, new double[][] {train, {}, train}, starts, edges, rule, CountType.INT32, false, "on edges");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void spikesAtPresentationStartsAndStops(String backend, int threads) {
        double[] starts = {1.0, 2.0, 3.25};
        double[] edges = {0, 0.25, 0.5}; // window = [start, stop] with stop = start + 0.5
        double[] train = {1.0, 1.5, 2.0, 2.5, 3.25, 3.75};
        for (BinRule rule : BinRule.values()) {
            long[] got = check(backend, threads, new double[][] {train}, starts, edges, rule, CountType.UINT8, false, "starts/stops");
            if (rule == BinRule.CLOSED) {
                assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1}, got);
            } else {
                assertArrayEquals(new long[] {1, 0, 1, 0, 1, 0}, got);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void emptyUnitsAnywhere(String backend, int threads) {
        double[][] trains = {{}, {0.05, 0.15}, {}, {0.11}, {}};
        check(backend, threads, trains, new double[] {0, 0.1}, new double[] {0, 0.05, 0.1}, BinRule.CLOSED, CountType.UINT16,
                false, "empty units (first, middle, last)");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void abuttingOverlappingUnsortedRepeatedWindows(String backend, int threads) {
        double[] train = {0.0, 0.2, 0.4, 0.5, 0.6, 0.75, 0.99, 1.0, 1.2, 1.5, 2.0};
        double[] abutting = {0, 0.5, 1.0, 1.5};
        double[] overlapping = {0, 0.25, 0.5, 0.75};
        double[] unsortedRepeated = {1.5, 0, 1.0, 0, 0.5, 1.5, 0.25};
        double[] edges = {0, 0.25, 0.5};
        for (BinRule rule : BinRule.values()) {
            for (double[] starts : new double[][] {abutting, overlapping, unsortedRepeated}) {
                check(backend, threads, new double[][] {train, {0.3}}, starts, edges, rule, CountType.INT32, false,
                        "starts " + Arrays.toString(starts));
            }
        }
        // abutting closed windows count the shared edge in both: spike 0.5 in window 0 and window 1
        long[] got = check(backend, threads, new double[][] {{0.5}}, new double[] {0, 0.5}, new double[] {0, 0.5},
                BinRule.CLOSED, CountType.INT32, false, "abutting");
        assertArrayEquals(new long[] {1, 1}, got);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void singlePresentationAndEmptySelections(String backend, int threads) {
        double[][] trains = {{0.1, 0.2, 0.3}, {0.25}};
        check(backend, threads, trains, new double[] {0.05}, new double[] {0, 0.1, 0.2}, BinRule.CLOSED, CountType.UINT8, false, "one");
        check(backend, threads, new double[0][], new double[] {0, 1}, new double[] {0, 0.1}, BinRule.CLOSED, CountType.UINT8, false,
                "no units");
        check(backend, threads, trains, new double[0], new double[] {0, 0.1}, BinRule.CLOSED, CountType.UINT8, false,
                "no presentations");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void nanStartsCountNothing(String backend, int threads) {
        double[][] trains = {{0.1, 0.2, 0.3, 1.1}};
        long[] got = check(backend, threads, trains, new double[] {0, Double.NaN, 1.0, Double.NaN}, new double[] {0, 0.15, 0.3},
                BinRule.CLOSED, CountType.INT32, false, "NaN starts");
        assertArrayEquals(new long[] {1, 2, 0, 0, 1, 0, 0, 0}, got);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void zeroWidthBinsAreRefusedBeforeAnyKernel(String backend, int threads) {
        // BinEdges' one rule (strictly increasing) holds for the windows too, so no backend ever sees a repeated edge
        for (BinRule rule : BinRule.values()) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> PresentationWindows.of(new double[] {0, 0.5}, new double[] {1.0, 1.0, 1.5, 1.5, 2.0}, rule), backend);
            assertEquals("bin edges: not strictly increasing at edge 1 (1.0 after 1.0)", e.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void overflowIsReportedNeverWrapped(String backend, int threads) {
        double[] many = new double[70_000];
        for (int i = 0; i < many.length; i++) {
            many[i] = 0.5 + i * 1e-6;
        }
        double[][] trains = {many, {0.5}};
        for (CountType type : CountType.values()) {
            for (boolean binarize : new boolean[] {false, true}) {
                long[] got = check(backend, threads, trains, new double[] {0, 10}, new double[] {0, 1}, BinRule.CLOSED, type, binarize,
                        "70000 spikes in one bin");
                assertEquals(binarize ? 1 : Math.min(70_000, type.max()), got[0]);
            }
        }
        // 300 spikes: beyond uint8 only
        long[] got = check(backend, threads, new double[][] {Arrays.copyOf(many, 300)}, new double[] {0}, new double[] {0, 1},
                BinRule.HALF_OPEN, CountType.UINT8, false, "300 spikes");
        assertArrayEquals(new long[] {255}, got);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void outputTooSmallIsRefused(String backend, int threads) {
        SpikeTrains units = SpikeTrains.ofArrays(new double[] {1});
        PresentationWindows w = PresentationWindows.of(new double[] {0, 1}, new double[] {0, 1, 2}, BinRule.CLOSED);
        MemorySegment out = MemorySegment.ofArray(new short[3]);
        assertThrows(IllegalArgumentException.class,
                () -> KernelProvider.forName(backend).spikeCounts().count(units, w, CountType.UINT16, false, out, threads));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void unalignedSpikeTimesAndOutput(String backend, int threads) {
        // HDF5 data (so a mapped spike_times) need not be 8-byte aligned; nor need a caller's output
        double[] train = {0.05, 0.1, 0.15, 0.2, 0.95, 1.0, 1.05};
        try (Arena arena = Arena.ofShared()) {
            MemorySegment times = arena.allocate(8L * train.length + 3).asSlice(3);
            MemorySegment.copy(train, 0, times, SpikeTrains.TIME, 0, train.length);
            SpikeTrains units = SpikeTrains.ofOffsets(times, new long[] {0, 4, 7});
            PresentationWindows w = PresentationWindows.of(new double[] {0, 1}, new double[] {0, 0.1, 0.2}, BinRule.CLOSED);
            for (CountType type : CountType.values()) {
                MemorySegment out = arena.allocate(w.cells(2) * type.bytes() + 1).asSlice(1);
                long max = KernelProvider.forName(backend).spikeCounts().count(units, w, type, false, out, threads);
                long[] want = Oracle.counts(new double[][] {{0.05, 0.1, 0.15, 0.2}, {0.95, 1.0, 1.05}}, new double[] {0, 1},
                        new double[] {0, 0.1, 0.2}, BinRule.CLOSED);
                assertArrayEquals(want, Oracle.read(out, type, w.cells(2)), backend + " " + type);
                assertEquals(Oracle.max(want), max);
            }
        }
    }

    // ------------------------------------------------------------------------------------ random inputs

    @ParameterizedTest
    @MethodSource("backends")
    void randomInputsMatchTheOracle(String backend, int threads) {
        long seed = Long.getLong("ragtime.test.seed", System.nanoTime());
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int iter = 0; iter < 150; iter++) {
            long s = seeds.nextLong();
            RandomCase c = RandomCase.of(new SplittableRandom(s));
            check(backend, threads, c.trains, c.starts, c.edges, c.rule, c.type, c.binarize,
                    "random case, seed " + s + " (run with -Dragtime.test.seed=" + seed + ")");
        }
    }

    /**
     * The narrowing drain of the native levels (AVX-512 cvtepi32, AVX2 packus with its lane order fixed,
     * the plain loop): counts that saturate uint8 and uint16 (255, 256, 65535, 65536 and beyond), every
     * output type, binarized or not, into outputs at every byte offset of a 64-byte line, with a tail
     * that is not a whole vector; the bytes around the output must stay untouched.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void narrowingDrainSaturatesAtAnyOutputOffset(String backend, int threads) {
        long seed = Long.getLong("ragtime.test.seed", System.nanoTime());
        SplittableRandom r = new SplittableRandom(seed);
        int[] big = {255, 256, 65535, 65536, 70001};
        for (int round = 0; round < 6; round++) {
            int nu = 1 + r.nextInt(40);
            int nb = 1 + r.nextInt(12);
            int np = 1 + r.nextInt(4);
            double[] starts = new double[np];
            for (int p = 0; p < np; p++) {
                starts[p] = 100.0 * p;
            }
            double[] edges = new double[nb + 1];
            for (int k = 0; k <= nb; k++) {
                edges[k] = k;
            }
            double[][] trains = new double[nu][];
            for (int u = 0; u < nu; u++) {
                int bigOnes = 0;
                double[] t = new double[0];
                int n = 0;
                for (int p = 0; p < np; p++) {
                    for (int k = 0; k < nb; k++) {
                        int c = r.nextInt(60) == 0 && bigOnes++ < 1 ? big[r.nextInt(big.length)] : r.nextInt(4);
                        if (n + c > t.length) {
                            t = Arrays.copyOf(t, Math.max(2 * t.length, n + c));
                        }
                        Arrays.fill(t, n, n + c, starts[p] + k + 0.5);
                        n += c;
                    }
                }
                trains[u] = Arrays.copyOf(t, n);
            }
            SpikeTrains units = SpikeTrains.ofArrays(trains);
            PresentationWindows w = PresentationWindows.of(starts, edges, BinRule.HALF_OPEN);
            long cells = w.cells(nu);
            long[] raw = Oracle.counts(trains, starts, edges, BinRule.HALF_OPEN);
            for (CountType type : CountType.values()) {
                for (boolean binarize : new boolean[] {false, true}) {
                    int offset = r.nextInt(64);
                    try (Arena arena = Arena.ofShared()) {
                        long guard = 128;
                        MemorySegment all = arena.allocate(guard + offset + cells * type.bytes() + guard, 64);
                        all.fill((byte) 0x5A);
                        MemorySegment out = all.asSlice(guard + offset, cells * type.bytes());
                        long max = KernelProvider.forName(backend).spikeCounts().count(units, w, type, binarize, out, threads);
                        String where = backend + ", " + threads + " threads, " + type + (binarize ? " binarized" : "")
                                + ", offset " + offset + ", seed " + seed + " round " + round;
                        assertArrayEquals(Oracle.stored(raw, type, binarize), Oracle.read(out, type, cells), where);
                        assertEquals(Oracle.max(raw), max, "largest count, " + where);
                        for (long b = 0; b < all.byteSize(); b++) {
                            if (b == guard + offset) {
                                b += cells * type.bytes() - 1;
                                continue;
                            }
                            assertEquals((byte) 0x5A, all.get(java.lang.foreign.ValueLayout.JAVA_BYTE, b), "byte " + b + " outside the output, " + where);
                        }
                    }
                }
            }
        }
    }
}
