package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ragtime.engine.BadInputException;

class BinOptionsTest {
    @Test
    void gridEdgesAreStartPlusKStepNotAccumulated() {
        double[] e = BinOptions.grid("-0.1:0.5:0.01");
        assertEquals(61, e.length, "round((0.5 - -0.1)/0.01) + 1 edges");
        double acc = -0.1;
        boolean differsFromAccumulation = false;
        for (int k = 0; k < e.length; k++) {
            assertEquals(-0.1 + k * 0.01, e[k], 0.0, "edge " + k);
            if (k > 0) {
                acc += 0.01;
                differsFromAccumulation |= acc != e[k];
            }
        }
        assertTrue(differsFromAccumulation, "this grid is one where accumulation drifts, so the test can tell");
        assertEquals(-0.1 + 60 * 0.01, e[60], 0.0);
    }

    @Test
    void edgeCountRoundsTheRatio() {
        // (0.3 - 0) / 0.1 = 2.9999999999999996: rounds to 3 intervals, 4 edges
        assertEquals(4, BinOptions.grid("0:0.3:0.1").length);
        assertEquals(3, BinOptions.grid("0:1:0.5").length);
    }

    @Test
    void stopOffTheGridIsRefusedNamingTheNearestGridValues() {
        // 0:0.25:0.07 used to end at 0.28, past STOP
        BadInputException ex = assertThrows(BadInputException.class, () -> BinOptions.grid("0:0.25:0.07"));
        assertEquals("--bins 0:0.25:0.07: STOP 0.25 is not on the grid START + k*STEP; the nearest grid values are 0.21"
                + " and 0.28", ex.getMessage());
        ex = assertThrows(BadInputException.class, () -> BinOptions.grid("-0.1:0.5:0.25"));
        assertTrue(ex.getMessage().endsWith("nearest grid values are 0.4 and 0.65"), ex.getMessage());
        // on the grid within the contract's 1e-9, though the division does not give a whole number
        assertEquals(1201, BinOptions.grid("-0.1:0.5:0.0005").length);
        assertEquals(11, BinOptions.grid("0:1.0000000001:0.1").length);
    }

    @Test
    void explicitEdgesMustIncreaseStrictly() {
        BinOptions o = new BinOptions();
        o.edges = new double[] {0, 0.1, 0.1};
        BadInputException ex = assertThrows(BadInputException.class, o::edges);
        assertTrue(ex.getMessage().contains("strictly increasing at edge 2"), ex.getMessage());
        o.edges = new double[] {-0.1, 0, 0.1};
        assertArrayEquals(new double[] {-0.1, 0, 0.1}, o.edges());
    }

    @Test
    void exactlyOneOfBinsAndEdges() {
        BinOptions o = new BinOptions();
        assertThrows(BadInputException.class, o::edges);
        o.bins = "0:1:0.5";
        o.edges = new double[] {0, 1};
        assertThrows(BadInputException.class, o::edges);
    }

    @Test
    void malformedGridsAreRefused() {
        for (String bad : new String[] {"0:1", "a:1:0.1", "0:1:0", "1:0:0.1", "0:1:-0.1", "0:NaN:0.1"}) {
            assertThrows(BadInputException.class, () -> BinOptions.grid(bad), bad);
        }
    }

    @Test
    void centresAreAllenSdks() {
        assertArrayEquals(new double[] {-0.05, 0.05}, BinOptions.centres(new double[] {-0.1, 0, 0.1}), 0.0);
    }
}
