package org.ragtime.bench.align;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.ragtime.engine.KernelProvider;
import org.ragtime.engine.align.EventTriggeredResponse;
import org.ragtime.engine.align.Traces;

/**
 * Change-aligned behaviour (issue 14): a 60 Hz running-speed or pupil-area series over 90 minutes (324,000 samples on a
 * jittered clock), 500 image changes, window [-1, 2] s; interpolated onto a 60 Hz grid (181 samples) and nearest
 * sample, into one reused segment, as {@code ragtime align} computes it. The numpy/pandas equivalent of the same
 * problem is {@code tools/align_speed_reference.py}.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED
 * -Dragtime.native.dir=src-native/target -jar bench/target/benchmarks.jar BehaviorAlignBench}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class BehaviorAlignBench {
    static final int SAMPLES = 60 * 60 * 90;
    static final int CHANGES = 500;
    static final double RATE = 60.0;

    @Param({"native", "vector", "scalar"})
    public String kernel;

    private Arena arena;
    private Traces series;
    private double[] changes;
    private MemorySegment out;
    private EventTriggeredResponse interpolated;
    private EventTriggeredResponse nearest;
    private KernelProvider provider;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(14);
        arena = Arena.ofShared();
        MemorySegment ts = arena.allocate((long) SAMPLES * Double.BYTES, 64);
        MemorySegment v = arena.allocate((long) SAMPLES * Double.BYTES, 64);
        double t = 5;
        for (int i = 0; i < SAMPLES; i++) {
            ts.setAtIndex(Traces.VALUE, i, t);
            v.setAtIndex(Traces.VALUE, i, 20 + 10 * Math.sin(i / 600.0) + rnd.nextGaussian());
            t += (1 + 0.04 * (rnd.nextDouble() - 0.5)) / RATE;
        }
        series = Traces.of("running speed", v, Traces.Orientation.TIME_MAJOR, SAMPLES, 1, ts);
        changes = new double[CHANGES];
        for (int e = 0; e < CHANGES; e++) {
            changes[e] = 10 + rnd.nextDouble() * (t - 20);
        }
        Arrays.sort(changes);
        interpolated = EventTriggeredResponse.interpolated(series, -1, 2, RATE, true);
        nearest = EventTriggeredResponse.nearest(series, -1, 2);
        out = arena.allocate((long) CHANGES * Math.max(interpolated.samples(), nearest.samples()) * Double.BYTES, 64);
        provider = KernelProvider.forName(kernel);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /** np.interp of each window onto the 60 Hz grid: (1, 500, 181). */
    @Benchmark
    public MemorySegment interpolated() {
        interpolated.compute(provider.align(), changes, out, 1);
        return out;
    }

    /** The nearest sample and its neighbours: (1, 500, 181). */
    @Benchmark
    public MemorySegment nearest() {
        nearest.compute(provider.align(), changes, out, 1);
        return out;
    }
}
