package org.ragtime.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ragtime bench}: the standard benchmark suite. Runs the JMH benchmarks of every kernel family and
 * backend on the standard workloads (config A for the spike kernels, the 300 ROI x 90,000 frame experiment
 * for dF/F alignment, a 25 M-spike file for the reader), measures this machine's floor with the same
 * harness (streaming write of a segment the size of the config-A int32 cube, streaming read of the config-A
 * spike times), also runs the presentation-wise count through the library's front door ({@code EcephysSession}, the
 * call every command and pipeline makes) to show what its checks cost, and prints per kernel and backend the time, the throughput and the ratio to the floor: the
 * time the kernel's unavoidable memory traffic (bytes it must write at the measured write speed plus bytes it
 * must read at the measured read speed) would take.
 */
@Command(name = "ragtime bench", mixinStandardHelpOptions = true,
        description = "Run the standard benchmark suite (JMH; every kernel family and backend) and print time, throughput and"
                + " the ratio to this machine's measured memory floor.")
public final class Suite implements Callable<Integer> {
    @Option(names = "--quick", description = "Fewer and shorter iterations (about a minute; noisier).")
    boolean quick;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Option(names = "--include", paramLabel = "REGEX", description = "Only the suite entries whose label matches.")
    String include;

    /** Config-A sizes (shared/reference/peers-and-limits.md §2.1) and the other standard workloads. */
    static final double SPIKES = 12.0e6;
    static final long SPIKE_BYTES = 96_000_000L;
    static final long CELLS = 5000L * 60 * 500;
    static final long BIN_CELLS = 500L * 300_001;
    static final long ALIGN_VALUES = 300L * 5000 * 19;
    static final long READ_FILE_BYTES = 500L * 50_000 * 8;

    /** One line of the table: a benchmark method with fixed parameters, and what it must move. */
    record Entry(String label, String backend, String benchmark, Map<String, String> params, double work, String unit,
            long bytesRead, long bytesWritten) {
    }

    static List<Entry> entries() {
        List<Entry> e = new ArrayList<>();
        for (String b : List.of("scalar", "vector", "native")) {
            e.add(new Entry("counts int32, config A", b, "kernels.SpikeKernelBench.counts", Map.of("backend", b, "type", "INT32"),
                    SPIKES, "spikes", SPIKE_BYTES, CELLS * 4));
            e.add(new Entry("counts uint16, config A", b, "kernels.SpikeKernelBench.counts", Map.of("backend", b, "type", "UINT16"),
                    SPIKES, "spikes", SPIKE_BYTES, CELLS * 2));
            e.add(new Entry("session binning 10 ms int32", b, "kernels.SpikeKernelBench.bin10ms", Map.of("backend", b, "type", "INT32"),
                    SPIKES, "spikes", SPIKE_BYTES, BIN_CELLS * 4));
            e.add(new Entry("mean PSTH, config A", b, "kernels.SpikeKernelBench.psth", Map.of("backend", b, "type", "INT32"),
                    SPIKES, "spikes", SPIKE_BYTES, 500L * 60 * 8));
        }
        for (String b : List.of("scalar", "vector", "native")) {
            // the same count through the library's front door (what a command or a pipeline calls): checks included
            e.add(new Entry("counts int32 via EcephysSession", b, "io.EcephysSessionBench.frontDoor", Map.of("backend", b),
                    SPIKES, "spikes", SPIKE_BYTES, CELLS * 4));
        }
        for (String k : List.of("scalar", "vector", "native")) {
            e.add(new Entry("dF/F align, interpolated", k, "align.AlignBenchmark.interpolate", Map.of("kernel", k),
                    ALIGN_VALUES, "values", ALIGN_VALUES * 8, ALIGN_VALUES * 8));
        }
        e.add(new Entry("spike read through the mapping", "vector", "io.SpikeReadBenchmark.sumAllTrainsVector", Map.of(),
                READ_FILE_BYTES, "bytes", READ_FILE_BYTES, 0));
        for (String shuffle : List.of("false", "true")) {
            e.add(new Entry("gzip dataset decode" + (shuffle.equals("true") ? " (shuffle)" : ""), "native",
                    "io.ChunkDecodeBenchmark.decodeDataset", Map.of("shuffle", shuffle),
                    READ_FILE_BYTES, "bytes", 0, READ_FILE_BYTES));
        }
        return e;
    }

