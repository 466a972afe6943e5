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
