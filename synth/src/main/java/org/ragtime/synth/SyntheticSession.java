package org.ragtime.synth;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Writes synthetic NWB 2 sessions in the AllenSDK Visual Coding Neuropixels layout, at any size,
 * for benchmarks and large-file tests: {@code /units} with Poisson spike trains, the electrodes
 * table of Neuropixels probes with CCF structures, one {@code /intervals/<stimulus>_presentations}
 * table per stimulus, stimulus timestamps, and optionally {@code /intervals/invalid_times}.
 *
 * <p>Deterministic: the same {@link Config} (seed included) gives the same data and the same bytes.
 * Large datasets are contiguous and uncompressed, as AllenSDK writes them. See docs/synth.md for
 * what jhdf's writer cannot express (variable-length strings, enum booleans, references, links).
 *
 * <pre>{@code
 * Summary s = SyntheticSession.write(Path.of("a.nwb"), Config.configA());
 * // java -cp ... org.ragtime.synth.SyntheticSession --config A --out /tmp/a.nwb
 * }</pre>
 */
public final class SyntheticSession {

    /** Integer type of every {@code *_index} dataset: the writer era the file imitates. */
    public enum IndexType {
        /** Visual Coding files (2020, hdmf before 2.0): int64. */
        INT64,
        UINT8, UINT16, UINT32, UINT64,
        /** hdmf 2.0 and later: the smallest unsigned type that holds the target length. */
        SMALLEST;

        IndexType resolve(long targetLength) {
            IndexType t = this != SMALLEST ? this
                    : targetLength <= 0xFFL ? UINT8 : targetLength <= 0xFFFFL ? UINT16
                    : targetLength <= 0xFFFF_FFFFL ? UINT32 : UINT64;
            long max = switch (t) {
                case UINT8 -> 0xFFL;
                case UINT16 -> 0xFFFFL;
                case UINT32 -> 0xFFFF_FFFFL;
                default -> Long.MAX_VALUE;
            };
            if (targetLength > max) {
                throw new IllegalArgumentException("index type " + this + " cannot hold offsets up to " + targetLength);
            }
            return t;
        }
    }

