package org.ragtime.engine.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.ragtime.engine.BadInputException;

/** Vector backend bit-identical to the scalar reference on random inputs; the grid and nearest-frame rules. */
class AlignKernelTest {

    @RepeatedTest(40)
    void vectorMatchesScalarOnRandomInputs() {
        long seed = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(seed);
        int frames = 1 + rnd.nextInt(400);
        int rois = 1 + rnd.nextInt(37);
        double rate = 5 + rnd.nextDouble() * 60;
        double[] ts = new double[frames];
        double t = rnd.nextDouble() * 10 - 5;
        for (int f = 0; f < frames; f++) {
            ts[f] = t;
            t += rnd.nextInt(20) == 0 ? 0 : (0.8 + 0.4 * rnd.nextDouble()) / rate; // jitter and duplicates
        }
        double[] v = new double[frames * rois];
        for (int i = 0; i < v.length; i++) {
            int k = rnd.nextInt(100);
            v[i] = k == 0 ? Double.NaN : k == 1 ? Double.POSITIVE_INFINITY : k == 2 ? Double.NEGATIVE_INFINITY
                    : k < 6 ? 1.25 : rnd.nextGaussian();
        }
        double[] events = new double[rnd.nextInt(80)];
        for (int e = 0; e < events.length; e++) {
            events[e] = rnd.nextInt(40) == 0 ? Double.NaN : ts[0] - 2 + rnd.nextDouble() * (ts[frames - 1] - ts[0] + 4);
        }
        double tStart = -rnd.nextDouble() * 2;
        double tEnd = tStart + 0.01 + rnd.nextDouble() * 3;
        for (Traces tr : new Traces[] {
                NumpyReferenceTest.timeMajor(v, frames, rois, ts), NumpyReferenceTest.roiMajor(v, frames, rois, ts)}) {
            EventTriggeredResponse[] modes = frames < 2
                    ? new EventTriggeredResponse[] {EventTriggeredResponse.interpolated(tr, tStart, tEnd, rate, rnd.nextBoolean())}
                    : new EventTriggeredResponse[] {
                        EventTriggeredResponse.interpolated(tr, tStart, tEnd, rnd.nextBoolean() ? Double.NaN : rate * (0.3 + 3 * rnd.nextDouble()), rnd.nextBoolean()),
                        EventTriggeredResponse.nearest(tr, tStart, tEnd)};
            for (EventTriggeredResponse etr : modes) {
                double[] want = run(etr, AlignKernel.scalar(), events, 1);
                double[] got = run(etr, AlignKernel.vector(), events, 1 + rnd.nextInt(3));
                for (int i = 0; i < want.length; i++) {
                    if (Double.doubleToLongBits(want[i]) != Double.doubleToLongBits(got[i])) {
                        fail("seed " + seed + " " + tr.orientation() + " interpolate=" + etr.interpolates() + " element " + i
                                + ": scalar " + want[i] + ", vector " + got[i]);
                    }
                }
            }
        }
    }

    static double[] run(EventTriggeredResponse etr, AlignKernel k, double[] events, int threads) {
        double[] out = new double[(int) (etr.outputBytes(events.length) / Double.BYTES)];
        java.util.Arrays.fill(out, 12345); // every element must be written
        etr.compute(k, events, MemorySegment.ofArray(out), threads);
        return out;
    }

    @Test
    void timeArrayFollowsGetTimeArray() {
        // examples of the specification (allensdk-semantics.md 3.3), verified there with numpy
        assertArrayEquals(new double[] {-1, -0.5, 0, 0.5}, EventTriggeredResponse.timeArray(-1, 1, 2, false));
        assertEquals(5, EventTriggeredResponse.timeArray(-1, 1, 2, true).length);
        assertEquals(181, EventTriggeredResponse.timeArray(-3, 3, 30, true).length);
        assertEquals(180, EventTriggeredResponse.timeArray(-3, 3, 30, false).length);
        double[] t31 = EventTriggeredResponse.timeArray(-3, 3, 31, false);
        assertEquals(186, t31.length);
        assertEquals(2.9677, t31[185], 1e-4);
        double[] t = EventTriggeredResponse.timeArray(-0.5, 0.75, 10, false); // inexact: endpoint forced in
        assertEquals(13, t.length);
        assertEquals(-0.5, t[0]);
        assertEquals(0.7, t[12], 1e-15);
    }

    @Test
    void nearestFrameTiesGoLaterAndExtrapolatesOutside() {
        MemorySegment ts = MemorySegment.ofArray(new double[] {0, 1, 2, 3});
        assertEquals(1, EventTriggeredResponse.nearestFrame(ts, 4, 0.5, 1)); // tie -> later
        assertEquals(1, EventTriggeredResponse.nearestFrame(ts, 4, 1.4, 1));
        assertEquals(0, EventTriggeredResponse.nearestFrame(ts, 4, -0.5, 1)); // mindscope: 0 before the start
        assertEquals(-1, EventTriggeredResponse.nearestFrame(ts, 4, -0.6, 1));
        assertEquals(4, EventTriggeredResponse.nearestFrame(ts, 4, 3.5, 1)); // mindscope: IndexError
        assertEquals(EventTriggeredResponse.NO_FRAME, EventTriggeredResponse.nearestFrame(ts, 4, Double.NaN, 1));
    }

    @Test
    void badWindowsAndClocksAreRefused() {
        Traces one = Traces.ofRows(new double[] {1.0}, new double[] {2.0});
        assertThrows(BadInputException.class, () -> EventTriggeredResponse.interpolated(one, 0.5, 0.5, 10, true));
        assertThrows(BadInputException.class, () -> EventTriggeredResponse.interpolated(one, -1, 1, Double.NaN, true));
        assertThrows(BadInputException.class, () -> EventTriggeredResponse.nearest(one, -1, 1));
        assertThrows(BadInputException.class, () -> Traces.ofRows(new double[] {1, 0.5}, new double[] {1, 2}));
        assertThrows(BadInputException.class, () -> Traces.ofRows(new double[] {1, Double.NaN}, new double[] {1, 2}));
    }
}
