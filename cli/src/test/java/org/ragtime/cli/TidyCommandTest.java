package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.io.ophys.TidyCells;
import org.ragtime.testing.Python;

/**
 * {@code ragtime tidy} against tools/tidy_reference.py (build_tidy_cell_df + filter_events_array + metadata, pandas and
 * scipy over h5py) on the bundled plane and planes made from it by tools/make_ophys_planes.py (invalid ROIs, cells
 * without events, two imaging rates), row for row.
 */
class TidyCommandTest {
    static final Path OPHYS = Cli.DATA.resolve("nwb/generated/allensdk_style_behavior_ophys_experiment.nwb");

    @TempDir
    Path dir;

    @Test
    void equalsPandasReferenceRowForRow() throws Exception {
        Python.tool("make_ophys_planes.py", OPHYS.toString(), dir.toString(), "2", "24", "300", "7");
        Path a = dir.resolve("plane_0.nwb");
        Path b = dir.resolve("plane_1.nwb");
        Path out = dir.resolve("tidy.csv");
        Cli r = Cli.run("tidy", a, OPHYS, b, "--out", out);
        assertEquals(0, r.status(), r.err());
        Path ref = dir.resolve("ref.csv");
        Python.tool("tidy_reference.py", ref.toString(), a.toString(), OPHYS.toString(), b.toString());
        String cmp = Python.tool("compare_tidy.py", out.toString(), ref.toString());
        assertTrue(cmp.startsWith("ok "), cmp);
        String facts = Python.run("""
                import sys, pandas as pd
                t = pd.read_csv(sys.argv[1])
                print(t.ophys_experiment_id.nunique(), int(t.events.isna().sum() > 0), t.filtered_events.max() > 0,
                      sorted(t.targeted_structure.unique()) == ["VISl", "VISp"])
                """, out.toString());
        assertEquals("3 1 True True", facts.strip(), "three planes, some cells without events, filtered events, structures");
    }

    @Test
    void halfGaussianIsScipysHalfnormNormalised() throws Exception {
        double[] w = TidyCells.halfGaussian(2.0 / 31.0 * 31.0, 20);
        String ref = Python.run("""
                import numpy as np
                from scipy import stats
                f = stats.halfnorm(loc=0, scale=2.0).pdf(np.arange(20)); f = f / f.sum()
                print(" ".join(repr(float(v)) for v in f))
                """);
        String[] v = ref.strip().split(" ");
        for (int k = 0; k < 20; k++) {
            assertEquals(Double.parseDouble(v[k]), w[k], 1e-15 * Math.max(1, Math.abs(w[k])), "weight " + k);
        }
    }

    @Test
    void notAnOphysFileIsBadInput() {
        Path out = dir.resolve("t.csv");
        Cli r = Cli.run("tidy", Cli.ECEPHYS, "--out", out);
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains(Cli.ECEPHYS.getFileName().toString()), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(out));
    }
}
