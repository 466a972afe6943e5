package org.ragtime.io.behavior;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ragtime.engine.behavior.Performance;
import org.ragtime.engine.table.Column;
import org.ragtime.engine.table.DoubleColumn;
import org.ragtime.engine.table.LongColumn;
import org.ragtime.engine.table.Table;
import org.ragtime.io.LabelledTable;
import org.ragtime.io.Note;
import org.ragtime.io.NumericArray;
import org.ragtime.io.NwbException;
import org.ragtime.io.Session;

/**
 * A Visual Behavior session (2-photon or Neuropixels, or behaviour only) as AllenSDK's {@code BehaviorSession}
 * reads it from the NWB layout AllenSDK writes: {@link #trials()}, {@link #licks()}, {@link #rewards()},
 * {@link #runningSpeed()}, {@link #rawRunningSpeed()}, {@link #eyeTracking()}, and the performance analyses with
 * AllenSDK's names and numbers: {@link #rewardRate()} ({@code get_reward_rate()}), {@link #rollingPerformance()}
 * ({@code get_rolling_performance_df()}) and {@link #performanceMetrics()} ({@code get_performance_metrics()}).
 * The formulas and their quirks are listed in docs/behavior.md with their AllenSDK sources.
 *
 * <pre>{@code
 * try (BehaviorSession s = BehaviorSession.open(Path.of("data/nwb/generated/allensdk_style_behavior_session.nwb"))) {
 *     LabelledTable m = s.performanceMetrics();          // one row, get_performance_metrics()'s keys as columns
 *     double dprime = m.table().column("mean_dprime").doubleValue(0);
 *     LabelledTable rolling = s.rollingPerformance();    // trials_id, reward_rate, hit_rate_raw, ...
 * }
 * }</pre>
 *
 * Tables hold numbers as int64 or float64 columns; booleans ({@code auto_rewarded}, {@code likely_blink}) as 0/1.
 */
public final class BehaviorSession implements AutoCloseable {
    /** AllenSDK's {@code BehaviorTaskParameters} lab metadata: the response window is read from here. */
    public static final String RESPONSE_WINDOW = "/general/task_parameters/response_window_sec";
    /** {@code get_performance_metrics(engaged_trial_reward_rate_threshold=2.0)}. */
    public static final double ENGAGED_REWARD_RATE = 2.0;

    private final Session session;
    private final boolean ownsSession;
    private Trials trials;
    private Performance.Rolling rolling;

    private BehaviorSession(Session session, boolean ownsSession) {
        this.session = session;
        this.ownsSession = ownsSession;
    }

    /** Opens an NWB file; closing the behaviour session closes the file. */
    public static BehaviorSession open(Path file) {
        return new BehaviorSession(Session.open(file), true);
    }

    /** A view over an open session; closing this leaves the session open. */
    public static BehaviorSession of(Session session) {
        return new BehaviorSession(session, false);
    }

    /** The underlying reader. */
    public Session session() {
        return session;
    }

    /** {@code trials}: every column (ragged {@code lick_times} included); refuses a table without AllenSDK's columns. */
    public Trials trials() {
        if (trials == null) {
            if (!session.exists(Trials.PATH)) {
                throw new NwbException(session.file(), Trials.PATH, "no trials table (a Visual Behavior session has one)");
            }
            trials = new Trials(session.file(), session.table(Trials.PATH));
        }
        return trials;
    }

    /**
     * {@code response_window_sec[0]} of the task parameters ({@code Trials._response_window_start}): licks count as
     * responses from this long after the change. Stored as text by AllenSDK's extension; numbers are accepted too.
     */
    public double responseWindowStart() {
        Optional<String[]> text = session.stringValues(RESPONSE_WINDOW);
        if (text.isPresent() && text.get().length >= 1) {
            try {
                return Double.parseDouble(text.get()[0].strip());
            } catch (NumberFormatException e) {
                throw new NwbException(session.file(), RESPONSE_WINDOW, "not a number: '" + text.get()[0] + "'");
            }
        }
        if (session.exists(RESPONSE_WINDOW)) {
            NumericArray a = session.array(RESPONSE_WINDOW);
            if (a.length() >= 1) return a.getDouble(0);
        }
        throw new NwbException(session.file(), RESPONSE_WINDOW,
                "missing: AllenSDK reads the response window start of the reward rate from the task parameters");
    }

