package org.ragtime.engine.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.List;
import org.ragtime.engine.BinRule;
import org.ragtime.engine.CountType;
import org.ragtime.engine.Isa;
import org.ragtime.engine.KernelProvider;
import org.ragtime.engine.PresentationWindows;
import org.ragtime.engine.PresentationTotals;
import org.ragtime.engine.Psth;
import org.ragtime.engine.SessionBinning;
import org.ragtime.engine.SpikeCounts;
import org.ragtime.engine.SpikeTrains;
import org.ragtime.engine.align.AlignKernel;
import org.ragtime.engine.codec.CsvScan;
import org.ragtime.engine.codec.Zlib;

/**
 * The native backend: the spike walks in C ({@code src-native/src/main/c/spikes.c}) called through FFM.
 * Java keeps the thread split and the per-thread scratch; each downcall handles a bounded chunk of work
 * (heap arrays are passed as critical segments, which holds off the GC while the call runs, so calls
 * are kept to a few milliseconds). The dF/F kernel, libdeflate and the CSV scan are this backend's too.
 * {@link #create()} binds the kernels of the x86-64 level {@link NativeLibrary#isa()} chose;
 * {@link #forIsa(Isa)} those of a given level (named {@code native-v3} and so on; no fallbacks).
 */
public final class NativeKernels extends KernelProvider {
    /** Cells per counts call: about 4 ms of work. */
    private static final long CHUNK_CELLS = 1L << 22;

    private static final Lazy<NativeKernels> INSTANCE = Lazy.of(() -> new NativeKernels(NativeLibrary.isa(), false));
    private static final List<Lazy<NativeKernels>> LEVELS = Arrays.stream(Isa.values())
            .map(i -> Lazy.of(() -> new NativeKernels(i, true))).toList();
    /** The C alignment kernel, else the vector one, else the scalar one (each fallback reported once). */
    private static final Lazy<AlignKernel> ALIGN = Lazy.of(NativeKernels::alignKernel);

    private final Isa isa;
    /** Bound to one level by name ({@link #forIsa}), not the JVM's choice. */
    private final boolean pinned;
    private final Lazy<MethodHandle> counts;
    private final Lazy<MethodHandle> psth;
    private final Lazy<MethodHandle> bin;
    private final Lazy<MethodHandle> psthFused;
    private final Lazy<MethodHandle> totalsFused;
    private final SpikeCounts countsKernel = this::count;
    private final SessionBinning binKernel = this::bin;
    private final Psth psthKernel = this::mean;
    private final PresentationTotals totalsKernel = new PresentationTotals() {
        @Override
        public Prepared prepare(double[] starts, double[] stops) {
            return Intervals.of(starts, stops);
        }

        @Override
        public void count(SpikeTrains units, Prepared presentations, int u0, int u1, long[] counts) {
            totals(units, presentations, u0, u1, counts);
        }
    };

    private NativeKernels(Isa isa, boolean pinned) {
        this.isa = isa;
        this.pinned = pinned;
        Linker.Option critical = Linker.Option.critical(true);
        counts = NativeLibrary.downcallOnFirstUse("ragtime_counts", isa, FunctionDescriptor.of(JAVA_LONG,
                ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_DOUBLE,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), critical);
        psth = NativeLibrary.downcallOnFirstUse("ragtime_psth", isa, FunctionDescriptor.of(JAVA_LONG,
                ADDRESS, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_DOUBLE,
                JAVA_INT, ADDRESS, ADDRESS), critical);
        bin = NativeLibrary.downcallOnFirstUse("ragtime_bin", isa, FunctionDescriptor.of(JAVA_LONG,
                ADDRESS, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_DOUBLE, JAVA_DOUBLE, JAVA_LONG, JAVA_INT, ADDRESS), critical);
        psthFused = NativeLibrary.downcallOnFirstUse("ragtime_psth_fused", isa, FunctionDescriptor.of(JAVA_LONG,
                ADDRESS, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                JAVA_DOUBLE, JAVA_DOUBLE, JAVA_DOUBLE, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS), critical);
        totalsFused = NativeLibrary.downcallOnFirstUse("ragtime_totals_fused", isa, FunctionDescriptor.ofVoid(
                ADDRESS, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                JAVA_DOUBLE, JAVA_DOUBLE, JAVA_DOUBLE, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS), critical);
    }

