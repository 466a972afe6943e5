package org.ragtime.engine.align;

import static org.ragtime.engine.align.Traces.VALUE;

import java.lang.foreign.MemorySegment;

/**
 * The reference: mindscope's algorithm written out literally, one ROI and one event at a time, with
 * numpy's {@code interp} step by step. Slow on purpose (it searches the window again for every ROI);
 * the other backends are tested bit-identical against it.
 */
final class ScalarAlignKernel implements AlignKernel {
    static final ScalarAlignKernel INSTANCE = new ScalarAlignKernel();

    private ScalarAlignKernel() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void interpolate(Traces traces, double[] events, int from, int to, double tStart, double tEnd,
                            double[] time, MemorySegment out) {
        int ns = time.length;
        checkOut(out, traces.rois(), events.length, ns);
        MemorySegment ts = traces.timestamps();
        long n = traces.frames();
        for (int c = 0; c < traces.rois(); c++) {
            for (int e = from; e < to; e++) {
                double ev = events[e];
                long o = ((long) c * events.length + e) * ns;
                // pandas label slice .loc[ev + tStart : ev + tEnd] on a sorted index: closed at both ends
                long lo = Search.lowerBound(ts, 0, n, ev + tStart);
                long hi = Search.upperBound(ts, 0, n, ev + tEnd);
                for (int s = 0; s < ns; s++) {
                    double v;
                    if (!Double.isFinite(ev) || hi <= lo) {
                        v = Double.NaN; // mindscope raises here (np.interp of an empty slice)
                    } else {
                        v = interp(time[s], ts, lo, hi, ev, traces, c);
                    }
                    out.setAtIndex(VALUE, o + s, v);
                }
            }
        }
    }

    /** numpy's {@code interp(x, xp, fp)} with {@code xp = ts[lo..hi) - ev}, {@code fp} = ROI c's values there. */
    private static double interp(double x, MemorySegment ts, long lo, long hi, double ev, Traces tr, int c) {
        long len = hi - lo;
        if (len == 1) {
            return tr.value(c, lo); // numpy's one-point branch: left, right and exact hit all give fp[0]
        }
        if (x > ts.getAtIndex(VALUE, hi - 1) - ev) {
            return tr.value(c, hi - 1); // right = fp[-1]
        }
        if (x < ts.getAtIndex(VALUE, lo) - ev) {
            return tr.value(c, lo); // left = fp[0]
        }
        // j with xp[j] <= x < xp[j+1]: the last point not above x
        long j = lo;
        for (long k = lo + 1; k < hi && ts.getAtIndex(VALUE, k) - ev <= x; k++) {
            j = k;
        }
        double xj = ts.getAtIndex(VALUE, j) - ev;
        if (j == hi - 1 || xj == x) {
            return tr.value(c, j);
        }
        double xj1 = ts.getAtIndex(VALUE, j + 1) - ev;
        double yj = tr.value(c, j);
        double yj1 = tr.value(c, j + 1);
        double slope = (yj1 - yj) / (xj1 - xj);
        double r = slope * (x - xj) + yj;
        if (Double.isNaN(r)) {
            r = slope * (x - xj1) + yj1;
            if (Double.isNaN(r) && yj == yj1) {
                r = yj;
            }
        }
        return r;
    }

    @Override
    public void gather(Traces traces, long[] frames, int from, int to, int startOffset, int samples, MemorySegment out) {
        checkOut(out, traces.rois(), frames.length, samples);
        long n = traces.frames();
        for (int c = 0; c < traces.rois(); c++) {
            for (int e = from; e < to; e++) {
                long o = ((long) c * frames.length + e) * samples;
                for (int s = 0; s < samples; s++) {
                    long f = frames[e] == EventTriggeredResponse.NO_FRAME ? -1 : frames[e] + startOffset + s;
                    out.setAtIndex(VALUE, o + s, f >= 0 && f < n ? traces.value(c, f) : Double.NaN);
                }
            }
        }
    }

    static void checkOut(MemorySegment out, int rois, int events, int samples) {
        long need = (long) rois * events * samples * Double.BYTES;
        if (out.byteSize() < need) {
            throw new IllegalArgumentException("output holds " + out.byteSize() + " bytes, needs " + need
                    + " for " + rois + " rois x " + events + " events x " + samples + " samples");
        }
    }
}
