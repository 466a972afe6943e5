package org.ragtime.engine.align;

import static org.ragtime.engine.align.Traces.VALUE;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API backend. It plans every event's samples once ({@link WindowPlan}), then takes the events
 * {@link #EVENT_BLOCK} at a time and walks the ROIs a lane-width at a time over them: in a time-major matrix one frame's
 * ROIs are adjacent, so the two neighbouring frames are plain vector loads and numpy's slope, product and
 * sum (never fused, like numpy's C) run lane-wise. Each lane is scattered into its own ROI's run of
 * {@link #EVENT_BLOCK} events and the runs are copied out in bulk, so the output, which keeps each ROI's
 * events adjacent, is written as a few sequential streams. A ROI-major matrix has the block's few frames
 * copied into a small time-major tile per event first. Bit-identical to {@link ScalarAlignKernel}.
 */
final class VectorAlignKernel implements AlignKernel {
    static final VectorAlignKernel INSTANCE = new VectorAlignKernel();
    private static final VectorSpecies<Double> SP = DoubleVector.SPECIES_PREFERRED;
    private static final int L = SP.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Events buffered per ROI before a bulk copy to the output (lane buffers stay in L1/L2). */
    private static final int EVENT_BLOCK = 8;

    private VectorAlignKernel() {
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void interpolate(Traces traces, double[] events, int from, int to, double tStart, double tEnd,
                            double[] time, MemorySegment out) {
        ScalarAlignKernel.checkOut(out, traces.rois(), events.length, time.length);
        WindowPlan plan = new WindowPlan(to - from, time.length);
        for (int e = from; e < to; e++) {
            plan.interpolated(e - from, traces.timestamps(), traces.frames(), events[e], tStart, tEnd, time);
        }
        run(traces, plan, from, to, events.length, out);
    }

    @Override
    public void gather(Traces traces, long[] frames, int from, int to, int startOffset, int samples, MemorySegment out) {
        ScalarAlignKernel.checkOut(out, traces.rois(), frames.length, samples);
        WindowPlan plan = new WindowPlan(to - from, samples);
        for (int e = from; e < to; e++) {
            plan.nearest(e - from, frames[e], startOffset, traces.frames());
        }
        run(traces, plan, from, to, frames.length, out);
    }

    private static void run(Traces traces, WindowPlan plan, int from, int to, int events, MemorySegment out) {
        int rois = traces.rois();
        int ns = plan.samples;
        int count = to - from;
        boolean timeMajor = traces.orientation() == Traces.Orientation.TIME_MAJOR;
        double[] lanes = new double[L * EVENT_BLOCK * ns];
        int[] laneStart = new int[L];
        for (int l = 0; l < L; l++) {
            laneStart[l] = l * EVENT_BLOCK * ns;
        }
        // ROI-major input: per (block, event) the frames it reads, time-major, L ROIs wide
        int width = 0;
        if (!timeMajor) {
            for (int i = 0; i < count; i++) {
                width = (int) Math.max(width, plan.maxFrame[i] - plan.minFrame[i] + 2);
            }
        }
        double[] tile = new double[width * L];
        MemorySegment tileSegment = MemorySegment.ofArray(tile);
        DoubleVector nan = DoubleVector.broadcast(SP, Double.NaN);
        int bound = SP.loopBound(rois);
        // events outer, ROIs inner: a block's windows (a few hundred rows) stay in cache while every ROI
        // block reads them, whatever order the events come in
        for (int e0 = 0; e0 < count; e0 += EVENT_BLOCK) {
            int m = Math.min(EVENT_BLOCK, count - e0);
            for (int cb = 0; cb < bound; cb += L) {
                for (int i = 0; i < m; i++) {
                    int slot = e0 + i;
                    MemorySegment src;
                    long rowBytes;
                    long lane0;
                    long base;
                    if (timeMajor) {
                        src = traces.values();
                        rowBytes = (long) rois * Double.BYTES;
                        lane0 = (long) cb * Double.BYTES;
                        base = 0;
                    } else {
                        base = plan.minFrame[slot];
                        if (base >= 0) {
                            fillTile(traces, cb, base, Math.min(plan.maxFrame[slot] + 1, traces.frames() - 1), tile);
                        }
                        src = tileSegment;
                        rowBytes = (long) L * Double.BYTES;
                        lane0 = 0;
                    }
                    int p = slot * ns;
                    for (int s = 0; s < ns; s++, p++) {
                        DoubleVector v;
                        byte k = plan.kind[p];
                        if (k == WindowPlan.NAN) {
                            v = nan;
                        } else {
                            long off = (plan.frame[p] - base) * rowBytes + lane0;
                            DoubleVector y0 = DoubleVector.fromMemorySegment(SP, src, off, ORDER);
                            if (k == WindowPlan.COPY) {
                                v = y0;
                            } else {
                                DoubleVector y1 = DoubleVector.fromMemorySegment(SP, src, off + rowBytes, ORDER);
                                DoubleVector slope = y1.sub(y0).div(plan.step[p]);
                                v = slope.mul(plan.off0[p]).add(y0);
                                VectorMask<Double> bad = v.test(VectorOperators.IS_NAN);
                                if (bad.anyTrue()) { // numpy's retry from the right-hand point, then the flat case
                                    v = v.blend(slope.mul(plan.off1[p]).add(y1), bad);
                                    v = v.blend(y0, v.test(VectorOperators.IS_NAN).and(y0.eq(y1)));
                                }
                            }
                        }
                        v.intoArray(lanes, i * ns + s, laneStart, 0);
                    }
                }
                for (int l = 0; l < L; l++) {
                    long o = ((long) (cb + l) * events + from + e0) * ns * Double.BYTES;
                    MemorySegment.copy(lanes, laneStart[l], out, VALUE, o, m * ns);
                }
            }
            for (int c = bound; c < rois; c++) {
                for (int slot = e0; slot < e0 + m; slot++) {
                    long o = ((long) c * events + from + slot) * ns;
                    for (int s = 0; s < ns; s++) {
                        out.setAtIndex(VALUE, o + s, scalar(traces, plan, slot * ns + s, c));
                    }
                }
            }
        }
    }

    /** Frames [first, last] of ROIs [cb, cb + L) into a time-major tile. */
    private static void fillTile(Traces traces, int cb, long first, long last, double[] tile) {
        MemorySegment v = traces.values();
        long frames = traces.frames();
        for (int l = 0; l < L; l++) {
            long row = (long) (cb + l) * frames;
            for (long f = first; f <= last; f++) {
                tile[(int) (f - first) * L + l] = v.getAtIndex(VALUE, row + f);
            }
        }
    }

    /** The lane formula for one ROI (the ROIs past the last full vector). */
    private static double scalar(Traces traces, WindowPlan plan, int p, int c) {
        byte k = plan.kind[p];
        if (k == WindowPlan.NAN) {
            return Double.NaN;
        }
        double y0 = traces.value(c, plan.frame[p]);
        if (k == WindowPlan.COPY) {
            return y0;
        }
        double y1 = traces.value(c, plan.frame[p] + 1);
        double slope = (y1 - y0) / plan.step[p];
        double r = slope * plan.off0[p] + y0;
        if (Double.isNaN(r)) {
            r = slope * plan.off1[p] + y1;
            if (Double.isNaN(r) && y0 == y1) {
                r = y0;
            }
        }
        return r;
    }
}
