package org.ragtime.bench.align;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.ragtime.engine.Isa;
import org.ragtime.engine.align.AlignKernel;
import org.ragtime.engine.align.EventTriggeredResponse;
import org.ragtime.engine.align.Traces;

/**
 * Event-triggered dF/F of a whole experiment (issue 5): 300 ROIs x 90,000 frames float64, time-major as
 * AllenSDK writes it, jittered 31 Hz clock, 5000 unsorted events, window [-0.1, 0.5] s interpolated at
 * 31 Hz (19 samples), output (300, 5000, 19) float64 = 228 MB into one reused off-heap segment.
 *
 * <p>{@code perCellLoop} is the AllenSDK style in Java: for each cell, for each event, slice the window out
 * of that cell's trace into fresh arrays (as pandas' {@code .loc} does) and interpolate into a fresh array
 * (as {@code np.interp} does), then copy it out. It is measured on {@link #LOOP_CELLS} cells and reported
 * per cell; multiply by 300 for the experiment.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED
 * -Dragtime.native.dir=src-native/target -jar bench/target/benchmarks.jar AlignBenchmark -f 1 -wi 2 -i 3}
 * (the fork inherits {@code -Dragtime.native.dir}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx3g"})
public class AlignBenchmark {
    static final int ROIS = 300;
    static final int FRAMES = 90_000;
    static final int EVENTS = 5000;
    static final double RATE = 31.0;
    static final int LOOP_CELLS = 3;

    /** {@code native} (the JVM's x86-64 level), {@code native-v2}, {@code native-v3}, {@code native-v4} (one level), {@code vector}, {@code scalar}. */
    @Param({"native", "vector", "scalar"})
    public String kernel;

    @Param({"1"})
    public int threads;

    /** Value layout: TIME_MAJOR as AllenSDK writes dF/F, or ROI_MAJOR as older files hold it. */
    @Param({"TIME_MAJOR"})
    public String layout;

    private Arena arena;
    private Traces traces;
    private double[] events;
    private MemorySegment out;
    private EventTriggeredResponse interpolated;
    private EventTriggeredResponse nearest;
    private AlignKernel k;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(5);
        arena = Arena.ofShared();
        MemorySegment ts = arena.allocate((long) FRAMES * Double.BYTES, 64);
        double t = 10;
        for (int f = 0; f < FRAMES; f++) {
            ts.setAtIndex(Traces.VALUE, f, t);
            t += (1 + 0.02 * (rnd.nextDouble() - 0.5)) / RATE;
        }
        MemorySegment v = arena.allocate((long) FRAMES * ROIS * Double.BYTES, 64);
        for (long i = 0; i < (long) FRAMES * ROIS; i++) {
            v.setAtIndex(Traces.VALUE, i, rnd.nextGaussian());
        }
        Traces.Orientation orientation = Traces.Orientation.valueOf(layout);
        if (orientation == Traces.Orientation.ROI_MAJOR) {
            MemorySegment rm = arena.allocate((long) FRAMES * ROIS * Double.BYTES, 64);
            for (long f = 0; f < FRAMES; f++) {
                for (int c = 0; c < ROIS; c++) {
                    rm.setAtIndex(Traces.VALUE, c * (long) FRAMES + f, v.getAtIndex(Traces.VALUE, f * ROIS + c));
                }
            }
            v = rm;
        }
        traces = Traces.of("synthetic", v, orientation, FRAMES, ROIS, ts);
        events = new double[EVENTS];
        double span = t - 10;
        for (int e = 0; e < EVENTS; e++) {
            events[e] = 10 + rnd.nextDouble() * span;
        }
        interpolated = EventTriggeredResponse.interpolated(traces, -0.1, 0.5, RATE, true);
        nearest = EventTriggeredResponse.nearest(traces, -0.1, 0.5);
        out = arena.allocate(Math.max(interpolated.outputBytes(EVENTS), nearest.outputBytes(EVENTS)), 64);
        out.fill((byte) 0); // touch every page once, outside the measurement
        k = switch (kernel) {
            case "native" -> AlignKernel.nativeKernel();
            case "native-v2", "native-v3", "native-v4" -> AlignKernel.nativeKernel(Isa.parse(kernel.substring("native-".length())));
            case "vector" -> AlignKernel.vector();
            default -> AlignKernel.scalar();
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /** The whole experiment, interpolated onto the 31 Hz grid. */
    @Benchmark
    public MemorySegment interpolate() {
        interpolated.compute(k, events, out, threads);
        return out;
    }

    /** The whole experiment, nearest-sample path (a pure gather: comparable to numpy's fancy indexing). */
    @Benchmark
    public MemorySegment nearest() {
        nearest.compute(k, events, out, threads);
        return out;
    }

    /** AllenSDK-style per-cell loop (see the class comment), {@link #LOOP_CELLS} cells. */
    @Benchmark
    public void perCellLoop(Blackhole bh) {
        double[] grid = interpolated.time();
        MemorySegment ts = traces.timestamps();
        for (int c = 0; c < LOOP_CELLS; c++) {
            double[] trace = traces.row(c); // the cell's column of the tidy frame
            double[] tsv = ts.toArray(Traces.VALUE);
            for (int e = 0; e < EVENTS; e++) {
                double ev = events[e];
                int lo = lowerBound(tsv, ev - 0.1);
                int hi = upperBound(tsv, ev + 0.5);
                double[] x = new double[hi - lo];
                double[] y = new double[hi - lo];
                for (int i = lo; i < hi; i++) {
                    x[i - lo] = tsv[i] - ev;
                    y[i - lo] = trace[i];
                }
                bh.consume(interp(grid, x, y));
            }
        }
    }

    private static double[] interp(double[] grid, double[] x, double[] y) {
        double[] r = new double[grid.length];
        for (int s = 0; s < grid.length; s++) {
            double g = grid[s];
            if (g <= x[0]) {
                r[s] = y[0];
            } else if (g >= x[x.length - 1]) {
                r[s] = y[y.length - 1];
            } else {
                int j = upperBound(x, g) - 1;
                r[s] = (y[j + 1] - y[j]) / (x[j + 1] - x[j]) * (g - x[j]) + y[j];
            }
        }
        return r;
    }

    private static int lowerBound(double[] a, double key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int m = (lo + hi) >>> 1;
            if (a[m] < key) {
                lo = m + 1;
            } else {
                hi = m;
            }
        }
        return lo;
    }

    private static int upperBound(double[] a, double key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int m = (lo + hi) >>> 1;
            if (a[m] <= key) {
                lo = m + 1;
            } else {
                hi = m;
            }
        }
        return lo;
    }
}
