package org.ragtime.engine.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.ragtime.engine.BadInputException;
import org.ragtime.engine.Isa;
import org.ragtime.engine.KernelProvider;

/**
 * Vector and native backends (the native one at every x86-64 level this CPU runs) bit-identical to the
 * scalar reference on random inputs; the grid and nearest-frame rules.
 */
class AlignKernelTest {
    /** Values past the ends of a native output, which no kernel may touch. */
    private static final long GUARD = 192;
    private static final byte CANARY = 0x5A;
    /** Magnitudes at the edges of float64 (the native division's fallback ranges), signed zeros. */
    private static final double[] EXTREMES = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_NORMAL, 1e-310, 0x1p-500, 0x1.0000000000001p-500,
        0x1p500, -0x1.fffffffffffffp499, 1e300, -Double.MAX_VALUE, Double.MAX_VALUE, 1e-160, 3.0000000000000004};

    @RepeatedTest(40)
    void vectorAndNativeMatchScalarOnRandomInputs() {
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
        // now and then whole traces near the ends of float64, where the native kernel's fast division does not apply
        double scale = new double[] {1, 1, 1, 1, 1e-305, 1e-310, 0x1p-1000, 1e300, 0x1p-400, 0x1p700}[rnd.nextInt(10)];
        for (int i = 0; i < v.length; i++) {
            int k = rnd.nextInt(100);
            v[i] = k == 0 ? Double.NaN : k == 1 ? Double.POSITIVE_INFINITY : k == 2 ? Double.NEGATIVE_INFINITY
                    : k < 6 ? 1.25 : k < 9 ? EXTREMES[rnd.nextInt(EXTREMES.length)] : k < 11 ? 3 + rnd.nextInt(3) * 0x1p-51
                    : rnd.nextGaussian() * scale;
        }
        // now and then enough events for several native calls (chunks) per thread
        double[] events = new double[rnd.nextInt(8) == 0 ? 1500 + rnd.nextInt(1500) : rnd.nextInt(80)];
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
                double[] want = run(etr, AlignKernel.scalar(), events, 1, -1);
                for (AlignKernel k : contenders()) {
                    // heap output, or a native one at a random byte offset (unaligned lines, and not even 8-aligned)
                    long shift = rnd.nextInt(3) == 0 ? -1 : rnd.nextBoolean() ? 8 * rnd.nextInt(8) : rnd.nextInt(64);
                    int threads = 1 + rnd.nextInt(3);
                    double[] got = run(etr, k, events, threads, shift);
                    for (int i = 0; i < want.length; i++) {
                        if (Double.doubleToLongBits(want[i]) != Double.doubleToLongBits(got[i])) {
                            fail("seed " + seed + " " + tr.orientation() + " interpolate=" + etr.interpolates() + " " + k.name()
                                    + " threads=" + threads + " shift=" + shift + " element " + i + " of " + want.length
                                    + ": scalar " + want[i] + ", " + k.name() + " " + got[i]);
                        }
                    }
                }
            }
        }
    }

    /** The vector kernel, the native one at the JVM's level and the native one at every level this CPU runs. */
    static List<AlignKernel> contenders() {
        List<AlignKernel> k = new ArrayList<>(List.of(AlignKernel.vector(), AlignKernel.nativeKernel()));
        List<Isa> levels = Isa.supported();
        assertFalse(levels.isEmpty(), "the native library should load in the build");
        for (Isa i : levels) {
            k.add(AlignKernel.nativeKernel(i));
        }
        return k;
    }

    /**
     * The kernel's output as an array: computed into a heap segment ({@code shift < 0}) or into a native
     * one starting {@code shift} bytes past a 64-byte boundary, whose surroundings must stay untouched.
     */
    static double[] run(EventTriggeredResponse etr, AlignKernel k, double[] events, int threads, long shift) {
        int n = (int) (etr.outputBytes(events.length) / Double.BYTES);
        double[] out = new double[n];
        if (shift < 0) {
            java.util.Arrays.fill(out, 12345); // every element must be written
            etr.compute(k, events, MemorySegment.ofArray(out), threads);
            return out;
        }
        try (Arena arena = Arena.ofShared()) {
            MemorySegment all = arena.allocate(GUARD + shift + (long) n * Double.BYTES + GUARD, 64);
            all.fill(CANARY);
            MemorySegment seg = all.asSlice(GUARD + shift, (long) n * Double.BYTES);
            for (int i = 0; i < n; i++) {
                seg.setAtIndex(Traces.VALUE, i, 12345);
            }
            etr.compute(k, events, seg, threads);
            MemorySegment.copy(seg, Traces.VALUE, 0, out, 0, n);
            long end = GUARD + shift + (long) n * Double.BYTES;
            for (long b = 0; b < all.byteSize(); b = b == GUARD + shift - 1 ? end : b + 1) {
                if (b < all.byteSize() && all.get(ValueLayout.JAVA_BYTE, b) != CANARY) {
                    fail(k.name() + " wrote byte " + b + " outside its output [" + (GUARD + shift) + ", " + end + ")");
                }
            }
        }
        return out;
    }

    @Test
    void eachBackendHandsOutItsOwnKernel() {
        assertEquals("scalar", KernelProvider.forName("scalar").align().name());
        assertEquals("vector", KernelProvider.forName("vector").align().name());
        assertEquals("native", KernelProvider.forName("native").align().name());
        for (Isa i : Isa.supported()) {
            assertEquals("native-" + i.id(), KernelProvider.forName("native-" + i.id()).align().name());
            assertEquals("native-" + i.id(), AlignKernel.nativeKernel(i).name());
        }
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