    /** The native backend, or UnsupportedOperationException saying why it cannot run. */
    public static NativeKernels create() {
        return INSTANCE.get();
    }

    /**
     * The native backend at one x86-64 level, named {@code native-v3} and so on; its alignment and CSV
     * kernels are that level's too, with no fallback.
     *
     * @throws UnsupportedOperationException when the library cannot be used or this CPU lacks the level
     */
    public static NativeKernels forIsa(Isa level) {
        return LEVELS.get(level.ordinal()).get();
    }

    /** The x86-64 level these kernels were compiled for. */
    public Isa isa() {
        return isa;
    }

    private static AlignKernel alignKernel() {
        try {
            return AlignKernel.nativeKernel();
        } catch (UnsupportedOperationException | LinkageError e) {
            AlignKernel fallback = vectorAlignOrScalar();
            Fallbacks.report("native dF/F alignment unavailable (" + e.getMessage() + "); using the "
                    + fallback.name() + " kernel");
            return fallback;
        }
    }

    /** The Vector API alignment kernel, or the scalar one (reported) in a JVM without the incubator module. */
    private static AlignKernel vectorAlignOrScalar() {
        try {
            VectorKernels.create(); // checks that jdk.incubator.vector is readable
            return AlignKernel.vector();
        } catch (UnsupportedOperationException | LinkageError e) {
            Fallbacks.report("vector dF/F alignment unavailable (" + e.getMessage() + "); using the scalar kernel");
            return AlignKernel.scalar();
        }
    }

    @Override
    public String name() {
        return pinned ? "native-" + isa.id() : "native";
    }

    @Override
    public String description() {
        return "native (" + isa.id() + ", " + isa.features() + ")";
    }

    @Override
    public SpikeCounts spikeCounts() {
        return countsKernel;
    }

    @Override
    public SessionBinning sessionBinning() {
        return binKernel;
    }

    @Override
    public Psth psth() {
        return psthKernel;
    }

    @Override
    public PresentationTotals presentationTotals() {
        return totalsKernel;
    }

    @Override
    public AlignKernel align() {
        return pinned ? AlignKernel.nativeKernel(isa) : ALIGN.get();
    }

    /** libdeflate, or java.util.zip (reported once) when it does not load. */
    @Override
    public Zlib zlib() {
        return Zlib.best();
    }

    @Override
    public CsvScan csvScan() {
        return pinned ? CsvScan.nativeScan(isa) : CsvScan.nativeScan();
    }

    private static int typeCode(CountType t) {
        return t.ordinal(); // UINT8 = 0, UINT16 = 1, INT32 = 2, as in spikes.c
    }

    /** Per-unit ranges of the calling thread's scratch: slot 1 = first spike, slot 2 = end. */
    private static void ranges(SpikeTrains units, long[] first, long[] end) {
        for (int u = 0; u < units.unitCount(); u++) {
            first[u] = units.start(u);
            end[u] = units.end(u);
        }
    }

    private long count(SpikeTrains units, PresentationWindows w, CountType type, boolean binarize, MemorySegment out, int threads) {
        int nu = units.unitCount();
        Walk.checkOut(out, w.cells(nu), type.bytes(), "spike counts");
        int nb = w.binCount();
        int cells = Math.multiplyExact(nb, nu);
        int chunk = (int) Math.max(1, CHUNK_CELLS / Math.max(1, cells));
        int presentations = nu == 0 ? 0 : w.presentationCount();
        return Parallel.max(Parallel.usable(threads, out, units.times()), presentations, (p0, p1) -> {
            Scratch s = Scratch.get();
            int[] slab = s.ints(cells);
            Arrays.fill(slab, 0, cells, 0);
            long[] cur = s.longs(0, nu);
            long[] first = s.longs(1, nu);
            long[] end = s.longs(2, nu);
            ranges(units, first, end);
            System.arraycopy(first, 0, cur, 0, nu);
            MemorySegment segCur = MemorySegment.ofArray(cur);
            MemorySegment segFirst = MemorySegment.ofArray(first);
            MemorySegment segEnd = MemorySegment.ofArray(end);
            MemorySegment segDom = MemorySegment.ofArray(Windows.domain(w));
            MemorySegment segGuess = MemorySegment.ofArray(Windows.guessTable(w));
            MemorySegment segSlab = MemorySegment.ofArray(slab);
            long max = 0;
            for (int p = p0; p < p1; p += chunk) {
                int q = Math.min(p1, p + chunk);
                try {
                    max = Math.max(max, (long) counts.get().invokeExact(units.times(), segFirst, segEnd, segCur, nu,
                            segDom, nb, segGuess, Windows.guessTable(w).length, Windows.guessScale(w),
                            p, q, w.rule() == BinRule.CLOSED ? 1 : 0, typeCode(type), binarize ? 1 : 0, out, segSlab));
                } catch (Throwable e) {
                    throw NativeLibrary.failure("native kernel", e);
                }
            }
            return max;
        });
    }

