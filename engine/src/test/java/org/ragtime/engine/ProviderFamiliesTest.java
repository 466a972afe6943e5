package org.ragtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** Each backend hands out the alignment and zlib kernels its name promises, and they agree. */
class ProviderFamiliesTest {
    @Test
    void backendsHandOutTheirAlignmentKernel() {
        assertEquals(org.ragtime.engine.align.AlignKernel.scalar().name(), KernelProvider.forName("scalar").align().name());
        assertEquals(org.ragtime.engine.align.AlignKernel.vector().name(), KernelProvider.forName("vector").align().name());
    }

    @Test
    void everyBackendsZlibDecodesTheSameBytes() {
        long seed = System.nanoTime();
        byte[] raw = new byte[1 << 20];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (r.nextInt(8) * (i % 7)); // compressible, not trivial
        }
        Deflater d = new Deflater(4);
        d.setInput(raw);
        d.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (!d.finished()) {
            z.write(buf, 0, d.deflate(buf));
        }
        byte[] zipped = z.toByteArray();
        for (String name : new String[] {"scalar", "vector", "native"}) {
            KernelProvider p;
            try {
                p = KernelProvider.forName(name);
            } catch (UnsupportedOperationException e) {
                continue; // a backend this machine lacks is covered by KernelProviderTest's fall-back tests
            }
            try (Arena a = Arena.ofConfined()) {
                MemorySegment in = a.allocate(zipped.length);
                MemorySegment.copy(zipped, 0, in, ValueLayout.JAVA_BYTE, 0, zipped.length);
                MemorySegment out = a.allocate(raw.length);
                assertEquals(raw.length, p.zlib().inflate(in, out), name + " seed " + seed);
                assertArrayEquals(raw, out.toArray(ValueLayout.JAVA_BYTE), name + " (" + p.zlib().name() + ") seed " + seed);
            }
        }
    }
}
