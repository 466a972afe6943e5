package org.ragtime.io.csv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.engine.table.LongColumn;
import org.ragtime.engine.table.Table;
import org.ragtime.engine.table.TableException;

class ProjectManifestsTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    /**
     * The Table merge, checked against the CSV-to-CSV merge: same bytes and report, or the same error.
     */
    private ProjectManifests.Merged merge(Path u, Path c, Path p) throws IOException {
        Path out = dir.resolve("spliced.csv");
        ProjectManifests.Merged m;
        try {
            m = ProjectManifests.mergeCcf(u, c, p);
        } catch (RuntimeException e) {
            RuntimeException again = assertThrows(RuntimeException.class, () -> ProjectManifests.mergeCcfToCsv(u, c, p, out));
            assertEquals(e.getClass(), again.getClass());
            assertEquals(e.getMessage(), again.getMessage());
            throw e;
        }
        ProjectManifests.Written w = ProjectManifests.mergeCcfToCsv(u, c, p, out);
        assertEquals(csv(m.table()), Files.readString(out, StandardCharsets.UTF_8));
        assertEquals(m.danglingReport(), w.danglingReport());
        assertEquals(m.table().rowCount(), w.rows());
        assertEquals(m.table().columns().size(), w.columns());
        return m;
    }

    private static String csv(Table t) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        CsvTables.write(t, b);
        return b.toString(StandardCharsets.UTF_8);
    }

    private Path units() throws IOException {
        // unit 13 dangles (channel 99 unknown), unit 14 has no channel; units 10 and 12 share channel 100
        return file("units.csv", "unit_id,ecephys_channel_id,structure_acronym,snr\n"
                + "10,100,VISp,1.5\n11,101,CA1,2.5\n12,100,VISp,3.5\n13,99,LGd,4.5\n14,,DG,5.5\n");
    }

    private Path channels() throws IOException {
        return file("channels.csv", "ecephys_channel_id,ecephys_probe_id,probe_channel_number,structure_acronym\n"
                + "100,7,0,VISp\n101,7,1,CA1\n102,8,0,grey\n");
    }

    private Path probes() throws IOException {
        return file("probes.csv", "ecephys_probe_id,name,sampling_rate\n7,probeA,30000.0\n8,probeB,29999.9\n");
    }

    @Test
    void handComputedMergeWithSuffixesAndPandasOrder() throws IOException {
        ProjectManifests.Merged m = merge(units(), channels(), probes());
        // pandas 1.5.3 groups rows by key in order of first appearance: 10 and 12 (channel 100), then 11
        assertEquals("unit_id,ecephys_channel_id,structure_acronym_unit,snr,ecephys_probe_id,probe_channel_number,"
                + "structure_acronym_channel,name,sampling_rate\n"
                + "10,100,VISp,1.5,7,0,VISp,probeA,30000.0\n"
                + "12,100,VISp,3.5,7,0,VISp,probeA,30000.0\n"
                + "11,101,CA1,2.5,7,1,CA1,probeA,30000.0\n", csv(m.table()));
        assertEquals(2, m.unitsWithChannels().danglingCount());
        assertArrayEquals(new int[] {3, 4}, m.unitsWithChannels().danglingRows());
        assertEquals(List.of("2 row(s) whose ecephys_channel_id matches no channel were dropped, as AllenSDK's inner "
                + "merge drops them, first at " + dir.resolve("units.csv") + " line 5 (ecephys_channel_id 99)"), m.danglingReport());
    }

    @Test
    void withoutProbesOnlyChannelsAreJoined() throws IOException {
        ProjectManifests.Merged m = merge(units(), channels(), null);
        assertEquals(List.of("unit_id", "ecephys_channel_id", "structure_acronym_unit", "snr", "ecephys_probe_id",
                "probe_channel_number", "structure_acronym_channel"), m.table().columnNames());
        assertEquals(3, m.table().rowCount());
    }

    @Test
    void visualCodingIdColumnsAreCalledId() throws IOException {
        Path u = file("u.csv", "id,ecephys_channel_id,snr\n1,5,1.0\n");
        Path c = file("c.csv", "id,ecephys_probe_id,local_index\n5,3,17\n");
        Path p = file("p.csv", "id,name\n3,probeC\n");
        assertEquals("id,ecephys_channel_id,snr,ecephys_probe_id,local_index,name\n1,5,1.0,3,17,probeC\n",
                csv(merge(u, c, p).table()));
    }

    @Test
    void filesHoldingOnlyTheirIdAddNoColumns() throws IOException {
        Path c = file("c1.csv", "ecephys_channel_id\n100\n101\n");
        Path u = file("u1.csv", "unit_id,ecephys_channel_id\n1,100\n2,101\n");
        assertEquals("unit_id,ecephys_channel_id\n1,100\n2,101\n", csv(merge(u, c, null).table()));
        Path c2 = file("c2.csv", "ecephys_channel_id,ecephys_probe_id\n100,7\n");
        Path p = file("p1.csv", "ecephys_probe_id\n7\n");
        assertEquals("unit_id,ecephys_channel_id,ecephys_probe_id\n1,100,7\n", csv(merge(u, c2, p).table()));
    }

    @Test
    void duplicateChannelIdsNameBothLines() throws IOException {
        Path c = file("dup.csv", "ecephys_channel_id,ecephys_probe_id\n100,7\n101,7\n100,8\n");
        TableException e = assertThrows(TableException.class, () -> merge(units(), c, null));
        assertEquals(c + " line 4, column 'ecephys_channel_id': duplicate id 100 (first at line 2)", e.getMessage());
    }

    @Test
    void missingKeyColumnNamesFileAndColumns() throws IOException {
        Path u = file("nokey.csv", "unit_id,snr\n1,2.0\n");
        TableException e = assertThrows(TableException.class, () -> merge(u, channels(), null));
        assertEquals(u + ", column 'ecephys_channel_id': no such column (columns: unit_id, snr)", e.getMessage());
        Path c = file("noid.csv", "channel,ecephys_probe_id\n1,2\n");
        e = assertThrows(TableException.class, () -> merge(units(), c, null));
        assertEquals(c + ", column 'ecephys_channel_id': no such column (columns: channel, ecephys_probe_id)", e.getMessage());
    }

    @Test
    void manifestsGivenInTheWrongRoleAreRefusedNamingTheColumn() throws IOException {
        // swapped units and channels used to join channel ids against unit rows and exit 0
        TableException e = assertThrows(TableException.class, () -> merge(channels(), units(), null));
        assertEquals(dir.resolve("channels.csv") + ", column 'unit_id': no such column: a units manifest has unit_id (VBN) or id (VC)"
                + " as its id column; is this another manifest? (columns: ecephys_channel_id, ecephys_probe_id, probe_channel_number, structure_acronym)", e.getMessage());
        Path vbnUnits = file("units2.csv", "unit_id,ecephys_channel_id,ecephys_probe_id\n1,100,7\n");
        e = assertThrows(TableException.class, () -> merge(vbnUnits, vbnUnits, null));
        assertEquals(vbnUnits + ", column 'unit_id': given as the channels manifest, but this column makes it a units table"
                + " (a channels manifest has ecephys_channel_id or id as its id column)", e.getMessage());
        e = assertThrows(TableException.class, () -> merge(units(), channels(), channels()));
        assertEquals(dir.resolve("channels.csv") + ", column 'ecephys_channel_id': given as the probes manifest, but this column"
                + " makes it a channels table (a probes manifest has ecephys_probe_id or id as its id column)", e.getMessage());
    }

    @Test
    void nonIntegerAndMissingIdsAreRefused() throws IOException {
        Path c = file("text.csv", "ecephys_channel_id,x\n100,1\nabc,2\n");
        TableException e = assertThrows(TableException.class, () -> merge(units(), c, null));
        assertEquals(c + " line 3, column 'ecephys_channel_id': id 'abc' is not an integer", e.getMessage());
        Path n = file("null.csv", "ecephys_channel_id,x\n100,1\n,2\n");
        e = assertThrows(TableException.class, () -> merge(units(), n, null));
        assertEquals(n + " line 3, column 'ecephys_channel_id': missing id", e.getMessage());
    }

    @Test
    void abnormalSessionsAreExcludedAndSummariesCount() throws IOException {
        Table s = CsvTables.read(file("ecephys_sessions.csv",
                "ecephys_session_id,image_set,experience_level,genotype,sex,abnormal_histology,abnormal_activity\n"
                + "1,G,Familiar,wt/wt,M,,\n2,H,Novel,wt/wt,F,,\n3,G,Familiar,Sst,M,['VISp'],\n4,G,Novel,Sst,F,,[5.0]\n"
                + "5,G,Familiar,Sst,M,,\n"));
        Table normal = ProjectManifests.normalSessions(s);
        assertArrayEquals(new long[] {1, 2, 5}, ids(normal, "ecephys_session_id"));
        assertEquals("image_set,experience_level,count\nG,Familiar,2\nH,Novel,1\n",
                csv(ProjectManifests.sessionsByImageSetAndExperience(normal)));
        assertEquals("genotype,sex,count\nSst,M,1\nwt/wt,F,1\nwt/wt,M,1\n", csv(ProjectManifests.sessionsByGenotypeAndSex(normal)));
        Table u = CsvTables.read(file("u.csv", "unit_id,structure_acronym\n1,VISp\n2,grey\n3,\n4,VISp\n"));
        assertEquals("structure_acronym,count\nVISp,2\ngrey,1\n,1\n", csv(ProjectManifests.unitsPerStructure(u)));
    }

    private static long[] ids(Table t, String col) {
        LongColumn c = (LongColumn) t.column(col);
        long[] out = new long[t.rowCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = c.get(i);
        }
        return out;
    }
}
