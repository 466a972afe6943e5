package org.ragtime.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Mean PSTH against the oracle (sum of brute-force counts / P), bit for bit, every backend. */
class PsthTest {
    static List<Arguments> backends() {
        return Backends.withThreads();
    }

    static double[] check(String backend, int threads, double[][] trains, double[] starts, double[] edges, BinRule rule, String context) {
        SpikeTrains units = SpikeTrains.ofArrays(trains);
        PresentationWindows w = PresentationWindows.of(starts, edges, rule);
        int cells = units.unitCount() * w.binCount();
        try (Arena arena = Arena.ofShared()) {
            MemorySegment out = arena.allocate(Math.max(8, 8L * cells));
            out.fill((byte) 0x5A);
            long max = KernelProvider.forName(backend).psth().mean(units, w, out, threads);
            double[] got = new double[cells];
            for (int i = 0; i < cells; i++) {
                got[i] = out.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
            }
            String where = backend + ", " + threads + " threads, " + rule + ": " + context;
            double[] want = Oracle.psth(trains, starts, edges, rule);
            // bit-identical, NaN included
            for (int i = 0; i < cells; i++) {
                assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]),
                        "cell " + i + " want " + want[i] + " got " + got[i] + ", " + where);
            }
            long[] raw = Oracle.counts(trains, starts, edges, rule);
            long maxTotal = 0;
            for (int u = 0; u < trains.length; u++) {
                for (int j = 0; j < w.binCount(); j++) {
                    long sum = 0;
                    for (int p = 0; p < starts.length; p++) {
                        sum += raw[(p * w.binCount() + j) * trains.length + u];
                    }
                    maxTotal = Math.max(maxTotal, sum);
                }
            }
            assertEquals(maxTotal, max, "largest total, " + where);
            return got;
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void anchorSessionMean(String backend, int threads) {
        double[][] trains = {{5, 6, 7, 8}, {2.5}, {1.01, 1.02, 1.03}};
        double[] got = check(backend, threads, trains, new double[] {0, 0.5, 1, 1.5}, new double[] {-0.1, 0, 0.1},
                BinRule.CLOSED, "anchor");
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0.75}, got); // unit 2: 3 spikes in one of 4 presentations
    }

    @ParameterizedTest
    @MethodSource("backends")
    void noPresentationsGivesNaN(String backend, int threads) {
        double[] got = check(backend, threads, new double[][] {{1}}, new double[0], new double[] {0, 1}, BinRule.CLOSED, "P = 0");
        assertTrue(Double.isNaN(got[0]));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void randomInputsMatchTheOracle(String backend, int threads) {
        long seed = Long.getLong("ragtime.test.seed", System.nanoTime());
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int iter = 0; iter < 100; iter++) {
            long s = seeds.nextLong();
            RandomCase c = RandomCase.of(new SplittableRandom(s));
            check(backend, threads, c.trains, c.starts, c.edges, c.rule,
                    "random case, seed " + s + " (run with -Dragtime.test.seed=" + seed + ")");
        }
    }
}
