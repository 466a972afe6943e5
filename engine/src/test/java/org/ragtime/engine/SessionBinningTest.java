package org.ragtime.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whole-session binning against the edge-by-edge oracle, every backend. */
class SessionBinningTest {
    static List<Arguments> backends() {
        return Backends.withThreads();
    }

    static long[] check(String backend, int threads, double[][] trains, double start, double width, int n, CountType type, String context) {
        SpikeTrains units = SpikeTrains.ofArrays(trains);
        long cells = (long) trains.length * n;
        long[] raw = Oracle.bins(trains, start, width, n);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment out = arena.allocate(Math.max(1, cells * type.bytes()));
            out.fill((byte) 0x5A);
            long max = KernelProvider.forName(backend).sessionBinning().bin(units, start, width, n, type, out, threads);
            long[] got = Oracle.read(out, type, cells);
            String where = backend + ", " + threads + " threads, " + type + ": " + context;
            assertArrayEquals(Oracle.stored(raw, type, false), got, where);
            assertEquals(Oracle.max(raw), max, "largest count, " + where);
            return got;
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void halfOpenBinsAndTheLastSpike(String backend, int threads) {
        // the CLI's n = floor((stop - start) / w) + 1 = floor(2.9999999999999996) + 1 = 3 for stop 0.3 puts a spike
        // exactly at stop in the last bin: e_3 = 3 * 0.1 = 0.30000000000000004 > 0.3
        double[][] trains = {{0.0, 0.1, 0.19, 0.2, 0.3}, {}};
        assertArrayEquals(new long[] {1, 2, 2, 0, 0, 0}, check(backend, threads, trains, 0.0, 0.1, 3, CountType.INT32, "n = 3"));
        assertArrayEquals(new long[] {1, 2, 2, 0, 0, 0, 0, 0}, check(backend, threads, trains, 0.0, 0.1, 4, CountType.INT32, "n = 4"));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void spikesOnComputedEdges(String backend, int threads) {
        double start = 3.7;
        double w = 0.01;
        int n = 200;
        double[] t = new double[3 * (n + 1) + 2];
        int i = 0;
        for (int k = 0; k <= n; k++) {
            double e = start + k * w;
            t[i++] = e;
            t[i++] = Math.nextUp(e);
            t[i++] = Math.nextDown(e);
        }
        t[i++] = -5;
        t[i] = 1e9;
        Arrays.sort(t);
        for (CountType type : CountType.values()) {
            check(backend, threads, new double[][] {{}, t, t}, start, w, n, type, "edges start + k*w");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void denseRunsAndOverflow(String backend, int threads) {
        double[] t = new double[70_000];
        for (int i = 0; i < t.length; i++) {
            t[i] = i * (3.0 / t.length); // ~23,000 per bin of 1 s
        }
        for (CountType type : CountType.values()) {
            check(backend, threads, new double[][] {t, Arrays.copyOf(t, 600)}, 0, 1, 3, type, "dense");
        }
        long[] got = check(backend, threads, new double[][] {t}, 0, 3, 1, CountType.UINT16, "70000 in one bin");
        assertArrayEquals(new long[] {65535}, got);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void emptyShapes(String backend, int threads) {
        check(backend, threads, new double[0][], 0, 1, 5, CountType.INT32, "no units");
        check(backend, threads, new double[][] {{1, 2}}, 0, 1, 0, CountType.INT32, "no bins");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void randomInputsMatchTheOracle(String backend, int threads) {
        long seed = Long.getLong("ragtime.test.seed", System.nanoTime());
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int iter = 0; iter < 150; iter++) {
            long s = seeds.nextLong();
            SplittableRandom r = new SplittableRandom(s);
            double start = r.nextDouble(-50, 50);
            double w = r.nextBoolean() ? 0.001 * (1 + r.nextInt(100)) : r.nextDouble(1e-4, 2);
            int n = r.nextInt(300);
            int nu = r.nextInt(8);
            double[][] trains = new double[nu][];
            for (int u = 0; u < nu; u++) {
                int m = r.nextInt(4) == 0 ? 0 : r.nextInt(r.nextBoolean() ? 30 : 2000);
                double[] t = new double[m];
                for (int i = 0; i < m; i++) {
                    double x;
                    if (r.nextInt(3) == 0) {
                        x = start + r.nextInt(n + 2) * w; // exactly on a computed edge, or one ulp off
                        int k = r.nextInt(3);
                        x = k == 0 ? x : k == 1 ? Math.nextUp(x) : Math.nextDown(x);
                    } else {
                        x = start + r.nextDouble(-0.1, 1.1) * n * w;
                    }
                    t[i] = x;
                }
                Arrays.sort(t);
                trains[u] = t;
            }
            CountType type = CountType.values()[r.nextInt(3)];
            check(backend, threads, trains, start, w, n, type,
                    "random case, seed " + s + " (run with -Dragtime.test.seed=" + seed + ")");
        }
    }
}
