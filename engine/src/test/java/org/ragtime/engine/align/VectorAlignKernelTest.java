package org.ragtime.engine.align;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernel against the scalar reference, bit for bit, on inputs shaped for its fast paths:
 * regular clocks (so most groups of 8 positions interpolate with the reciprocal division), ROI counts
 * around multiples of 8, chunk-sized event counts, and values that now and then leave the fast division's
 * range (zero, subnormal and huge differences, NaN, infinities) or whose quotient is hard to round.
 */
class VectorAlignKernelTest {

    @RepeatedTest(30)
    void matchesScalarOnRegularClocks() {
        long seed = System.nanoTime();
        check(seed, new SplittableRandom(seed));
    }

    /** A few fixed seeds, so a failure there reproduces without reading the log. */
    @Test
    void matchesScalarOnFixedSeeds() {
        for (long seed = 1; seed <= 6; seed++) {
            check(seed, new SplittableRandom(seed));
        }
    }

    private static void check(long seed, SplittableRandom rnd) {
        int frames = 2 + rnd.nextInt(600);
        int rois = new int[] {1, 7, 8, 9, 15, 16, 17, 24, 31, 40}[rnd.nextInt(10)];
        double rate = 5 + rnd.nextDouble() * 60;
        double[] ts = new double[frames];
        double t = rnd.nextDouble() * 100 - 50;
        double jitter = rnd.nextInt(4) == 0 ? 0 : 0.02;
        for (int f = 0; f < frames; f++) {
            ts[f] = t;
            t += (1 + jitter * (rnd.nextDouble() - 0.5)) / rate;
        }
        double[] v = new double[frames * rois];
        int special = new int[] {0, 0, 1, 5, 30}[rnd.nextInt(5)]; // per mille of values off the fast division's range
        double scale = new double[] {1, 1, 1, 1e-150, 1e150, 0x1p-480, 0x1p480, 1e-310}[rnd.nextInt(8)];
        for (int i = 0; i < v.length; i++) {
            int k = rnd.nextInt(1000);
            if (k < special) {
                v[i] = new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, Double.MIN_VALUE,
                    Double.MAX_VALUE, -Double.MAX_VALUE, 1e-300, 0x1p500, 0x1p-500, v[Math.max(0, i - rois)]}[rnd.nextInt(12)];
            } else if (k < 3 * special) {
                v[i] = i >= rois ? v[i - rois] + (rnd.nextBoolean() ? 0x1p-520 : Math.ulp(v[i - rois])) : 1; // tiny differences
            } else {
                v[i] = rnd.nextGaussian() * scale + (rnd.nextInt(8) == 0 ? 1e6 * scale : 0);
            }
        }
        double[] events = new double[rnd.nextInt(6) == 0 ? 600 + rnd.nextInt(900) : 1 + rnd.nextInt(60)];
        for (int e = 0; e < events.length; e++) {
            events[e] = rnd.nextInt(60) == 0 ? Double.NaN : ts[0] - 1 + rnd.nextDouble() * (ts[frames - 1] - ts[0] + 2);
        }
        double tStart = -rnd.nextDouble();
        double tEnd = tStart + 0.05 + rnd.nextDouble() * 2;
        Traces tr = rnd.nextInt(4) == 0 ? NumpyReferenceTest.roiMajor(v, frames, rois, ts) : NumpyReferenceTest.timeMajor(v, frames, rois, ts);
        double outRate = rnd.nextBoolean() ? rate : rate * (0.3 + 3 * rnd.nextDouble());
        for (EventTriggeredResponse etr : new EventTriggeredResponse[] {
                EventTriggeredResponse.interpolated(tr, tStart, tEnd, outRate, rnd.nextBoolean()),
                EventTriggeredResponse.nearest(tr, tStart, tEnd)}) {
            double[] want = AlignKernelTest.run(etr, AlignKernel.scalar(), events, 1, -1);
            long shift = rnd.nextInt(3) == 0 ? -1 : rnd.nextBoolean() ? 8 * rnd.nextInt(8) : rnd.nextInt(64);
            int threads = 1 + rnd.nextInt(2);
            double[] got = AlignKernelTest.run(etr, AlignKernel.vector(), events, threads, shift);
            for (int i = 0; i < want.length; i++) {
                if (Double.doubleToRawLongBits(want[i]) != Double.doubleToRawLongBits(got[i])) {
                    fail("seed " + seed + " " + tr.orientation() + " rois=" + rois + " interpolate=" + etr.interpolates()
                            + " threads=" + threads + " shift=" + shift + " element " + i + " of " + want.length
                            + ": scalar " + want[i] + ", vector " + got[i]);
                }
            }
        }
    }
}
