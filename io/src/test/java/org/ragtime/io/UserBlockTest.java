package org.ragtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A file written by the HDF5 library with a user block, shuffle+gzip chunks and big-endian data (see README). */
class UserBlockTest {
    private static Path file() throws Exception {
        return Path.of(UserBlockTest.class.getResource("userblock.nwb").toURI());
    }

    @Test
    void readsThroughTheUserBlock() throws Exception {
        try (Session s = Session.open(file())) {
            Units u = s.units();
            assertEquals(5, u.totalSpikes());
            assertArrayEquals(new double[] {0.1, 0.2, 0.3}, u.spikeTrains().toArray(0));
            assertArrayEquals(new double[] {1.5}, u.spikeTrains().toArray(1));
            assertArrayEquals(new double[] {2.0}, u.spikeTrains().toArray(2));
            assertTrue(u.spikeTrains().times().isMapped());

            NumericArray c = s.array("/chunky"); // np.arange(1000.0).reshape(100, 10), chunks (7, 10)
            assertFalse(c.isMapped());
            assertArrayEquals(new long[] {100, 10}, c.shape());
            for (int i = 0; i < 1000; i++) {
                assertEquals(i, c.getDouble(i));
            }
        }
    }

    @Test
    void bigEndianDataIsRefusedClearly() throws Exception {
        Path f = file();
        try (Session s = Session.open(f)) {
            NwbException e = assertThrows(NwbException.class, () -> s.array("/be"));
            assertEquals(f + ": /be: big-endian data is not supported", e.getMessage());
        }
    }
}
