package org.ragtime.bench.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.ragtime.engine.BinRule;
import org.ragtime.engine.KernelProvider;
import org.ragtime.engine.PresentationWindows;
import org.ragtime.engine.stats.ConditionStatistics;

/**
 * The fused reductions of issue 16 on config A, timed by the calling thread's CPU time (1 thread) and wall
 * time (1 and 2 threads), medians of {@code -Dreps} runs after as many warm-ups, for a machine too loaded for
 * JMH's wall-clock averages: CPU time leaves out the time other jobs hold the core. The floor (reading the
 * 96 MB of spikes once, FloorBench.read's loop) is measured the same way. Run once with
 * {@code -Dragtime.fused=off} for the walks the fused path replaces (same workload, same harness):
 * <pre>java --add-modules jdk.incubator.vector -Dragtime.native.dir=src-native/target -cp bench/target/benchmarks.jar org.ragtime.bench.kernels.FusedProbe</pre>
 */
public final class FusedProbe {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private FusedProbe() {
    }

    public static void main(String[] args) {
        int reps = Integer.getInteger("reps", 7);
        Arena arena = Arena.ofShared();
        Workload w = Workload.configA(arena);
        PresentationWindows windows = PresentationWindows.of(w.onsets, w.edges, BinRule.CLOSED);
        MemorySegment out = arena.allocate((long) w.units.unitCount() * windows.binCount() * Double.BYTES, 64);
        int np = w.onsets.length;
        double[] starts = new double[np];
        double[] stops = new double[np];
        long[] ids = new long[np];
        long[] cond = new long[np];
        SplittableRandom r = new SplittableRandom(99);
        for (int p = 0; p < np; p++) { // as SpikeKernelBench.conditionStats
            starts[p] = w.onsets[p] - 0.1;
            stops[p] = w.onsets[p] + 0.45;
            ids[p] = p;
            cond[p] = r.nextInt(40);
        }
        long[] unitIds = new long[w.units.unitCount()];
        Arrays.setAll(unitIds, u -> 950_000_000L + u);
        System.out.printf(Locale.ROOT, "fused %s, %d spikes, load average %.2f%n", System.getProperty("ragtime.fused", "on"),
                w.units.times().byteSize() / 8, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        MemorySegment spikes = w.units.times();
        report("floor (read the spikes once)", reps, () -> read(spikes));
        for (String backend : new String[] {"scalar", "vector", "native"}) {
            KernelProvider k = KernelProvider.forName(backend);
            for (int threads = 1; threads <= 2; threads++) {
                int t = threads;
                report(backend + " psth, " + t + " thread(s)", reps, () -> k.psth().mean(w.units, windows, out, t));
                report(backend + " condition stats, " + t + " thread(s)", reps,
                        () -> ConditionStatistics.compute(w.units, unitIds, ids, starts, stops, cond, false, k, t).size());
            }
        }
    }

    private static void report(String what, int reps, java.util.function.LongSupplier op) {
        double[] cpu = new double[reps];
        double[] wall = new double[reps];
        long sink = 0;
        for (int i = 0; i < 2 * reps; i++) {
            long c0 = MX.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            sink += op.getAsLong();
            long w1 = System.nanoTime();
            long c1 = MX.getCurrentThreadCpuTime();
            if (i >= reps) {
                cpu[i - reps] = (c1 - c0) / 1e6;
                wall[i - reps] = (w1 - w0) / 1e6;
            }
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        System.out.printf(Locale.ROOT, "%-40s calling-thread cpu %7.1f ms (min %7.1f)   wall %7.1f ms (min %7.1f)%s%n", what,
                cpu[reps / 2], cpu[0], wall[reps / 2], wall[0], sink == 42 ? " " : "");
    }

    private static long read(MemorySegment in) {
        DoubleVector a0 = DoubleVector.zero(D);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        long step = 4L * D.vectorByteSize();
        long end = in.byteSize() - in.byteSize() % step;
        for (long o = 0; o < end; o += step) {
            a0 = a0.add(DoubleVector.fromMemorySegment(D, in, o, ByteOrder.nativeOrder()));
            a1 = a1.add(DoubleVector.fromMemorySegment(D, in, o + D.vectorByteSize(), ByteOrder.nativeOrder()));
            a2 = a2.add(DoubleVector.fromMemorySegment(D, in, o + 2L * D.vectorByteSize(), ByteOrder.nativeOrder()));
            a3 = a3.add(DoubleVector.fromMemorySegment(D, in, o + 3L * D.vectorByteSize(), ByteOrder.nativeOrder()));
        }
        return (long) a0.add(a1).add(a2).add(a3).reduceLanes(VectorOperators.ADD);
    }
}
