package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The units, merge-ccf and manifest commands: outputs, filters, exit statuses, nothing written on failure. */
class UnitsCommandsTest {
    static final Path NWB = Path.of(System.getProperty("ragtime.data.dir", "data"), "nwb/generated/allensdk_style_ecephys_session.nwb");

    @TempDir
    Path dir;

    @Test
    void unitsByStructure() throws IOException {
        Path out = dir.resolve("u.csv");
        assertEquals(0, Main.run("units", NWB.toString(), "--structure", "VISp,CA1", "--out", out.toString()));
        List<String> lines = Files.readAllLines(out);
        List<String> header = List.of(lines.get(0).split(","));
        int col = header.indexOf("structure_acronym");
        assertEquals("unit_id", header.get(0));
        assertTrue(header.containsAll(List.of("probe", "anterior_posterior_ccf_coordinate", "dorsal_ventral_ccf_coordinate",
                "left_right_ccf_coordinate", "peak_channel_id", "quality")));
        assertEquals(1 + 14, lines.size()); // 7 VISp + 7 CA1 units (h5py count)
        for (String l : lines.subList(1, lines.size())) {
            String s = l.split(",")[col];
            assertTrue(s.equals("VISp") || s.equals("CA1"), l);
        }
    }

    @Test
    void filterOverridesFollowAllenSdk() throws IOException {
        Path out = dir.resolve("f.csv");
        // vc-default with presence_ratio >= 0 (falsy: no bound) and amplitude_cutoff <= 0.5: 9 units (oracle-checked in io)
        assertEquals(0, Main.run("units", NWB.toString(), "--filter", "vc-default", "--presence-ratio-min", "0",
                "--amplitude-cutoff-max", "0.5", "--out", out.toString()));
        assertEquals(1 + 9, Files.readAllLines(out).size());
    }

    @Test
    void unknownStructureIsBadInputAndWritesNothing() {
        Path out = dir.resolve("x.csv");
        assertEquals(2, Main.run("units", NWB.toString(), "--structure", "XYZ", "--out", out.toString()));
        assertFalse(Files.exists(out));
        assertEquals(2, Main.run("units", NWB.toString(), "--filter", "nope", "--out", out.toString()));
        assertFalse(Files.exists(out));
    }

    @Test
    void mergeCcfAndItsBadInput() throws IOException {
        Path u = write("units.csv", "unit_id,ecephys_channel_id,snr\n1,100,1.5\n2,101,2.5\n");
        Path c = write("channels.csv", "ecephys_channel_id,ecephys_probe_id,probe_channel_number\n100,7,0\n101,7,1\n");
        Path p = write("probes.csv", "ecephys_probe_id,name,sampling_rate\n7,probeA,30000.0\n");
        Path out = dir.resolve("m.csv");
        assertEquals(0, Main.run("merge-ccf", "--units", u.toString(), "--channels", c.toString(), "--probes", p.toString(),
                "--out", out.toString()));
        assertEquals("unit_id,ecephys_channel_id,snr,ecephys_probe_id,probe_channel_number,name,sampling_rate\n"
                + "1,100,1.5,7,0,probeA,30000.0\n2,101,2.5,7,1,probeA,30000.0\n", Files.readString(out));
        Path dup = write("dup.csv", "ecephys_channel_id,ecephys_probe_id\n100,7\n100,7\n");
        Path out2 = dir.resolve("m2.csv");
        assertEquals(2, Main.run("merge-ccf", "--units", u.toString(), "--channels", dup.toString(), "--out", out2.toString()));
        assertFalse(Files.exists(out2));
        Path ragged = write("ragged.csv", "unit_id,ecephys_channel_id\n1,100,9\n");
        assertEquals(2, Main.run("merge-ccf", "--units", ragged.toString(), "--channels", c.toString(), "--out", out2.toString()));
        assertFalse(Files.exists(out2));
    }

    @Test
    void manifestSummariesToFiles() throws IOException {
        write("ecephys_sessions.csv", "ecephys_session_id,image_set,experience_level,genotype,sex,abnormal_histology,abnormal_activity\n"
                + "1,G,Familiar,wt/wt,M,,\n2,H,Novel,wt/wt,F,,\n3,G,Familiar,Sst,M,['VISp'],\n");
        write("units.csv", "unit_id,ecephys_session_id,structure_acronym\n10,1,VISp\n11,1,grey\n12,2,\n13,3,CA1\n");
        Path out = Files.createDirectory(dir.resolve("out"));
        assertEquals(0, Main.run("manifest", dir.toString(), "--out-dir", out.toString()));
        assertEquals("structure_acronym,count\nVISp,1\ngrey,1\n,1\n", Files.readString(out.resolve("units_per_structure.csv")));
        assertEquals("image_set,experience_level,count\nG,Familiar,1\nH,Novel,1\n",
                Files.readString(out.resolve("sessions_by_image_set.csv")));
        assertEquals(2, Main.run("manifest", dir.resolve("nowhere").toString()));
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }
}
