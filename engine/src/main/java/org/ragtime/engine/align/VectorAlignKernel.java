package org.ragtime.engine.align;

import static org.ragtime.engine.align.Traces.VALUE;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API backend. Per event it plans the samples once ({@link WindowPlan}), then computes a whole
 * lane-width of ROIs per instruction: in a time-major matrix one frame's ROIs are adjacent, so the two
 * neighbouring frames are plain vector loads and numpy's slope, product and sum (never fused, like
 * numpy's C) run lane-wise. Results go to a small tile that is then written out ROI by ROI, because the
 * output keeps each ROI's samples adjacent. A ROI-major matrix first has the event's few frames copied
 * into a time-major block. Bit-identical to {@link ScalarAlignKernel}.
 */
final class VectorAlignKernel implements AlignKernel {
    static final VectorAlignKernel INSTANCE = new VectorAlignKernel();
    private static final VectorSpecies<Double> SP = DoubleVector.SPECIES_PREFERRED;
    private static final int L = SP.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

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
        Run run = new Run(traces, time.length, events.length, out);
        for (int e = from; e < to; e++) {
            run.apply(e, run.plan.interpolated(traces.timestamps(), traces.frames(), events[e], tStart, tEnd, time));
        }
    }

    @Override
    public void gather(Traces traces, long[] frames, int from, int to, int startOffset, int samples, MemorySegment out) {
        ScalarAlignKernel.checkOut(out, traces.rois(), frames.length, samples);
        Run run = new Run(traces, samples, frames.length, out);
        for (int e = from; e < to; e++) {
            run.apply(e, run.plan.nearest(frames[e], startOffset, traces.frames()));
        }
    }

    /** One call's scratch: the plan, the output tile and (ROI-major input) the transposed frame block. */
    private static final class Run {
        final Traces traces;
        final WindowPlan plan;
        final int ns;
        final int events;
        final int rois;
        final MemorySegment out;
        final double[] tile;
        double[] block = new double[0];
        MemorySegment blockSegment = MemorySegment.ofArray(block);

        Run(Traces traces, int samples, int events, MemorySegment out) {
            this.traces = traces;
            this.plan = new WindowPlan(samples);
            this.ns = samples;
            this.events = events;
            this.rois = traces.rois();
            this.out = out;
            this.tile = new double[samples * L];
        }

        void apply(int e, boolean any) {
            if (!any) {
                for (int c = 0; c < rois; c++) {
                    long o = ((long) c * events + e) * ns;
                    for (int s = 0; s < ns; s++) {
                        out.setAtIndex(VALUE, o + s, Double.NaN);
                    }
                }
                return;
            }
            MemorySegment src;
            long base; // the frame whose ROI 0 sits at element 0 of src
            if (traces.orientation() == Traces.Orientation.TIME_MAJOR) {
                src = traces.values();
                base = 0;
            } else {
                src = transposeBlock();
                base = plan.minFrame;
            }
            long rowBytes = (long) rois * Double.BYTES;
            int bound = SP.loopBound(rois);
            DoubleVector nan = DoubleVector.broadcast(SP, Double.NaN);
            for (int cb = 0; cb < bound; cb += L) {
                long lane0 = (long) cb * Double.BYTES;
                for (int s = 0; s < ns; s++) {
                    DoubleVector v;
                    byte k = plan.kind[s];
                    if (k == WindowPlan.NAN) {
                        v = nan;
                    } else {
                        long off = (plan.frame[s] - base) * rowBytes + lane0;
                        DoubleVector y0 = DoubleVector.fromMemorySegment(SP, src, off, ORDER);
                        if (k == WindowPlan.COPY) {
                            v = y0;
                        } else {
                            DoubleVector y1 = DoubleVector.fromMemorySegment(SP, src, off + rowBytes, ORDER);
                            DoubleVector slope = y1.sub(y0).div(plan.step[s]);
                            v = slope.mul(plan.off0[s]).add(y0);
                            VectorMask<Double> bad = v.test(VectorOperators.IS_NAN);
                            if (bad.anyTrue()) { // numpy's retry from the right-hand point, then the flat case
                                v = v.blend(slope.mul(plan.off1[s]).add(y1), bad);
                                v = v.blend(y0, v.test(VectorOperators.IS_NAN).and(y0.eq(y1)));
                            }
                        }
                    }
                    v.intoArray(tile, s * L);
                }
                for (int l = 0; l < L; l++) {
                    long o = ((long) (cb + l) * events + e) * ns;
                    for (int s = 0; s < ns; s++) {
                        out.setAtIndex(VALUE, o + s, tile[s * L + l]);
                    }
                }
            }
            for (int c = bound; c < rois; c++) {
                long o = ((long) c * events + e) * ns;
                for (int s = 0; s < ns; s++) {
                    out.setAtIndex(VALUE, o + s, scalar(src, (plan.frame[s] - base) * rois + c, s));
                }
            }
        }

        /** The lane formula for one ROI (tail ROIs); {@code i} is the element index of (frame, roi) in src. */
        private double scalar(MemorySegment src, long i, int s) {
            byte k = plan.kind[s];
            if (k == WindowPlan.NAN) {
                return Double.NaN;
            }
            double y0 = src.getAtIndex(VALUE, i);
            if (k == WindowPlan.COPY) {
                return y0;
            }
            double y1 = src.getAtIndex(VALUE, i + rois);
            double slope = (y1 - y0) / plan.step[s];
            double r = slope * plan.off0[s] + y0;
            if (Double.isNaN(r)) {
                r = slope * plan.off1[s] + y1;
                if (Double.isNaN(r) && y0 == y1) {
                    r = y0;
                }
            }
            return r;
        }

        /** Copies frames [minFrame, maxFrame + 1] of every ROI into a time-major heap block (interpolation reads frame + 1). */
        private MemorySegment transposeBlock() {
            long last = Math.min(plan.maxFrame + 1, traces.frames() - 1);
            int width = Math.toIntExact(last - plan.minFrame + 1);
            int need = Math.multiplyExact(width, rois);
            if (block.length < need) {
                block = new double[need];
                blockSegment = MemorySegment.ofArray(block);
            }
            MemorySegment v = traces.values();
            long frames = traces.frames();
            for (int c = 0; c < rois; c++) {
                long row = (long) c * frames + plan.minFrame;
                for (int f = 0; f < width; f++) {
                    block[f * rois + c] = v.getAtIndex(VALUE, row + f);
                }
            }
            return blockSegment;
        }
    }
}
