package org.ragtime.engine.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShuffleTest {
    /** The filter as HDF5 defines it, written the obvious way (the reference for the inverse). */
    private static byte[] shuffle(byte[] raw, int size) {
        int n = raw.length / size;
        byte[] out = raw.clone();
        for (int i = 0; i < n; i++) {
            for (int b = 0; b < size; b++) {
                out[b * n + i] = raw[i * size + b];
            }
        }
        return out;
    }

    @Test
    void unshuffleInvertsShuffleForEverySizeAndTail() {
        long seed = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed);
        for (int size : new int[] {1, 2, 3, 4, 8, 16}) {
            for (int len : new int[] {0, 1, size - 1, size, 5 * size + 3, 4096, 100_003}) {
                if (len < 0) {
                    continue;
                }
                byte[] raw = new byte[len];
                r.nextBytes(raw);
                byte[] back = new byte[len];
                Shuffle.unshuffle(MemorySegment.ofArray(shuffle(raw, size)), MemorySegment.ofArray(back), len, size);
                assertArrayEquals(raw, back, "size " + size + " len " + len + " seed " + seed);
            }
        }
    }
}
