package org.ragtime.cli;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ragtime.cli.out.AtomicOutputs;
import org.ragtime.cli.out.Notices;
import org.ragtime.cli.out.Results;
import org.ragtime.engine.BadInputException;
import org.ragtime.engine.BinEdges;
import org.ragtime.engine.BinRule;
import org.ragtime.engine.CountType;
import org.ragtime.io.LabelledArray;
import org.ragtime.io.Note;
import org.ragtime.io.ecephys.EcephysSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ragtime counts}: AllenSDK's presentation-wise spike counts as a .npy cube with coordinates. */
@Command(name = "counts", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Presentation-wise spike counts (AllenSDK presentationwise_spike_counts): a NumPy array of shape"
                + " (presentations, bins, units), C order, plus OUT.coords.json with its coordinates; or, with --out OUT.zarr,"
                + " a Zarr store holding spike_counts with its coordinates (stimulus_condition_id and structure_acronym too).",
                "A spike t counts in bin [a, b] when a <= t <= b, with a = start_time + edge (closed on both ends, so a spike"
                + " on an interior edge counts in both bins); --half-open counts a <= t < b. A count never wraps: the default"
                + " uint16 widens to int32 (with a notice) and an explicit --dtype that is too narrow fails."})
final class CountsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "An NWB 2 file with /units and /intervals/*_presentations.")
    Path file;

    @Mixin
    PresentationOptions presentations;

    @Mixin
    BinOptions bins;

    @Mixin
    UnitOptions units;

    @Option(names = "--binarize", description = "Store 1 where a bin has any spike, else 0 (dtype uint8).")
    boolean binarize;

    @Option(names = "--dtype", paramLabel = "uint8|uint16|int32", description = "Element type (default uint16; uint8 with --binarize).")
    String dtype;

    @Option(names = "--half-open", description = "Count a <= t < b instead of AllenSDK's closed bins.")
    boolean halfOpen;

    @Mixin
    ArrayOutput output;

    @Mixin
    KernelOptions kernels;

    @Override
    public Integer call() {
        CountType requested = dtype == null ? null : parseType(dtype);
        double[] edges = bins.edges();
        int threads = kernels.threads();
        // outputs checked (and their temporaries created) before the input is read; the sidecar is published first
        try (AtomicOutputs outs = Results.declare(AtomicOutputs.builder().input(file, presentations.inputFile()), output.out).prepare();
             EcephysSession session = EcephysSession.open(file, threads).kernels(kernels::provider, threads)) {
            long[] shape;
            String type;
            try (Arena arena = Arena.ofShared(); // the .npy's data region, mapped, or the store's chunk memory: the kernels write into it
                 LabelledArray counts = session.presentationwiseSpikeCounts(edges, presentations.intervals(), units.selection(),
                         requested, binarize, halfOpen ? BinRule.HALF_OPEN : BinRule.CLOSED, Results.memory(outs, output.out, arena))) {
                Notices.hold(counts.notes()).forEach(n -> System.err.println(n.line())); // a widened dtype: said at once
                Results.write(outs, output.out, counts, "spike_counts", java.util.Map.of("units", "spikes"), file, threads);
                shape = counts.shape();
                type = counts.dtype().numpyName();
            }
            outs.commit();
            System.err.printf(Locale.ROOT, "ragtime: wrote %s: %s x %s x %s, %s (%s kernels)%n", output.out,
                    Note.count(shape[0], presentations.noun()), Note.count(shape[1], "bin"), Note.count(shape[2], "unit"),
                    type, kernels.chosen().description());
        }
        return 0;
    }

    static CountType parseType(String name) {
        try {
            return CountType.ofNumpyName(name);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--dtype " + name + ": use uint8, uint16 or int32");
        }
    }
}
