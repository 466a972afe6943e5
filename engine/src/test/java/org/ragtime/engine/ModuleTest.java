package org.ragtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The engine's module exports the API packages only; the internals stay unexported. */
class ModuleTest {
    @Test
    void exportsOnlyTheApi() {
        Module m = KernelProvider.class.getModule();
        Assumptions.assumeTrue(m.isNamed(), "run on the class path: no module to check");
        ModuleDescriptor d = m.getDescriptor();
        Set<String> exported = new TreeSet<>();
        for (ModuleDescriptor.Exports e : d.exports()) {
            assertTrue(!e.isQualified(), "no qualified exports: " + e);
            exported.add(e.source());
        }
        assertEquals(Set.of("org.ragtime.engine", "org.ragtime.engine.align", "org.ragtime.engine.behavior", "org.ragtime.engine.codec",
                "org.ragtime.engine.stats", "org.ragtime.engine.table"), exported);
        assertTrue(m.getPackages().contains("org.ragtime.engine.internal"));
    }
}