    /**
     * What to generate.
     *
     * @param units             number of units (rows of {@code /units})
     * @param durationSeconds   session length; spike times lie in {@code [0, durationSeconds)}
     * @param meanRateHz        mean over units of the per-unit firing rate
     * @param lognormalSigma    sigma (log space) of the lognormal per-unit rates
     * @param presentations     stimulus presentations in total, split into one block per stimulus
     * @param periodSeconds     onset spacing: onset k is {@code firstOnsetSeconds + k * periodSeconds}
     * @param firstOnsetSeconds first onset
     * @param onSeconds         presentation length ({@code stop_time - start_time})
     * @param stimuli           stimulus names, one presentations table (and block) each, in this order
     * @param probes            Neuropixels probes (384 channels each), 1 to 26
     * @param invalidTimes      whether to write {@code /intervals/invalid_times}
     * @param indexType         integer type of the {@code *_index} datasets
     * @param seed              seed of every random choice
     * @param firstUnitId       id of the first unit; ids are {@code firstUnitId + 3 * row} (default 951000000)
     */
    public record Config(int units, double durationSeconds, double meanRateHz, double lognormalSigma,
                         int presentations, double periodSeconds, double firstOnsetSeconds, double onSeconds,
                         List<String> stimuli, int probes, boolean invalidTimes, IndexType indexType, long seed,
                         long firstUnitId) {
        /** A config whose unit ids start at the default 951000000. */
        public Config(int units, double durationSeconds, double meanRateHz, double lognormalSigma,
                      int presentations, double periodSeconds, double firstOnsetSeconds, double onSeconds,
                      List<String> stimuli, int probes, boolean invalidTimes, IndexType indexType, long seed) {
            this(units, durationSeconds, meanRateHz, lognormalSigma, presentations, periodSeconds, firstOnsetSeconds,
                    onSeconds, stimuli, probes, invalidTimes, indexType, seed, FIRST_UNIT_ID);
        }

        public Config {
            stimuli = List.copyOf(stimuli);
            Objects.requireNonNull(indexType, "indexType");
            require(units >= 1, "units must be at least 1, got " + units);
            require(durationSeconds > 0 && Double.isFinite(durationSeconds), "durationSeconds must be positive, got " + durationSeconds);
            require(meanRateHz > 0 && Double.isFinite(meanRateHz), "meanRateHz must be positive, got " + meanRateHz);
            require(lognormalSigma >= 0 && Double.isFinite(lognormalSigma), "lognormalSigma must be >= 0, got " + lognormalSigma);
            require(presentations >= stimuli.size(), "need at least one presentation per stimulus: "
                    + presentations + " presentations for " + stimuli.size() + " stimuli");
            require(!stimuli.isEmpty(), "need at least one stimulus name");
            require(periodSeconds > 0 && onSeconds > 0 && onSeconds <= periodSeconds,
                    "need 0 < onSeconds <= periodSeconds, got " + onSeconds + " and " + periodSeconds);
            require(firstOnsetSeconds >= 0 && firstOnsetSeconds + (presentations - 1) * periodSeconds < durationSeconds,
                    "onsets must lie within the session: the last onset would be at "
                            + (firstOnsetSeconds + (presentations - 1) * periodSeconds) + " s of " + durationSeconds + " s");
            require(probes >= 1 && probes <= 26, "probes must be 1..26, got " + probes);
            require(firstUnitId >= 0 && firstUnitId <= Long.MAX_VALUE - 3L * units, "firstUnitId must be >= 0 and leave room for "
                    + units + " ids, got " + firstUnitId);
            for (String s : stimuli) require(s.matches("[A-Za-z0-9_]+"), "bad stimulus name '" + s + "'");
            require(stimuli.stream().distinct().count() == stimuli.size(), "stimulus names repeat: " + stimuli);
        }

        /**
         * Config A of peers-and-limits.md 2.1: 500 units, lognormal sigma 0.8 rescaled to 8 Hz, 3000 s
         * (about 12.0 M spikes, 96 MB of spike times); 5000 drifting-grating onsets every 0.6 s from
         * 0.1 s, so the window [-0.1, 0.5] s around each onset tiles the session.
         */
        public static Config configA() {
            return new Config(500, 3000, 8, 0.8, 5000, 0.6, 0.1, 0.25,
                    List.of("drifting_gratings"), 6, false, IndexType.INT64, 12345);
        }

        /** Config B: as A but a 1.0 s period (0.25 s on, 0.75 s off) over 5000 s: about 20 M spikes. */
        public static Config configB() {
            return new Config(500, 5000, 8, 0.8, 5000, 1.0, 0.1, 0.25,
                    List.of("drifting_gratings"), 6, false, IndexType.INT64, 12345);
        }

        /** A small session for tests: 40 units, 2 probes, 120 s, three stimuli, invalid times, hdmf index types. */
        public static Config small() {
            return new Config(40, 120, 8, 0.8, 150, 0.75, 0.5, 0.25,
                    List.of("drifting_gratings", "flashes", "natural_scenes"), 2, true, IndexType.SMALLEST, 7);
        }

        /**
         * The size of the Visual Coding quick start's decoding problem: 93 units, 5950 natural_scenes presentations of
         * 0.25 s back to back (119 frames, -1..117, 50 times each on average), 2 probes, int64 indexes; with a
         * {@link Tuning} of {@code natural_scenes}/{@code frame} the units tell the images apart.
         */
        public static Config scenes() {
            return new Config(93, 1500, 8, 0.8, 5950, 0.25, 1.0, 0.25,
                    List.of("natural_scenes"), 2, false, IndexType.INT64, 2019);
        }

        public Config withUnits(int units) {
            return new Config(units, durationSeconds, meanRateHz, lognormalSigma, presentations, periodSeconds,
                    firstOnsetSeconds, onSeconds, stimuli, probes, invalidTimes, indexType, seed, firstUnitId);
        }

        /** The same session with another mean firing rate (Hz; scales the spike count), e.g. many units, few spikes. */
        public Config withMeanRate(double meanRateHz) {
            return new Config(units, durationSeconds, meanRateHz, lognormalSigma, presentations, periodSeconds,
                    firstOnsetSeconds, onSeconds, stimuli, probes, invalidTimes, indexType, seed, firstUnitId);
        }

        public Config withSeed(long seed) {
            return new Config(units, durationSeconds, meanRateHz, lognormalSigma, presentations, periodSeconds,
                    firstOnsetSeconds, onSeconds, stimuli, probes, invalidTimes, indexType, seed, firstUnitId);
        }

        public Config withIndexType(IndexType indexType) {
            return new Config(units, durationSeconds, meanRateHz, lognormalSigma, presentations, periodSeconds,
                    firstOnsetSeconds, onSeconds, stimuli, probes, invalidTimes, indexType, seed, firstUnitId);
        }

        public Config withInvalidTimes(boolean invalidTimes) {
            return new Config(units, durationSeconds, meanRateHz, lognormalSigma, presentations, periodSeconds,
                    firstOnsetSeconds, onSeconds, stimuli, probes, invalidTimes, indexType, seed, firstUnitId);
        }

        /** The same config with unit ids {@code firstUnitId + 3 * row}. */
        public Config withFirstUnitId(long firstUnitId) {
            return new Config(units, durationSeconds, meanRateHz, lognormalSigma, presentations, periodSeconds,
                    firstOnsetSeconds, onSeconds, stimuli, probes, invalidTimes, indexType, seed, firstUnitId);
        }

        /** Expected spike count: units x mean rate x duration. */
        public double expectedSpikes() {
            return units * meanRateHz * durationSeconds;
        }

        private static void require(boolean ok, String message) {
            if (!ok) throw new IllegalArgumentException(message);
        }
    }

