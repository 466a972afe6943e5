package org.ragtime.bench.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
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
import org.ragtime.engine.Isa;

/**
 * The machine's floor for the spike kernels, measured by the same harness: streaming write of an
 * off-heap segment the size of the config-A output cube, two ways ({@code MemorySegment.fill}, and the
 * native library's non-temporal fill at the x86-64 level {@link #isa} names, as the native kernels write
 * their outputs), and streaming read (vector sum) of a segment the size of the config-A spike times. A
 * counts kernel cannot beat write(cube) + read(spikes). {@code -p writeBytes=228000000} gives the dF/F
 * alignment's output.
 */
@State(Scope.Thread) // per thread: JMH -t 2 then measures two cores each streaming its own buffers (tools/threads_bench.sh)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class FloorBench {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    /** Bytes written: the config-A cube as int32 (600 MB) or uint16 (300 MB). */
    @Param({"600000000", "300000000"})
    public long writeBytes;

    /** Bytes read: config-A spike times, 12 M float64. */
    @Param({"96000000"})
    public long readBytes;

    /** x86-64 level of {@link #writeNonTemporal}: {@code v2}, {@code v3}, {@code v4}, or {@code best} (the JVM's choice). */
    @Param({"best"})
    public String isa;

    private Arena arena;
    private Isa level;
    private MemorySegment out;
    private MemorySegment in;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        out = arena.allocate(writeBytes, 64);
        in = arena.allocate(readBytes, 64);
        out.fill((byte) 0);
        level = isa.equals("best") ? Isa.chosen() : Isa.parse(isa);
        for (long i = 0; i < readBytes / 8; i++) {
            in.setAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, i, i * 1e-3);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /** Streaming write of the output cube. */
    @Benchmark
    public MemorySegment write() {
        return out.fill((byte) 1);
    }

    /** Streaming write of the output cube with non-temporal stores (libragtime's ragtime_fill_nt at {@link #isa}). */
    @Benchmark
    public MemorySegment writeNonTemporal() {
        level.fillNonTemporal(out, (byte) 1);
        return out;
    }

    /** Streaming read of the spike times (4 vector accumulators). */
    @Benchmark
    public double read() {
        DoubleVector a0 = DoubleVector.zero(D);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        long step = 4L * D.vectorByteSize();
        long end = readBytes - readBytes % step;
        for (long o = 0; o < end; o += step) {
            a0 = a0.add(DoubleVector.fromMemorySegment(D, in, o, ByteOrder.nativeOrder()));
            a1 = a1.add(DoubleVector.fromMemorySegment(D, in, o + D.vectorByteSize(), ByteOrder.nativeOrder()));
            a2 = a2.add(DoubleVector.fromMemorySegment(D, in, o + 2L * D.vectorByteSize(), ByteOrder.nativeOrder()));
            a3 = a3.add(DoubleVector.fromMemorySegment(D, in, o + 3L * D.vectorByteSize(), ByteOrder.nativeOrder()));
        }
        return a0.add(a1).add(a2).add(a3).reduceLanes(VectorOperators.ADD);
    }
}
