package org.ragtime.engine.internal;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.ragtime.engine.CountType;
import org.ragtime.engine.PresentationWindows;
import org.ragtime.engine.PresentationTotals;
import org.ragtime.engine.Psth;
import org.ragtime.engine.SessionBinning;
import org.ragtime.engine.SpikeCounts;
import org.ragtime.engine.SpikeTrains;

/**
 * The kernel families implemented in Java over {@link Walk}; the scalar and vector backends differ only
 * in the inner loops they plug in.
 */
final class JavaKernels {
    private JavaKernels() {
    }

    /** Presentation-wise counts, split over presentation ranges. */
    record Counts(Walk.Drain drain) implements SpikeCounts {
        @Override
        public long count(SpikeTrains units, PresentationWindows windows, CountType type, boolean binarize,
                          MemorySegment out, int threads) {
            Walk.checkOut(out, windows.cells(units.unitCount()), type.bytes(), "spike counts");
            int presentations = units.unitCount() == 0 ? 0 : windows.presentationCount();
            return Parallel.max(Parallel.usable(threads, out, units.times()), presentations,
                    (p0, p1) -> Walk.counts(units, windows, p0, p1, type, binarize, out, drain));
        }
    }

    /** Whole-session binning, split over units. */
    record Binning(Walk.RunEnd runs) implements SessionBinning {
        @Override
        public long bin(SpikeTrains units, double start, double width, long bins, CountType type, MemorySegment out,
                        int threads) {
            checkBins(start, width, bins);
            Walk.checkOut(out, Math.multiplyExact(bins, (long) units.unitCount()), type.bytes(), "session bins");
            return Parallel.max(Parallel.usable(threads, out, units.times()), bins == 0 ? 0 : units.unitCount(),
                    (u0, u1) -> Walk.bin(units, start, width, bins, type, out, u0, u1, runs));
        }
    }

    /** Mean PSTH, split over units. */
    record Mean() implements Psth {
        @Override
        public long mean(SpikeTrains units, PresentationWindows windows, MemorySegment out, int threads) {
            Walk.checkOut(out, (long) units.unitCount() * windows.binCount(), Double.BYTES, "PSTH");
            int usable = Parallel.usable(threads, out, units.times());
            TimeTable tt = units.unitCount() == 0 ? null : TimeTable.forWindows(windows);
            if (tt == null) {
                return Parallel.max(usable, units.unitCount(), (u0, u1) -> Walk.psth(units, windows, u0, u1, out));
            }
            int nb = windows.binCount();
            int np = windows.presentationCount();
            return Parallel.max(usable, units.unitCount(), (u0, u1) -> Fused.psth(units, tt, nb, np, u0, u1, out));
        }
    }

    /** Per-presentation totals, fused through the presentations' time table (else a merge walk). */
    record Totals() implements PresentationTotals {
        @Override
        public Prepared prepare(double[] starts, double[] stops) {
            return Intervals.of(starts, stops);
        }

        @Override
        public void count(SpikeTrains units, Prepared presentations, int u0, int u1, long[] counts) {
            Intervals iv = Intervals.cast(presentations);
            Objects.checkFromToIndex(u0, u1, units.unitCount());
            if (counts.length < (long) (u1 - u0) * iv.presentationCount()) {
                throw new IllegalArgumentException("counts: " + counts.length + " elements, needs " + (long) (u1 - u0) * iv.presentationCount());
            }
            if (iv.table == null) {
                Fused.totalsWalk(units, iv.starts, iv.stops, u0, u1, counts);
            } else {
                Fused.totals(units, iv.table, iv.presentationCount(), u0, u1, counts);
            }
        }
    }

    static void checkBins(double start, double width, long bins) {
        if (!Double.isFinite(start)) {
            throw new IllegalArgumentException("bin start must be finite, got " + start);
        }
        if (!(width > 0) || !Double.isFinite(width)) {
            throw new IllegalArgumentException("bin width must be finite and positive, got " + width);
        }
        if (bins < 0) {
            throw new IllegalArgumentException("bin count must not be negative, got " + bins);
        }
    }
}