    /** {@code licks}: columns {@code timestamps, frame} from {@code /processing/licking/licks}; no rows when absent. */
    public LabelledTable licks() {
        String p = "/processing/licking/licks";
        double[] t = new double[0];
        long[] frame = new long[0];
        if (session.exists(p)) {
            t = series(p, "timestamps");
            frame = session.array(p + "/data").toLongArray();
            requireLength(p + "/data", frame.length, t.length);
        }
        return table(p, List.of(DoubleColumn.of("timestamps", t), LongColumn.of("frame", frame)));
    }

    /**
     * {@code rewards}: columns {@code volume, timestamps, auto_rewarded} from {@code /processing/rewards}
     * ({@code volume} and {@code autorewarded} series); no rows when absent.
     */
    public LabelledTable rewards() {
        String p = "/processing/rewards";
        double[] volume = new double[0], t = new double[0];
        long[] auto = new long[0];
        if (session.exists(p)) {
            t = series(p + "/autorewarded", "timestamps");
            NumericArray a = session.array(p + "/autorewarded/data");
            auto = a.toLongArray();
            volume = series(p + "/volume", "data");
            requireLength(p + "/autorewarded/data", auto.length, t.length);
            requireLength(p + "/volume/data", volume.length, t.length);
        }
        return table(p, List.of(DoubleColumn.of("volume", volume), DoubleColumn.of("timestamps", t),
                LongColumn.of("auto_rewarded", auto)));
    }

    /** {@code running_speed}: columns {@code timestamps, speed} (cm/s) from {@code /processing/running/speed}. */
    public LabelledTable runningSpeed() {
        return speed("/processing/running/speed");
    }

    /** {@code raw_running_speed}: as {@link #runningSpeed()}, from {@code /processing/running/speed_unfiltered}. */
    public LabelledTable rawRunningSpeed() {
        return speed("/processing/running/speed_unfiltered");
    }

    private LabelledTable speed(String p) {
        if (!session.exists(p)) throw new NwbException(session.file(), p, "missing: no running speed series");
        double[] t = series(p, "timestamps"), v = series(p, "data");
        requireLength(p + "/data", v.length, t.length);
        return table(p, List.of(DoubleColumn.of("timestamps", t), DoubleColumn.of("speed", v)));
    }

    /**
     * {@code eye_tracking} ({@code EyeTrackingTable.from_nwb}, z threshold 3, 2 dilation frames), or empty when the
     * file has no {@code /acquisition/EyeTracking}. Columns as AllenSDK builds them; {@code likely_blink} recomputed
     * and the area, width, height and phi of frames likely in a blink set to NaN (docs/behavior.md).
     */
    public Optional<LabelledTable> eyeTracking() {
        return EyeTracking.read(session);
    }

    /** {@code get_reward_rate()}: rewards per minute, one per trial (NaN for the first 10 trials). */
    public double[] rewardRate() {
        return rolling().rewardRate().clone();
    }

    /**
     * {@code get_rolling_performance_df()}: columns {@code trials_id, reward_rate, hit_rate_raw, hit_rate,
     * false_alarm_rate_raw, false_alarm_rate, rolling_dprime}, one row per trial (rates NaN on aborted trials).
     */
    public LabelledTable rollingPerformance() {
        Performance.Rolling r = rolling();
        return table(Trials.PATH, List.of(LongColumn.of("trials_id", trials().ids()),
                DoubleColumn.of("reward_rate", r.rewardRate()), DoubleColumn.of("hit_rate_raw", r.hitRateRaw()),
                DoubleColumn.of("hit_rate", r.hitRate()), DoubleColumn.of("false_alarm_rate_raw", r.falseAlarmRateRaw()),
                DoubleColumn.of("false_alarm_rate", r.falseAlarmRate()), DoubleColumn.of("rolling_dprime", r.rollingDprime())));
    }

    /** {@code get_performance_metrics()} with the engaged threshold of 2 rewards per minute. */
    public LabelledTable performanceMetrics() {
        return performanceMetrics(ENGAGED_REWARD_RATE);
    }

