package org.ragtime.bench.units;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
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
import org.ragtime.engine.Isa;
import org.ragtime.engine.codec.CsvScan;

/**
 * The CSV field scan ({@link CsvScan}) over a VBN-sized {@code units.csv} (319,013 rows x 36 columns, about
 * 157 MB, from {@link ManifestGenerator}, or the one in {@code dir}), mapped, into reused off-heap outputs,
 * one thread: the Java reference against the Vector API and C scans.
 */
@State(Scope.Thread) // per thread: JMH -t 2 then measures two cores each scanning with its own outputs (tools/threads_bench.sh)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CsvScanBench {
    /** {@code scalar}, {@code vector}, {@code native} (the JVM's x86-64 level) or {@code native-v2}, {@code native-v3}, {@code native-v4}. */
    @Param({"scalar", "vector", "native"})
    public String backend;

    /** Directory holding units.csv; empty: generate one into a temporary directory. */
    @Param({""})
    public String dir;

    private Path data;
    private boolean generated;
    private Arena arena;
    private CsvScan scan;
    private MemorySegment text;
    private MemorySegment starts;
    private MemorySegment ends;
    private MemorySegment classes;
    private MemorySegment keys;
    private int columns;
    private long from;
    private final long[] state = new long[4];
    private final int[] keyColumns = {1};

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        if (dir.isEmpty()) {
            data = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "ragtime-scan");
            ManifestGenerator.generate(data, 319_013, 153, 1, 0);
            generated = true;
        } else {
            data = Path.of(dir);
        }
        scan = switch (backend) {
            case "native" -> CsvScan.nativeScan();
            case "native-v2", "native-v3", "native-v4" -> CsvScan.nativeScan(Isa.parse(backend.substring("native-".length())));
            case "vector" -> CsvScan.vector();
            default -> CsvScan.scalar();
        };
        arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(data.resolve("units.csv"), StandardOpenOption.READ)) {
            text = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
        }
        String header;
        try (var r = Files.newBufferedReader(data.resolve("units.csv"))) {
            header = r.readLine();
        }
        columns = header.split(",", -1).length;
        from = header.length() + 1;
        long rows = 400_000;
        starts = arena.allocate(ValueLayout.JAVA_LONG, rows);
        ends = arena.allocate(ValueLayout.JAVA_LONG, rows);
        classes = arena.allocate(rows * columns);
        keys = arena.allocate(ValueLayout.JAVA_LONG, rows);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        arena.close();
        if (generated) {
            try (Stream<Path> s = Files.walk(data)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Records and field classes of the whole file. */
    @Benchmark
    public long scanUnits() {
        long n = scan.scan(text, from, columns, starts, ends, classes, new int[columns], keyColumns, keys, state);
        if (n < 0) {
            throw new IllegalStateException("scan failed: " + state[1]);
        }
        return n;
    }
}
