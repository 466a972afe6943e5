package org.ragtime.io.units;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.testing.Python;
import org.ragtime.engine.table.DoubleColumn;
import org.ragtime.engine.table.LongColumn;
import org.ragtime.engine.table.Selection;
import org.ragtime.engine.table.Table;
import org.ragtime.io.Session;
import org.ragtime.io.csv.CsvTables;

class UnitsTableTest {
    static final Path DATA = Path.of(System.getProperty("ragtime.data.dir", "data"));
    static final Path ECEPHYS = DATA.resolve("nwb/generated/allensdk_style_ecephys_session.nwb");
    static final Path TINY = DATA.resolve("nwb/generated/pynwb231_tiny_units.nwb");

    @Test
    void handCheckedRowsOfTheAllenStyleSession() {
        try (Session s = Session.open(ECEPHYS)) {
            UnitsTable.Joined j = UnitsTable.of(s);
            Table t = j.table();
            assertEquals(40, t.rowCount());
            // unit 9995001: peak_channel_id 9990101224 = electrodes row 224 (probeA, channel 224), h5py:
            // location DG, x 8694.4, y 3284.8, z 8888.0, vertical 2260, horizontal 43; device rate 29999.9
            assertEquals(9995001L, ((LongColumn) t.column("unit_id")).get(0));
            assertEquals(9990101224L, ((LongColumn) t.column("peak_channel_id")).get(0));
            assertEquals(224L, ((LongColumn) t.column("probe_channel_number")).get(0));
            assertEquals(9990101L, ((LongColumn) t.column("probe_id")).get(0));
            assertEquals("DG", t.strings("structure_acronym").get(0));
            assertEquals("probeA", t.strings("probe").get(0));
            assertEquals(8694.4, ((DoubleColumn) t.column("anterior_posterior_ccf_coordinate")).get(0));
            assertEquals(8888.0, ((DoubleColumn) t.column("left_right_ccf_coordinate")).get(0));
            assertEquals(2260L, ((LongColumn) t.column("probe_vertical_position")).get(0));
            assertEquals(29999.9, ((DoubleColumn) t.column("probe_sampling_rate")).get(0));
            assertEquals(1249.99, ((DoubleColumn) t.column("probe_lfp_sampling_rate")).get(0));
            // unit 9995021 is the first on probeB (peak 9990102030)
            assertEquals("probeB", t.strings("probe").get(20));
            assertEquals("noise", t.strings("quality").get(0));
            assertEquals(new UnitsTable.Report(0, 0, 0), j.report());
            // ragged and 2-D columns are not in the table
            assertTrue(!t.has("spike_times") && !t.has("waveform_mean") && !t.has("spike_amplitudes"));
        }
    }

    @Test
    void tinyFileTakesThePeakChannelFromTheElectrodesRegion() {
        // electrodes region [[0], [1, 2], [3]]: first electrode rows 0, 1, 3 with x = 8000, 8001, 8003
        try (Session s = Session.open(TINY)) {
            Table t = UnitsTable.of(s).table();
            DoubleColumn ap = (DoubleColumn) t.column("anterior_posterior_ccf_coordinate");
            assertArrayEquals(new double[] {8000, 8001, 8003}, new double[] {ap.get(0), ap.get(1), ap.get(2)});
            assertEquals(List.of("unit_id", "quality", "anterior_posterior_ccf_coordinate", "dorsal_ventral_ccf_coordinate",
                    "left_right_ccf_coordinate", "structure_acronym", "probe"), t.columnNames());
        }
    }

    @Test
    void subRegionsAreStrippedAndNoneIsMissing() {
        assertEquals("LGd", UnitsTable.structureAcronym("LGd-sh"));
        assertEquals("DG", UnitsTable.structureAcronym("DG-mo"));
        assertEquals("grey", UnitsTable.structureAcronym("grey"));
        assertNull(UnitsTable.structureAcronym("None"));
        assertNull(UnitsTable.structureAcronym(""));
        assertNull(UnitsTable.structureAcronym(null));
    }