    /**
     * {@code get_performance_metrics(engaged_trial_reward_rate_threshold)}: one row whose columns are the
     * dictionary's keys in its order; counts are int64, the rest float64 (NaN where pandas gives NaN).
     */
    public LabelledTable performanceMetrics(double engagedRewardRate) {
        Trials t = trials();
        Performance.Rolling r = rolling();
        LabelledTable rewards = rewards();
        double volume = 0;
        DoubleColumn v = (DoubleColumn) rewards.table().column("volume");
        for (int i = 0; i < v.size(); i++) volume += v.get(i);
        boolean[] engaged = new boolean[t.size()];
        long engagedCount = 0;
        for (int i = 0; i < engaged.length; i++) {
            engaged[i] = r.rewardRate()[i] > engagedRewardRate;
            if (engaged[i]) engagedCount++;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trial_count", (long) t.size());
        m.put("go_trial_count", count(t.goRef()));
        m.put("catch_trial_count", count(t.catchRef()));
        m.put("hit_trial_count", count(t.hitRef()));
        m.put("miss_trial_count", count(t.missRef()));
        m.put("false_alarm_trial_count", count(t.falseAlarmRef()));
        m.put("correct_reject_trial_count", count(t.correctRejectRef()));
        m.put("auto_reward_count", count(t.autoRewardedRef()));
        m.put("earned_reward_count", count(t.hitRef()));
        m.put("total_reward_count", (long) rewards.table().rowCount());
        m.put("total_reward_volume", volume);
        m.put("maximum_reward_rate", max(r.rewardRate(), null));
        m.put("engaged_trial_count", engagedCount);
        m.put("mean_hit_rate", mean(r.hitRate(), null));
        m.put("mean_hit_rate_uncorrected", mean(r.hitRateRaw(), null));
        m.put("mean_hit_rate_engaged", mean(r.hitRate(), engaged));
        m.put("mean_false_alarm_rate", mean(r.falseAlarmRate(), null));
        m.put("mean_false_alarm_rate_uncorrected", mean(r.falseAlarmRateRaw(), null));
        m.put("mean_false_alarm_rate_engaged", mean(r.falseAlarmRate(), engaged));
        m.put("mean_dprime", mean(r.rollingDprime(), null));
        m.put("mean_dprime_engaged", mean(r.rollingDprime(), engaged));
        m.put("max_dprime", max(r.rollingDprime(), null));
        m.put("max_dprime_engaged", max(r.rollingDprime(), engaged));
        List<Column> columns = new ArrayList<>();
        m.forEach((k, x) -> columns.add(x instanceof Long l ? LongColumn.of(k, l) : DoubleColumn.of(k, (Double) x)));
        return new LabelledTable(Table.of(Trials.PATH, columns), Map.of("engaged_trial_reward_rate_threshold", engagedRewardRate),
                List.of());
    }

    private Performance.Rolling rolling() {
        if (rolling == null) {
            Trials t = trials();
            double start = responseWindowStart();
            try {
                rolling = Performance.rolling(t.startTimeRef(), t.changeTimeRef(), t.lickTimesRef(), t.lickOffsetsRef(), start,
                        t.hitRef(), t.missRef(), t.falseAlarmRef(), t.correctRejectRef(), t.abortedRef(), t.rewardVolumeRef());
            } catch (IllegalArgumentException e) {
                throw new NwbException(session.file(), Trials.PATH, e.getMessage());
            }
        }
        return rolling;
    }

    private static long count(boolean[] b) {
        long n = 0;
        for (boolean x : b) if (x) n++;
        return n;
    }

    /** pandas {@code Series[mask].mean()}: NaN skipped, NaN when nothing is left. */
    private static double mean(double[] x, boolean[] mask) {
        double sum = 0;
        long n = 0;
        for (int i = 0; i < x.length; i++) {
            if ((mask == null || mask[i]) && !Double.isNaN(x[i])) { sum += x[i]; n++; }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** pandas {@code Series[mask].max()} and {@code np.nanmax}: NaN skipped, NaN when nothing is left. */
    private static double max(double[] x, boolean[] mask) {
        double m = Double.NaN;
        for (int i = 0; i < x.length; i++) {
            if ((mask == null || mask[i]) && !Double.isNaN(x[i]) && (Double.isNaN(m) || x[i] > m)) m = x[i];
        }
        return m;
    }

    private double[] series(String path, String dataset) {
        NumericArray a = session.array(path + "/" + dataset);
        if (a.rank() != 1) {
            throw new NwbException(session.file(), path + "/" + dataset, "must be 1-D, has " + a.rank() + " dimensions");
        }
        return a.toDoubleArray();
    }

    private void requireLength(String path, long n, long expected) {
        if (n != expected) {
            throw new NwbException(session.file(), path, "has " + n + " values for " + expected + " timestamps");
        }
    }

    private static LabelledTable table(String source, List<? extends Column> columns) {
        return new LabelledTable(Table.of(source, columns), Map.of(), List.<Note>of());
    }

    @Override
    public void close() {
        if (ownsSession) session.close();
    }
}
