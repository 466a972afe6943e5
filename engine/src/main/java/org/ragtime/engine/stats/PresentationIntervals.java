package org.ragtime.engine.stats;

import java.util.Locale;
import org.ragtime.engine.BadInputException;
import org.ragtime.engine.SpikeTrains;

/**
 * Checks shared by the (start, stop] analyses: AllenSDK assigns each spike to at most one presentation by a
 * binary search over the interleaved boundaries {@code [start0, stop0, start1, stop1, ...]}, which is only
 * defined when those boundaries are sorted. Where AllenSDK's answer would be undefined (presentations out of
 * order or overlapping) Ragtime refuses the input instead.
 */
final class PresentationIntervals {
    private PresentationIntervals() {
    }

    static void requireSortedDisjoint(double[] starts, double[] stops, long[] ids) {
        if (starts.length != stops.length) {
            throw new IllegalArgumentException("starts and stops differ in length");
        }
        double prevStop = Double.NEGATIVE_INFINITY;
        for (int p = 0; p < starts.length; p++) {
            if (!(starts[p] <= stops[p])) {
                throw new BadInputException(String.format(Locale.ROOT,
                        "stimulus presentation %d: start_time %s is not before stop_time %s", ids[p], starts[p], stops[p]));
            }
            if (!(prevStop <= starts[p])) {
                throw new BadInputException(String.format(Locale.ROOT,
                        "stimulus presentation %d starts at %s, before the previous selected presentation (id %d) stops at %s:"
                                + " presentation-wise spike times need presentations in time order and not overlapping"
                                + " (AllenSDK's result is undefined there)", ids[p], starts[p], ids[p - 1], prevStop));
            }
            prevStop = stops[p];
        }
    }

    /**
     * For unit u, the spikes of each presentation under {@code start < t <= stop}: element indices (within
     * the unit) {@code [lo[p], hi[p])}. A merge walk over the sorted spikes and the sorted, disjoint
     * presentations, so a unit costs O(spikes + presentations).
     */
    static void ranges(SpikeTrains trains, int u, double[] starts, double[] stops, long[] lo, long[] hi) {
        long n = trains.count(u);
        long k = 0;
        for (int p = 0; p < starts.length; p++) {
            while (k < n && trains.time(u, k) <= starts[p]) {
                k++;
            }
            lo[p] = k;
            while (k < n && trains.time(u, k) <= stops[p]) {
                k++;
            }
            hi[p] = k;
        }
    }
}
