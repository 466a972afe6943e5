package org.ragtime.engine.align;

import static org.ragtime.engine.align.Traces.VALUE;

import java.lang.foreign.MemorySegment;

/**
 * What every output sample of one event needs, worked out once per event and then applied to every ROI:
 * NaN, a copy of one frame, or numpy's interpolation between frames {@code frame} and {@code frame + 1}
 * with the offsets {@code x - xp[j]}, {@code x - xp[j+1]} and the step {@code xp[j+1] - xp[j]}. Mutable
 * scratch owned by one thread; reused for every event of a call.
 */
final class WindowPlan {
    static final byte NAN = 0;
    static final byte COPY = 1;
    static final byte INTERP = 2;

    final int samples;
    final byte[] kind;
    final long[] frame;
    final double[] off0;
    final double[] off1;
    final double[] step;
    /** Lowest and highest frame any sample reads (valid unless every sample is NaN). */
    long minFrame;
    long maxFrame;

    WindowPlan(int samples) {
        this.samples = samples;
        kind = new byte[samples];
        frame = new long[samples];
        off0 = new double[samples];
        off1 = new double[samples];
        step = new double[samples];
    }

    /** Plans mindscope's interpolated path for event {@code ev}; returns false when every sample is NaN. */
    boolean interpolated(MemorySegment ts, long n, double ev, double tStart, double tEnd, double[] time) {
        if (!Double.isFinite(ev)) {
            return allNaN();
        }
        long lo = Search.lowerBound(ts, 0, n, ev + tStart);
        long hi = Search.upperBound(ts, lo, n, ev + tEnd);
        if (hi <= lo) {
            return allNaN();
        }
        minFrame = lo;
        maxFrame = hi - 1;
        double first = ts.getAtIndex(VALUE, lo) - ev;
        double last = ts.getAtIndex(VALUE, hi - 1) - ev;
        for (int s = 0; s < samples; s++) {
            double x = time[s];
            if (hi - lo == 1 || x < first) {
                copy(s, lo);
            } else if (x > last) {
                copy(s, hi - 1);
            } else {
                // j = last point with xp[j] <= x; xp is ts - ev, monotone because ts is
                long j = upperBoundShifted(ts, lo, hi, ev, x) - 1;
                double xj = ts.getAtIndex(VALUE, j) - ev;
                if (j == hi - 1 || xj == x) {
                    copy(s, j);
                } else {
                    double xj1 = ts.getAtIndex(VALUE, j + 1) - ev;
                    kind[s] = INTERP;
                    frame[s] = j;
                    off0[s] = x - xj;
                    off1[s] = x - xj1;
                    step[s] = xj1 - xj;
                }
            }
        }
        return true;
    }

    /** Plans the nearest-sample path: sample s reads frame {@code base + startOffset + s} when inside the trace. */
    boolean nearest(long base, int startOffset, long n) {
        if (base == EventTriggeredResponse.NO_FRAME) {
            return allNaN();
        }
        boolean any = false;
        minFrame = Long.MAX_VALUE;
        maxFrame = Long.MIN_VALUE;
        for (int s = 0; s < samples; s++) {
            long f = base + startOffset + s;
            if (f >= 0 && f < n) {
                copy(s, f);
                minFrame = Math.min(minFrame, f);
                maxFrame = Math.max(maxFrame, f);
                any = true;
            } else {
                kind[s] = NAN;
            }
        }
        return any;
    }

    private void copy(int s, long f) {
        kind[s] = COPY;
        frame[s] = f;
    }

    private boolean allNaN() {
        java.util.Arrays.fill(kind, NAN);
        return false;
    }

    /** First index in [lo, hi) with {@code ts[i] - ev > x}. */
    private static long upperBoundShifted(MemorySegment ts, long lo, long hi, double ev, double x) {
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (ts.getAtIndex(VALUE, mid) - ev <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
