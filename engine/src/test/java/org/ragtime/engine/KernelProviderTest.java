package org.ragtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ragtime.engine.internal.NativeLibrary;

/** Backend selection: in the build (library built, incubator module added) every backend is available. */
class KernelProviderTest {
    @Test
    void everyBackendRunsInTheBuild() {
        for (String name : Backends.NAMES) {
            assertEquals(name, KernelProvider.forName(name).name());
            assertEquals(name, KernelProvider.forName(name.toUpperCase()).name());
        }
        assertNull(NativeLibrary.problem(), "libragtime.so should load in the build");
        assertTrue(NativeLibrary.lookup().isPresent());
    }

    @Test
    void defaultIsTheBestAvailableOrTheForcedOne() {
        String forced = System.getProperty(KernelProvider.KERNELS_PROPERTY);
        assertEquals(forced == null ? "native" : forced, KernelProvider.get().name());
        assertSame(KernelProvider.get(), KernelProvider.get());
    }

    @Test
    void nativeLevelsAreChosenAtLoadTimeAndNamed() {
        assertTrue(Isa.supported().contains(Isa.V2), "every x86-64 CPU the build runs on has v2");
        Isa chosen = Isa.chosen();
        String forced = System.getProperty(Isa.PROPERTY);
        // without -Dragtime.native.isa the best level this CPU runs
        assertEquals(forced == null ? Isa.supported().getLast() : Isa.parse(forced), chosen);
        assertEquals("native (" + chosen.id() + ", " + chosen.features() + ")", KernelProvider.forName("native").description());
        assertEquals(Isa.V3, Isa.parse("x86-64-V3"));
        assertThrows(IllegalArgumentException.class, () -> Isa.parse("avx3"));
        assertThrows(IllegalArgumentException.class, () -> KernelProvider.forName("native-v5"));
        for (Isa i : Isa.values()) {
            if (!Isa.supported().contains(i)) {
                UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                        () -> KernelProvider.forName("native-" + i.id()));
                assertTrue(e.getMessage().contains("lacks x86-64-" + i.id()), e.getMessage());
            }
        }
    }

    /** ragtime_fill_nt at every level: every byte of the segment set, none around it, any size and offset. */
    @Test
    void nonTemporalFillAtEveryLevel() {
        long seed = System.nanoTime();
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        for (Isa level : Isa.supported()) {
            for (int round = 0; round < 60; round++) {
                int offset = r.nextInt(128);
                int size = round < 10 ? round : r.nextInt(round < 50 ? 600 : 100_000);
                byte value = (byte) r.nextInt(256);
                try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
                    java.lang.foreign.MemorySegment all = arena.allocate(64 + offset + size + 64, 64);
                    all.fill((byte) 0x5A);
                    level.fillNonTemporal(all.asSlice(64 + offset, size), value);
                    for (long b = 0; b < all.byteSize(); b++) {
                        byte want = b >= 64 + offset && b < 64 + offset + size ? value : 0x5A;
                        if (all.get(java.lang.foreign.ValueLayout.JAVA_BYTE, b) != want) {
                            throw new AssertionError(level + ", size " + size + ", offset " + offset + ", seed " + seed
                                    + ": byte " + b + " is " + all.get(java.lang.foreign.ValueLayout.JAVA_BYTE, b));
                        }
                    }
                }
            }
        }
    }

    @Test
    void unknownNamesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelProvider.forName("gpu"));
        assertTrue(e.getMessage().contains("scalar, vector or native"), e.getMessage());
    }

    @Test
    void badEdgesAreBadInput() {
        assertThrows(BadInputException.class, () -> PresentationWindows.of(new double[] {0}, new double[] {0, 0.2, 0.1}, BinRule.CLOSED));
        assertThrows(BadInputException.class, () -> PresentationWindows.of(new double[] {0}, new double[] {0, Double.NaN}, BinRule.CLOSED));
        assertThrows(BadInputException.class, () -> PresentationWindows.of(new double[] {0}, new double[] {0}, BinRule.CLOSED));
    }

    @Test
    void countTypes() {
        assertEquals(CountType.UINT8, CountType.narrowestFor(255));
        assertEquals(CountType.UINT16, CountType.narrowestFor(256));
        assertEquals(CountType.INT32, CountType.narrowestFor(65536));
        assertTrue(CountType.UINT16.fits(65535));
    }
}
