package org.ragtime.bench.units;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.ragtime.engine.table.Selection;
import org.ragtime.engine.table.Table;
import org.ragtime.io.csv.CsvTables;
import org.ragtime.io.csv.ProjectManifests;

/**
 * The project-cache manifests at the size of the Visual Behavior Neuropixels release (units.csv 319,013
 * rows, channels.csv 352,512, probes.csv 918; written by {@link ManifestGenerator} unless {@code dir}
 * names a directory holding them, e.g. on /dev/shm).
 * <ul>
 *   <li>{@code mergeCcfToCsv}: the three CSVs joined and written as a CSV (to a file in the data
 *       directory) as `ragtime merge-ccf` does it; {@code mergeCcfTables} the same through tables.
 *       Reference: tools/pandas_merge_ccf.py (pandas 1.5.3 read_csv + merge + to_csv); target 10x.</li>
 *   <li>{@code selectUnits}: a selection over all units by structure and three metric thresholds
 *       (AllenSDK's VC bounds); target under 10 ms.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx4g"})
public class ManifestBenchmark {
    /** Directory with units.csv, channels.csv, probes.csv; empty: generate into a temporary directory. */
    @Param({""})
    public String dir;

    private Path data;
    private boolean generated;
    private Table units;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        if (dir.isEmpty()) {
            data = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "ragtime-manifests");
            ManifestGenerator.generate(data, 319_013, 153, 1, 0);
            generated = true;
        } else {
            data = Path.of(dir);
        }
        units = CsvTables.read(data.resolve("units.csv"));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(data.resolve("bench_out.csv"));
        if (generated) {
            try (Stream<Path> s = Files.walk(data)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Scan + join + splice, as `ragtime merge-ccf` does (no tables). */
    @Benchmark
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public long mergeCcfToCsv() {
        return ProjectManifests.mergeCcfToCsv(data.resolve("units.csv"), data.resolve("channels.csv"),
                data.resolve("probes.csv"), data.resolve("bench_out.csv")).rows();
    }

    /** Read into tables + join + write (the library's in-memory path), for comparison. */
    @Benchmark
    @Warmup(iterations = 2, time = 1)
    @Measurement(iterations = 5, time = 1)
    public long mergeCcfTables() {
        ProjectManifests.Merged m = ProjectManifests.mergeCcf(data.resolve("units.csv"), data.resolve("channels.csv"),
                data.resolve("probes.csv"));
        Path out = data.resolve("bench_out.csv");
        try (OutputStream o = Files.newOutputStream(out)) {
            CsvTables.write(m.table(), o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m.table().rowCount();
    }

    /** Structure in {VISp, CA1, LGd} and amplitude_cutoff <= 0.1, presence_ratio >= 0.95, isi_violations <= 0.5. */
    @Benchmark
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public int selectUnits() {
        Selection s = Selection.in(units.strings("structure_acronym"), Set.of("VISp", "CA1", "LGd"))
                .and(Selection.atMost(units.column("amplitude_cutoff"), 0.1))
                .and(Selection.atLeast(units.column("presence_ratio"), 0.95))
                .and(Selection.atMost(units.column("isi_violations"), 0.5));
        return s.cardinality();
    }
}
