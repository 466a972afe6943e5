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
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes synthetic Visual Behavior sessions in the NWB layout AllenSDK's {@code BehaviorSession.to_nwb} writes:
 * {@code /intervals/trials} with every column of {@code Trials.columns_to_output()} (ragged {@code lick_times}
 * included; {@code stimulus_change} under its older name when asked), {@code /processing/licking/licks},
 * {@code /processing/rewards/{volume, autorewarded}}, {@code /processing/running/{speed, speed_unfiltered}} and
 * {@code /acquisition/EyeTracking} (ellipse fits) at 60 Hz, and the task parameters
 * ({@code /general/task_parameters}, response window as text as AllenSDK's extension stores it). Also as an
 * addition to a {@link SyntheticSession} (a Visual Behavior Neuropixels-style file with units and trials).
 *
 * <p>The change-detection task as the trial log encodes it: images flashed every 0.75 s; a change after 4 to 11
 * flashes; the first trials auto-rewarded; a lick before the change aborts the trial (change time NaN, as AllenSDK
 * writes aborted trials); go trials are hits (a lick 0.15 to 0.75 s after the change, rewarded) or misses, catch
 * trials false alarms or correct rejections; engagement fades in the last third of the session, so the reward rate
 * crosses AllenSDK's engaged threshold. Deterministic for a given {@link Config}.
 *
 * <pre>{@code
 * SyntheticBehavior.write(Path.of("b.nwb"), SyntheticBehavior.Config.sample());
 * }</pre>
 */
public final class SyntheticBehavior {
    /** Frames per second of the stimulus, running and eye-tracking clocks. */
    public static final double RATE_HZ = 60;
    static final double FLASH = 0.75, RESPONSE_START = 0.15, RESPONSE_END = 0.75;
    static final double EARNED_VOLUME = 0.007, AUTO_VOLUME = 0.005;
    static final String[] IMAGES = {"im000", "im031", "im035", "im045", "im054", "im073", "im075", "im106"};
    private static final String AIBS = "ndx-aibs-behavior-ophys";

    /**
     * What to generate.
     *
     * @param trials             number of trials
     * @param autoRewarded       leading auto-rewarded trials
     * @param catchFraction      probability that a non-aborted, non-auto trial is a catch trial
     * @param abortFraction      probability that a trial is aborted by an early lick
     * @param hitProbability     probability of a hit on a go trial while engaged (a third of it in the last third of
     *                           the session, unless it is 1)
     * @param falseAlarmProbability probability of a false alarm on a catch trial
     * @param nanChangeTrials    go trials (from the 12th on) whose change time is written as NaN
     * @param passive            no licks and no rewards at all (AllenSDK then sets d-prime to 0)
     * @param legacyNames        name the change column {@code stimulus_change} (older files) instead of {@code is_change}
     * @param running            write running speed (filtered and raw) at 60 Hz
     * @param eyeTracking        write eye tracking at 60 Hz
     * @param seed               seed of every random choice
     */
    public record Config(int trials, int autoRewarded, double catchFraction, double abortFraction, double hitProbability,
                         double falseAlarmProbability, int nanChangeTrials, boolean passive, boolean legacyNames,
                         boolean running, boolean eyeTracking, long seed) {
        public Config {
            if (trials < 1) throw new IllegalArgumentException("trials must be at least 1, got " + trials);
            for (double p : new double[] {catchFraction, abortFraction, hitProbability, falseAlarmProbability}) {
                if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("probabilities must lie in [0, 1], got " + p);
            }
        }

        /** The bundled sample: 28 trials (about 2.5 minutes, 2.2 MB) with running and eye tracking. */
        public static Config sample() {
            return new Config(28, 3, 0.25, 0.25, 0.85, 0.2, 0, false, false, true, true, 11);
        }

        /** A session for the metrics alone (no running or eye tracking): {@code trials} trials. */
        public static Config metrics(int trials, long seed) {
            return new Config(trials, 5, 0.25, 0.3, 0.8, 0.25, 0, false, false, false, false, seed);
        }

        public Config with(int trials, int autoRewarded, double catchFraction, double abortFraction, double hitProbability,
                           double falseAlarmProbability) {
            return new Config(trials, autoRewarded, catchFraction, abortFraction, hitProbability, falseAlarmProbability,
                    nanChangeTrials, passive, legacyNames, running, eyeTracking, seed);
        }

        public Config withNanChangeTrials(int n) {
            return new Config(trials, autoRewarded, catchFraction, abortFraction, hitProbability, falseAlarmProbability,
                    n, passive, legacyNames, running, eyeTracking, seed);
        }

        public Config withPassive(boolean p) {
            return new Config(trials, autoRewarded, catchFraction, abortFraction, hitProbability, falseAlarmProbability,
                    nanChangeTrials, p, legacyNames, running, eyeTracking, seed);
        }

        public Config withLegacyNames(boolean l) {
            return new Config(trials, autoRewarded, catchFraction, abortFraction, hitProbability, falseAlarmProbability,
                    nanChangeTrials, passive, l, running, eyeTracking, seed);
        }

        public Config withStreams(boolean running, boolean eyeTracking) {
            return new Config(trials, autoRewarded, catchFraction, abortFraction, hitProbability, falseAlarmProbability,
                    nanChangeTrials, passive, legacyNames, running, eyeTracking, seed);
        }
    }

    /** What was written: the file, its size, trials, licks, rewards and 60 Hz samples. */
    public record Summary(Path file, long bytes, int trials, int licks, int rewards, int samples) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %d trials, %d licks, %d rewards, %d samples at 60 Hz, %.2f MB",
                    file, trials, licks, rewards, samples, bytes / 1e6);
        }
    }

    private SyntheticBehavior() {
    }

    /** Writes a behaviour-only session (written beside {@code file}, then moved into place). */
    public static Summary write(Path file, Config config) throws IOException {
        Task task = Task.generate(config, 0);
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.deleteIfExists(tmp);
        try {
            try (WritableHdfFile f = HdfFile.write(tmp)) {
                Hdmf hdmf = new Hdmf(config.seed(), SyntheticSession.IndexType.SMALLEST);
                root(f, hdmf, config);
                writeInto(f, hdmf, f.putGroup("intervals"), f.putGroup("processing"), f.putGroup("acquisition"), config, task);
                WritableGroup stimulus = f.putGroup("stimulus");
                JhdfGaps.leafGroup(stimulus, "presentation");
                JhdfGaps.leafGroup(stimulus, "templates");
                JhdfGaps.leafGroup(f, "analysis");
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (RuntimeException | IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return new Summary(abs, Files.size(abs), config.trials(), task.licks.length, task.rewardTimes.length, task.samples());
    }

    /**
     * Writes a Visual Behavior Neuropixels-style session: the {@link SyntheticSession} of {@code ecephys} (units,
     * probes, presentations) plus this behaviour (trials from 1 s on, licks, rewards, running, task parameters); returns the session's summary.
     */
    public static SyntheticSession.Summary writeEcephys(Path file, SyntheticSession.Config ecephys, Config config) throws IOException {
        if (config.eyeTracking()) {
            throw new IllegalArgumentException("the Neuropixels-style file carries no eye tracking (its acquisition group is a leaf)");
        }
        Task task = Task.generate(config, 1.0);
        return SyntheticSession.write(file, ecephys, null, (f, hdmf, intervals, processing) -> {
            WritableGroup general = (WritableGroup) f.getChild("general");
            taskParameters(general, hdmf);
            writeInto(f, hdmf, intervals, processing, null, config, task);
        });
    }

    private static void root(WritableHdfFile f, Hdmf hdmf, Config c) {
        f.putAttribute("nwb_version", SyntheticSession.NWB_VERSION);
        hdmf.typed(f, "core", "NWBFile");
        String id = Long.toString(870_000_000L + Math.floorMod(c.seed(), 10_000_000L));
        String start = "2019-05-14T09:12:00-07:00";
        f.putDataset("identifier", id);
        f.putDataset("session_description", "Behavior Session");
        f.putDataset("session_start_time", start);
        f.putDataset("timestamps_reference_time", start);
        f.putDataset("file_create_date", new String[] {start});
        WritableGroup general = f.putGroup("general");
        general.putDataset("institution", "Allen Institute for Brain Science");
        general.putDataset("keywords", new String[] {"visual", "behavior", "task"});
        taskParameters(general, hdmf);
        WritableGroup subject = hdmf.typed(general.putGroup("subject"), AIBS, "BehaviorSubject");
        subject.putDataset("age", "P120D");
        subject.putDataset("genotype", "Synthetic-Cre;Ai93(TITL-GCaMP6f)");
        subject.putDataset("sex", "F");
        subject.putDataset("species", "Mus musculus");
        subject.putDataset("subject_id", "400000");
        subject.putDataset("reporter_line", new String[] {"Ai93(TITL-GCaMP6f)"});
        subject.putDataset("driver_line", new String[] {"Synthetic-Cre"});
    }

    private static void taskParameters(WritableGroup general, Hdmf hdmf) {
        WritableGroup p = hdmf.typed(general.putGroup("task_parameters"), AIBS, "BehaviorTaskParameters");
        p.putAttribute("description", "Behavior task parameters");
        p.putDataset("response_window_sec", new String[] {Double.toString(RESPONSE_START), Double.toString(RESPONSE_END)});
        p.putDataset("blank_duration_sec", new String[] {"0.5", "0.5"});
        p.putDataset("stimulus_duration_sec", 0.25);
        p.putDataset("reward_volume", EARNED_VOLUME);
        p.putDataset("auto_reward_volume", AUTO_VOLUME);
        p.putDataset("omitted_flash_fraction", Double.NaN);
        p.putDataset("session_type", "TRAINING_5_images_A_handoff_ready");
        p.putDataset("stimulus", "images");
        p.putDataset("stimulus_distribution", "geometric");
        p.putDataset("stimulus_name", "images_A");
        p.putDataset("task", "change detection");
        p.putDataset("n_stimulus_frames", 10_000L);
    }

    static void writeInto(WritableHdfFile f, Hdmf hdmf, WritableGroup intervals, WritableGroup processing,
                          WritableGroup acquisition, Config c, Task t) {
        trials(intervals, hdmf, c, t);
        if (t.licks.length > 0) {
            WritableGroup licking = module(processing, hdmf, "licking", "Licking behavior processing module");
            long[] frames = new long[t.licks.length];
            for (int i = 0; i < frames.length; i++) frames[i] = Math.round(t.licks[i] * RATE_HZ);
            series(licking, hdmf, "licks", frames, t.licks, "N/A", "Timestamps and stimulus presentation frame indices for lick events");
        }
        if (t.rewardTimes.length > 0) {
            WritableGroup rewards = module(processing, hdmf, "rewards", "Licking behavior processing module");
            series(rewards, hdmf, "volume", t.rewardVolumes, t.rewardTimes, "mL", "no description");
            series(rewards, hdmf, "autorewarded", t.rewardAuto, t.rewardTimes, "mL", "no description");
        }
        if (c.running() || c.eyeTracking()) {
            double[] clock = t.clock();
            if (c.running()) running(processing, hdmf, c, clock);
            if (c.eyeTracking()) eyeTracking(acquisition, hdmf, c, clock);
        }
    }

    private static void trials(WritableGroup intervals, Hdmf hdmf, Config c, Task t) {
        int n = c.trials();
        Hdmf.Table tab = hdmf.table(intervals, "trials", "core", "TimeIntervals", "experimental trials");
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) ids[i] = i;
        tab.ids(ids);
        tab.column("start_time", t.start, "Start time of epoch, in seconds");
        tab.column("stop_time", t.stop, "Stop time of epoch, in seconds");
        tab.column("initial_image_name", t.initialImage, "NOT IMPLEMENTED: initial_image_name");
        tab.column("change_image_name", t.changeImage, "NOT IMPLEMENTED: change_image_name");
        String change = c.legacyNames() ? "stimulus_change" : "is_change";
        tab.column(change, t.isChange, "NOT IMPLEMENTED: " + change);
        tab.column("change_time", t.changeTime, "NOT IMPLEMENTED: change_time");
        tab.column("go", t.go, "NOT IMPLEMENTED: go");
        tab.column("catch", t.catch_, "NOT IMPLEMENTED: catch");
        tab.raggedColumn("lick_times", t.licks, t.lickEnds, "NOT IMPLEMENTED: lick_times");
        tab.column("response_time", t.responseTime, "NOT IMPLEMENTED: response_time");
        tab.column("response_latency", t.responseLatency, "NOT IMPLEMENTED: response_latency");
        tab.column("reward_time", t.rewardTime, "NOT IMPLEMENTED: reward_time");
        tab.column("reward_volume", t.rewardVolume, "NOT IMPLEMENTED: reward_volume");
        tab.column("hit", t.hit, "NOT IMPLEMENTED: hit");
        tab.column("false_alarm", t.falseAlarm, "NOT IMPLEMENTED: false_alarm");
        tab.column("miss", t.miss, "NOT IMPLEMENTED: miss");
        tab.column("correct_reject", t.correctReject, "NOT IMPLEMENTED: correct_reject");
        tab.column("aborted", t.aborted, "NOT IMPLEMENTED: aborted");
        tab.column("auto_rewarded", t.autoRewarded, "NOT IMPLEMENTED: auto_rewarded");
        tab.column("change_frame", t.changeFrame, "NOT IMPLEMENTED: change_frame");
        double[] length = new double[n];
        for (int i = 0; i < n; i++) length[i] = t.stop[i] - t.start[i];
        tab.column("trial_length", length, "NOT IMPLEMENTED: trial_length");
        tab.close();
    }

    private static WritableGroup module(WritableGroup processing, Hdmf hdmf, String name, String description) {
        WritableGroup m = hdmf.typed(processing.putGroup(name), "core", "ProcessingModule");
        m.putAttribute("description", description);
        return m;
    }

    private static WritableGroup series(WritableGroup parent, Hdmf hdmf, String name, Object data, double[] timestamps,
                                        String unit, String description) {
        WritableGroup ts = hdmf.typed(parent.putGroup(name), "core", "TimeSeries");
        ts.putAttribute("comments", "no comments");
        ts.putAttribute("description", description);
        WritableDataset d = Hdmf.put(ts, "data", data);
        d.putAttribute("conversion", 1.0);
        d.putAttribute("offset", 0.0);
        d.putAttribute("resolution", -1.0);
        d.putAttribute("unit", unit);
        WritableDataset s = Hdmf.put(ts, "timestamps", timestamps);
        s.putAttribute("interval", 1);
        s.putAttribute("unit", "seconds");
        return ts;
    }

    private static void running(WritableGroup processing, Hdmf hdmf, Config c, double[] clock) {
        SplittableRandom rng = Seeds.stream(c.seed(), Seeds.RUNNING, 0);
        int n = clock.length;
        double[] speed = new double[n], raw = new double[n];
        double v = 10, target = 20;
        for (int i = 0; i < n; i++) {
            if (rng.nextInt(600) == 0) target = rng.nextDouble() < 0.3 ? 0 : 5 + 45 * rng.nextDouble(); // bouts
            v += 0.02 * (target - v) + 0.3 * rng.nextGaussian();
            speed[i] = v;
            raw[i] = v + 4 * rng.nextGaussian(); // the unfiltered encoder speed is noisier
        }
        WritableGroup m = module(processing, hdmf, "running", "Running speed processing module");
        series(m, hdmf, "speed", speed, clock, "cm/s", "no description");
        series(m, hdmf, "speed_unfiltered", raw, clock.clone(), "cm/s", "no description");
    }

    private static void eyeTracking(WritableGroup acquisition, Hdmf hdmf, Config c, double[] clock) {
        SplittableRandom rng = Seeds.stream(c.seed(), Seeds.EYE, 0);
        int n = clock.length;
        WritableGroup et = hdmf.typed(acquisition.putGroup("EyeTracking"), "ndx-ellipse-eye-tracking", "EllipseEyeTracking");
        boolean[] blink = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (rng.nextInt(900) == 0) { // a blink every 15 s on average, 3 to 8 frames long
                int len = 3 + rng.nextInt(6);
                for (int k = i; k < Math.min(n, i + len); k++) blink[k] = true;
            }
        }
        String[][] fits = {{"eye_tracking", "15000", "60"}, {"pupil_tracking", "2500", "20"}, {"corneal_reflection_tracking", "120", "3"}};
        for (String[] fit : fits) {
            double mean = Double.parseDouble(fit[1]), sd = Double.parseDouble(fit[2]);
            double[] area = new double[n], areaRaw = new double[n], width = new double[n], height = new double[n],
                    angle = new double[n];
            double[][] centre = new double[n][2];
            double slow = 0;
            for (int i = 0; i < n; i++) {
                slow += 0.01 * (-slow) + 0.1 * rng.nextGaussian();
                areaRaw[i] = mean + sd * (slow + rng.nextGaussian());
                if (rng.nextInt(4000) == 0) areaRaw[i] = mean + 20 * sd; // a tracking outlier
                if (blink[i] && !fit[0].startsWith("corneal")) areaRaw[i] = rng.nextInt(2) == 0 ? Double.NaN : mean * 0.1;
                area[i] = areaRaw[i];
                double r = Math.sqrt(Math.abs(areaRaw[i]) / Math.PI);
                width[i] = r * (1 + 0.05 * rng.nextGaussian());
                height[i] = r * (1 + 0.05 * rng.nextGaussian());
                angle[i] = 0.1 * rng.nextGaussian();
                centre[i][0] = 320 + 5 * rng.nextGaussian();
                centre[i][1] = 240 + 5 * rng.nextGaussian();
            }
            WritableGroup g = hdmf.typed(et.putGroup(fit[0]), "ndx-ellipse-eye-tracking", "EllipseSeries");
            g.putAttribute("description", "no description");
            g.putAttribute("comments", "no comments");
            WritableDataset d = g.putDataset("data", centre);
            d.putAttribute("unit", "pixels");
            d.putAttribute("conversion", 1.0);
            d.putAttribute("resolution", -1.0);
            Hdmf.put(g, "area", area);
            Hdmf.put(g, "area_raw", areaRaw);
            Hdmf.put(g, "width", width);
            Hdmf.put(g, "height", height);
            Hdmf.put(g, "angle", angle);
            Hdmf.put(g, "timestamps", clock).putAttribute("unit", "seconds");
            g.putAttribute("reference_frame", "nose");
        }
        series(et, hdmf, "likely_blink", blink, clock, "N/A", "blinks");
    }

    /** The trial log of one session, laid out as AllenSDK's trials table. */
    static final class Task {
        final double[] start, stop, changeTime, responseTime, responseLatency, rewardTime, rewardVolume, licks;
        final long[] lickEnds, changeFrame;
        final boolean[] isChange, go, catch_, hit, falseAlarm, miss, correctReject, aborted, autoRewarded;
        final String[] initialImage, changeImage;
        double[] rewardTimes, rewardVolumes;
        boolean[] rewardAuto;
        final double end;

        private Task(int n, double first, Config c) {
            start = new double[n]; stop = new double[n]; changeTime = new double[n]; responseTime = new double[n];
            responseLatency = new double[n]; rewardTime = new double[n]; rewardVolume = new double[n]; changeFrame = new long[n];
            lickEnds = new long[n];
            isChange = new boolean[n]; go = new boolean[n]; catch_ = new boolean[n]; hit = new boolean[n];
            falseAlarm = new boolean[n]; miss = new boolean[n]; correctReject = new boolean[n]; aborted = new boolean[n];
            autoRewarded = new boolean[n];
            initialImage = new String[n]; changeImage = new String[n];
            SplittableRandom rng = Seeds.stream(c.seed(), Seeds.TRIALS, 0);
            List<Double> allLicks = new ArrayList<>();
            List<double[]> rewards = new ArrayList<>(); // time, volume, auto
            double t = first;
            int image = rng.nextInt(IMAGES.length), nanLeft = c.nanChangeTrials();
            for (int i = 0; i < n; i++) {
                start[i] = t;
                initialImage[i] = IMAGES[image];
                int flashes = 4 + Math.min(7, (int) rng.nextExponential() * 2 + rng.nextInt(2));
                double change = t + flashes * FLASH + 0.016; // display lag
                boolean engaged = i < 2 * n / 3;
                List<Double> trialLicks = new ArrayList<>();
                responseTime[i] = rewardTime[i] = Double.NaN;
                responseLatency[i] = Double.POSITIVE_INFINITY;
                double trialEnd;
                if (i >= c.autoRewarded() && !c.passive() && rng.nextDouble() < c.abortFraction()) {
                    aborted[i] = true;
                    double lick = t + 0.5 + rng.nextDouble() * (flashes * FLASH - 0.6);
                    bout(trialLicks, lick, rng);
                    changeTime[i] = responseLatency[i] = Double.NaN;
                    changeFrame[i] = -99; // AllenSDK's change_frame of a trial without a change
                    changeImage[i] = IMAGES[image];
                    trialEnd = Math.max(lick + 0.75, trialLicks.get(trialLicks.size() - 1) + 0.1);
                } else {
                    boolean auto = i < c.autoRewarded();
                    boolean isCatch = !auto && rng.nextDouble() < c.catchFraction();
                    autoRewarded[i] = auto;
                    catch_[i] = isCatch;
                    go[i] = !auto && !isCatch;
                    isChange[i] = !isCatch;
                    int next = isCatch ? image : (image + 1 + rng.nextInt(IMAGES.length - 1)) % IMAGES.length;
                    changeImage[i] = IMAGES[next];
                    image = next;
                    changeTime[i] = change;
                    changeFrame[i] = Math.round((change - first) * RATE_HZ);
                    boolean respond = !c.passive() && (isCatch ? rng.nextDouble() < c.falseAlarmProbability()
                            : rng.nextDouble() < (engaged || c.hitProbability() == 1 ? c.hitProbability() : c.hitProbability() / 3));
                    if (auto) {
                        rewards.add(new double[] {change, AUTO_VOLUME, 1});
                        rewardTime[i] = change;
                        rewardVolume[i] = AUTO_VOLUME;
                        if (!c.passive()) bout(trialLicks, change + 0.3 + 0.3 * rng.nextDouble(), rng);
                    } else if (respond) {
                        double lick = change + 0.2 + 0.5 * rng.nextDouble();
                        bout(trialLicks, lick, rng);
                        responseTime[i] = lick;
                        responseLatency[i] = lick - change;
                        if (isCatch) {
                            falseAlarm[i] = true;
                        } else {
                            hit[i] = true;
                            rewardTime[i] = lick + 0.005;
                            rewardVolume[i] = EARNED_VOLUME;
                            rewards.add(new double[] {rewardTime[i], EARNED_VOLUME, 0});
                        }
                    } else {
                        if (isCatch) correctReject[i] = true; else miss[i] = true;
                        if (!c.passive() && rng.nextDouble() < 0.3) bout(trialLicks, change + 0.9 + rng.nextDouble(), rng); // late licks
                    }
                    if (go[i] && nanLeft > 0 && i >= 11) { // a change time the file lost
                        changeTime[i] = Double.NaN;
                        nanLeft--;
                    }
                    trialEnd = Math.max(change + 3 * FLASH, trialLicks.isEmpty() ? 0 : trialLicks.get(trialLicks.size() - 1) + 0.1);
                }
                allLicks.addAll(trialLicks);
                lickEnds[i] = allLicks.size();
                // trials tile the session: a trial ends where the next begins (AllenSDK's _get_trial_bounds)
                t = Math.ceil(trialEnd * RATE_HZ) / RATE_HZ;
                stop[i] = t;
            }
            end = t;
            licks = allLicks.stream().mapToDouble(Double::doubleValue).toArray();
            rewardTimes = rewards.stream().mapToDouble(r -> r[0]).toArray();
            rewardVolumes = rewards.stream().mapToDouble(r -> r[1]).toArray();
            rewardAuto = new boolean[rewards.size()];
            for (int i = 0; i < rewardAuto.length; i++) rewardAuto[i] = rewards.get(i)[2] == 1;
        }

        static Task generate(Config c, double first) {
            return new Task(c.trials(), first, c);
        }

        private static void bout(List<Double> licks, double first, SplittableRandom rng) {
            int n = 1 + rng.nextInt(6);
            double t = first;
            for (int k = 0; k < n; k++) {
                licks.add(t);
                t += 0.07 + 0.08 * rng.nextDouble();
            }
        }

        /** The 60 Hz frame clock from 0 to the end of the last trial, with the jitter of a real display. */
        double[] clock() {
            int n = samples();
            double[] t = new double[n];
            SplittableRandom rng = new SplittableRandom(n);
            for (int i = 0; i < n; i++) t[i] = i / RATE_HZ + 0.0002 * rng.nextDouble();
            return t;
        }

        int samples() {
            return (int) Math.ceil(end * RATE_HZ) + 1;
        }
    }
}
