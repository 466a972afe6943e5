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

    /**
     * 4- and 8-byte elements: load one word from each byte plane (covering the next 8 or 4 elements), transpose
     * that byte matrix in registers by three (or two) rounds of masked swaps, store whole elements.
     */
    private static void gather(MemorySegment src, MemorySegment dst, long n, int size) {
        long i = 0;
        if (size == Long.BYTES) {
            for (; i + 8 <= n; i += 8) {
                long r0 = src.get(LONG_LE, i);
                long r1 = src.get(LONG_LE, n + i);
                long r2 = src.get(LONG_LE, 2 * n + i);
                long r3 = src.get(LONG_LE, 3 * n + i);
                long r4 = src.get(LONG_LE, 4 * n + i);
                long r5 = src.get(LONG_LE, 5 * n + i);
                long r6 = src.get(LONG_LE, 6 * n + i);
                long r7 = src.get(LONG_LE, 7 * n + i);
                long t;
                // swap 4-byte blocks: rows (0,4) (1,5) (2,6) (3,7)
                t = ((r0 >>> 32) ^ r4) & 0xFFFFFFFFL; r4 ^= t; r0 ^= t << 32;
                t = ((r1 >>> 32) ^ r5) & 0xFFFFFFFFL; r5 ^= t; r1 ^= t << 32;
                t = ((r2 >>> 32) ^ r6) & 0xFFFFFFFFL; r6 ^= t; r2 ^= t << 32;
                t = ((r3 >>> 32) ^ r7) & 0xFFFFFFFFL; r7 ^= t; r3 ^= t << 32;
                // 2-byte blocks: rows (0,2) (1,3) (4,6) (5,7)
                t = ((r0 >>> 16) ^ r2) & 0x0000FFFF0000FFFFL; r2 ^= t; r0 ^= t << 16;
                t = ((r1 >>> 16) ^ r3) & 0x0000FFFF0000FFFFL; r3 ^= t; r1 ^= t << 16;
                t = ((r4 >>> 16) ^ r6) & 0x0000FFFF0000FFFFL; r6 ^= t; r4 ^= t << 16;
                t = ((r5 >>> 16) ^ r7) & 0x0000FFFF0000FFFFL; r7 ^= t; r5 ^= t << 16;
                // single bytes: rows (0,1) (2,3) (4,5) (6,7)
                t = ((r0 >>> 8) ^ r1) & 0x00FF00FF00FF00FFL; r1 ^= t; r0 ^= t << 8;
                t = ((r2 >>> 8) ^ r3) & 0x00FF00FF00FF00FFL; r3 ^= t; r2 ^= t << 8;
                t = ((r4 >>> 8) ^ r5) & 0x00FF00FF00FF00FFL; r5 ^= t; r4 ^= t << 8;
                t = ((r6 >>> 8) ^ r7) & 0x00FF00FF00FF00FFL; r7 ^= t; r6 ^= t << 8;
                long o = i * Long.BYTES;
                dst.set(LONG_LE, o, r0);
                dst.set(LONG_LE, o + 8, r1);
                dst.set(LONG_LE, o + 16, r2);
                dst.set(LONG_LE, o + 24, r3);
                dst.set(LONG_LE, o + 32, r4);
                dst.set(LONG_LE, o + 40, r5);
                dst.set(LONG_LE, o + 48, r6);
                dst.set(LONG_LE, o + 56, r7);
            }
        } else {
            for (; i + 4 <= n; i += 4) {
                int r0 = src.get(INT_LE, i);
                int r1 = src.get(INT_LE, n + i);
                int r2 = src.get(INT_LE, 2 * n + i);
                int r3 = src.get(INT_LE, 3 * n + i);
                int t;
                t = ((r0 >>> 16) ^ r2) & 0x0000FFFF; r2 ^= t; r0 ^= t << 16;
                t = ((r1 >>> 16) ^ r3) & 0x0000FFFF; r3 ^= t; r1 ^= t << 16;
                t = ((r0 >>> 8) ^ r1) & 0x00FF00FF; r1 ^= t; r0 ^= t << 8;
                t = ((r2 >>> 8) ^ r3) & 0x00FF00FF; r3 ^= t; r2 ^= t << 8;
                long o = i * Integer.BYTES;
                dst.set(INT_LE, o, r0);
                dst.set(INT_LE, o + 4, r1);
                dst.set(INT_LE, o + 8, r2);
                dst.set(INT_LE, o + 12, r3);
            }
        }
        for (; i < n; i++) { // the last few elements, byte by byte
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
