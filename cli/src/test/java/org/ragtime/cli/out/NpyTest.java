package org.ragtime.cli.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.io.LabelledArray;
import org.ragtime.testing.Python;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void headerIsPaddedTo64BytesAndEndsWithNewline() {
        for (long[] shape : new long[][] {{}, {7}, {3, 4, 5}, {5000, 60, 500}}) {
            byte[] h = Npy.header(LabelledArray.Dtype.UINT16, shape);
            assertEquals(0, h.length % 64, "header length");
            assertEquals('\n', h[h.length - 1]);
            assertEquals((byte) 0x93, h[0]);
        }
    }

    @Test
    void numpyReadsWhatWeMap() throws Exception {
        Path f = dir.resolve("a.npy");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = Npy.create(f, arena, LabelledArray.Dtype.UINT16, 2, 3, 4);
            for (int i = 0; i < 24; i++) {
                seg.setAtIndex(ValueLayout.JAVA_SHORT, i, (short) (i * 2731)); // crosses 32767 -> tests unsigned
            }
        }
        Path g = dir.resolve("b.npy");
        Npy.write(g, new double[] {1.5, Double.NaN, -0.0}, 3);
        String out = Python.run("""
                import sys, numpy as np
                a = np.load(sys.argv[1]); b = np.load(sys.argv[2])
                print(a.shape, a.dtype, a.flags['C_CONTIGUOUS'], int(a[1, 2, 3]), int(a.sum()))
                print(b.shape, b.dtype, b[0], np.isnan(b[1]), np.signbit(b[2]))
                """, f.toString(), g.toString());
        long sum = 0;
        for (int i = 0; i < 24; i++) {
            sum += (i * 2731) & 0xffff;
        }
        String[] lines = out.strip().split("\n");
        assertEquals("(2, 3, 4) uint16 True " + ((23 * 2731) & 0xffff) + " " + sum, lines[0]);
        assertEquals("(3,) float64 1.5 True True", lines[1]);
        assertTrue(Files.size(f) > 48);
    }
}