    /** A units table with one unit per quirk of AllenSDK's filter. */
    private static Table quirks() {
        return Table.of("quirks", List.of(
                LongColumn.of("unit_id", 1, 2, 3, 4, 5, 6, 7, 8),
                org.ragtime.engine.table.StringColumn.of("quality", List.of("good", "good", "noise", "good", "good", "good", "good", "good")),
                org.ragtime.engine.table.StringColumn.of("valid_data", List.of("True", "False", "True", "True", "True", "True", "True", "True")),
                org.ragtime.engine.table.StringColumn.of("structure_acronym", java.util.Arrays.asList("VISp", "VISp", "VISp", null, "grey", "CA1", "CA1", "CA1")),
                DoubleColumn.of("amplitude_cutoff", 0.05, 0.05, 0.05, 0.05, 0.05, 0.1, Double.NaN, 0.2),
                DoubleColumn.of("presence_ratio", 0.99, 0.99, 0.99, 0.99, 0.99, 0.95, 0.99, 0.99),
                DoubleColumn.of("isi_violations", 0.1, 0.1, 0.1, 0.1, 0.1, 0.5, 0.1, 0.1)));
    }

    @Test
    void visualCodingDefaultsFollowAllenSdk() {
        // 1 passes; 2 invalid channel; 3 noise; 4 out of brain; 5 grey is a structure (passes);
        // 6 sits exactly on every bound (<=, >=, <=: passes); 7 NaN metric fails; 8 amplitude_cutoff 0.2 fails
        assertArrayEquals(new int[] {0, 4, 5}, QualityFilter.VC_DEFAULT.select(quirks()).rows());
    }

    @Test
    void visualBehaviorDefaultsStillDropNanMetrics() {
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 7}, QualityFilter.VBN_DEFAULT.select(quirks()).rows());
    }

    @Test
    void zeroThresholdMeansNoBound() {
        QualityFilter zero = new QualityFilter(false, false, 0, 0, 0);
        assertArrayEquals(QualityFilter.VBN_DEFAULT.select(quirks()).rows(), zero.select(quirks()).rows());
        QualityFilter strictAmp = new QualityFilter(false, false, 0.05, 0, 0);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, strictAmp.select(quirks()).rows());
    }

    @Test
    void selectionsCompose() {
        Table t = quirks();
        Selection visp = Selection.in(t.strings("structure_acronym"), Set.of("VISp"));
        Selection good = Selection.in(t.strings("quality"), Set.of("good"));
        assertArrayEquals(new int[] {0, 1}, visp.and(good).rows());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, visp.or(good).rows());
        assertArrayEquals(new int[] {3, 4, 5, 6, 7}, visp.not().rows());
        assertArrayEquals(new int[] {2}, visp.andNot(good).rows());
        assertArrayEquals(new long[] {1, 2}, visp.and(good).ids((LongColumn) t.column("unit_id")));
    }

    @Test
    void matchesTheH5pyPandasOracle(@TempDir Path dir) throws Exception {
        String[][] cases = {{}, {"1", "1", "0.1", "0.95", "0.5"}, {"1", "1", "0.5", "0", "0.6"}, {"0", "1", "none", "0.5", "none"}};
        // every real file with units and electrodes: electrode groups are found through the `group` references
        // (matnwb's group_name "micros" names no group) and a group's device may be missing
        List<Path> files = new java.util.ArrayList<>(List.of(ECEPHYS, TINY));
        for (String real : List.of("dandi_sub-anm369963_ses-20170228", "hdmfzarr_sub_anm00239123_ses_20170627T093549_ecephys_and_ogen",
                "matnwb_sub-4_ses-4_ecephys+image", "neuroconv_ecephys_tutorial_v2.5.0", "pynapple_phy_A8604-211122")) {
            files.add(DATA.resolve("nwb/real/" + real + ".nwb"));
        }
        for (Path file : files) {
            for (String[] c : cases) {
                if (file != ECEPHYS && c.length > 0) {
                    continue; // quality metrics only in the AllenSDK-style file
                }
                Path expected = dir.resolve("expected.csv");
                Path actual = dir.resolve("actual.csv");
                String[] args = new String[2 + c.length];
                args[0] = file.toString();
                args[1] = expected.toString();
                System.arraycopy(c, 0, args, 2, c.length);
                Python.tool("nwb_units_oracle.py", args);
                try (Session s = Session.open(file)) {
                    Table t = UnitsTable.of(s).table();
                    if (c.length > 0) {
                        QualityFilter f = new QualityFilter(c[0].equals("1"), c[1].equals("1"), num(c[2]), num(c[3]), num(c[4]));
                        t = t.select(f.select(t));
                    }
                    CsvTables.write(t, actual);
                }
                Python.tool("compare_csv.py", expected.toString(), actual.toString());
            }
        }
    }

    private static double num(String s) {
        return s.equals("none") ? Double.NaN : Double.parseDouble(s);
    }
}
