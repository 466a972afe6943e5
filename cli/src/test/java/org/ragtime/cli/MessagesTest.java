package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.io.Note;

/** What the commands tell the user beyond the result: warnings that matter, no notes that do not, plain English. */
class MessagesTest {
    static final Path OPHYS = Cli.DATA.resolve("nwb/generated/allensdk_style_behavior_ophys_experiment.nwb");
    static final String IMAGES = "Natural_Images_Lum_Matched_set_training_2017.07.14";

    @Test
    void windowsThatOnlyTouchGetNoOverlapNoteAndRealOverlapsDo(@TempDir Path tmp) {
        // drifting_gratings presentations of the sample start 3 s apart: windows from -1 to 2 s only touch
        Cli r = Cli.run("counts", Cli.ECEPHYS, "--stimulus", "drifting_gratings", "--bins", "-1:2:0.5", "--out", tmp.resolve("a.npy"));
        assertEquals(0, r.status(), r.err());
        assertFalse(r.err().contains("overlap"), r.err());
        r = Cli.run("counts", Cli.ECEPHYS, "--stimulus", "drifting_gratings", "--bins", "-1:2.5:0.5", "--out", tmp.resolve("b.npy"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("ragtime: note: 29 windows overlap the next one"), r.err());
    }

    @Test
    void windowsOutsideEverySpikeGetOneWarning(@TempDir Path tmp) {
        // the sample's flashes start after its last spike: every count is 0, which is right but rarely meant
        for (String cmd : new String[] {"counts", "psth"}) {
            Cli r = Cli.run(cmd, Cli.ECEPHYS, "--stimulus", "flashes", "--bins", "0:0.2:0.05", "--out", tmp.resolve(cmd + ".npy"));
            assertEquals(0, r.status(), r.err());
            assertTrue(r.err().contains("ragtime: warning: all 20 windows (90.500 to 96.400 s) lie outside the selected units'"
                    + " spikes (0.006 to 59.994 s); no spike falls in any of them"), r.err());
        }
        Cli r = Cli.run("spike-times", Cli.ECEPHYS, "--stimulus", "flashes", "--units", "9995001", "--out", tmp.resolve("t.csv"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("ragtime: warning: all 20 windows"), r.err());
        assertTrue(r.err().contains(": 0 spikes in 20 presentations of 1 unit\n"), r.err()); // "1 unit", not "1 units"
        r = Cli.run("counts", Cli.ECEPHYS, "--stimulus", "drifting_gratings", "--bins", "0:0.2:0.05", "--out", tmp.resolve("d.npy"));
        assertFalse(r.err().contains("warning"), r.err());
    }

    @Test
    void aFilterThatDropsEveryUnitSaysWhichTestDroppedHowMany(@TempDir Path tmp) {
        Cli r = Cli.run("units", Cli.ECEPHYS, "--filter", "vc-default", "--out", tmp.resolve("u.csv"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("ragtime: warning: the quality filter vc-default kept none of 40 units: valid_data and"
                + " quality 'good' dropped 8, in a brain structure dropped 0, amplitude_cutoff <= 0.1 dropped 30, presence_ratio"
                + " >= 0.95 dropped 2, isi_violations <= 0.5 dropped 0"), r.err());
        r = Cli.run("units", Cli.ECEPHYS, "--filter", "vbn-default", "--out", tmp.resolve("v.csv"));
        assertEquals(0, r.status(), r.err());
        assertFalse(r.err().contains("kept none"), r.err());
        // a --structure that leaves nothing after the filter is not the filter's doing: no breakdown then
        r = Cli.run("units", Cli.ECEPHYS, "--filter", "vc-default", "--amplitude-cutoff-max", "0.9", "--structure", "DG",
                "--out", tmp.resolve("w.csv"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains(": 0 of 40 units"), r.err());
        assertFalse(r.err().contains("kept none"), r.err());
    }

    @Test
    void aCommandThatFailsSaysOnlyItsErrorNotTheWarningsBeforeIt(@TempDir Path tmp) {
        // vc-default empties the selection (two warnings), then the stimulus is unknown: one line, the error
        Cli r = Cli.run("counts", Cli.ECEPHYS, "--filter", "vc-default", "--stimulus", "nope", "--bins", "0:0.2:0.05",
                "--out", tmp.resolve("c.npy"));
        assertEquals(Main.BAD_INPUT, r.status());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("/intervals: no stimulus 'nope'"), r.err());
        // and when it succeeds, its warnings come before the line that says what it wrote
        r = Cli.run("counts", Cli.ECEPHYS, "--filter", "vc-default", "--stimulus", "flashes", "--bins", "0:0.2:0.05",
                "--out", tmp.resolve("d.npy"));
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.err().lines().toList();
        assertTrue(lines.get(0).startsWith("ragtime: warning: the quality filter vc-default kept none"), r.err());
        assertTrue(lines.get(lines.size() - 1).startsWith("ragtime: wrote "), r.err());
    }

    @Test
    void alignDffListsTheSeriesItFoundAndTakesPathsWithOrWithoutTheSlash(@TempDir Path tmp) {
        Cli r = Cli.run("align-dff", OPHYS, "--series", "processing/ophys/event_detection", "--stimulus", IMAGES,
                "--window=-0.5:0.75", "--out", tmp.resolve("a.npy"));
        assertEquals(0, r.status(), r.err());
        r = Cli.run("align-dff", OPHYS, "--series", "/processing/ophys/nope", "--stimulus", IMAGES, "--window=-0.5:0.75",
                "--out", tmp.resolve("b.npy"));
        assertEquals(Main.BAD_INPUT, r.status());
        assertEquals("ragtime: " + OPHYS + ": /processing/ophys/nope: no RoiResponseSeries here (the file has"
                + " /processing/ophys/corrected_fluorescence/traces, /processing/ophys/demixed_trace/traces,"
                + " /processing/ophys/dff/traces, /processing/ophys/event_detection, /processing/ophys/neuropil_trace/traces)\n", r.err());
    }

    @Test
    void countsAreWordedInTheSingularForOne() {
        assertEquals("1 unit", Note.count(1, "unit"));
        assertEquals("0 units", Note.count(0, "unit"));
        assertEquals("12,412 spikes", Note.count(12412, "spike"));
        Cli r = Cli.run("info", Cli.ECEPHYS);
        assertTrue(r.out().contains("invalid_times: 1 row;"), r.out());
    }
}
