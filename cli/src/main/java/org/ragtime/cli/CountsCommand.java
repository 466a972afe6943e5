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
import org.ragtime.cli.out.Notices;
import org.ragtime.cli.out.Npy;
import org.ragtime.engine.BadInputException;
import org.ragtime.engine.BinEdges;
import org.ragtime.engine.BinRule;
import org.ragtime.engine.CountType;
import org.ragtime.engine.KernelProvider;
import org.ragtime.engine.PresentationWindows;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ragtime counts}: AllenSDK's presentation-wise spike counts as a .npy cube with coordinates. */
@Command(name = "counts", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Presentation-wise spike counts (AllenSDK presentationwise_spike_counts): a NumPy array of shape"
                + " (presentations, bins, units), C order, plus OUT.coords.json with its coordinates.",
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

    @Option(names = "--out", required = true, paramLabel = "OUT.npy", description = "Output array; coordinates go to OUT.coords.json.")
    Path out;

    @Mixin
    KernelOptions kernels;

    @Override
    public Integer call() {
        CountType requested = dtype == null ? null : parseType(dtype);
        double[] edges = bins.edges();
        int threads = kernels.threads();
        // outputs checked (and their temporaries created) before the input is read; the sidecar is published first
        try (AtomicOutputs outs = AtomicOutputs.builder().input(file).output(coordsPath(out), out).prepare();
             Analysis a = new Analysis(file, units, threads)) {
            int[] ids = presentations.ids(a.presentations());
            double[] starts = a.starts(ids);
            PresentationWindows windows = PresentationWindows.of(starts, edges, halfOpen ? BinRule.HALF_OPEN : BinRule.CLOSED);
            warnLikeAllenSdk(edges, starts);
            a.warnIfBinsMissEverySpike(starts, edges);
            KernelProvider provider = kernels.provider(); // after the input checks: its notice is not an error
            CountType type = binarize ? CountType.UINT8 : requested == null ? CountType.UINT16 : requested;
            Path npy = outs.open(out);
            long max = fill(provider, a, windows, type, npy, ids.length, edges.length - 1, threads);
            if (!binarize && !type.fits(max)) {
                if (requested != null) {
                    throw new BadInputException(String.format(Locale.ROOT,
                            "counts up to %d do not fit --dtype %s (max %d); use --dtype int32", max, dtype, type.max()));
                }
                CountType wide = CountType.narrowestFor(max);
                System.err.printf(Locale.ROOT, "ragtime: counts up to %d do not fit uint16; writing %s instead%n", max,
                        npyType(wide).numpyName());
                type = wide;
                fill(provider, a, windows, type, npy, ids.length, edges.length - 1, threads);
            }
            Map<String, Object> coords = new LinkedHashMap<>();
            coords.put("stimulus_presentation_id", Analysis.longs(ids));
            coords.put("time_relative_to_stimulus_onset", BinEdges.centres(edges));
            coords.put("unit_id", a.unitIds);
            coords.put("dtype", npyType(type).numpyName());
            coords.put("bins", halfOpen ? "half-open" : "closed");
            coords.put("bin_edges", edges);
            Json.write(outs.open(coordsPath(out)), coords, false);
            outs.commit();
            System.err.printf(Locale.ROOT, "ragtime: wrote %s: %s x %s x %s, %s (%s kernels)%n", out,
                    Text.count(ids.length, "presentation"), Text.count(edges.length - 1, "bin"), Text.count(a.unitIds.length, "unit"),
                    npyType(type).numpyName(), provider.name());
        }
        return 0;
    }

    private long fill(KernelProvider provider, Analysis a, PresentationWindows windows, CountType type, Path npy,
            int presentationCount, int binCount, int threads) {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment seg = Npy.create(npy, arena, npyType(type), presentationCount, binCount, a.unitIds.length);
            return provider.spikeCounts().count(a.trains, windows, type, binarize, seg, threads);
        }
    }

    /** How far consecutive windows may overlap and still only touch: the contract's grid tolerance. */
    static final double TOUCH = 1e-9;

    /** AllenSDK's two warnings: binarizing wide bins, and consecutive windows that overlap. */
    private void warnLikeAllenSdk(double[] edges, double[] starts) {
        double largest = 0;
        for (int i = 1; i < edges.length; i++) {
            largest = Math.max(largest, edges[i] - edges[i - 1]);
        }
        if (binarize && largest > 0.001) {
            Notices.warn(String.format(Locale.ROOT, "binarizing bins up to %.5f s wide (AllenSDK warns above"
                    + " 0.001 s: several spikes per bin are collapsed to 1)", largest));
        }
        // AllenSDK warns when a window ends after the next one starts. Windows that only touch (the next starts
        // where this one ends, to within the rounding of start + edge) are not an overlap worth a note.
        int overlaps = 0;
        for (int p = 0; p + 1 < starts.length; p++) {
            if ((starts[p] + edges[edges.length - 1]) - (starts[p + 1] + edges[0]) > TOUCH) {
                overlaps++;
            }
        }
        if (overlaps > 0) {
            Notices.note(String.format(Locale.ROOT, "%s overlap the next one; each window is counted on its own",
                    Text.count(overlaps, "window")));
        }
    }

    static CountType parseType(String name) {
        try {
            return CountType.ofNumpyName(name);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--dtype " + name + ": use uint8, uint16 or int32");
        }
    }

    static Npy.Dtype npyType(CountType t) {
        return Npy.Dtype.of(t);
    }

    /** OUT.npy -> OUT.coords.json. */
    static Path coordsPath(Path out) {
        String name = out.getFileName().toString();
        String base = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        return out.resolveSibling(base + ".coords.json");
    }
}
