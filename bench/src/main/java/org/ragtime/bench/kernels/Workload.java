package org.ragtime.bench.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.ragtime.engine.SpikeTrains;

/**
 * Synthetic Allen-like spike workloads generated in memory, NWB layout (one float64 spike-times segment
 * plus cumulative offsets). "Config A" of peers-and-limits.md: 500 units, rates lognormal (sigma 0.8)
 * rescaled to a mean of 8 Hz, Poisson over 3000 s (about 12 M spikes), 5000 onsets every 0.6 s, bins
 * {@code linspace(-0.1, 0.5, 61)}.
 */
public final class Workload {
    /** Spike trains (off-heap, shared arena: readable by kernel worker threads). */
    public final SpikeTrains units;
    /** Presentation onsets. */
    public final double[] onsets;
    /** Relative bin edges. */
    public final double[] edges;
    /** Session length in seconds. */
    public final double duration;

    private Workload(SpikeTrains units, double[] onsets, double[] edges, double duration) {
        this.units = units;
        this.onsets = onsets;
        this.edges = edges;
        this.duration = duration;
    }

    /** Config A at full size. */
    public static Workload configA(Arena arena) {
        return of(arena, 500, 3000, 5000, 12345);
    }

    /**
     * A config-A-like workload scaled down: {@code units} units over {@code duration} seconds, {@code presentations}
     * onsets every 0.6 s from 0.1 s, bins linspace(-0.1, 0.5, 61).
     */
    public static Workload of(Arena arena, int units, double duration, int presentations, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] rates = new double[units];
        double sum = 0;
        for (int u = 0; u < units; u++) {
            rates[u] = Math.exp(0.8 * gaussian(r));
            sum += rates[u];
        }
        long[] offsets = new long[units + 1];
        double[][] trains = new double[units][];
        for (int u = 0; u < units; u++) {
            double rate = rates[u] * 8.0 * units / sum; // mean rate 8 Hz
            int cap = (int) (rate * duration * 1.2 + 64);
            double[] t = new double[cap];
            int n = 0;
            double now = -Math.log(1 - r.nextDouble()) / rate;
            while (now < duration) {
                if (n == t.length) {
                    t = java.util.Arrays.copyOf(t, t.length * 2);
                }
                t[n++] = now;
                now += -Math.log(1 - r.nextDouble()) / rate;
            }
            trains[u] = java.util.Arrays.copyOf(t, n);
            offsets[u + 1] = offsets[u] + n;
        }
        MemorySegment times = arena.allocate(offsets[units] * Double.BYTES, 64);
        for (int u = 0; u < units; u++) {
            MemorySegment.copy(trains[u], 0, times, ValueLayout.JAVA_DOUBLE, offsets[u] * Double.BYTES, trains[u].length);
        }
        double[] onsets = new double[presentations];
        for (int p = 0; p < presentations; p++) {
            onsets[p] = 0.1 + 0.6 * p;
        }
        return new Workload(SpikeTrains.ofOffsets(times, offsets), onsets, linspace(-0.1, 0.5, 61), duration);
    }

    /** numpy.linspace: start + k * step, the last edge set to stop exactly. */
    public static double[] linspace(double start, double stop, int num) {
        double[] e = new double[num];
        double step = (stop - start) / (num - 1);
        for (int k = 0; k < num; k++) {
            e[k] = start + k * step;
        }
        e[num - 1] = stop;
        return e;
    }

    private static double gaussian(SplittableRandom r) {
        double u1 = 1 - r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
