package org.ragtime.bench.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
import org.ragtime.engine.BinRule;
import org.ragtime.engine.CountType;
import org.ragtime.engine.KernelProvider;
import org.ragtime.engine.PresentationWindows;
import org.ragtime.engine.stats.ConditionStatistics;

/**
 * Spike kernels on config A (500 units, ~12 M spikes, 5000 presentations x 60 bins = 150 M cells), per
 * backend: presentation-wise counts (closed bins, AllenSDK's default) into a reused caller-supplied
 * off-heap cube, whole-session 10 ms binning (500 x 300,000 cells), and the mean PSTH. One time unit per
 * op; compare with {@link FloorBench} (the same harness streaming over a segment).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx3g"})
public class SpikeKernelBench {
    /** A {@link KernelProvider#forName} name: {@code scalar}, {@code vector}, {@code native}, or {@code native-v3} and the like (one x86-64 level). */
    @Param({"scalar", "vector", "native"})
    public String backend;

    @Param({"INT32", "UINT16"})
    public CountType type;

    @Param({"1"})
    public int threads;

    private Arena arena;
    private Workload work;
    private KernelProvider kernels;
    private PresentationWindows windows;
    private MemorySegment cube;
    private MemorySegment bins;
    private MemorySegment psth;
    private long binCount;
    private org.ragtime.engine.SpikeTrains dense;
    private MemorySegment denseBins;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        work = Workload.configA(arena);
        kernels = KernelProvider.forName(backend);
        windows = PresentationWindows.of(work.onsets, work.edges, BinRule.CLOSED);
        cube = arena.allocate(windows.cells(work.units.unitCount()) * type.bytes(), 64);
        binCount = (long) Math.floor(work.duration / 0.01) + 1;
        bins = arena.allocate(binCount * work.units.unitCount() * type.bytes(), 64);
        psth = arena.allocate((long) work.units.unitCount() * windows.binCount() * Double.BYTES, 64);
        cube.fill((byte) 0); // touch the pages once, as a reused output buffer is
        bins.fill((byte) 0);
        // dense trains as in the peers' streaming-histogram anchor: 16 units x 1 M spikes, ~100 per 10 ms bin
        int n = 1_000_000;
        MemorySegment t = arena.allocate(16L * n * Double.BYTES, 64);
        long[] offsets = new long[17];
        java.util.SplittableRandom r = new java.util.SplittableRandom(99);
        for (int u = 0; u < 16; u++) {
            double now = 0;
            for (int i = 0; i < n; i++) {
                now += -Math.log(1 - r.nextDouble()) * 1e-4; // Poisson, 10 kHz
                t.setAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, (long) u * n + i, now);
            }
            offsets[u + 1] = offsets[u] + n;
        }
        dense = org.ragtime.engine.SpikeTrains.ofOffsets(t, offsets);
        denseBins = arena.allocate(16L * 10_500 * type.bytes(), 64);
        // condition-wise statistics: each onset's stimulus shown from 0.1 s before it for 0.55 s (disjoint),
        // 40 conditions in random order
        int np = work.onsets.length;
        csStarts = new double[np];
        csStops = new double[np];
        csIds = new long[np];
        csConditions = new long[np];
        for (int p = 0; p < np; p++) {
            csStarts[p] = work.onsets[p] - 0.1;
            csStops[p] = work.onsets[p] + 0.45;
            csIds[p] = p;
            csConditions[p] = r.nextInt(40);
        }
        unitIds = new long[work.units.unitCount()];
        for (int u = 0; u < unitIds.length; u++) {
            unitIds[u] = 950_000_000L + u;
        }
    }

    private double[] csStarts;
    private double[] csStops;
    private long[] csIds;
    private long[] csConditions;
    private long[] unitIds;

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /** Presentation-wise counts, config A: 150 M cells. */
    @Benchmark
    public long counts() {
        return kernels.spikeCounts().count(work.units, windows, type, false, cube, threads);
    }

    /** Whole-session binning at 10 ms: 500 x 300,001 cells, 12 M spikes. */
    @Benchmark
    public long bin10ms() {
        return kernels.sessionBinning().bin(work.units, 0.0, 0.01, binCount, type, bins, threads);
    }

    /** Whole-session binning of dense trains (16 M spikes, ~100 per 10 ms bin): spike throughput. */
    @Benchmark
    public long binDense() {
        return kernels.sessionBinning().bin(dense, 0.0, 0.01, 10_500, type, denseBins, threads);
    }

    /** Mean PSTH (500 x 60) without the cube (float64 output; the type parameter does not apply). */
    @Benchmark
    public long psth() {
        return kernels.psth().mean(work.units, windows, psth, threads);
    }

    /**
     * Condition-wise statistics (AllenSDK's conditionwise_spike_statistics, counts): 5000 presentations of 40
     * conditions, 500 units; per-presentation totals straight from the spikes, then sum / mean / std / sem.
     */
    @Benchmark
    public ConditionStatistics conditionStats() {
        return ConditionStatistics.compute(work.units, unitIds, csIds, csStarts, csStops, csConditions, false, kernels, threads);
    }
}
