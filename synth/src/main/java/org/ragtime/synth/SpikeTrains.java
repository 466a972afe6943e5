package org.ragtime.synth;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Poisson spike trains of many units, concatenated NWB-style: one {@code times} array holding every
 * unit's sorted train in unit order, and {@code ends[u]} the exclusive end of unit u in it (the
 * hdmf {@code spike_times_index}).
 *
 * <p>Per-unit rates are lognormal, {@code exp(sigma * N(0,1))}, rescaled so their mean over the
 * units is exactly the configured mean rate; each train is a homogeneous Poisson process over
 * {@code [0, duration)} built from exponential inter-spike intervals, so it comes out sorted. Every
 * unit draws from its own generator derived from the seed (units could be generated in parallel).
 */
final class SpikeTrains {
    final double[] rates;
    final double[] times;
    final long[] ends;

    private SpikeTrains(double[] rates, double[] times, long[] ends) {
        this.rates = rates;
        this.times = times;
        this.ends = ends;
    }

    long count() {
        return ends.length == 0 ? 0 : ends[ends.length - 1];
    }

    long start(int unit) {
        return unit == 0 ? 0 : ends[unit - 1];
    }

    static SpikeTrains generate(SyntheticSession.Config c) {
        double[] rates = rates(c);
        double expected = 0;
        for (double r : rates) expected += r * c.durationSeconds();
        // Poisson total: sd = sqrt(expected); 6 sd of headroom makes regrowth rare but still handled.
        long capacity = (long) Math.ceil(expected + 6 * Math.sqrt(expected) + 16);
        if (capacity > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(String.format(
                    "about %.0f spikes expected; at most %d fit one Java array", expected, Integer.MAX_VALUE - 8));
        }
        double[] times = new double[(int) capacity];
        long[] ends = new long[c.units()];
        int n = 0;
        for (int u = 0; u < c.units(); u++) {
            SplittableRandom rng = Seeds.stream(c.seed(), Seeds.SPIKES, u);
            double rate = rates[u];
            double t = rng.nextExponential() / rate;
            while (t < c.durationSeconds()) {
                if (n == times.length) {
                    times = Arrays.copyOf(times, Math.toIntExact(Math.min(Integer.MAX_VALUE - 8L, times.length + (times.length >> 3) + 1024)));
                }
                times[n++] = t;
                t += rng.nextExponential() / rate;
            }
            ends[u] = n;
        }
        return new SpikeTrains(rates, n == times.length ? times : Arrays.copyOf(times, n), ends);
    }

    /** Lognormal rates (sigma in log space) rescaled to the configured mean. */
    static double[] rates(SyntheticSession.Config c) {
        SplittableRandom rng = Seeds.stream(c.seed(), Seeds.RATES, 0);
        double[] rates = new double[c.units()];
        double sum = 0;
        for (int u = 0; u < rates.length; u++) {
            rates[u] = Math.exp(c.lognormalSigma() * rng.nextGaussian());
            sum += rates[u];
        }
        double scale = c.meanRateHz() * rates.length / sum;
        for (int u = 0; u < rates.length; u++) rates[u] *= scale;
        return rates;
    }

    /**
     * The trains with evoked spikes added during the presentations of the tuned stimulus ({@link SyntheticSession.Tuning}):
     * per unit and parameter value a rate {@code peakHz * u^3} (u uniform, seeded), Poisson within each presentation's
     * {@code [start, stop)}, merged into the unit's sorted train.
     */
    static SpikeTrains tuned(SpikeTrains base, SyntheticSession.Config c, java.util.List<Stimuli.Table> tables,
            SyntheticSession.Tuning t) {
        Stimuli.Table table = tables.stream().filter(x -> x.name().equals(t.stimulus())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("tuned stimulus " + t.stimulus() + " is not one of " + c.stimuli()));
        int k = 0;
        while (k < table.parameters().size() && !table.parameters().get(k).column().equals(t.column())) {
            k++;
        }
        if (k == table.parameters().size()) {
            throw new IllegalArgumentException("stimulus " + t.stimulus() + " has no parameter " + t.column());
        }
        double[] values = table.parameters().get(k).values();
        double[] column = table.columns()[k];
        double[] all = new double[Math.toIntExact(base.count() + base.count() / 2 + 1024)];
        long[] ends = new long[base.ends.length];
        int n = 0;
        double[] evoked = new double[64];
        for (int u = 0; u < ends.length; u++) {
            SplittableRandom tuning = Seeds.stream(c.seed(), Seeds.TUNING, u);
            double[] rate = new double[values.length];
            for (int v = 0; v < values.length; v++) {
                double x = tuning.nextDouble();
                rate[v] = t.peakHz() * x * x * x;
            }
            SplittableRandom rng = Seeds.stream(c.seed(), Seeds.EVOKED, u);
            int m = 0;
            for (int p = 0; p < table.rows(); p++) {
                double r = rate[Arrays.binarySearch(values, column[p])];
                double s = table.start()[p] + rng.nextExponential() / r;
                while (s < table.stop()[p] && s < c.durationSeconds()) {
                    if (m == evoked.length) {
                        evoked = Arrays.copyOf(evoked, m * 2);
                    }
                    evoked[m++] = s;
                    s += rng.nextExponential() / r;
                }
            }
            int from = (int) base.start(u);
            int to = (int) base.ends[u];
            int need = n + (to - from) + m;
            if (need > all.length) {
                all = Arrays.copyOf(all, Math.max(need, all.length + (all.length >> 1)));
            }
            int i = from;
            int j = 0;
            while (i < to || j < m) { // presentations are in time order, so the evoked spikes are sorted
                all[n++] = j == m || (i < to && base.times[i] <= evoked[j]) ? base.times[i++] : evoked[j++];
            }
            ends[u] = n;
        }
        return new SpikeTrains(base.rates, Arrays.copyOf(all, n), ends);
    }
}
