package org.ragtime.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The edge rules, the bin-centre coordinate and the count-type names, each defined once. */
class BinEdgesTest {
    @Test
    void userEdgesIncreaseStrictly() {
        double[] ok = {-0.1, 0, 0.1};
        assertSame(ok, BinEdges.requireIncreasing(ok));
        BadInputException e = assertThrows(BadInputException.class, () -> BinEdges.requireIncreasing(new double[] {0, 0.1, 0.1}));
        assertEquals("bin edges: not strictly increasing at edge 2 (0.1 after 0.1)", e.getMessage());
        assertThrows(BadInputException.class, () -> BinEdges.requireIncreasing(new double[] {0, Double.POSITIVE_INFINITY}));
        assertThrows(BadInputException.class, () -> BinEdges.requireIncreasing(new double[] {0}));
    }

    @Test
    void windowsFollowTheSameRule() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> PresentationWindows.of(new double[] {0}, new double[] {1.0, 1.0, 1.5}, BinRule.CLOSED));
        assertEquals("bin edges: not strictly increasing at edge 1 (1.0 after 1.0)", e.getMessage());
        assertThrows(BadInputException.class, () -> PresentationWindows.of(new double[] {0}, new double[] {0, 0.2, 0.1}, BinRule.HALF_OPEN));
    }

    @Test
    void centresAreAllenSdksCoordinate() {
        assertArrayEquals(new double[] {-0.05, 0.05}, BinEdges.centres(new double[] {-0.1, 0, 0.1}), 0.0);
        PresentationWindows w = PresentationWindows.of(new double[] {3}, new double[] {-0.1, 0, 0.25}, BinRule.CLOSED);
        assertArrayEquals(BinEdges.centres(w.edges()), w.binCenters(), 0.0);
    }

    @Test
    void countTypesByNumpyName() {
        for (CountType t : CountType.values()) {
            assertSame(t, CountType.ofNumpyName(t.numpyName()));
            assertSame(t, CountType.ofNumpyName(t.numpyName().toUpperCase()));
            assertTrue(t.numpyName().endsWith(String.valueOf(t.bytes() * 8)));
        }
        assertThrows(IllegalArgumentException.class, () -> CountType.ofNumpyName("float64"));
    }
}
