package org.ragtime.engine.align;

import static org.ragtime.engine.align.Traces.VALUE;

import java.lang.foreign.MemorySegment;

/**
 * What every output sample of a run of events needs, worked out once per event and then applied to every
 * ROI: NaN, a copy of one frame, or numpy's interpolation between frames {@code frame} and
 * {@code frame + 1} with the offsets {@code x - xp[j]}, {@code x - xp[j+1]} and the step
 * {@code xp[j+1] - xp[j]}. Event slot {@code i} owns entries {@code [i*samples, (i+1)*samples)}. Mutable
 * scratch owned by one thread.
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
    /** Per slot, the lowest and highest frame any sample reads; -1 when every sample is NaN. */
    final long[] minFrame;
    final long[] maxFrame;

    WindowPlan(int events, int samples) {
        this.samples = samples;
        int n = Math.multiplyExact(events, samples);
        kind = new byte[n];
        frame = new long[n];
        off0 = new double[n];
        off1 = new double[n];
        step = new double[n];
        minFrame = new long[events];
        maxFrame = new long[events];
    }

    /** Plans mindscope's interpolated path for event {@code ev} into slot {@code slot}. */
    void interpolated(int slot, MemorySegment ts, long n, double ev, double tStart, double tEnd, double[] time) {
        if (!Double.isFinite(ev)) {
            allNaN(slot);
            return;
        }
        long lo = Search.lowerBound(ts, 0, n, ev + tStart);
        long hi = Search.upperBound(ts, lo, n, ev + tEnd);
        if (hi <= lo) {
            allNaN(slot);
            return;
        }
        minFrame[slot] = lo;
        maxFrame[slot] = hi - 1;
        double first = ts.getAtIndex(VALUE, lo) - ev;
        double last = ts.getAtIndex(VALUE, hi - 1) - ev;
        for (int i = 0; i < samples; i++) {
            int s = slot * samples + i;
            double x = time[i];
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
    }

    /** Plans the nearest-sample path into {@code slot}: sample i reads frame {@code base + startOffset + i} when inside the trace. */
    void nearest(int slot, long base, int startOffset, long n) {
        if (base == EventTriggeredResponse.NO_FRAME) {
            allNaN(slot);
            return;
        }
        long min = Long.MAX_VALUE;
        long max = -1;
        for (int i = 0; i < samples; i++) {
            int s = slot * samples + i;
            long f = base + startOffset + i;
            if (f >= 0 && f < n) {
                copy(s, f);
                min = Math.min(min, f);
                max = Math.max(max, f);
            } else {
                kind[s] = NAN;
            }
        }
        minFrame[slot] = max < 0 ? -1 : min;
        maxFrame[slot] = max;
    }

    private void copy(int s, long f) {
        kind[s] = COPY;
        frame[s] = f;
    }

    private void allNaN(int slot) {
        java.util.Arrays.fill(kind, slot * samples, (slot + 1) * samples, NAN);
        minFrame[slot] = -1;
        maxFrame[slot] = -1;
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
