package org.ragtime.engine.internal;

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

/**
 * {@code ragtime_fill_nt} (src-native {@code fill.c}): memset with non-temporal stores, the write floor of
 * kernels that write their output that way (FloorBench reports it next to {@code MemorySegment.fill}).
 */
public final class NativeFill {
    private static final FunctionDescriptor FILL = FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_INT);
    private static final List<Lazy<MethodHandle>> LEVELS = Arrays.stream(Isa.values())
            .map(i -> Lazy.of(() -> NativeLibrary.downcall("ragtime_fill_nt", i, FILL, Linker.Option.critical(true))))
            .toList();
    /** Bytes per call, so that no call on a heap segment holds the GC off for long. */
    private static final long CHUNK = 1L << 26;

    private NativeFill() {
    }

    /**
     * Sets every byte of {@code dst} to {@code value} with {@code level}'s non-temporal stores.
     *
     * @throws UnsupportedOperationException when the library cannot be used or this CPU lacks the level
     */
    public static void fill(Isa level, MemorySegment dst, byte value) {
        MethodHandle fill = LEVELS.get(level.ordinal()).get();
        long size = dst.byteSize();
        for (long o = 0; o < size; o += CHUNK) {
            long n = Math.min(CHUNK, size - o);
            try {
                fill.invokeExact(dst.asSlice(o, n), n, (int) value);
            } catch (Throwable e) {
                throw NativeLibrary.failure("ragtime_fill_nt", e);
            }
        }
    }
}
