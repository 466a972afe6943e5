package org.ragtime.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ragtime.cli.out.AtomicOutputs;
import org.ragtime.cli.out.Progress;
import org.ragtime.engine.BadInputException;
import org.ragtime.synth.SyntheticBehavior;
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
                + " units, 120 s, three stimuli, invalid times. scenes: 93 units, 5950 natural_scenes presentations of"
                + " 0.25 s (the quick start's decoding problem). Same config and seed, same data.",
                "behavior: a Visual Behavior session in AllenSDK's layout (trials with every AllenSDK column, licks, rewards,"
                + " running speed and eye tracking at 60 Hz, task parameters), 28 trials unless --trials says otherwise."
                + " --trials N with A, B, small or scenes adds N such trials with licks, rewards and running speed to the"
                + " Neuropixels-style session (a Visual Behavior Neuropixels-style file).",
                "With --project DIR --sessions N: a synthetic project of N sessions session_000.nwb ... (seed S + i, unit ids"
                + " from 951000000 + i * 1000000), plus --corrupt K damaged files corrupt_00_<kind>.nwb ... (truncated, a NaN"
                + " spike time, a /units/spike_times_index past the data, in turn), for batch tests and benchmarks."})
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "A|B|small|scenes|behavior", description = "Workload preset.")
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

    @Option(names = "--tuned", paramLabel = "STIMULUS:COLUMN[:HZ]",
            description = "Units tuned to one parameter of one stimulus (e.g. natural_scenes:frame): during each"
                    + " presentation every unit adds Poisson spikes at a rate of its own for each value (peak HZ, default 40).")
    String tuned;

    @Option(names = "--trials", paramLabel = "N", description = "Visual Behavior trials: the number for behavior; adds them to A, B or small.")
    Integer trials;

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
        if (trials != null && trials < 1) {
            throw new BadInputException("--trials " + trials + ": must be at least 1");
        }
        if (config.equalsIgnoreCase("behavior")) {
            if (out == null) {
                throw new BadInputException("--config behavior writes one file: give --out FILE.nwb");
            }
            return behavior();
        }
        Config c = switch (config.toLowerCase(Locale.ROOT)) {
            case "a" -> Config.configA();
            case "b" -> Config.configB();
            case "small" -> Config.small();
            case "scenes" -> Config.scenes();
            default -> throw new BadInputException("--config " + config + ": use A, B, small, scenes or behavior");
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
        SyntheticSession.Tuning tuning = tuning(c);
        if (tuning != null && trials != null) {
            throw new BadInputException("--tuned and --trials exclude each other (tuned units are for decoding, trials for behaviour)");
        }
        if ((project == null) == (out == null)) {
            throw new BadInputException("give either --out FILE.nwb or --project DIR");
        }
        if (project != null) {
            if (tuning != null || trials != null) {
                throw new BadInputException("--tuned and --trials go with --out FILE.nwb, not --project");
            }
            return project(c);
        }
        if (sessions != null || corrupt != 0) {
            throw new BadInputException("--sessions and --corrupt go with --project DIR");
        }
        try (AtomicOutputs outs = AtomicOutputs.builder().output(out).prepare()) { // checked before generating
            SyntheticSession.Summary s;
            try {
                s = trials == null ? SyntheticSession.write(outs.open(out), c, tuning)
                        : SyntheticBehavior.writeEcephys(outs.open(out), c,
                                SyntheticBehavior.Config.metrics(trials, c.seed()).withStreams(true, false));
            } catch (IOException e) {
                throw AtomicOutputs.writeFailed(out, e);
            } catch (IllegalArgumentException e) { // a tuning the config cannot honour (no such column)
                throw new BadInputException("--tuned " + tuned + ": " + e.getMessage());
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

    /** {@code --tuned STIMULUS:COLUMN[:HZ]}, checked against the config's stimuli before anything is written. */
    private SyntheticSession.Tuning tuning(Config c) {
        if (tuned == null) {
            return null;
        }
        String[] p = tuned.split(":", -1);
        if (p.length < 2 || p.length > 3 || p[0].isEmpty() || p[1].isEmpty()) {
            throw new BadInputException("--tuned " + tuned + ": expected STIMULUS:COLUMN[:HZ], e.g. natural_scenes:frame");
        }
        if (!c.stimuli().contains(p[0])) {
            throw new BadInputException("--tuned " + tuned + ": the config's stimuli are " + c.stimuli());
        }
        try {
            return new SyntheticSession.Tuning(p[0], p[1], p.length == 3 ? Double.parseDouble(p[2]) : 40);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--tuned " + tuned + ": " + e.getMessage());
        }
    }

    private int behavior() throws IOException {
        SyntheticBehavior.Config c = SyntheticBehavior.Config.sample();
        if (trials != null) {
            c = c.with(trials, c.autoRewarded(), c.catchFraction(), c.abortFraction(), c.hitProbability(), c.falseAlarmProbability());
        }
        if (seed != null) {
            c = new SyntheticBehavior.Config(c.trials(), c.autoRewarded(), c.catchFraction(), c.abortFraction(), c.hitProbability(),
                    c.falseAlarmProbability(), c.nanChangeTrials(), c.passive(), c.legacyNames(), c.running(), c.eyeTracking(), seed);
        }
        try (AtomicOutputs outs = AtomicOutputs.builder().output(out).prepare()) {
            SyntheticBehavior.Summary s;
            try {
                s = SyntheticBehavior.write(outs.open(out), c);
            } catch (IOException e) {
                throw AtomicOutputs.writeFailed(out, e);
            }
            outs.commit();
            System.out.println(new SyntheticBehavior.Summary(out.toAbsolutePath(), s.bytes(), s.trials(), s.licks(), s.rewards(), s.samples()));
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
