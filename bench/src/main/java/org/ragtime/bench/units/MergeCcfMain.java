package org.ragtime.bench.units;

import java.io.IOException;
import java.nio.file.Path;
import org.ragtime.io.csv.CsvTables;
import org.ragtime.io.csv.ProjectManifests;

/**
 * The whole merge-ccf process in one JVM run, for whole-process timing against
 * {@code tools/pandas_merge_ccf.py}: {@code MergeCcfMain UNITS CHANNELS PROBES|- OUT}. Prints phase times.
 */
public final class MergeCcfMain {
    private MergeCcfMain() {
    }

    public static void main(String[] args) throws IOException {
        long t0 = System.nanoTime();
        ProjectManifests.Merged m = ProjectManifests.mergeCcf(Path.of(args[0]), Path.of(args[1]),
                args[2].equals("-") ? null : Path.of(args[2]));
        long t1 = System.nanoTime();
        CsvTables.write(m.table(), Path.of(args[3]));
        long t2 = System.nanoTime();
        m.danglingReport().forEach(System.err::println);
        System.err.printf("ragtime: read+merge %.3fs write %.3fs rows %d columns %d%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                m.table().rowCount(), m.table().columns().size());
    }
}
