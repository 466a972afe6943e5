package org.ragtime.bench.io;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
import org.ragtime.io.NumericArray;
import org.ragtime.io.Session;

/**
 * gzip-chunked spike times (25 M float64 = 200 MB decoded, gzip level 4, chunks of 262 144 elements) decoded
 * by the reader (chunk index, libdeflate or Inflater, unshuffle, placement). Throughput = 200 MB / score. Reference: h5py single-threaded, 0.46 GB/s on the same kind of data; target 2x.
 * The reader decodes chunks in parallel (common pool); on a 2-vCPU machine that adds ~1.1x at most.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx3g"})
public class ChunkDecodeBenchmark {
    static final int CHUNK = 262_144;

    @Param({"false", "true"})
    public boolean shuffle;

    /** An existing NWB file to read instead of the generated one (e.g. the same file h5py was timed on). */
    @Param({""})
    public String file;

    private Path dir;
    private Path path;

    @Setup(Level.Trial)
    public void setUp() {
        dir = SpikeFiles.tempDir();
        path = file.isEmpty() ? SpikeFiles.write(dir, SpikeReadBenchmark.UNITS, SpikeReadBenchmark.PER_UNIT, CHUNK, shuffle)
                : Path.of(file);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        SpikeFiles.delete(dir);
    }

    /** Whole dataset through the reader: chunk index, libdeflate (or Inflater), unshuffle, placement. */
    @Benchmark
    public double decodeDataset() {
        try (Session s = Session.open(path)) {
            NumericArray a = s.array("/units/spike_times");
            return a.getDouble(a.length() - 1);
        }
    }
}
