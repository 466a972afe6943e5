package org.ragtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.ragtime.io.TraceInfo.Orientation;

class OrientationTest {
    @Test
    void timeAxisFromTimestampsAndRoiCounts() {
        assertEquals(Orientation.TIME_MAJOR, Orientation.detect(new long[] {600, 12}, 600, 12));
        assertEquals(Orientation.ROI_MAJOR, Orientation.detect(new long[] {12, 600}, 600, 12));
        assertEquals(Orientation.TIME_MAJOR, Orientation.detect(new long[] {12, 12}, 12, 12)); // NWB order wins ties
        assertEquals(Orientation.TIME_MAJOR, Orientation.detect(new long[] {250, 15}, -1, 15)); // rate-sampled
        assertEquals(Orientation.ROI_MAJOR, Orientation.detect(new long[] {15, 250}, -1, 15));
        assertEquals(Orientation.TIME_MAJOR, Orientation.detect(new long[] {600}, 600, 1));
        assertNull(Orientation.detect(new long[] {600, 12}, 599, 12));
        assertNull(Orientation.detect(new long[] {600, 12}, 600, 11));
        assertNull(Orientation.detect(new long[] {600}, 600, 2));
        assertNull(Orientation.detect(new long[] {2, 3, 4}, 2, 3));
    }
}
