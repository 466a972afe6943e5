package org.ragtime.bench.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
import org.ragtime.engine.BinRule;
import org.ragtime.engine.CountType;
import org.ragtime.engine.KernelProvider;
import org.ragtime.engine.PresentationWindows;
import org.ragtime.engine.SpikeTrains;
import org.ragtime.io.LabelledArray;
import org.ragtime.io.Presentations;
import org.ragtime.io.ecephys.EcephysSession;
import org.ragtime.io.ecephys.Intervals;
import org.ragtime.io.ecephys.UnitSelection;
import org.ragtime.synth.SyntheticSession;

/**
 * The library's front door against the bare kernel, on a config-A file (500 units, ~12 M spikes, 5000 presentations
 * x 60 bins, int32 into a reused caller-supplied segment): {@link #frontDoor()} is one
 * {@code EcephysSession.presentationwiseSpikeCounts} call, which does what the command line does per run (unit
 * selection, the spike-time check of every selected unit, the windows, AllenSDK's warnings, coordinates);
 * {@link #kernelOnly()} is the count alone. The difference is the price of the checks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx3g"})
public class EcephysSessionBench {
    @Param({"native"})
    public String backend;

    @Param({"1"})
    public int threads;

    private Path dir;
    private EcephysSession session;
    private Arena arena;
    private MemorySegment cube;
    private double[] edges;
    private SpikeTrains trains;
    private PresentationWindows windows;
    private KernelProvider kernels;

    @Setup(Level.Trial)
    public void setUp() {
        dir = SpikeFiles.tempDir();
        Path file = dir.resolve("config_a.nwb");
        try {
            SyntheticSession.write(file, SyntheticSession.Config.configA());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        kernels = KernelProvider.forName(backend);
        session = EcephysSession.open(file, threads).kernels(() -> kernels, threads);
        edges = EcephysSession.edges(-0.1, 0.5, 0.01);
        Presentations p = session.stimulusPresentations();
        int[] ids = p.ofStimulus("drifting_gratings");
        double[] starts = new double[ids.length];
        for (int i = 0; i < ids.length; i++) {
            starts[i] = p.start(ids[i]);
        }
        trains = session.session().units().spikeTrains();
        windows = PresentationWindows.of(starts, edges, BinRule.CLOSED);
        arena = Arena.ofShared();
        cube = arena.allocate(windows.cells(trains.unitCount()) * CountType.INT32.bytes(), 64);
        cube.fill((byte) 0); // touch the pages once, as a reused output buffer is
        trains.times().load();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
        session.close();
        SpikeFiles.delete(dir);
    }

    /** One library call, into the caller's segment. */
    @Benchmark
    public long frontDoor() {
        try (LabelledArray counts = session.presentationwiseSpikeCounts(edges, Intervals.ofStimulus("drifting_gratings"),
                UnitSelection.all(), CountType.INT32, false, BinRule.CLOSED, (dtype, shape) -> cube)) {
            return counts.size();
        }
    }

    /** The count kernel alone, same windows and output. */
    @Benchmark
    public long kernelOnly() {
        return kernels.spikeCounts().count(trains, windows, CountType.INT32, false, cube, threads);
    }
}