    /**
     * What was written.
     *
     * @param file               the NWB file
     * @param bytes              its size
     * @param units              rows of {@code /units}
     * @param spikes             length of {@code /units/spike_times}
     * @param firstUnitId        id of the first unit (ids are {@code firstUnitId + 3 * row})
     * @param electrodes         rows of the electrodes table
     * @param presentationRows   rows of each {@code /intervals/<name>_presentations} table, by table name
     * @param invalidTimes       rows of {@code /intervals/invalid_times} (0 when not written)
     * @param nanos              wall time of generating and writing
     */
    public record Summary(Path file, long bytes, int units, long spikes, long firstUnitId, int electrodes,
                          Map<String, Integer> presentationRows, int invalidTimes, long nanos) {
        public Summary {
            presentationRows = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(presentationRows));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %d units, %d spikes, %d electrodes, presentations %s, %d invalid times, %.1f MB in %.2f s",
                    file, units, spikes, electrodes, presentationRows, invalidTimes, bytes / 1e6, nanos / 1e9);
        }
    }

    static final long FIRST_UNIT_ID = 951_000_000L;
    static final String NWB_VERSION = "2.6.0";
    private static final String SESSION_START = "2019-01-19T00:54:18-08:00";
    private static final String AIBS = "ndx-aibs-ecephys";

    private SyntheticSession() {}

    /**
     * Generates the session and writes it to {@code file} (replacing it): written beside it under a
     * temporary name and moved into place only when complete.
     */
    public static Summary write(Path file, Config config) throws IOException {
        return write(file, config, null, null);
    }

    /**
     * Units tuned to one parameter of one stimulus, for decoding tests: during each presentation of {@code stimulus}
     * every unit fires, on top of its Poisson background, extra Poisson spikes at {@code peakHz * u^3}, where u is a
     * seeded uniform draw per (unit, value of {@code column}): each value evokes its own population pattern.
     *
     * @param stimulus a stimulus of the config (e.g. {@code natural_scenes})
     * @param column   one of its parameter columns (e.g. {@code frame})
     * @param peakHz   the largest evoked rate
     */
    public record Tuning(String stimulus, String column, double peakHz) {
        public Tuning {
            Objects.requireNonNull(stimulus, "stimulus");
            Objects.requireNonNull(column, "column");
            if (!(peakHz > 0) || !Double.isFinite(peakHz)) {
                throw new IllegalArgumentException("peakHz must be positive, got " + peakHz);
            }
        }
    }

    /** {@link #write(Path, Config)} with units tuned as {@code tuning} says (null: no tuning, the same bytes as without). */
    public static Summary write(Path file, Config config, Tuning tuning) throws IOException {
        return write(file, config, tuning, null);
    }

    /** More groups written into the same file before it closes (e.g. {@link SyntheticBehavior}'s trials). */
    interface Extra {
        void write(WritableHdfFile f, Hdmf hdmf, WritableGroup intervals, WritableGroup processing);
    }

    static Summary write(Path file, Config config, Tuning tuning, Extra extra) throws IOException {
        long t0 = System.nanoTime();
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.deleteIfExists(tmp); // jhdf opens without truncating
        List<Stimuli.Table> stimuli = Stimuli.tables(config);
        SpikeTrains spikes = SpikeTrains.generate(config);
        if (tuning != null) {
            spikes = SpikeTrains.tuned(spikes, config, stimuli, tuning);
        }
        Probes probes = new Probes(config);
        int invalid;
        try {
            try (WritableHdfFile f = HdfFile.write(tmp)) {
                Hdmf hdmf = new Hdmf(config.seed(), config.indexType());
                root(f, hdmf, config);
                electrodes(f, hdmf, probes);
                units(f, hdmf, config, spikes, probes);
                WritableGroup intervals = f.putGroup("intervals");
                presentations(intervals, hdmf, stimuli);
                invalid = config.invalidTimes() ? invalidTimes(intervals, hdmf, config, probes) : 0;
                stimulusTimestamps(f, hdmf, stimuli);
                if (extra != null) extra.write(f, hdmf, intervals, (WritableGroup) f.getChild("processing"));
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (RuntimeException | IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Map<String, Integer> rows = new LinkedHashMap<>();
        for (Stimuli.Table t : stimuli) rows.put(t.name() + "_presentations", t.rows());
        return new Summary(abs, Files.size(abs), config.units(), spikes.count(), config.firstUnitId(), probes.count(),
                rows, invalid, System.nanoTime() - t0);
    }

    private static void root(WritableHdfFile f, Hdmf hdmf, Config c) {
        f.putAttribute("nwb_version", NWB_VERSION);
        hdmf.typed(f, "core", "NWBFile");
        String sessionId = Long.toString(700_000_000L + Math.floorMod(c.seed(), 100_000_000L));
        f.putDataset("identifier", sessionId);
        f.putDataset("session_description", "Data and metadata for an Ecephys session");
        f.putDataset("session_start_time", SESSION_START);
        f.putDataset("timestamps_reference_time", SESSION_START);
        f.putDataset("file_create_date", new String[] {SESSION_START}); // fixed, so the bytes are reproducible
        JhdfGaps.leafGroup(f, "acquisition");
        JhdfGaps.leafGroup(f, "analysis");
        WritableGroup stimulus = f.putGroup("stimulus");
        JhdfGaps.leafGroup(stimulus, "presentation");
        JhdfGaps.leafGroup(stimulus, "templates");
        WritableGroup general = f.putGroup("general");
        general.putDataset("session_id", sessionId);
        general.putDataset("institution", "Allen Institute for Brain Science");
        general.putDataset("stimulus", "brain_observatory_1.1");
        WritableGroup subject = hdmf.typed(general.putGroup("subject"), AIBS, "EcephysSpecimen");
        subject.putAttribute("specimen_name", "Synthetic-Cre;Ai32-" + sessionId);
        subject.putAttribute("age_in_days", 112.0);
        subject.putDataset("age", "P112D").putAttribute("reference", "birth");
        subject.putDataset("genotype", "Synthetic-Cre/wt;Ai32(RCL-ChR2(H134R)_EYFP)/wt");
        subject.putDataset("sex", "M");
        subject.putDataset("species", "Mus musculus");
        subject.putDataset("strain", "C57BL/6J");
        subject.putDataset("subject_id", sessionId);
    }

    private static void electrodes(WritableHdfFile f, Hdmf hdmf, Probes p) {
        WritableGroup general = (WritableGroup) f.getChild("general");
        WritableGroup devices = general.putGroup("devices");
        WritableGroup ecephys = general.putGroup("extracellular_ephys");
        for (int i = 0; i < p.probes; i++) {
            WritableGroup device = hdmf.typed(JhdfGaps.leafGroup(devices, Probes.name(i)), AIBS, "EcephysProbe");
            device.putAttribute("description", "Neuropixels 1.0 Probe");
            device.putAttribute("manufacturer", "imec");
            device.putAttribute("probe_id", p.probeIds[i]);
            device.putAttribute("sampling_rate", 29999.9);
            // the 'device' soft link to the probe's device, as pynwb writes it
            WritableGroup group = hdmf.typed(JhdfGaps.leafGroup(ecephys, Probes.name(i),
                    Map.of("device", "/general/devices/" + Probes.name(i))), AIBS, "EcephysElectrodeGroup");
            group.putAttribute("description", "Ecephys Electrode Group");
            group.putAttribute("location", "See electrode locations");
            group.putAttribute("probe_id", p.probeIds[i]);
            group.putAttribute("lfp_sampling_rate", 1249.99);
            group.putAttribute("has_lfp_data", true);
        }
        Hdmf.Table t = hdmf.table(ecephys, "electrodes", "hdmf-common", "DynamicTable", "metadata about extracellular electrodes");
        t.ids(p.ids);
        t.column("location", p.location, "the location of channel within the subject e.g. brain region");
        // 'group' (object references to the electrode groups) is missing: jhdf 0.13 writes no references
        t.column("group_name", p.groupName, "the name of the ElectrodeGroup this electrode is a part of");
        t.column("probe_vertical_position", p.vertical, "Length-wise position of electrode/channel on device (microns)");
        t.column("probe_horizontal_position", p.horizontal, "Width-wise position of electrode/channel on device (microns)");
        t.column("probe_id", p.probeId, "The unique id of this electrode's/channel's device");
        t.column("probe_channel_number", p.channel, "The local index of electrode/channel on device");
        t.column("valid_data", p.valid, "Whether data from this electrode/channel is usable");
        t.column("x", p.x, "the x coordinate of the position (+x is posterior)");
        t.column("y", p.y, "the y coordinate of the position (+y is inferior)");
        t.column("z", p.z, "the z coordinate of the position (+z is right)");
        double[] imp = new double[p.count()];
        java.util.Arrays.fill(imp, Double.NaN);
        t.column("imp", imp, "the impedance of the electrode, in ohms");
        String[] filtering = new String[p.count()];
        java.util.Arrays.fill(filtering, "AP band: 500 Hz high-pass; LFP band: 1000 Hz low-pass");
        t.column("filtering", filtering, "description of hardware filtering, including the filter name and frequency cutoffs");
        t.close();
    }

    private static void units(WritableHdfFile f, Hdmf hdmf, Config c, SpikeTrains s, Probes p) {
        int n = c.units();
        long[] ids = new long[n], peak = new long[n], localIndex = new long[n], clusterId = new long[n];
        String[] quality = new String[n];
        double[] firingRate = new double[n], isi = new double[n], presence = new double[n], cutoff = new double[n],
                amplitude = new double[n], snr = new double[n];
        SplittableRandom rng = Seeds.stream(c.seed(), Seeds.UNIT_METRICS, 0);
        int[] perProbe = new int[p.probes];
        for (int u = 0; u < n; u++) {
            int probe = (int) ((long) u * p.probes / n); // units grouped by probe, as in the Allen files
            ids[u] = c.firstUnitId() + 3L * u;
            int channel = inBrainChannel(p, probe, rng);
            peak[u] = p.ids[probe * Probes.CHANNELS + channel];
            localIndex[u] = perProbe[probe]++;
            clusterId[u] = localIndex[u] + rng.nextInt(3);
            quality[u] = rng.nextInt(10) == 0 ? "noise" : "good";
            firingRate[u] = (s.ends[u] - s.start(u)) / c.durationSeconds();
            // metrics spread across the VC default filter thresholds (isi 0.5, presence 0.95, cutoff 0.1)
            isi[u] = rng.nextExponential() * 0.3;
            presence[u] = Math.min(1.0, 0.85 + rng.nextDouble() * 0.2);
            cutoff[u] = Math.min(0.5, rng.nextExponential() * 0.06);
            amplitude[u] = 40 + rng.nextDouble() * 260;
            snr[u] = Math.exp(1 + 0.4 * rng.nextGaussian());
        }
        Hdmf.Table t = hdmf.table(f, "units", "core", "Units", "");
        t.ids(ids);
        t.column("peak_channel_id", peak, "no description");
        t.column("local_index", localIndex, "no description");
        t.column("cluster_id", clusterId, "no description");
        t.column("quality", quality, "no description");
        t.column("firing_rate", firingRate, "no description");
        t.column("isi_violations", isi, "no description");
        t.column("presence_ratio", presence, "no description");
        t.column("amplitude_cutoff", cutoff, "no description");
        t.column("amplitude", amplitude, "no description");
        t.column("snr", snr, "no description");
        t.raggedColumn("spike_times", s.times, s.ends, "times (s) of detected spiking events");
        t.close();
    }

    private static int inBrainChannel(Probes p, int probe, SplittableRandom rng) {
        while (true) {
            int ch = rng.nextInt(Probes.CHANNELS);
            if (!p.location[probe * Probes.CHANNELS + ch].isEmpty()) return ch;
        }
    }

    private static void presentations(WritableGroup intervals, Hdmf hdmf, List<Stimuli.Table> tables) {
        for (Stimuli.Table s : tables) {
            int rows = s.rows();
            Hdmf.Table t = hdmf.table(intervals, s.name() + "_presentations", "core", "TimeIntervals",
                    "Presentation times and stimuli details for '" + s.name() + "' stimuli. \n"
                            + "Note: image_name references control_description in stimulus/templates");
            long[] ids = new long[rows];
            String[] names = new String[rows], tags = new String[rows];
            double[] block = new double[rows], index = new double[rows];
            long[] tagEnds = new long[rows];
            for (int i = 0; i < rows; i++) {
                ids[i] = i;
                names[i] = s.name();
                tags[i] = "stimulus_time_interval";
                block[i] = s.block();
                index[i] = s.stimulusIndex();
                tagEnds[i] = i + 1;
            }
            t.ids(ids);
            t.column("start_time", s.start(), "Start time of epoch, in seconds");
            t.column("stop_time", s.stop(), "Stop time of epoch, in seconds");
            t.column("stimulus_name", names, "Name of stimulus");
            t.column("stimulus_block", block, "Index of contiguous presentations of one stimulus type");
            for (int k = 0; k < s.parameters().size(); k++) {
                Stimuli.Parameter param = s.parameters().get(k);
                t.column(param.column(), s.columns()[k], param.description());
            }
            t.column("stimulus_index", index, "Index of stimulus type");
            t.raggedColumn("tags", tags, tagEnds, "user-defined tags");
            // 'timeseries' (compound with an object reference to /processing/stimulus/timestamps) is missing
            t.close();
        }
    }

    private static int invalidTimes(WritableGroup intervals, Hdmf hdmf, Config c, Probes p) {
        // one probe-wide invalid interval per probe pair, placed in the middle of the session
        int rows = Math.max(1, p.probes / 2);
        double[] start = new double[rows], stop = new double[rows];
        long[] ids = new long[rows], tagEnds = new long[rows];
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            ids[i] = i;
            start[i] = c.durationSeconds() * (0.3 + 0.4 * i / rows);
            stop[i] = start[i] + Math.min(10, c.durationSeconds() * 0.01);
            tags.add("EcephysProbe");
            tags.add(Long.toString(p.probeIds[2 * i]));
            tags.add(Probes.name(2 * i));
            tagEnds[i] = tags.size();
        }
        Hdmf.Table t = hdmf.table(intervals, "invalid_times", "core", "TimeIntervals", "experimental intervals marked as invalid");
        t.ids(ids);
        t.column("start_time", start, "Start time of epoch, in seconds");
        t.column("stop_time", stop, "Stop time of epoch, in seconds");
        t.raggedColumn("tags", tags.toArray(String[]::new), tagEnds, "user-defined tags");
        t.close();
        return rows;
    }

    private static void stimulusTimestamps(WritableHdfFile f, Hdmf hdmf, List<Stimuli.Table> tables) {
        int n = 0;
        for (Stimuli.Table t : tables) n += t.rows();
        double[] starts = new double[n];
        int k = 0;
        for (Stimuli.Table t : tables) { // blocks follow each other in time, so this is sorted
            System.arraycopy(t.start(), 0, starts, k, t.rows());
            k += t.rows();
        }
        WritableGroup module = hdmf.typed(f.putGroup("processing").putGroup("stimulus"), "core", "ProcessingModule");
        module.putAttribute("description", "Stimulus Times processing");
        WritableGroup ts = hdmf.typed(module.putGroup("timestamps"), "core", "TimeSeries");
        ts.putAttribute("comments", "no comments");
        ts.putAttribute("description", "no description");
        WritableDataset data = Hdmf.put(ts, "data", starts);
        data.putAttribute("conversion", 1.0);
        data.putAttribute("offset", 0.0);
        data.putAttribute("resolution", -1.0);
        data.putAttribute("unit", "s");
        WritableDataset stamps = Hdmf.put(ts, "timestamps", starts);
        stamps.putAttribute("interval", 1);
        stamps.putAttribute("unit", "seconds");
    }
}