    @Override
    public Integer call() throws RunnerException {
        PrintStream out = System.out;
        List<Entry> selected = entries().stream().filter(x -> include == null || x.label().matches("(?i).*(" + include + ").*")).toList();
        RunResult w = run("kernels.FloorBench.write", Map.of("writeBytes", "600000000"));
        RunResult rd = run("kernels.FloorBench.read", Map.of("readBytes", "96000000", "writeBytes", "300000000"));
        if (w == null || rd == null) {
            throw new IllegalStateException("the floor benchmarks failed; nothing to compare with");
        }
        double writeMs = w.getPrimaryResult().getScore();
        double readMs = rd.getPrimaryResult().getScore();
        double writeBps = 600e6 / (writeMs / 1e3);
        double readBps = 96e6 / (readMs / 1e3);
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Entry x : selected) {
            RunResult r = run(x.benchmark(), x.params());
            if (r == null) {
                failed.add(x.label() + " (" + x.backend() + ")");
                continue;
            }
            double ms = r.getPrimaryResult().getScore();
            double err = r.getPrimaryResult().getScoreError();
            double floorMs = (x.bytesRead() / readBps + x.bytesWritten() / writeBps) * 1e3;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kernel", x.label());
            row.put("backend", x.backend());
            row.put("time_ms", ms);
            row.put("error_ms", Double.isNaN(err) ? null : err);
            row.put("throughput", x.work() / (ms / 1e3));
            row.put("throughput_unit", x.unit() + "/s");
            row.put("floor_ms", floorMs);
            row.put("floor_ratio", ms / floorMs);
            rows.add(row);
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("machine", Map.of("cpus", Runtime.getRuntime().availableProcessors(), "java", Runtime.version().toString(),
                "os", System.getProperty("os.name") + " " + System.getProperty("os.version")));
        all.put("mode", quick ? "quick" : "standard");
        all.put("floor", Map.of("write_gb_s", writeBps / 1e9, "read_gb_s", readBps / 1e9, "write_ms_600MB", writeMs, "read_ms_96MB", readMs));
        all.put("results", rows);
        all.put("failed", failed);
        if (json) {
            org.ragtime.cli.out.Json.write(out, all, true);
        } else {
            out.printf(Locale.ROOT, "floor (same harness): streaming write %.1f GB/s, streaming read %.1f GB/s%n%n", writeBps / 1e9, readBps / 1e9);
            out.printf(Locale.ROOT, "%-34s %-7s %12s %22s %9s%n", "kernel", "backend", "time", "throughput", "x floor");
            for (Map<String, Object> row : rows) {
                out.printf(Locale.ROOT, "%-34s %-7s %9.1f ms %22s %9.2f%n", row.get("kernel"), row.get("backend"), row.get("time_ms"),
                        human((Double) row.get("throughput"), (String) row.get("throughput_unit")), row.get("floor_ratio"));
            }
            for (String f : failed) {
                out.println("FAILED: " + f + " (rerun it with JMH directly to see why)");
            }
        }
        return failed.isEmpty() ? 0 : 1;
    }

    private RunResult run(String benchmark, Map<String, String> params) throws RunnerException {
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include("^org\\.ragtime\\.bench\\." + benchmark.replace(".", "\\.") + "$")
                .forks(1)
                .warmupIterations(quick ? 2 : 3).warmupTime(TimeValue.milliseconds(quick ? 500 : 1000))
                .measurementIterations(quick ? 3 : 5).measurementTime(TimeValue.milliseconds(quick ? 500 : 1000))
                // single-threaded, like the peers' figures; JMH's own Unsafe use warns on JDK 25; the engine's
                // fallback notices (System.Logger, java.util.logging by default) as one "ragtime: ..." line each
                .jvmArgsPrepend("-Dragtime.threads=1", "--sun-misc-unsafe-memory-access=allow",
                        "-Djava.util.logging.SimpleFormatter.format=ragtime: %5$s%n")
                .verbosity(VerboseMode.SILENT);
        params.forEach(o::param);
        Collection<RunResult> r = new Runner(o.build()).run();
        if (r.size() != 1) {
            System.err.printf(Locale.ROOT, "ragtime bench: %s %s failed (%d results)%n", benchmark, params, r.size());
            return null;
        }
        System.err.printf(Locale.ROOT, "ragtime bench: %s %s done%n", benchmark, params);
        return r.iterator().next();
    }

    private static String human(double v, String unit) {
        String u = unit.equals("bytes/s") ? "B/s" : unit;
        if (v >= 1e9) {
            return String.format(Locale.ROOT, "%.2f G %s", v / 1e9, u);
        }
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.1f M %s", v / 1e6, u);
        }
        return String.format(Locale.ROOT, "%.0f %s", v, u);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Suite()).execute(args));
    }
}
