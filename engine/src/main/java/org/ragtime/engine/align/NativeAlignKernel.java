package org.ragtime.engine.align;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.List;
import org.ragtime.engine.Isa;
import org.ragtime.engine.internal.Lazy;
import org.ragtime.engine.internal.NativeLibrary;

/**
 * Native backend ({@code src-native/src/main/c/align.c}). Java plans a chunk of events ({@link WindowPlan},
 * the same plan the Vector API kernel applies); C applies it to every ROI: for time-major traces eight ROIs
 * a vector with AVX-512 (four with AVX2), transposed in registers so that every ROI's run of output samples goes out as whole cache lines
 * with non-temporal stores. Heap arrays and segments are passed as critical segments, which holds off the
 * GC while a call runs, so each call covers a bounded chunk of events (a few milliseconds).
 * Bit-identical to {@link ScalarAlignKernel}.
 */
final class NativeAlignKernel implements AlignKernel {
    /** Output values per call (64 MB, about 8 ms of work), so that no call holds the GC off for long. */
    private static final long CHUNK_VALUES = 1L << 23;

    private static final FunctionDescriptor ALIGN = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT,
            ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG);
    private static final Lazy<NativeAlignKernel> INSTANCE = Lazy.of(() -> new NativeAlignKernel(
            NativeLibrary.downcall("ragtime_align", ALIGN, Linker.Option.critical(true)), "native"));
    private static final List<Lazy<NativeAlignKernel>> LEVELS = Arrays.stream(Isa.values())
            .map(i -> Lazy.of(() -> new NativeAlignKernel(NativeLibrary.downcall("ragtime_align", i, ALIGN,
                    Linker.Option.critical(true)), "native-" + i.id()))).toList();

    private final MethodHandle align;
    private final String name;

    private NativeAlignKernel(MethodHandle align, String name) {
        this.align = align;
        this.name = name;
    }

    /** The native kernel at the JVM's level, or UnsupportedOperationException saying why the library cannot be used. */
    static NativeAlignKernel create() {
        return INSTANCE.get();
    }

    /** The native kernel compiled for {@code level}, or UnsupportedOperationException saying why it cannot run. */
    static NativeAlignKernel create(Isa level) {
        return LEVELS.get(level.ordinal()).get();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void interpolate(Traces traces, double[] events, int from, int to, double tStart, double tEnd,
                            double[] time, MemorySegment out) {
        ScalarAlignKernel.checkOut(out, traces.rois(), events.length, time.length);
        int chunk = chunkEvents(time.length, traces.rois());
        WindowPlan plan = new WindowPlan(Math.min(chunk, Math.max(0, to - from)), time.length);
        for (int e0 = from; e0 < to; e0 += chunk) {
            int e1 = Math.min(to, e0 + chunk);
            for (int e = e0; e < e1; e++) {
                plan.interpolated(e - e0, traces.timestamps(), traces.frames(), events[e], tStart, tEnd, time);
            }
            apply(traces, plan, e0, e1 - e0, events.length, out);
        }
    }

    @Override
    public void gather(Traces traces, long[] frames, int from, int to, int startOffset, int samples, MemorySegment out) {
        ScalarAlignKernel.checkOut(out, traces.rois(), frames.length, samples);
        int chunk = chunkEvents(samples, traces.rois());
        WindowPlan plan = new WindowPlan(Math.min(chunk, Math.max(0, to - from)), samples);
        for (int e0 = from; e0 < to; e0 += chunk) {
            int e1 = Math.min(to, e0 + chunk);
            for (int e = e0; e < e1; e++) {
                plan.nearest(e - e0, frames[e], startOffset, traces.frames());
            }
            apply(traces, plan, e0, e1 - e0, frames.length, out);
        }
    }

    /** Events per call: a multiple of 8 when possible, so that chunks of a 64-byte aligned output start on whole lines. */
    private static int chunkEvents(int samples, int rois) {
        int n = (int) Math.max(1, Math.min(1 << 20, CHUNK_VALUES / Math.max(1, rois) / Math.max(1, samples)));
        return n >= 8 ? n & ~7 : n;
    }

    /** Planned events [first, first + count) of every ROI into out (rois, events, samples). */
    private void apply(Traces traces, WindowPlan plan, int first, int count, int events, MemorySegment out) {
        int ns = plan.samples;
        boolean timeMajor = traces.orientation() == Traces.Orientation.TIME_MAJOR;
        long frameStride = timeMajor ? traces.rois() : 1;
        long roiStride = timeMajor ? 1 : traces.frames();
        int status;
        try {
            status = (int) align.invokeExact(traces.values(), frameStride, roiStride, traces.rois(),
                    MemorySegment.ofArray(plan.kind), MemorySegment.ofArray(plan.frame), MemorySegment.ofArray(plan.off0),
                    MemorySegment.ofArray(plan.off1), MemorySegment.ofArray(plan.step), (long) count * ns,
                    out.asSlice((long) first * ns * Double.BYTES), (long) events * ns);
        } catch (Throwable t) {
            throw NativeLibrary.failure("ragtime_align", t);
        }
        if (status != 0) {
            throw new OutOfMemoryError("native alignment: no scratch memory for " + traces.rois() + " rois");
        }
    }
}
