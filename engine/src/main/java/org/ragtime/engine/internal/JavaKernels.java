package org.ragtime.engine.internal;

import java.lang.foreign.MemorySegment;
import org.ragtime.engine.CountType;
import org.ragtime.engine.PresentationWindows;
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
            return Parallel.max(Parallel.usable(threads, out, units.times()), units.unitCount(), (u0, u1) -> Walk.psth(units, windows, u0, u1, out));
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
