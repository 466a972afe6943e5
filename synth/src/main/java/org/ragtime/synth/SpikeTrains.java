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
}
