package org.ragtime.engine.behavior;

import java.util.Arrays;

/**
 * AllenSDK's Visual Behavior performance formulas over plain arrays, reproduced as AllenSDK computes them
 * (docs/behavior.md cites each): response latency and the rolling reward rate
 * ({@code data_objects/trials/trials.py}, {@code Trials.calculate_reward_rate}), the rolling hit and false-alarm
 * rates with and without the trial-count correction and the clipped rolling d-prime ({@code behavior/dprime.py}),
 * and the rolling table of {@code Trials.rolling_performance}. Pure: no file, no state.
 *
 * <pre>{@code
 * Performance.Rolling r = Performance.rolling(startTime, changeTime, lickTimes, lickOffsets, 0.15,
 *         go, hit, miss, falseAlarm, correctReject, aborted, rewardVolume);
 * double d = r.rollingDprime()[0];   // NaN on aborted trials, as in get_rolling_performance_df()
 * }</pre>
 */
public final class Performance {
    /** {@code dprime.SLIDING_WINDOW}: trials in the rolling hit/false-alarm window, also the clipping limits 1/100. */
    public static final int SLIDING_WINDOW = 100;
    /** {@code calculate_reward_rate(window=0.75)}: response latency below which a trial counts as rewarded (s). */
    public static final double REWARD_LATENCY_WINDOW = 0.75;
    /** {@code calculate_reward_rate(trial_window=25)}: trials each side of the current one. */
    public static final int REWARD_TRIAL_WINDOW = 25;
    /** {@code calculate_reward_rate(initial_trials=10)}: leading trials whose reward rate is NaN. */
    public static final int REWARD_INITIAL_TRIALS = 10;

    private Performance() {
    }

    /**
     * {@code Trials._calculate_response_latency_list}: per trial, the first lick (in stored order) whose time
     * minus the change time exceeds {@code responseWindowStart}, minus the change time; +inf when there is none
     * (also when the change time is NaN).
     *
     * @param lickTimes   every trial's lick times, flattened
     * @param lickOffsets trial i's licks are {@code lickTimes[lickOffsets[i] .. lickOffsets[i + 1])}
     */
    public static double[] responseLatency(double[] changeTime, double[] lickTimes, long[] lickOffsets,
                                           double responseWindowStart) {
        int n = changeTime.length;
        requireOffsets(lickOffsets, n, lickTimes.length);
        double[] latency = new double[n];
        for (int i = 0; i < n; i++) {
            latency[i] = Double.POSITIVE_INFINITY;
            for (int k = (int) lickOffsets[i]; k < (int) lickOffsets[i + 1]; k++) {
                if (lickTimes[k] - changeTime[i] > responseWindowStart) {
                    latency[i] = lickTimes[k] - changeTime[i];
                    break;
                }
            }
        }
        return latency;
    }

    /**
     * {@code Trials.calculate_reward_rate(window=0.75, trial_window=25, initial_trials=10)}: for trial t from the
     * 10th on, the trials {@code [max(0, t-25), min(t+25, n))} (a window centred on t, although the docstring says
     * "previous 25"), the count of latencies below 0.75 s divided by the start-time span of that window, times 60;
     * the first 10 trials and every infinite rate (a zero span) become NaN.
     */
    public static double[] rewardRate(double[] responseLatency, double[] startTime) {
        int n = startTime.length;
        if (responseLatency.length != n) {
            throw new IllegalArgumentException("latencies " + responseLatency.length + " for " + n + " trials");
        }
        double[] rate = new double[n];
        Arrays.fill(rate, 0, Math.min(REWARD_INITIAL_TRIALS, n), Double.NaN);
        for (int t = REWARD_INITIAL_TRIALS; t < n; t++) {
            int lo = Math.max(0, t - REWARD_TRIAL_WINDOW);
            int hi = Math.min(t + REWARD_TRIAL_WINDOW, n);
            int correct = 0;
            for (int k = lo; k < hi; k++) {
                if (responseLatency[k] < REWARD_LATENCY_WINDOW) correct++;
            }
            double elapsed = startTime[hi - 1] - startTime[lo];
            double r = correct / elapsed * 60;
            rate[t] = Double.isInfinite(r) ? Double.NaN : r;
        }
        return rate;
    }

    /**
     * {@code dprime.get_go_responses} / {@code get_catch_responses}: over the non-aborted trials only, NaN by
     * default, 1 where {@code one}, then 0 where {@code zero} (so 0 wins where both are set).
     */
    public static double[] responses(boolean[] one, boolean[] zero, boolean[] aborted) {
        int n = aborted.length;
        if (one.length != n || zero.length != n) throw new IllegalArgumentException("columns of different lengths");
        int kept = 0;
        for (boolean a : aborted) if (!a) kept++;
        double[] r = new double[kept];
        for (int i = 0, j = 0; i < n; i++) {
            if (aborted[i]) continue;
            r[j++] = zero[i] ? 0 : one[i] ? 1 : Double.NaN;
        }
        return r;
    }

