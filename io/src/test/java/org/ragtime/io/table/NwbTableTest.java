package org.ragtime.io.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ragtime.engine.BadInputException;
import org.ragtime.io.NumericArray;
import org.ragtime.io.Session;

/** The table value's typed columns: stored types, rebased offsets of a row slice, regions, cell shapes. */
class NwbTableTest {
    private static final Path DATA = Path.of(System.getProperty("ragtime.data.dir", "../data"), "nwb");
    private static final Path ECEPHYS = DATA.resolve("generated/allensdk_style_ecephys_session.nwb");
    private static final Path TINY = DATA.resolve("generated/pynwb231_tiny_units.nwb");

    @Test
    void raggedSliceIsRebasedAndMatchesTheUnitsReader() {
        NwbTable t = NwbTable.read(ECEPHYS, "units", List.of("waveform_mean", "spike_times", "quality"), RowSlice.parse("2:5"));
        assertEquals(List.of("id", "quality", "spike_times", "waveform_mean"), t.names()); // colnames order
        assertEquals(2, t.firstRow());
        assertEquals(3, t.rowCount());
        TableColumn st = t.column("spike_times");
        long[] o = st.offsets().get(0);
        assertEquals(4, o.length);
        assertEquals(0, o[0]);
        double[] v = ((Values.Floats) st.values()).values();
        assertEquals(o[3], v.length);
        try (Session s = Session.open(ECEPHYS)) {
            var units = s.units();
            long[] ids = ((Values.Ints) t.ids().values()).values();
            for (int r = 0; r < 3; r++) {
                assertEquals(units.ids()[2 + r], ids[r]);
                double[] want = units.spikeTrains().toArray(2 + r);
                double[] got = java.util.Arrays.copyOfRange(v, (int) o[r], (int) o[r + 1]);
                assertArrayEquals(want, got);
            }
        }
        TableColumn wf = t.column("waveform_mean");
        assertArrayEquals(new long[] {82}, wf.cellShape());
        assertEquals(NumericArray.Type.FLOAT32, ((Values.Floats) wf.values()).type());
        assertEquals(TableColumn.Role.DATA, wf.role());
        assertTrue(t.column("quality").values() instanceof Values.Texts);
    }

    @Test
    void regionsAreTheReferencedIds() {
        NwbTable t = NwbTable.read(TINY, "/units", List.of("electrodes"), RowSlice.ALL);
        TableColumn e = t.column("electrodes");
        assertEquals(TableColumn.Role.REGION, e.role());
        assertEquals("/general/extracellular_ephys/electrodes", e.target().orElseThrow());
        assertTrue(e.isRagged());
    }

    @Test
    void rowSlicesArePythons() {
        int[][] cases = {{0, 10}, {-3, 7}, {2, -2}, {5, 2}, {-100, 100}};
        // expected (from, to) for a 10-row table, as Python's slice(a, b).indices(10)
        int[][] want = {{0, 10}, {7, 7}, {2, 8}, {5, 5}, {0, 10}};
        for (int i = 0; i < cases.length; i++) {
            RowSlice s = new RowSlice((long) cases[i][0], (long) cases[i][1]);
            assertEquals(want[i][0], s.from(10), s.toString());
            assertEquals(want[i][1], s.to(10), s.toString());
        }
        assertEquals(RowSlice.ALL, RowSlice.parse(":"));
        assertEquals(new RowSlice(-10L, null), RowSlice.parse("-10:"));
        assertThrows(BadInputException.class, () -> RowSlice.parse("1:2:3"));
        assertThrows(BadInputException.class, () -> RowSlice.parse("a:"));
    }
}
