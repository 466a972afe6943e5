package org.ragtime.engine.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class ZlibTest {
    private static final long SEED = System.nanoTime();

    /** Both implementations (libdeflate only if loadable here). */
    private static List<Zlib> codecs() {
        List<Zlib> all = new ArrayList<>();
        all.add(Zlib.jdk());
        Zlib.libdeflate().ifPresent(all::add);
        return all;
    }

    private static byte[] deflate(byte[] raw, int level) {
        Deflater d = new Deflater(level);
        d.setInput(raw);
        d.finish();
        byte[] out = new byte[raw.length + 1024];
        int n = 0;
        while (!d.finished()) {
            n += d.deflate(out, n, out.length - n);
        }
        d.end();
        return Arrays.copyOf(out, n);
    }

    /** NWB-like data: sorted spike times (compressible) or plain random bytes (incompressible). */
    private static byte[] sample(SplittableRandom r, int doubles, boolean random) {
        MemorySegment s = MemorySegment.ofArray(new byte[doubles * 8]);
        double t = 0;
        for (int i = 0; i < doubles; i++) {
            t += random ? r.nextDouble() * 1e9 : Math.floor(r.nextDouble() * 3000) / 30000.0;
            s.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i, t);
        }
        return s.toArray(ValueLayout.JAVA_BYTE);
    }

    @Test
    void libdeflateLoadsOnThisMachine() {
        // the build machine has libdeflate.so.0; if it ever goes missing this says why
        assertTrue(Zlib.libdeflate().isPresent(), "libdeflate failed to load: " + LibdeflateZlib.failure());
        assertEquals("libdeflate", Zlib.best().name());
    }

    @Test
    void bothDecodeDeflaterOutputExactly() {
        SplittableRandom r = new SplittableRandom(SEED);
        for (int round = 0; round < 40; round++) {
            int n = round == 0 ? 0 : r.nextInt(1, 300_000);
            byte[] raw = sample(r, n, round % 3 == 0);
            int level = r.nextInt(0, 10);
            byte[] z = deflate(raw, level);
            for (Zlib c : codecs()) {
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment in = a.allocate(Math.max(1, z.length)).asSlice(0, z.length);
                    in.copyFrom(MemorySegment.ofArray(z));
                    MemorySegment out = a.allocate(raw.length + 7);
                    long got = c.inflate(in, out);
                    assertEquals(raw.length, got, c.name() + " seed " + SEED + " round " + round);
                    assertArrayEquals(raw, out.asSlice(0, got).toArray(ValueLayout.JAVA_BYTE),
                            c.name() + " seed " + SEED + " round " + round);
                }
                // heap segments work too (critical downcall)
                byte[] out = new byte[raw.length];
                assertEquals(raw.length, c.inflate(MemorySegment.ofArray(z), MemorySegment.ofArray(out)));
                assertArrayEquals(raw, out, c.name() + " heap, seed " + SEED);
            }
        }
    }

    @Test
    void corruptTruncatedAndOversizedStreamsAreRefused() {
        byte[] raw = sample(new SplittableRandom(SEED), 10_000, false);
        byte[] z = deflate(raw, 6);
        for (Zlib c : codecs()) {
            byte[] garbage = z.clone();
            for (int i = 2; i < garbage.length; i += 7) {
                garbage[i] ^= (byte) 0x5A;
            }
            assertThrows(Zlib.CorruptStreamException.class,
                    () -> c.inflate(MemorySegment.ofArray(garbage), MemorySegment.ofArray(new byte[raw.length])), c.name());
            byte[] cut = Arrays.copyOf(z, z.length / 2);
            assertThrows(Zlib.CorruptStreamException.class,
                    () -> c.inflate(MemorySegment.ofArray(cut), MemorySegment.ofArray(new byte[raw.length])), c.name());
            assertThrows(Zlib.CorruptStreamException.class,
                    () -> c.inflate(MemorySegment.ofArray(z), MemorySegment.ofArray(new byte[raw.length - 1])), c.name());
        }
    }

    @Test
    void threadsDecodeConcurrently() throws Exception {
        byte[] raw = sample(new SplittableRandom(SEED), 50_000, false);
        byte[] z = deflate(raw, 4);
        for (Zlib c : codecs()) {
            List<Thread> ts = new ArrayList<>();
            List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 4; t++) {
                ts.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (int k = 0; k < 20; k++) {
                            byte[] out = new byte[raw.length];
                            c.inflate(MemorySegment.ofArray(z), MemorySegment.ofArray(out));
                            assertArrayEquals(raw, out);
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }));
            }
            for (Thread t : ts) {
                t.join();
            }
            assertTrue(errors.isEmpty(), c.name() + ": " + errors);
        }
    }

    /**
     * Compression: each implementation's stream, at every level, inflates to the input exactly through the other
     * implementation and through java.util.zip.Inflater (an independent reader); compressible data shrinks; an
     * output smaller than the bound and a bad level are refused.
     */
    @Test
    void deflateRoundTripsThroughEveryInflater() throws Exception {
        SplittableRandom r = new SplittableRandom(SEED);
        for (int round = 0; round < 30; round++) {
            int n = round == 0 ? 0 : round == 1 ? 1 : r.nextInt(1, 200_000);
            byte[] raw = sample(r, n, round % 3 == 0);
            int level = round % 10;
            for (Zlib c : codecs()) {
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment in = a.allocate(Math.max(1, raw.length)).asSlice(0, raw.length);
                    in.copyFrom(MemorySegment.ofArray(raw));
                    MemorySegment out = a.allocate(Zlib.maxDeflated(raw.length));
                    long z = c.deflate(in, out, level);
                    String what = c.name() + " level " + level + " seed " + SEED + " round " + round;
                    assertTrue(z > 0 && z <= Zlib.maxDeflated(raw.length), what);
                    byte[] stream = out.asSlice(0, z).toArray(ValueLayout.JAVA_BYTE);
                    java.util.zip.Inflater inf = new java.util.zip.Inflater();
                    inf.setInput(stream);
                    byte[] back = new byte[raw.length + 1];
                    int got = 0;
                    while (!inf.finished()) {
                        got += inf.inflate(back, got, back.length - got);
                    }
                    inf.end();
                    assertEquals(raw.length, got, what);
                    assertArrayEquals(raw, Arrays.copyOf(back, got), what);
                    for (Zlib d : codecs()) {
                        byte[] again = new byte[raw.length];
                        assertEquals(raw.length, d.inflate(MemorySegment.ofArray(stream), MemorySegment.ofArray(again)), what + " via " + d.name());
                        assertArrayEquals(raw, again, what + " via " + d.name());
                    }
                }
            }
        }
        // compression happens: a sparse counts-like block (mostly zeros, small values) shrinks well at every level above 0
        byte[] sparse = new byte[200_000];
        for (int i = 0; i < sparse.length; i += 37) {
            sparse[i] = (byte) (i % 5);
        }
        for (Zlib c : codecs()) {
            for (int level = 1; level <= 9; level++) {
                long z = c.deflate(MemorySegment.ofArray(sparse), MemorySegment.ofArray(new byte[(int) Zlib.maxDeflated(sparse.length)]), level);
                assertTrue(z < sparse.length / 10, c.name() + " level " + level + ": " + z + " of " + sparse.length);
            }
        }
        for (Zlib c : codecs()) {
            byte[] raw = new byte[5000];
            assertThrows(IllegalArgumentException.class, () -> c.deflate(MemorySegment.ofArray(raw), MemorySegment.ofArray(new byte[100]), 1));
            assertThrows(IllegalArgumentException.class, () -> c.deflate(MemorySegment.ofArray(raw), MemorySegment.ofArray(new byte[10_000]), 10));
        }
    }

    @Test
    void threadsCompressConcurrently() throws Exception {
        for (Zlib c : codecs()) {
            byte[] raw = sample(new SplittableRandom(SEED), 50_000, false);
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 4; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (int k = 0; k < 20; k++) {
                            byte[] z = new byte[(int) Zlib.maxDeflated(raw.length)];
                            long n = c.deflate(MemorySegment.ofArray(raw), MemorySegment.ofArray(z), 1 + k % 9);
                            byte[] back = new byte[raw.length];
                            c.inflate(MemorySegment.ofArray(z).asSlice(0, n), MemorySegment.ofArray(back));
                            assertArrayEquals(raw, back);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertTrue(failures.isEmpty(), c.name() + ": " + failures);
        }
    }
}