    /**
     * pandas {@code Series.rolling(window, min_periods=0).mean()}: the mean of the non-NaN values among the last
     * {@code window} (the current one included), NaN when there are none.
     */
    public static double[] rollingMean(double[] x, int window) {
        double[] out = new double[x.length];
        double sum = 0;
        int count = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i])) { sum += x[i]; count++; }
            int drop = i - window;
            if (drop >= 0 && !Double.isNaN(x[drop])) { sum -= x[drop]; count--; }
            out[i] = count == 0 ? Double.NaN : sum / count;
        }
        return out;
    }

    /** pandas {@code Series.rolling(window, min_periods=0).count()}: non-NaN values among the last {@code window}. */
    public static double[] rollingCount(double[] x, int window) {
        double[] out = new double[x.length];
        int count = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i])) count++;
            int drop = i - window;
            if (drop >= 0 && !Double.isNaN(x[drop])) count--;
            out[i] = count;
        }
        return out;
    }

    /**
     * {@code dprime.trial_number_limit}: NaN when {@code n == 0}; else the rate held within
     * {@code [1/(2n), 1 - 1/(2n)]} (NaN stays NaN).
     */
    public static double trialNumberLimit(double p, double n) {
        if (n == 0) return Double.NaN;
        if (!Double.isNaN(p)) {
            p = Math.max(p, 1.0 / (2 * n));
            p = Math.min(p, 1 - 1.0 / (2 * n));
        }
        return p;
    }

    /**
     * {@code dprime.get_dprime}: both rates clipped to {@code [1/100, 1 - 1/100]}, then
     * {@code norm.ppf(hit) - norm.ppf(fa)}; NaN in, NaN out.
     */
    public static double dprime(double hitRate, double falseAlarmRate) {
        double lo = 1.0 / SLIDING_WINDOW, hi = 1 - 1.0 / SLIDING_WINDOW;
        return NormalQuantile.ppf(clip(hitRate, lo, hi)) - NormalQuantile.ppf(clip(falseAlarmRate, lo, hi));
    }

    private static double clip(double x, double lo, double hi) {
        return Double.isNaN(x) ? x : Math.min(Math.max(x, lo), hi);
    }

    /**
     * {@code Trials.rolling_performance} ({@code get_rolling_performance_df()}): one value per trial; the rate
     * columns are computed over the non-aborted trials and are NaN on aborted ones.
     */
    public record Rolling(double[] rewardRate, double[] hitRateRaw, double[] hitRate, double[] falseAlarmRateRaw,
                          double[] falseAlarmRate, double[] rollingDprime) {
        /** Number of trials. */
        public int size() {
            return rewardRate.length;
        }
    }

    /**
     * The whole rolling table. A passive session (every {@code reward_volume == 0} and no trial with a lick) gets a
     * d-prime of 0 on every non-aborted trial, as AllenSDK sets it.
     *
     * @throws IllegalArgumentException when there are no trials or every trial is aborted: AllenSDK's {@code np.vectorize} over the
     *                                  empty non-aborted rates raises there, so there is no table to reproduce
     */
    public static Rolling rolling(double[] startTime, double[] changeTime, double[] lickTimes, long[] lickOffsets,
                                  double responseWindowStart, boolean[] hit, boolean[] miss, boolean[] falseAlarm,
                                  boolean[] correctReject, boolean[] aborted, double[] rewardVolume) {
        int n = startTime.length;
        double[] rewardRate = rewardRate(responseLatency(changeTime, lickTimes, lickOffsets, responseWindowStart), startTime);
        double[] go = responses(hit, miss, aborted);
        double[] fa = responses(falseAlarm, correctReject, aborted);
        if (n == 0) {
            throw new IllegalArgumentException("no trials: AllenSDK's get_rolling_performance_df raises on an empty table");
        }
        if (go.length == 0) {
            throw new IllegalArgumentException("every trial is aborted: AllenSDK's get_rolling_performance_df raises on"
                    + " this (np.vectorize of no non-aborted trials)");
        }
        double[] hitRaw = rollingMean(go, SLIDING_WINDOW), goCount = rollingCount(go, SLIDING_WINDOW);
        double[] faRaw = rollingMean(fa, SLIDING_WINDOW), faCount = rollingCount(fa, SLIDING_WINDOW);
        double[] hitCorrected = new double[go.length], faCorrected = new double[go.length], d = new double[go.length];
        boolean passive = true;
        for (int i = 0; i < n && passive; i++) {
            passive = rewardVolume[i] == 0 && lickOffsets[i + 1] == lickOffsets[i];
        }
        for (int j = 0; j < go.length; j++) {
            hitCorrected[j] = trialNumberLimit(hitRaw[j], goCount[j]);
            faCorrected[j] = trialNumberLimit(faRaw[j], faCount[j]);
            d[j] = passive ? 0 : dprime(hitCorrected[j], faCorrected[j]);
        }
        return new Rolling(rewardRate, spread(hitRaw, aborted), spread(hitCorrected, aborted), spread(faRaw, aborted),
                spread(faCorrected, aborted), spread(d, aborted));
    }

    /** Values of the non-aborted trials placed back on every trial, NaN on aborted ones (pandas' index alignment). */
    private static double[] spread(double[] kept, boolean[] aborted) {
        double[] out = new double[aborted.length];
        for (int i = 0, j = 0; i < aborted.length; i++) out[i] = aborted[i] ? Double.NaN : kept[j++];
        return out;
    }

    private static void requireOffsets(long[] offsets, int rows, int length) {
        if (offsets.length != rows + 1 || offsets[0] != 0 || offsets[rows] != length) {
            throw new IllegalArgumentException("lick offsets do not match " + rows + " trials and " + length + " licks");
        }
    }
}
