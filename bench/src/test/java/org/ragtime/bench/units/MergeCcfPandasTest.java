package org.ragtime.bench.units;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.testing.Python;
import org.ragtime.io.csv.CsvTables;
import org.ragtime.io.csv.ProjectManifests;

/**
 * The Java CCF merge against pandas: generated manifests (missing values, quoted list literals, clashing
 * column names, dangling channel and probe keys) merged by tools/pandas_merge_ccf.py with Debian's
 * python3-pandas, compared value by value by tools/compare_csv.py and byte by byte.
 */
class MergeCcfPandasTest {

    @Test
    void javaMergeEqualsPandasMerge(@TempDir Path dir) throws Exception {
        long seed = System.nanoTime();
        ManifestGenerator.generate(dir, 4_000, 2, seed, 0.02);
        compare(dir, seed, true);
    }

    /** Without dangling keys no integer column has gaps (which pandas turns into floats, "5.0"). */
    @Test
    void withoutGapsTheBytesAreIdentical(@TempDir Path dir) throws Exception {
        long seed = System.nanoTime();
        ManifestGenerator.generate(dir, 4_000, 2, seed, 0);
        compare(dir, seed, false);
    }

    private static void compare(Path dir, long seed, boolean dangling) throws Exception {
        for (boolean withProbes : new boolean[] {true, false}) {
            Path expected = dir.resolve("pandas.csv");
            Path actual = dir.resolve("ragtime.csv");
            Python.tool("pandas_merge_ccf.py", dir.resolve("units.csv").toString(), dir.resolve("channels.csv").toString(),
                    withProbes ? dir.resolve("probes.csv").toString() : "-", expected.toString(), "round_trip");
            ProjectManifests.Merged m = ProjectManifests.mergeCcf(dir.resolve("units.csv"), dir.resolve("channels.csv"),
                    withProbes ? dir.resolve("probes.csv") : null);
            assertTrue(dangling == m.unitsWithChannels().danglingCount() > 0, "dangling units (seed " + seed + ")");
            CsvTables.write(m.table(), actual);
            Python.tool("compare_csv.py", expected.toString(), actual.toString());
            if (!dangling) {
                // floats are written as read and pandas writes repr(round-tripped value): the same bytes
                assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(actual), "seed " + seed);
            }
            // the CSV-to-CSV merge (what `ragtime merge-ccf` runs) against pandas too
            Path spliced = dir.resolve("spliced.csv");
            ProjectManifests.mergeCcfToCsv(dir.resolve("units.csv"), dir.resolve("channels.csv"),
                    withProbes ? dir.resolve("probes.csv") : null, spliced);
            Python.tool("compare_csv.py", expected.toString(), spliced.toString());
            assertArrayEquals(Files.readAllBytes(actual), Files.readAllBytes(spliced), "seed " + seed);
        }
    }
}
