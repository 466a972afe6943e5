package org.ragtime.engine.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The HDF5 shuffle filter (id 2), reversed. The filter stores byte 0 of every element, then byte 1 of
 * every element, and so on; bytes after the last whole element are stored unchanged.
 */
public final class Shuffle {
    private Shuffle() {
    }

    /**
     * Restores element order: {@code dst[i * size + b] = src[b * n + i]} for {@code n = length / size}
     * elements. {@code src} and {@code dst} must not overlap.
     *
     * @param length      number of bytes of {@code src} to unshuffle (both segments hold at least that)
     * @param elementSize bytes per element (the filter's parameter)
     */
    public static void unshuffle(MemorySegment src, MemorySegment dst, long length, int elementSize) {
        if (elementSize <= 1) {
            MemorySegment.copy(src, 0, dst, 0, length);
            return;
        }
        long n = length / elementSize;
        if (elementSize == Long.BYTES || elementSize == Integer.BYTES) {
            gather(src, dst, n, elementSize);
        } else {
            for (int b = 0; b < elementSize; b++) {
                long from = b * n;
                // strided byte scatter: one plane of the shuffled input to every size-th output byte
                for (long i = 0; i < n; i++) {
                    dst.set(ValueLayout.JAVA_BYTE, i * elementSize + b, src.get(ValueLayout.JAVA_BYTE, from + i));
                }
            }
        }
        long tail = n * elementSize;
        MemorySegment.copy(src, tail, dst, tail, length - tail);
    }

    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** 4- and 8-byte elements: assemble each element from its planes and write it whole (sequential writes). */
    private static void gather(MemorySegment src, MemorySegment dst, long n, int size) {
        for (long i = 0; i < n; i++) {
            long v = 0;
            for (int b = 0; b < size; b++) {
                v |= (src.get(ValueLayout.JAVA_BYTE, b * n + i) & 0xFFL) << (8 * b);
            }
            if (size == Long.BYTES) {
                dst.set(LONG_LE, i * Long.BYTES, v);
            } else {
                dst.set(INT_LE, i * Integer.BYTES, (int) v);
            }
        }
    }
}
