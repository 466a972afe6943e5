package org.ragtime.cli;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ragtime.cli.out.AtomicOutputs;
import org.ragtime.cli.out.Notices;
import org.ragtime.cli.out.Results;
import org.ragtime.engine.CountType;
import org.ragtime.io.LabelledArray;
import org.ragtime.io.Note;
import org.ragtime.io.ecephys.EcephysSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ragtime bin}: whole-session binning, (units, bins). */
@Command(name = "bin", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Whole-session spike counts in fixed bins: a NumPy array of shape (units, bins) plus OUT.coords.json"
                + " (unit_id, bin_start); or, with --out OUT.zarr, a Zarr store holding spike_counts with its coordinates.",
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

    @Mixin
    ArrayOutput output;

    @Mixin
    KernelOptions kernels;

    @Override
    public Integer call() {
        CountType type = dtype == null ? null : CountsCommand.parseType(dtype);
        EcephysSession.checkBinning(width, start);
        int threads = kernels.threads();
        try (AtomicOutputs outs = Results.declare(AtomicOutputs.builder().input(file), output.out).prepare();
             EcephysSession session = EcephysSession.open(file, threads).kernels(kernels::provider, threads)) {
            long[] shape;
            String numpyType;
            try (Arena arena = Arena.ofShared();
                 LabelledArray binned = session.binnedSpikeCounts(width, start, stop, units.selection(), type, Results.memory(outs, output.out, arena))) {
                Notices.hold(binned.notes());
                Results.write(outs, output.out, binned, "spike_counts", java.util.Map.of("units", "spikes", "bins", "half-open"), file, threads);
                shape = binned.shape();
                numpyType = binned.dtype().numpyName();
            }
            outs.commit();
            System.err.printf(Locale.ROOT, "ragtime: wrote %s: %s x %s of %s s, %s (%s kernels)%n", output.out,
                    Note.count(shape[0], "unit"), Note.count(shape[1], "bin"), width, numpyType, kernels.chosen().description());
        }
        return 0;
    }
}
