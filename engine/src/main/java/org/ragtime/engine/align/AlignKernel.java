package org.ragtime.engine.align;

import java.lang.foreign.MemorySegment;

/**
 * Event-alignment kernels for every ROI of a {@link Traces} at once. One implementation per backend
 * ({@link #scalar()} is the reference, {@link #vector()} the Vector API one, {@link #nativeKernel()} the C
 * one); every backend gives bit-identical results. Callers normally go through {@link EventTriggeredResponse}, which computes the
 * time grid and the nearest frames and splits events over threads.
 *
 * <p>Output layout, for every kernel: float64 (cells, events, samples) in C order, element
 * {@code (c * eventCount + e) * samples + s}, into a caller-supplied segment. A call writes only the
 * events {@code [from, to)}, so disjoint ranges may run on different threads into one segment.
 * Implementations are stateless and thread-safe.
 */
public interface AlignKernel {

    /** Backend name: {@code scalar}, {@code vector} or {@code native} ({@code native-v3} when bound to one level). */
    String name();

    /**
     * mindscope's interpolated path: for event {@code e} the frames whose time lies in the closed window
     * {@code [e + tStart, e + tEnd]} are interpolated with {@code np.interp} semantics (edge hold, NaN
     * retry) at the relative times {@code time}; a window holding no frame, or a non-finite event time,
     * gives NaN.
     *
     * @param events all event times (seconds), any order
     * @param from   first event to compute
     * @param to     one past the last event to compute
     * @param time   relative output times, ascending (see {@link EventTriggeredResponse#timeArray})
     * @param out    (rois, events.length, time.length) float64
     */
    void interpolate(Traces traces, double[] events, int from, int to, double tStart, double tEnd,
                     double[] time, MemorySegment out);

    /**
     * mindscope's nearest-sample path: output sample {@code s} of event {@code e} is the value at frame
     * {@code frames[e] + startOffset + s}, or NaN when that frame lies outside the trace or
     * {@code frames[e] == }{@link EventTriggeredResponse#NO_FRAME}.
     *
     * @param frames      per event, the (possibly virtual, out-of-range) nearest frame
     * @param startOffset frame offset of the first output sample (may be negative)
     * @param samples     output samples per event
     * @param out         (rois, frames.length, samples) float64
     */
    void gather(Traces traces, long[] frames, int from, int to, int startOffset, int samples, MemorySegment out);

    /** The plain-Java reference backend. */
    static AlignKernel scalar() {
        return ScalarAlignKernel.INSTANCE;
    }

    /** The Vector API backend (needs {@code --add-modules jdk.incubator.vector} at run time). */
    static AlignKernel vector() {
        return VectorAlignKernel.INSTANCE;
    }

    /**
     * The C backend ({@code libragtime.so}, see {@code NativeLibrary}).
     *
     * @throws UnsupportedOperationException when the native library cannot be used here; the message says why
     */
    static AlignKernel nativeKernel() {
        return NativeAlignKernel.create();
    }

    /**
     * The C backend compiled for one x86-64 level (named {@code native-v3} and so on), whatever level the
     * JVM chose: tests and benchmarks compare the levels in one run.
     *
     * @throws UnsupportedOperationException when the native library cannot be used or this CPU lacks the level
     */
    static AlignKernel nativeKernel(org.ragtime.engine.Isa level) {
        return NativeAlignKernel.create(level);
    }
}
