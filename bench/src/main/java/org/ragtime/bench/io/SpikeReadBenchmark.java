package org.ragtime.bench.io;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
import org.ragtime.engine.SpikeTrains;
import org.ragtime.io.Session;

/**
 * Spike-time reads through the file mapping: every unit's train visited through {@link SpikeTrains}
 * (25 M spikes, 200 MB, in the page cache). Throughput in bytes of spike times per second = 200 MB / score.
 * Reference: h5py {@code d[:]} of the same data measured 2.06 GB/s; the target is 5x that.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
public class SpikeReadBenchmark {
    static final int UNITS = 500;
    static final int PER_UNIT = 50_000;

    /** An existing NWB file to read instead of the generated one (e.g. the same file h5py was timed on). */
    @Param({""})
    public String file;

    private Path dir;
    private Session session;
    private SpikeTrains trains;

    @Setup(Level.Trial)
    public void setUp() {
        dir = SpikeFiles.tempDir();
        Path path = file.isEmpty() ? SpikeFiles.write(dir, UNITS, PER_UNIT, 0, false) : Path.of(file);
        session = Session.open(path);
        trains = session.units().spikeTrains();
        trains.times().load();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        session.close();
        SpikeFiles.delete(dir);
    }

    /** Sum of every spike time, unit by unit, four independent accumulators. */
    @Benchmark
    public double sumAllTrains() {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int u = 0; u < trains.unitCount(); u++) {
            MemorySegment t = trains.train(u);
            long n = t.byteSize() / Double.BYTES;
            long k = 0;
            for (; k + 4 <= n; k += 4) {
                s0 += t.getAtIndex(SpikeTrains.TIME, k);
                s1 += t.getAtIndex(SpikeTrains.TIME, k + 1);
                s2 += t.getAtIndex(SpikeTrains.TIME, k + 2);
                s3 += t.getAtIndex(SpikeTrains.TIME, k + 3);
            }
            for (; k < n; k++) {
                s0 += t.getAtIndex(SpikeTrains.TIME, k);
            }
        }
        return s0 + s1 + s2 + s3;
    }

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    /** The same sum with the Vector API straight from the mapped segment (two vector accumulators). */
    @Benchmark
    public double sumAllTrainsVector() {
        DoubleVector a = DoubleVector.zero(S);
        DoubleVector b = DoubleVector.zero(S);
        double tail = 0;
        int step = S.length() * Double.BYTES;
        for (int u = 0; u < trains.unitCount(); u++) {
            MemorySegment t = trains.train(u);
            long bytes = t.byteSize();
            long off = 0;
            for (; off + 2L * step <= bytes; off += 2L * step) {
                a = a.add(DoubleVector.fromMemorySegment(S, t, off, ByteOrder.LITTLE_ENDIAN));
                b = b.add(DoubleVector.fromMemorySegment(S, t, off + step, ByteOrder.LITTLE_ENDIAN));
            }
            for (; off < bytes; off += Double.BYTES) {
                tail += t.get(SpikeTrains.TIME, off);
            }
        }
        return a.add(b).reduceLanes(VectorOperators.ADD) + tail;
    }

    /** Open the session, read units and spike counts (what {@code ragtime info} needs), close. */
    @Benchmark
    public long openAndCount() {
        try (Session s = Session.open(session.file())) {
            return s.units().totalSpikes() + s.units().count();
        }
    }
}