    private long mean(SpikeTrains units, PresentationWindows w, MemorySegment out, int threads) {
        int nu = units.unitCount();
        int nb = w.binCount();
        Walk.checkOut(out, (long) nu * nb, Double.BYTES, "PSTH");
        TimeTable tt = nu == 0 ? null : TimeTable.forWindows(w);
        if (tt != null) {
            return meanFused(units, w, tt, out, threads);
        }
        int chunk = (int) Math.max(1, CHUNK_CELLS / Math.max(1L, (long) w.presentationCount() * 8));
        return Parallel.max(Parallel.usable(threads, out, units.times()), nu, (u0, u1) -> {
            Scratch s = Scratch.get();
            long[] acc = s.longs(0, nb);
            long[] first = s.longs(1, nu);
            long[] end = s.longs(2, nu);
            ranges(units, first, end);
            MemorySegment segFirst = MemorySegment.ofArray(first);
            MemorySegment segEnd = MemorySegment.ofArray(end);
            MemorySegment segDom = MemorySegment.ofArray(Windows.domain(w));
            MemorySegment segGuess = MemorySegment.ofArray(Windows.guessTable(w));
            MemorySegment segAcc = MemorySegment.ofArray(acc);
            long max = 0;
            for (int u = u0; u < u1; u += chunk) {
                int v = Math.min(u1, u + chunk);
                try {
                    max = Math.max(max, (long) psth.get().invokeExact(units.times(), segFirst, segEnd, u, v, segDom, nb,
                            w.presentationCount(), segGuess, Windows.guessTable(w).length, Windows.guessScale(w),
                            w.rule() == BinRule.CLOSED ? 1 : 0, out, segAcc));
                } catch (Throwable e) {
                    throw NativeLibrary.failure("native kernel", e);
                }
            }
            return max;
        });
    }

    /** Units per fused call: a few ms of work for Allen-like trains, and many units per table chunk. */
    private static final int FUSED_UNITS = 128;

    private long meanFused(SpikeTrains units, PresentationWindows w, TimeTable tt, MemorySegment out, int threads) {
        int nu = units.unitCount();
        int nb = w.binCount();
        int np = w.presentationCount();
        return Parallel.max(Parallel.usable(threads, out, units.times()), nu, (u0, u1) -> {
            Scratch s = Scratch.get();
            int per = (int) Math.max(1, Math.min(FUSED_UNITS, (1L << 18) / (nb + 1)));
            long[] acc = s.longs(0, Math.multiplyExact(per, nb + 1));
            long[] first = s.longs(1, nu);
            long[] end = s.longs(2, nu);
            ranges(units, first, end);
            Table seg = new Table(tt);
            MemorySegment segFirst = MemorySegment.ofArray(first);
            MemorySegment segEnd = MemorySegment.ofArray(end);
            MemorySegment segAcc = MemorySegment.ofArray(acc);
            MemorySegment segCur = MemorySegment.ofArray(s.longs(3, 2 * FUSED_UNITS));
            long max = 0;
            for (int u = u0; u < u1; u += per) {
                int v = Math.min(u1, u + per);
                try {
                    max = Math.max(max, (long) psthFused.get().invokeExact(units.times(), segFirst, segEnd, u, v, seg.b, seg.code,
                            seg.slowStart, seg.slowCells, seg.grid, seg.fast, tt.t0, tt.inv, tt.last, tt.chunkSteps, tt.chunks, nb, np, out, segAcc,
                            segCur));
                } catch (Throwable e) {
                    throw NativeLibrary.failure("native kernel", e);
                }
            }
            return max;
        });
    }

