package org.ragtime.bench.io;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.ragtime.engine.codec.Zlib;

/** One 2 MiB chunk of spike times (gzip level 4) inflated by each {@link Zlib} implementation, single thread. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class InflateBenchmark {
    private Arena arena;
    private MemorySegment chunk;
    private MemorySegment out;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        byte[] raw = MemorySegment.ofArray(SpikeFiles.spikeTimes(1, ChunkDecodeBenchmark.CHUNK, 7))
                .toArray(ValueLayout.JAVA_BYTE);
        Deflater d = new Deflater(4);
        d.setInput(raw);
        d.finish();
        byte[] z = new byte[raw.length + 1024];
        int n = d.deflate(z);
        d.end();
        chunk = arena.allocate(n);
        chunk.copyFrom(MemorySegment.ofArray(z).asSlice(0, n));
        out = arena.allocate(raw.length, 8);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /** Native libdeflate through FFM. */
    @Benchmark
    public long libdeflate() {
        return Zlib.libdeflate().orElseThrow().inflate(chunk, out);
    }

    /** java.util.zip.Inflater (the JDK's bundled zlib). */
    @Benchmark
    public long jdk() {
        return Zlib.jdk().inflate(chunk, out);
    }
}
