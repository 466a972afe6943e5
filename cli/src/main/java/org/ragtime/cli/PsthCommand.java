package org.ragtime.cli;

import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.ragtime.cli.out.AtomicOutputs;
import org.ragtime.cli.out.Pictures;
import org.ragtime.cli.out.Notices;
import org.ragtime.cli.out.Results;
import org.ragtime.engine.BadInputException;
import org.ragtime.engine.BinEdges;
import org.ragtime.engine.BinRule;
import org.ragtime.io.LabelledArray;
import org.ragtime.io.Note;
import org.ragtime.io.ecephys.EcephysSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ragtime psth}: the mean peri-stimulus time histogram, (units, bins), and a PNG heat map. */
@Command(name = "psth", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Mean PSTH: per unit and bin, the mean spike count per presentation (or rate with --rate), as a"
                + " NumPy float64 array (units, bins) plus OUT.coords.json (or a Zarr store holding psth, --out OUT.zarr), computed without materialising the"
                + " presentations x bins x units cube; and a PNG heat map (units sorted by structure then depth, time on"
                + " x) with the population mean above it.",
                "Bins follow the counts rules (closed by default, --half-open)."})
final class PsthCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "An NWB 2 file with /units and /intervals/*_presentations.")
    Path file;

    @Mixin
    PresentationOptions presentations;

    @Mixin
    BinOptions bins;

    @Mixin
    UnitOptions units;

    @Option(names = "--half-open", description = "Count a <= t < b instead of AllenSDK's closed bins.")
    boolean halfOpen;

    @Option(names = "--rate", description = "Divide by the bin width: spikes per second instead of spikes per presentation.")
    boolean rate;

    @Option(names = "--sort", paramLabel = "structure|depth|none", defaultValue = "structure",
            description = "Row order of the heat map (default: ${DEFAULT-VALUE}; the .npy keeps the selection order).")
    String sort;

    @Mixin
    ArrayOutput output;

    @Mixin
    PictureOptions pictures;

    @Mixin
    KernelOptions kernels;

    @Override
    public Integer call() {
        double[] edges = bins.edges();
        int threads = kernels.threads();
        if (!List.of("structure", "depth", "none").contains(sort)) {
            throw new BadInputException("--sort " + sort + ": use structure, depth or none");
        }
        Path pngPath = pictures.path(output.out);
        try (AtomicOutputs outs = Results.declare(AtomicOutputs.builder().input(file, presentations.inputFile()).output(pngPath), output.out).prepare();
             EcephysSession session = EcephysSession.open(file, threads).kernels(kernels::provider, threads)) {
            long[] shape;
            double[] values;
            int presentationCount;
            long[] unitIds;
            String[] seriesNames; // point processes in place of units (--event-series): their paths name the rows
            try (Arena arena = Arena.ofShared();
                 LabelledArray psth = session.psth(edges, presentations.intervals(), units.selection(),
                         halfOpen ? BinRule.HALF_OPEN : BinRule.CLOSED, rate, Results.memory(outs, output.out, arena))) {
                Notices.hold(psth.notes());
                shape = psth.shape();
                values = psth.data().toArray(ValueLayout.JAVA_DOUBLE); // the heat map's copy; the .npy is written
                presentationCount = (Integer) psth.attrs().get("presentations");
                unitIds = (long[]) psth.coords().get("unit_id");
                seriesNames = psth.extraCoords().containsKey("event_series") ? (String[]) psth.coord("event_series") : null;
                Results.write(outs, output.out, psth, "psth", java.util.Map.of(), file, threads);
            }
            int nu = (int) shape[0];
            int nb = (int) shape[1];
            if (pngPath != null) {
                picture(session, values, nu, nb, edges, unitIds, seriesNames, presentationCount, outs.open(pngPath));
            }
            outs.commit();
            System.err.printf(Locale.ROOT, "ragtime: wrote %s (%s x %s, mean over %s)%s%n",
                    output.out, Note.count(nu, "unit"), Note.count(nb, "bin"), Note.count(presentationCount, presentations.noun()),
                    pngPath == null ? "" : " and " + pngPath);
        }
        return 0;
    }

    private void picture(EcephysSession session, double[] values, int nu, int nb, double[] edges, long[] unitIds, String[] seriesNames,
            int presentationCount, Path pngPath) {
        String[] structure = new String[nu];
        double[] depth = new double[nu];
        java.util.Arrays.fill(depth, Double.NaN);
        if (seriesNames == null && !sort.equals("none") && session.session().electrodes().isPresent()) {
            // the same selection again, joined: its notes were held with the PSTH's
            org.ragtime.engine.table.Table units = session.units(this.units.selection()).table();
            for (int i = 0; i < nu; i++) {
                if (units.has("structure_acronym")) {
                    structure[i] = units.strings("structure_acronym").get(i);
                }
                if (units.has("probe_vertical_position")) {
                    depth[i] = units.column("probe_vertical_position").doubleValue(i);
                }
            }
        }
        Comparator<Integer> byDepth = Comparator.comparingDouble(i -> Double.isNaN(depth[i]) ? Double.MAX_VALUE : depth[i]);
        Comparator<Integer> order = switch (sort) {
            case "structure" -> Comparator.<Integer, String>comparing(i -> structure[i] == null ? "~" : structure[i]).thenComparing(byDepth);
            case "depth" -> byDepth;
            default -> Comparator.comparingInt(i -> i);
        };
        int[] rows = IntStream.range(0, nu).boxed().sorted(order).mapToInt(Integer::intValue).toArray();
        double[] sorted = new double[nu * nb];
        String[] groups = sort.equals("structure") ? new String[nu] : null;
        String[] labels = new String[nu];
        for (int r = 0; r < nu; r++) {
            System.arraycopy(values, rows[r] * nb, sorted, r * nb, nb);
            labels[r] = seriesNames != null ? seriesNames[rows[r]] : Long.toString(unitIds[rows[r]]);
            if (groups != null) {
                groups[r] = structure[rows[r]];
            }
        }
        String stim = presentations.describe();
        Pictures.write(pngPath, String.format(Locale.ROOT, "%s: mean PSTH, %s, %s, %s",
                session.session().file().getFileName(), stim, Note.count(presentationCount, presentations.noun()), Note.count(nu, "unit")),
                presentations.stimulus != null || presentations.presentations != null ? "time from stimulus onset (s)" : "time from onset (s)",
                (seriesNames != null ? "events" : "spikes") + (rate ? "/s" : "/" + presentations.noun()), Pictures.Scale.SEQUENTIAL,
                new Pictures.Rows(seriesNames != null ? "event series" : sort.equals("structure") ? "unit (by structure, then depth)"
                        : sort.equals("depth") ? "unit (by depth)" : "unit",
                        labels, groups), List.of(new Pictures.Panel(stim, sorted, edges)));
    }
}