    private void totals(SpikeTrains units, PresentationTotals.Prepared prepared, int u0, int u1, long[] counts) {
        Intervals iv = Intervals.cast(prepared);
        java.util.Objects.checkFromToIndex(u0, u1, units.unitCount());
        int np = iv.presentationCount();
        if (counts.length < (long) (u1 - u0) * np) {
            throw new IllegalArgumentException("counts: " + counts.length + " elements, needs " + (long) (u1 - u0) * np);
        }
        TimeTable tt = iv.table;
        if (tt == null) {
            Fused.totalsWalk(units, iv.starts, iv.stops, u0, u1, counts);
            return;
        }
        Scratch s = Scratch.get();
        long[] acc = s.longs(0, Math.multiplyExact(Math.min(FUSED_UNITS, u1 - u0), np + 1));
        MemorySegment segCur = MemorySegment.ofArray(s.longs(3, 2 * FUSED_UNITS));
        long[] first = s.longs(1, u1 - u0);
        long[] end = s.longs(2, u1 - u0);
        for (int u = u0; u < u1; u++) {
            first[u - u0] = units.start(u);
            end[u - u0] = units.end(u);
        }
        Table seg = new Table(tt);
        MemorySegment segFirst = MemorySegment.ofArray(first);
        MemorySegment segEnd = MemorySegment.ofArray(end);
        MemorySegment segAcc = MemorySegment.ofArray(acc);
        MemorySegment segCounts = MemorySegment.ofArray(counts);
        int per = Math.min(FUSED_UNITS, u1 - u0);
        for (int u = u0; u < u1; u += per) {
            int v = Math.min(u1, u + per);
            try {
                totalsFused.get().invokeExact(units.times(), segFirst, segEnd, u - u0, v - u0, seg.b, seg.code, seg.slowStart,
                        seg.slowCells, seg.grid, seg.fast, tt.t0, tt.inv, tt.last, tt.chunkSteps, tt.chunks, np,
                        segCounts.asSlice((long) (u - u0) * np * Long.BYTES), segAcc, segCur);
            } catch (Throwable e) {
                throw NativeLibrary.failure("native kernel", e);
            }
        }
    }

    /** A time table's arrays as (heap) segments for the downcalls. */
    private record Table(MemorySegment b, MemorySegment code, MemorySegment slowStart, MemorySegment slowCells, MemorySegment grid,
                         MemorySegment fast) {
        Table(TimeTable tt) {
            this(MemorySegment.ofArray(tt.b), MemorySegment.ofArray(tt.code), MemorySegment.ofArray(tt.slowStart),
                    MemorySegment.ofArray(tt.slowCells), MemorySegment.ofArray(tt.grid), MemorySegment.ofArray(tt.fast));
        }
    }

    private long bin(SpikeTrains units, double start, double width, long bins, CountType type, MemorySegment out, int threads) {
        JavaKernels.checkBins(start, width, bins);
        int nu = units.unitCount();
        Walk.checkOut(out, Math.multiplyExact(bins, (long) nu), type.bytes(), "session bins");
        int chunk = (int) Math.max(1, 4 * CHUNK_CELLS / Math.max(1, bins));
        return Parallel.max(Parallel.usable(threads, out, units.times()), bins == 0 ? 0 : nu, (u0, u1) -> {
            Scratch s = Scratch.get();
            long[] first = s.longs(1, nu);
            long[] end = s.longs(2, nu);
            ranges(units, first, end);
            MemorySegment segFirst = MemorySegment.ofArray(first);
            MemorySegment segEnd = MemorySegment.ofArray(end);
            long max = 0;
            for (int u = u0; u < u1; u += chunk) {
                int v = Math.min(u1, u + chunk);
                try {
                    max = Math.max(max, (long) bin.get().invokeExact(units.times(), segFirst, segEnd, u, v, start, width, bins,
                            typeCode(type), out));
                } catch (Throwable e) {
                    throw NativeLibrary.failure("native kernel", e);
                }
            }
            return max;
        });
    }
}
