package org.ragtime.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ragtime.engine.BadInputException;
import org.ragtime.engine.KernelProvider;
import org.ragtime.io.Presentations;
import org.ragtime.io.Session;
import org.ragtime.io.ecephys.EcephysSession;
import org.ragtime.io.ecephys.UnitSelection;
import org.ragtime.io.ophys.OphysExperiment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ragtime demo}: runs the main analyses on the sample files bundled in the repository, through the
 * same commands a user would type (each one call of {@link EcephysSession}), and says what it computed and where
 * it wrote its pictures; its own summaries read the session through the same API.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the main analyses on the bundled sample session (data/nwb/generated) and say what was computed"
                + " and where the outputs and pictures are.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out-dir", paramLabel = "DIR", defaultValue = "out/demo",
            description = "Where to write the outputs (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--data", paramLabel = "DIR", description = "The bundled sample files (default: <ragtime home>/data/nwb/generated).")
    Path data;

    @Override
    public Integer call() throws IOException {
        Path samples = data != null ? data : Path.of(System.getProperty("ragtime.home", "."), "data", "nwb", "generated");
        Path ecephys = samples.resolve("allensdk_style_ecephys_session.nwb");
        if (!Files.isRegularFile(ecephys)) {
            throw new BadInputException(ecephys + ": the bundled sample is missing (run from the repository, or give --data)");
        }
        org.ragtime.cli.out.AtomicOutputs.directory(dir, true); // a bad --out-dir is refused before any analysis
        System.out.println("Ragtime demo on " + ecephys + " (" + KernelProvider.get().description() + " kernels, "
                + KernelProvider.defaultThreads() + " threads)");
        System.out.println();
        String stimulus;
        try (EcephysSession e = EcephysSession.open(ecephys)) {
            Session s = e.session();
            Presentations p = e.stimulusPresentations();
            System.out.printf(Locale.ROOT, "Session: NWB %s, %d units with %,d spikes, %d electrodes, %d stimulus presentations"
                    + " (%s), %d masked as invalid%n", s.nwbVersion(), s.units().count(), s.units().totalSpikes(),
                    s.electrodes().map(t -> t.rowCount()).orElse(0L), p.size(), String.join(", ", p.stimuli()), masked(p));
            stimulus = p.stimuli().getFirst();
        }
        String f = ecephys.toString();
        Path counts = dir.resolve("counts.npy");
        run("counts", f, "--stimulus", stimulus, "--bins", "-0.1:0.5:0.01", "--out", counts.toString());
        long[] shape = npyShape(counts);
        System.out.printf(Locale.ROOT, "%nPresentation-wise spike counts (AllenSDK closed bins), %s, 10 ms bins from -0.1 to 0.5 s:%n"
                + "  %s  shape %d x %d x %d (presentations x bins x units), uint16, %,d spikes counted%n",
                stimulus, counts, shape[0], shape[1], shape[2], npySum(counts));
        Path psth = dir.resolve("psth.npy");
        run("psth", f, "--stimulus", stimulus, "--bins", "-0.1:0.5:0.01", "--rate", "--out", psth.toString());
        System.out.printf(Locale.ROOT, "Mean PSTH (units x bins, spikes/s): %s%n  picture: %s%n", psth, dir.resolve("psth.png"));
        Path stats = dir.resolve("condition_stats.csv");
        run("condition-stats", f, "--stimulus", stimulus, "--out", stats.toString());
        List<String> lines = Files.readAllLines(stats);
        System.out.printf(Locale.ROOT, "Condition-wise statistics: %s (%d rows), first rows:%n", stats, lines.size() - 1);
        for (String l : lines.subList(0, Math.min(4, lines.size()))) {
            System.out.println("  " + l);
        }
        Path times = dir.resolve("spike_times.csv");
        run("spike-times", f, "--stimulus", stimulus, "--out", times.toString());
        System.out.printf(Locale.ROOT, "Presentation-wise spike times: %s (%,d spikes)%n", times, Files.readAllLines(times).size() - 1);
        Path binned = dir.resolve("binned.npy");
        run("bin", f, "--bin-size", "0.01", "--out", binned.toString());
        long[] bs = npyShape(binned);
        System.out.printf(Locale.ROOT, "Whole-session 10 ms binning: %s  shape %d x %d (units x bins)%n", binned, bs[0], bs[1]);
        Path units = dir.resolve("units.csv");
        run("units", f, "--out", units.toString());
        try (EcephysSession s = EcephysSession.open(ecephys)) {
            var joined = s.units(UnitSelection.all()).table();
            var perStructure = new java.util.TreeMap<String, Integer>();
            var acr = joined.strings("structure_acronym");
            for (int r = 0; r < joined.rowCount(); r++) {
                perStructure.merge(acr.isNull(r) ? "(none)" : acr.get(r), 1, Integer::sum);
            }
            System.out.printf(Locale.ROOT, "Units joined with peak channels and probes (CCF coordinates, structure): %s%n"
                    + "  units per structure: %s%n", units, perStructure);
        }
        manifests(samples.resolveSibling("../manifests").normalize());
        ophys(samples.resolve("allensdk_style_behavior_ophys_experiment.nwb"));
        behavior(samples.resolve("allensdk_style_behavior_session.nwb"));
        System.out.println();
        System.out.println("Every .npy has a .coords.json beside it with its coordinates (numpy.load reads the arrays).");
        return 0;
    }

    /** The project-cache sample (synthetic VBN-layout manifests): units joined with channels and probes, summaries. */
    private void manifests(Path cache) throws IOException {
        if (!Files.isRegularFile(cache.resolve("units.csv"))) {
            throw new BadInputException(cache + ": the bundled project-cache sample is missing");
        }
        Path merged = dir.resolve("units_channels_probes.csv");
        run("merge-ccf", "--units", cache.resolve("units.csv").toString(), "--channels", cache.resolve("channels.csv").toString(),
                "--probes", cache.resolve("probes.csv").toString(), "--out", merged.toString());
        Path summaries = dir.resolve("manifest");
        run("manifest", cache.toString(), "--out-dir", summaries.toString());
        System.out.printf(Locale.ROOT, "%nProject-cache manifests %s (synthetic, VBN columns):%n"
                + "  units joined with channels and probes as AllenSDK does: %s (%d rows)%n"
                + "  summaries (sessions by image set and experience, by genotype and sex, units per structure): %s%n",
                cache, merged, Files.readAllLines(merged).size() - 1, summaries);
    }

    /** The Visual Behavior 2-photon sample: event-triggered dF/F per image, like mindscope's event_triggered_response. */
    private void ophys(Path nwb) throws IOException {
        if (!Files.isRegularFile(nwb)) {
            throw new BadInputException(nwb + ": the bundled ophys sample is missing");
        }
        String stimulus;
        try (OphysExperiment x = OphysExperiment.open(nwb)) {
            stimulus = x.stimulusPresentations().keySet().iterator().next();
        }
        Path dff = dir.resolve("dff_aligned.npy");
        Path means = dir.resolve("dff_means.csv");
        Path png = dir.resolve("dff_means.png");
        System.out.printf(Locale.ROOT, "%nTwo-photon sample %s:%n", nwb);
        run("align-dff", nwb.toString(), "--stimulus", stimulus, "--window", "-0.5:0.75", "--condition", "image_name",
                "--means", means.toString(), "--png", png.toString(), "--out", dff.toString());
        long[] shape = npyShape(dff);
        System.out.printf(Locale.ROOT, "Event-triggered dF/F (interpolated onto a 31 Hz grid, -0.5 to 0.75 s around each image):%n"
                + "  %s  shape %d x %d x %d (cells x events x samples), float64%n"
                + "  mean response per cell and image_name: %s (tidy CSV)%n  picture: %s%n", dff, shape[0], shape[1], shape[2], means, png);
    }

    /** The Visual Behavior sample: AllenSDK's performance metrics, and running speed and licks around image changes. */
    private void behavior(Path nwb) throws IOException {
        if (!Files.isRegularFile(nwb)) {
            throw new BadInputException(nwb + ": the bundled behaviour sample is missing");
        }
        Path metrics = dir.resolve("behavior_metrics.csv");
        Path rolling = dir.resolve("behavior_rolling.csv");
        run("behavior", nwb.toString(), "--out", metrics.toString(), "--rolling", rolling.toString());
        List<String> m = Files.readAllLines(metrics);
        List<String> names = List.of(m.get(0).split(","));
        List<String> values = List.of(m.get(1).split(",", -1));
        System.out.printf(Locale.ROOT, "%nVisual Behavior sample %s:%n  performance metrics (AllenSDK's get_performance_metrics): %s%n",
                nwb, metrics);
        for (String k : List.of("trial_count", "go_trial_count", "hit_trial_count", "max_dprime", "mean_hit_rate", "total_reward_count")) {
            int i = names.indexOf(k);
            if (i >= 0) {
                System.out.printf(Locale.ROOT, "    %-20s %s%n", k, values.get(i));
            }
        }
        Path running = dir.resolve("running_at_changes.zarr");
        run("align", nwb.toString(), "--series", "processing/running/speed", "--intervals", "trials", "--align-to", "change_time",
                "--window", "-1:2", "--out", running.toString());
        Path licks = dir.resolve("licks_at_changes.npy");
        run("psth", nwb.toString(), "--event-series", "processing/licking/licks", "--intervals", "trials", "--align-to", "change_time",
                "--bins", "-1:2:0.1", "--rate", "--out", licks.toString());
        System.out.printf(Locale.ROOT, "  running speed around each image change (a Zarr store, xarray.open_zarr opens it): %s%n"
                + "    picture: %s%n  lick rate around changes (licks as a point process): %s%n    picture: %s%n",
                running, dir.resolve("running_at_changes.png"), licks, dir.resolve("licks_at_changes.png"));
    }

    private static int masked(Presentations p) {
        int n = 0;
        for (int i = 0; i < p.size(); i++) {
            n += p.isMasked(i) ? 1 : 0;
        }
        return n;
    }

    /** Runs one subcommand as a user would; its own messages go to stderr. */
    private static void run(String... args) {
        int rc = Main.commandLine().execute(args);
        if (rc != 0) {
            throw new IllegalStateException("demo step '" + String.join(" ", args) + "' failed with status " + rc);
        }
    }

    private static long[] npyShape(Path npy) throws IOException {
        String header = new String(Files.readAllBytes(npy), 0, 256, java.nio.charset.StandardCharsets.US_ASCII);
        String shape = header.substring(header.indexOf("'shape': (") + 10, header.indexOf(')', header.indexOf("'shape'")));
        List<Long> dims = new ArrayList<>();
        for (String d : shape.split(",")) {
            if (!d.isBlank()) {
                dims.add(Long.parseLong(d.strip()));
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    /** Sum of a uint16 .npy (header is padded to 128 bytes for these shapes). */
    private static long npySum(Path npy) {
        try (FileChannel ch = FileChannel.open(npy); Arena arena = Arena.ofConfined()) {
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            int headerLen = 10 + (seg.get(ValueLayout.JAVA_BYTE, 8) & 0xff) + ((seg.get(ValueLayout.JAVA_BYTE, 9) & 0xff) << 8);
            long sum = 0;
            for (long i = headerLen; i + 1 < seg.byteSize(); i += 2) {
                sum += seg.get(ValueLayout.JAVA_SHORT_UNALIGNED, i) & 0xffff;
            }
            return sum;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
