package org.ragtime.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ragtime.cli.out.AtomicOutputs;
import org.ragtime.cli.out.Progress;
import org.ragtime.engine.BadInputException;
import org.ragtime.synth.SyntheticProject;
import org.ragtime.synth.SyntheticSession;
import org.ragtime.synth.SyntheticSession.Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ragtime generate}: writes a synthetic session in the AllenSDK Visual Coding layout (benchmark workloads). */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a synthetic NWB session in the AllenSDK Visual Coding Neuropixels layout, for benchmarks and tests.",
                "Config A: 500 units, lognormal rates (sigma 0.8) with mean 8 Hz, Poisson over 3000 s (~12 M spikes), 5000"
                + " drifting_gratings presentations every 0.6 s. Config B: 1.0 s period over 5000 s (~20 M spikes). small: 40"
                + " units, 120 s, three stimuli, invalid times. Same config and seed, same data.",
                "With --project DIR --sessions N: a synthetic project of N sessions session_000.nwb ... (seed S + i, unit ids"
                + " from 951000000 + i * 1000000), plus --corrupt K damaged files corrupt_00_<kind>.nwb ... (truncated, a NaN"
                + " spike time, a /units/spike_times_index past the data, in turn), for batch tests and benchmarks."})
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "A|B|small", description = "Workload preset.")
    String config;

    @Option(names = "--units", paramLabel = "N", description = "Override the number of units (scales the spike count).")
    Integer units;

    @Option(names = "--rate", paramLabel = "HZ", description = "Override the mean firing rate (scales the spike count;"
            + " e.g. --units 300000 --rate 0.05 for a large units table with few spikes).")
    Double rate;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed.")
    Long seed;

    @Option(names = "--index", paramLabel = "TYPE",
            description = "spike_times_index type: int64 (2020 Visual Coding files), uint8, uint16, uint32, uint64 or smallest (hdmf's rule).")
    String index;

    @Option(names = "--invalid-times", description = "Also write /intervals/invalid_times.")
    boolean invalidTimes;

    @Option(names = "--out", paramLabel = "FILE.nwb", description = "Output file (written beside, then moved into place).")
    Path out;

    @Option(names = "--project", paramLabel = "DIR", description = "Write a project of --sessions files into DIR instead of one --out file.")
    Path project;

    @Option(names = "--sessions", paramLabel = "N", description = "Good sessions of the project.")
    Integer sessions;

    @Option(names = "--corrupt", paramLabel = "K", defaultValue = "0", description = "Deliberately damaged files added to the project (default: 0).")
    int corrupt;

    @Override
    public Integer call() throws IOException {
        Config c = switch (config.toLowerCase(Locale.ROOT)) {
            case "a" -> Config.configA();
            case "b" -> Config.configB();
            case "small" -> Config.small();
            default -> throw new BadInputException("--config " + config + ": use A, B or small");
        };
        try {
            if (units != null) {
                c = c.withUnits(units);
            }
            if (rate != null) {
                c = c.withMeanRate(rate);
            }
            if (seed != null) {
                c = c.withSeed(seed);
            }
            if (index != null) {
                c = c.withIndexType(SyntheticSession.IndexType.valueOf(index.toUpperCase(Locale.ROOT)));
            }
            if (invalidTimes) {
                c = c.withInvalidTimes(true);
            }
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage().startsWith("No enum constant")
                    ? "--index " + index + ": use int64, uint8, uint16, uint32, uint64 or smallest" : e.getMessage());
        }
        if ((project == null) == (out == null)) {
            throw new BadInputException("give either --out FILE.nwb or --project DIR");
        }
        if (project != null) {
            return project(c);
        }
        if (sessions != null || corrupt != 0) {
            throw new BadInputException("--sessions and --corrupt go with --project DIR");
        }
        try (AtomicOutputs outs = AtomicOutputs.builder().output(out).prepare()) { // checked before generating
            SyntheticSession.Summary s;
            try {
                s = SyntheticSession.write(outs.open(out), c);
            } catch (IOException e) {
                throw AtomicOutputs.writeFailed(out, e);
            } catch (RuntimeException e) {
                // jhdf reports a failed write as its own exception; say what the system said, not the class
                for (Throwable t = e; t != null; t = t.getCause()) {
                    if (t instanceof IOException io) {
                        throw AtomicOutputs.writeFailed(out, io);
                    }
                }
                throw e;
            }
            outs.commit();
            System.out.println(new SyntheticSession.Summary(out.toAbsolutePath(), s.bytes(), s.units(), s.spikes(),
                    s.firstUnitId(), s.electrodes(), s.presentationRows(), s.invalidTimes(), s.nanos()));
        }
        return 0;
    }

    private int project(Config c) throws IOException {
        if (sessions == null || sessions < 0 || corrupt < 0 || sessions + corrupt == 0) {
            throw new BadInputException("--project needs --sessions N (and --corrupt K) with N + K >= 1, N, K >= 0");
        }
        AtomicOutputs.directory(project, true);
        long t0 = System.nanoTime();
        java.util.List<SyntheticProject.Written> all;
        try (Progress p = Progress.start("generate", "files", sessions + corrupt, System.err)) {
            all = SyntheticProject.write(project, c, sessions, corrupt, w -> p.done(String.format(Locale.ROOT, "ragtime: wrote %s%s (%.1f MB)",
                    w.file(), w.damage() == null ? "" : ", damaged: " + w.damage().label(), w.bytes() / 1e6)));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        long bytes = all.stream().mapToLong(SyntheticProject.Written::bytes).sum();
        System.out.printf(Locale.ROOT, "%s: %d sessions and %d corrupt files, %.1f MB in %.2f s%n", project.toAbsolutePath(), sessions,
                corrupt, bytes / 1e6, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
