package org.ragtime.cli;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ragtime.cli.out.AtomicOutputs;
import org.ragtime.cli.out.Json;
import org.ragtime.cli.out.Npy;
import org.ragtime.engine.BadInputException;
import org.ragtime.engine.CountType;
import org.ragtime.engine.KernelProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ragtime bin}: whole-session binning, (units, bins). */
@Command(name = "bin", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Whole-session spike counts in fixed bins: a NumPy array of shape (units, bins) plus OUT.coords.json"
                + " (unit_id, bin_start).",
                "n = floor((stop - start) / w) + 1 bins; bin k is [start + k*w, start + (k+1)*w), so a spike exactly at"
                + " stop lands in the last bin. Default start 0, default stop the last spike of the selected units."})
final class BinCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "An NWB 2 file with /units.")
    Path file;

    @Option(names = "--bin-size", required = true, paramLabel = "SECONDS", description = "Bin width w in seconds.")
    double width;

    @Option(names = "--start", paramLabel = "T", description = "First bin's start (default 0).")
    double start;

    @Option(names = "--stop", paramLabel = "T", description = "Time the last bin must contain (default: the last spike).")
    Double stop;

    @Mixin
    UnitOptions units;

    @Option(names = "--dtype", paramLabel = "uint8|uint16|int32", description = "Element type (default int32).")
    String dtype;

    @Option(names = "--out", required = true, paramLabel = "OUT.npy", description = "Output array; coordinates go to OUT.coords.json.")
    Path out;

    @Mixin
    KernelOptions kernels;

    @Override
    public Integer call() {
        CountType type = dtype == null ? CountType.INT32 : CountsCommand.parseType(dtype);
        if (!(width > 0) || !Double.isFinite(width) || !Double.isFinite(start)) {
            throw new BadInputException("--bin-size must be a positive number and --start finite");
        }
        int threads = kernels.threads();
        try (AtomicOutputs outs = AtomicOutputs.builder().input(file).output(CountsCommand.coordsPath(out), out).prepare();
             Analysis a = new Analysis(file, units)) {
            double end = stop != null ? stop : lastSpike(a);
            if (stop == null && !(end >= start && Double.isFinite(end))) { // the end comes from the file: name it
                throw new org.ragtime.io.NwbException(file, "/units/spike_times", Double.isNaN(end)
                        ? "the selected units have no spikes; give --stop" : String.format(Locale.ROOT,
                                "the last spike of the selected units (%s) is before --start %s or not finite; give --stop", end, start));
            }
            if (!Double.isFinite(end) || end < start) {
                throw new BadInputException(String.format(Locale.ROOT, "--stop %s is before --start %s (or the selected units have no spikes: give --stop)", end, start));
            }
            double nd = Math.floor((end - start) / width) + 1;
            if (nd * Math.max(1, a.unitIds.length) > 4e9) {
                throw new BadInputException(String.format(Locale.ROOT, "%.0f bins x %d units is too large; use wider bins or fewer units", nd, a.unitIds.length));
            }
            long n = (long) nd;
            KernelProvider provider = kernels.provider(); // after the input checks: its notice is not an error
            Path npy = outs.open(out);
            long max;
            try (Arena arena = Arena.ofShared()) {
                MemorySegment seg = Npy.create(npy, arena, CountsCommand.npyType(type), a.unitIds.length, n);
                max = provider.sessionBinning().bin(a.trains, start, width, n, type, seg, threads);
            }
            if (!type.fits(max)) {
                throw new BadInputException(String.format(Locale.ROOT, "bin counts up to %d do not fit --dtype %s; use --dtype int32", max, dtype));
            }
            double[] binStart = new double[Math.toIntExact(n)];
            for (int k = 0; k < binStart.length; k++) {
                binStart[k] = start + k * width;
            }
            Map<String, Object> coords = new LinkedHashMap<>();
            coords.put("unit_id", a.unitIds);
            coords.put("bin_start", binStart);
            coords.put("bin_size", width);
            coords.put("dtype", CountsCommand.npyType(type).numpyName());
            Json.write(outs.open(CountsCommand.coordsPath(out)), coords, false);
            outs.commit();
            System.err.printf(Locale.ROOT, "ragtime: wrote %s: %s x %s of %s s, %s (%s kernels)%n", out,
                    Text.count(a.unitIds.length, "unit"), Text.count(n, "bin"), width, CountsCommand.npyType(type).numpyName(), provider.name());
        }
        return 0;
    }

    private static double lastSpike(Analysis a) {
        double last = Double.NaN;
        for (int u = 0; u < a.trains.unitCount(); u++) {
            long c = a.trains.count(u);
            if (c > 0) {
                double t = a.trains.time(u, c - 1);
                last = Double.isNaN(last) ? t : Math.max(last, t);
            }
        }
        return last;
    }
}
