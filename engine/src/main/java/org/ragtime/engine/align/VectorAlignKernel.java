package org.ragtime.engine.align;

import static org.ragtime.engine.align.Traces.VALUE;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API backend. It plans a chunk of events at a time ({@link WindowPlan}, about
 * {@link #CHUNK_POSITIONS} output positions) and applies the plan to every ROI. Time-major traces with
 * 8-lane vectors (AVX-512) and at least 8 ROIs take {@link Tiles}, the design of the native kernel
 * ({@code align.c}): 8 ROIs x 8 consecutive positions per tile, transposed in registers so each ROI gets
 * one whole vector of output, with the reciprocal (Markstein) division. Other shapes take the older loop
 * ({@link #run}): the events {@link #EVENT_BLOCK} at a time, the ROIs a lane-width at a time over them,
 * each lane scattered into its own ROI's run and the runs copied out in bulk; a ROI-major matrix has the
 * block's few frames copied into a small time-major tile per event first. numpy's slope, product and sum
 * are never fused (like numpy's C). Bit-identical to {@link ScalarAlignKernel}.
 */
final class VectorAlignKernel implements AlignKernel {
    static final VectorAlignKernel INSTANCE = new VectorAlignKernel();
    private static final VectorSpecies<Double> SP = DoubleVector.SPECIES_PREFERRED;
    private static final int L = SP.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Events buffered per ROI before a bulk copy to the output (lane buffers stay in L1/L2). */
    private static final int EVENT_BLOCK = 8;
    /** Output positions (events x samples) planned at a time: the plan (about 33 bytes a position) stays in L2. */
    private static final int CHUNK_POSITIONS = 4096;

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
        int chunk = chunkEvents(time.length);
        WindowPlan plan = new WindowPlan(Math.min(chunk, Math.max(0, to - from)), time.length);
        for (int e0 = from; e0 < to; e0 += chunk) {
            int e1 = Math.min(to, e0 + chunk);
            for (int e = e0; e < e1; e++) {
                plan.interpolated(e - e0, traces.timestamps(), traces.frames(), events[e], tStart, tEnd, time);
            }
            apply(traces, plan, e0, e1, events.length, out);
        }
    }

    @Override
    public void gather(Traces traces, long[] frames, int from, int to, int startOffset, int samples, MemorySegment out) {
        ScalarAlignKernel.checkOut(out, traces.rois(), frames.length, samples);
        // ROI-major: every event at once, so that each ROI's row is read in frame order (see roiMajorRuns)
        int chunk = traces.orientation() == Traces.Orientation.ROI_MAJOR ? Math.max(1, to - from) : chunkEvents(samples);
        WindowPlan plan = new WindowPlan(Math.min(chunk, Math.max(0, to - from)), samples);
        for (int e0 = from; e0 < to; e0 += chunk) {
            int e1 = Math.min(to, e0 + chunk);
            for (int e = e0; e < e1; e++) {
                plan.nearest(e - e0, frames[e], startOffset, traces.frames());
            }
            if (traces.orientation() == Traces.Orientation.ROI_MAJOR) {
                roiMajorRuns(traces, plan, e0, e1, frames.length, out);
            } else {
                apply(traces, plan, e0, e1, frames.length, out);
            }
        }
    }

    /**
     * The nearest-sample path on ROI-major traces: an event's samples are consecutive frames of one ROI's
     * row, so each (ROI, event) run is copied whole, a vector at a time, with the samples outside the
     * trace (an event near an end) set one by one. ROIs outer, and each ROI's events taken in the order of
     * their frames, so that the row is read front to back (the hardware prefetcher follows) while the
     * writes stay inside the ROI's own output.
     */
    private static void roiMajorRuns(Traces traces, WindowPlan plan, int first, int last, int events, MemorySegment out) {
        int ns = plan.samples;
        int count = last - first;
        MemorySegment v = traces.values();
        long frames = traces.frames();
        boolean[] whole = new boolean[count]; // every sample inside the trace
        long[] order = new long[count]; // first frame << 32 | slot, sorted
        for (int i = 0; i < count; i++) {
            whole[i] = plan.kind[i * ns] == WindowPlan.COPY && plan.kind[i * ns + ns - 1] == WindowPlan.COPY;
            order[i] = (whole[i] && frames < 1L << 31 ? plan.frame[i * ns] : 0) << 32 | i;
        }
        java.util.Arrays.sort(order);
        int bound = SP.loopBound(ns);
        for (int c = 0; c < traces.rois(); c++) {
            long row = (long) c * frames * Double.BYTES;
            long o0 = ((long) c * events + first) * ns * Double.BYTES;
            for (long key : order) {
                int i = (int) key;
                int p = i * ns;
                long o = o0 + (long) p * Double.BYTES;
                if (whole[i]) {
                    long at = row + plan.frame[p] * Double.BYTES;
                    int s = 0;
                    for (; s < bound; s += L) {
                        DoubleVector.fromMemorySegment(SP, v, at + (long) s * Double.BYTES, ORDER)
                                .intoMemorySegment(out, o + (long) s * Double.BYTES, ORDER);
                    }
                    for (; s < ns; s++) {
                        out.set(VALUE, o + (long) s * Double.BYTES, v.get(VALUE, at + (long) s * Double.BYTES));
                    }
                } else {
                    for (int s = 0; s < ns; s++) {
                        double x = plan.kind[p + s] == WindowPlan.NAN ? Double.NaN
                                : v.get(VALUE, row + plan.frame[p + s] * Double.BYTES);
                        out.set(VALUE, o + (long) s * Double.BYTES, x);
                    }
                }
            }
        }
    }

    /** Events planned at a time: about {@link #CHUNK_POSITIONS} positions, a multiple of 8 events when possible (whole output lines). */
    private static int chunkEvents(int samples) {
        int n = Math.max(1, CHUNK_POSITIONS / Math.max(1, samples));
        return n >= 8 ? n & ~7 : n;
    }

    /** Planned events [first, last) of every ROI into out (rois, events, samples). */
    private static void apply(Traces traces, WindowPlan plan, int first, int last, int events, MemorySegment out) {
        if (last <= first || traces.rois() == 0 || plan.samples == 0) {
            return;
        }
        if (L == 8 && traces.rois() >= 8 && traces.orientation() == Traces.Orientation.TIME_MAJOR) {
            Tiles.timeMajor(traces, plan, (long) (last - first) * plan.samples,
                    out, ((long) first * plan.samples) * Double.BYTES, (long) events * plan.samples * Double.BYTES);
        } else {
            run(traces, plan, first, last, events, out);
        }
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

    /**
     * The time-major path for 8-lane vectors (AVX-512), the design of {@code align.c}: for each group of 8
     * consecutive output positions, every 8 ROIs give 8 vectors (one per position, one ROI per lane) that a
     * three-stage transpose of two-vector permutations ({@code selectFrom} on the bits as longs, one {@code vpermt2pd}
     * each; with double indexes C2 converts the index vector on every call, which made the transpose 2x slower)
     * turns into one vector of 8 consecutive outputs per ROI, stored whole. The division is Markstein's:
     * from the correctly rounded reciprocal y = 1/step (one true division per position, shared by every
     * ROI), q0 = d*y, q1 = q0 + (d - step*q0)*y, q2 = q1 + (d - step*q1)*y with fused multiply-adds is the
     * correctly rounded d/step when |d| lies in [2^-500, 2^500) and step in [2^-200, 2^200]; lanes and
     * positions outside those ranges take the true division.
     */
    static final class Tiles {
        private static final VectorSpecies<Double> S = DoubleVector.SPECIES_512;
        private static final double D_LO = 0x1p-500;
        private static final double D_HI = 0x1p500;
        private static final double STEP_LO = 0x1p-200;
        private static final double STEP_HI = 0x1p200;
        // two-vector permutation indexes (lane i < 8 from the first vector, 8 + i from the second)
        private static final LongVector UNPACK_LO = index(0, 8, 2, 10, 4, 12, 6, 14);
        private static final LongVector UNPACK_HI = index(1, 9, 3, 11, 5, 13, 7, 15);
        private static final LongVector PAIRS_LO = index(0, 1, 8, 9, 4, 5, 12, 13);
        private static final LongVector PAIRS_HI = index(2, 3, 10, 11, 6, 7, 14, 15);
        private static final LongVector HALVES_LO = index(0, 1, 2, 3, 8, 9, 10, 11);
        private static final LongVector HALVES_HI = index(4, 5, 6, 7, 12, 13, 14, 15);

        private Tiles() {
        }

        private static LongVector index(long... i) {
            return LongVector.fromArray(LongVector.SPECIES_512, i, 0);
        }

        /** Per-group scratch: the 8 positions' plan and, for the general tile, its 8 x 8 results. */
        private static final class Group {
            final long[] row = new long[8];
            final byte[] kind = new byte[8];
            final double[] o0 = new double[8];
            final double[] o1 = new double[8];
            final double[] st = new double[8];
            final double[] negSt = new double[8];
            final double[] y = new double[8];
            final boolean[] slow = new boolean[8];
            final double[] r = new double[64];
        }

        /**
         * Applies plan positions [0, positions) to every ROI of time-major traces: ROI c's outputs go to
         * {@code out} from byte {@code outBase + c * outStride}.
         */
        static void timeMajor(Traces traces, WindowPlan plan, long positions, MemorySegment out, long outBase,
                              long outStride) {
            MemorySegment v = traces.values();
            int rois = traces.rois();
            long rowBytes = (long) rois * Double.BYTES;
            Group g = new Group();
            for (long p0 = 0; p0 < positions; p0 += 8) {
                for (int j = 0; j < 8; j++) {
                    long p = p0 + j;
                    byte k = p < positions ? plan.kind[(int) p] : WindowPlan.NAN;
                    g.kind[j] = k;
                    if (k != WindowPlan.NAN) {
                        g.row[j] = plan.frame[(int) p] * rowBytes;
                    }
                    if (k == WindowPlan.INTERP) {
                        double step = plan.step[(int) p];
                        g.o0[j] = plan.off0[(int) p];
                        g.o1[j] = plan.off1[(int) p];
                        g.st[j] = step;
                        g.negSt[j] = -step;
                        g.y[j] = 1 / step;
                        g.slow[j] = !(step >= STEP_LO && step <= STEP_HI);
                    }
                }
                int n = (int) Math.min(8, positions - p0);
                long outAt = outBase + p0 * Double.BYTES;
                boolean copies = n == 8;
                for (int j = 0; j < 8; j++) {
                    copies &= g.kind[j] == WindowPlan.COPY;
                }
                for (int b = 0; b < rois; b += 8) {
                    int cb = Math.min(b, rois - 8); // the last block overlaps the one before: its values again
                    if (copies) {
                        copyTile(v, g.row, (long) cb * Double.BYTES, out, outAt + cb * outStride, outStride);
                    } else {
                        tile(v, g, rowBytes, (long) cb * Double.BYTES, n, out, outAt + cb * outStride, outStride);
                    }
                }
            }
        }

        /**
         * A tile of 8 positions that all copy a frame: 8 loads, the transpose, 8 stores. The transpose is the same as
         * at the end of {@link #tile} and is written out in both on purpose: one method fed through the scratch array
         * made {@code AlignBenchmark.nearest} (vector) slower, 23.8-25.7 -> 27.1-32.5 ms, and {@code interpolate}
         * 57-58 -> 63-64 ms; one taking the 8 rows as vector arguments would have them boxed wherever C2 does not
         * inline it.
         */
        private static void copyTile(MemorySegment v, long[] row, long lane0, MemorySegment out, long o, long outStride) {
            DoubleVector r0 = DoubleVector.fromMemorySegment(S, v, row[0] + lane0, ORDER);
            DoubleVector r1 = DoubleVector.fromMemorySegment(S, v, row[1] + lane0, ORDER);
            DoubleVector r2 = DoubleVector.fromMemorySegment(S, v, row[2] + lane0, ORDER);
            DoubleVector r3 = DoubleVector.fromMemorySegment(S, v, row[3] + lane0, ORDER);
            DoubleVector r4 = DoubleVector.fromMemorySegment(S, v, row[4] + lane0, ORDER);
            DoubleVector r5 = DoubleVector.fromMemorySegment(S, v, row[5] + lane0, ORDER);
            DoubleVector r6 = DoubleVector.fromMemorySegment(S, v, row[6] + lane0, ORDER);
            DoubleVector r7 = DoubleVector.fromMemorySegment(S, v, row[7] + lane0, ORDER);
            // transpose: r[j] lane l -> ROI l's vector, lane j
            LongVector t0 = UNPACK_LO.selectFrom(r0.viewAsIntegralLanes(), r1.viewAsIntegralLanes());
            LongVector t1 = UNPACK_HI.selectFrom(r0.viewAsIntegralLanes(), r1.viewAsIntegralLanes());
            LongVector t2 = UNPACK_LO.selectFrom(r2.viewAsIntegralLanes(), r3.viewAsIntegralLanes());
            LongVector t3 = UNPACK_HI.selectFrom(r2.viewAsIntegralLanes(), r3.viewAsIntegralLanes());
            LongVector t4 = UNPACK_LO.selectFrom(r4.viewAsIntegralLanes(), r5.viewAsIntegralLanes());
            LongVector t5 = UNPACK_HI.selectFrom(r4.viewAsIntegralLanes(), r5.viewAsIntegralLanes());
            LongVector t6 = UNPACK_LO.selectFrom(r6.viewAsIntegralLanes(), r7.viewAsIntegralLanes());
            LongVector t7 = UNPACK_HI.selectFrom(r6.viewAsIntegralLanes(), r7.viewAsIntegralLanes());
            LongVector u0 = PAIRS_LO.selectFrom(t0, t2); // columns 0 and 4 of rows 0-3
            LongVector u1 = PAIRS_HI.selectFrom(t0, t2); // 2 and 6
            LongVector u2 = PAIRS_LO.selectFrom(t1, t3); // 1 and 5
            LongVector u3 = PAIRS_HI.selectFrom(t1, t3); // 3 and 7
            LongVector u4 = PAIRS_LO.selectFrom(t4, t6);
            LongVector u5 = PAIRS_HI.selectFrom(t4, t6);
            LongVector u6 = PAIRS_LO.selectFrom(t5, t7);
            LongVector u7 = PAIRS_HI.selectFrom(t5, t7);
            HALVES_LO.selectFrom(u0, u4).intoMemorySegment(out, o, ORDER);
            HALVES_LO.selectFrom(u2, u6).intoMemorySegment(out, o + outStride, ORDER);
            HALVES_LO.selectFrom(u1, u5).intoMemorySegment(out, o + 2 * outStride, ORDER);
            HALVES_LO.selectFrom(u3, u7).intoMemorySegment(out, o + 3 * outStride, ORDER);
            HALVES_HI.selectFrom(u0, u4).intoMemorySegment(out, o + 4 * outStride, ORDER);
            HALVES_HI.selectFrom(u2, u6).intoMemorySegment(out, o + 5 * outStride, ORDER);
            HALVES_HI.selectFrom(u1, u5).intoMemorySegment(out, o + 6 * outStride, ORDER);
            HALVES_HI.selectFrom(u3, u7).intoMemorySegment(out, o + 7 * outStride, ORDER);
        }

        /**
         * One tile, 8 positions x 8 ROIs: each position by its kind (NaN, copy, interpolation with numpy's
         * retry), one vector (8 ROIs) at a time into a scratch array. A tile of 8 positions is then reloaded,
         * transposed and stored one vector per ROI; the last {@code n < 8} positions of a chunk are stored
         * value by value. (No masked loads or stores: their bounds checks are not intrinsified and allocate.) (Written as a loop
         * with scratch, not 8 vectors in locals: that method grew too big for C1 and for C2's inlining.)
         */
        private static void tile(MemorySegment v, Group g, long rowBytes, long lane0, int n, MemorySegment out, long o,
                                 long outStride) {
            for (int j = 0; j < 8; j++) {
                byte kind = g.kind[j];
                DoubleVector r;
                if (kind == WindowPlan.NAN) {
                    r = DoubleVector.broadcast(S, Double.NaN);
                } else {
                    long at = g.row[j] + lane0;
                    DoubleVector y0 = DoubleVector.fromMemorySegment(S, v, at, ORDER);
                    if (kind == WindowPlan.COPY) {
                        r = y0;
                    } else {
                        DoubleVector y1 = DoubleVector.fromMemorySegment(S, v, at + rowBytes, ORDER);
                        DoubleVector d = y1.sub(y0);
                        double step = g.st[j];
                        DoubleVector slope;
                        boolean finite = false; // every |d| in the fast range: y0, y1 and the slope finite, so no NaN
                        if (g.slow[j]) {
                            slope = d.div(step);
                        } else {
                            DoubleVector ns = DoubleVector.broadcast(S, g.negSt[j]);
                            DoubleVector yv = DoubleVector.broadcast(S, g.y[j]);
                            DoubleVector q0 = d.mul(yv);
                            DoubleVector q1 = ns.fma(q0, d).fma(yv, q0);
                            slope = ns.fma(q1, d).fma(yv, q1);
                            DoubleVector a = d.abs();
                            VectorMask<Double> ok = a.compare(VectorOperators.GE, D_LO).and(a.compare(VectorOperators.LT, D_HI));
                            finite = ok.allTrue();
                            if (!finite) { // zero keeps d*y (the signed zero); the rest divides
                                VectorMask<Double> zero = d.compare(VectorOperators.EQ, 0);
                                slope = slope.blend(q0, zero).blend(d.div(step), ok.or(zero).not());
                            }
                        }
                        r = slope.mul(g.o0[j]).add(y0);
                        VectorMask<Double> bad;
                        if (!finite && (bad = r.test(VectorOperators.IS_NAN)).anyTrue()) { // numpy's retry from the right-hand point, then the flat case
                            r = r.blend(slope.mul(g.o1[j]).add(y1), bad);
                            r = r.blend(y0, r.test(VectorOperators.IS_NAN).and(y0.eq(y1)));
                        }
                    }
                }
                r.intoArray(g.r, 8 * j);
            }
            double[] s = g.r;
            if (n == 8) {
                DoubleVector r0 = DoubleVector.fromArray(S, s, 0);
                DoubleVector r1 = DoubleVector.fromArray(S, s, 8);
                DoubleVector r2 = DoubleVector.fromArray(S, s, 16);
                DoubleVector r3 = DoubleVector.fromArray(S, s, 24);
                DoubleVector r4 = DoubleVector.fromArray(S, s, 32);
                DoubleVector r5 = DoubleVector.fromArray(S, s, 40);
                DoubleVector r6 = DoubleVector.fromArray(S, s, 48);
                DoubleVector r7 = DoubleVector.fromArray(S, s, 56);
                // transpose: r[j] lane l -> ROI l's vector, lane j
                LongVector t0 = UNPACK_LO.selectFrom(r0.viewAsIntegralLanes(), r1.viewAsIntegralLanes());
                LongVector t1 = UNPACK_HI.selectFrom(r0.viewAsIntegralLanes(), r1.viewAsIntegralLanes());
                LongVector t2 = UNPACK_LO.selectFrom(r2.viewAsIntegralLanes(), r3.viewAsIntegralLanes());
                LongVector t3 = UNPACK_HI.selectFrom(r2.viewAsIntegralLanes(), r3.viewAsIntegralLanes());
                LongVector t4 = UNPACK_LO.selectFrom(r4.viewAsIntegralLanes(), r5.viewAsIntegralLanes());
                LongVector t5 = UNPACK_HI.selectFrom(r4.viewAsIntegralLanes(), r5.viewAsIntegralLanes());
                LongVector t6 = UNPACK_LO.selectFrom(r6.viewAsIntegralLanes(), r7.viewAsIntegralLanes());
                LongVector t7 = UNPACK_HI.selectFrom(r6.viewAsIntegralLanes(), r7.viewAsIntegralLanes());
                LongVector u0 = PAIRS_LO.selectFrom(t0, t2); // columns 0 and 4 of rows 0-3
                LongVector u1 = PAIRS_HI.selectFrom(t0, t2); // 2 and 6
                LongVector u2 = PAIRS_LO.selectFrom(t1, t3); // 1 and 5
                LongVector u3 = PAIRS_HI.selectFrom(t1, t3); // 3 and 7
                LongVector u4 = PAIRS_LO.selectFrom(t4, t6);
                LongVector u5 = PAIRS_HI.selectFrom(t4, t6);
                LongVector u6 = PAIRS_LO.selectFrom(t5, t7);
                LongVector u7 = PAIRS_HI.selectFrom(t5, t7);
                HALVES_LO.selectFrom(u0, u4).intoMemorySegment(out, o, ORDER);
                HALVES_LO.selectFrom(u2, u6).intoMemorySegment(out, o + outStride, ORDER);
                HALVES_LO.selectFrom(u1, u5).intoMemorySegment(out, o + 2 * outStride, ORDER);
                HALVES_LO.selectFrom(u3, u7).intoMemorySegment(out, o + 3 * outStride, ORDER);
                HALVES_HI.selectFrom(u0, u4).intoMemorySegment(out, o + 4 * outStride, ORDER);
                HALVES_HI.selectFrom(u2, u6).intoMemorySegment(out, o + 5 * outStride, ORDER);
                HALVES_HI.selectFrom(u1, u5).intoMemorySegment(out, o + 6 * outStride, ORDER);
                HALVES_HI.selectFrom(u3, u7).intoMemorySegment(out, o + 7 * outStride, ORDER);
                return;
            }
            for (int l = 0; l < 8; l++) {
                long at = o + l * outStride;
                for (int j = 0; j < n; j++) {
                    out.set(VALUE, at + (long) j * Double.BYTES, s[8 * j + l]);
                }
            }
        }
    }
}
