package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.synth.SyntheticSession;

/**
 * The reader's side of the command line: Ragtime reads the files it generates (issue 10, item 2), and the
 * contract's "validation every command performs" gives exit status 2 with one line naming file and path.
 */
class ReaderValidationCliTest {
    @TempDir
    Path dir;

    @Test
    void generatedSessionsAreReadByEveryUnitsPath() throws Exception {
        Path nwb = SyntheticSession.write(dir.resolve("s.nwb"), SyntheticSession.Config.small()).file();
        // each failed with "/general/extracellular_ephys/probeA/device: missing" before the device links
        List<Object[]> commands = List.of(
                new Object[] {"units", nwb, "--out", dir.resolve("u.csv")},
                new Object[] {"psth", nwb, "--stimulus", "drifting_gratings", "--bins", "-0.1:0.5:0.01", "--out", dir.resolve("p.npy")},
                new Object[] {"counts", nwb, "--stimulus", "flashes", "--bins", "-0.1:0.5:0.01", "--structure", "VISp", "--out", dir.resolve("c.npy")},
                new Object[] {"counts", nwb, "--stimulus", "flashes", "--bins", "-0.1:0.5:0.01", "--probe", "probeB", "--out", dir.resolve("d.npy")});
        for (Object[] c : commands) {
            Cli r = Cli.run(c);
            assertEquals(0, r.status(), c[0] + " -> " + r.err());
        }
        String csv = Files.readString(dir.resolve("u.csv"));
        assertTrue(csv.lines().skip(1).allMatch(l -> l.contains(",probeA,29999.9,1249.99") || l.contains(",probeB,29999.9,1249.99")),
                csv.lines().limit(3).toList().toString());
    }

    @Test
    void unreadableCellSpecimenTableIsBadInputNotAGenericFile() throws Exception {
        Path p = dir.resolve("ophys.nwb");
        Files.copy(Cli.DATA.resolve("nwb/generated/allensdk_style_behavior_ophys_experiment.nwb"), p);
        p.toFile().setWritable(true);
        org.ragtime.testing.Python.run("import sys, h5py, numpy as np\nf = h5py.File(sys.argv[1], 'r+')\n"
                + "t = f['processing/ophys/image_segmentation/cell_specimen_table']\nv = t['cell_specimen_id'][:]\n"
                + "del t['cell_specimen_id']\nt['cell_specimen_id'] = np.array([str(x) for x in v], dtype=object)\n", p.toString());
        // ids as text: the output used to name ROIs by row as if the file had no Allen table (exit 0)
        Cli r = Cli.run("align-dff", p, "--stimulus", "Natural_Images_Lum_Matched_set_training_2017.07.14", "--window",
                "-0.5:0.75", "--out", dir.resolve("a.npy"));
        assertEquals(2, r.status(), r.err());
        assertEquals("ragtime: " + p + ": /processing/ophys/image_segmentation/cell_specimen_table/cell_specimen_id: holds"
                + " text (HDF5 strings), expected numbers", r.err().strip());
    }

    @Test
    void unsortedSpikeTimesExitTwo() {
        // the DANDI fixture's spike times are not sorted within a unit (docs/io.md)
        Path real = Cli.DATA.resolve("nwb/real/dandi_sub-anm369963_ses-20170228.nwb");
        Cli r = Cli.run("bin", real, "--bin-size", "1", "--out", dir.resolve("b.npy"));
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().strip().startsWith("ragtime: " + real + ": /units/spike_times: unit "), r.err());
        assertTrue(r.err().contains("is earlier than the spike before it"), r.err());
    }

    @Test
    void truncatedFileExitsTwoBeforeAnythingIsMapped() throws Exception {
        Path p = dir.resolve("cut.nwb");
        Files.copy(Cli.ECEPHYS, p);
        long size = Files.size(p);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(size / 3);
        }
        for (String command : List.of("info", "units")) {
            Cli r = command.equals("info") ? Cli.run("info", p) : Cli.run("units", p, "--out", dir.resolve("u.csv"));
            assertEquals(2, r.status(), r.err());
            assertEquals("ragtime: " + p + ": /: truncated: the superblock says the file ends at byte " + size + " but it has "
                    + size / 3 + " bytes", r.err().strip());
        }
    }
}
