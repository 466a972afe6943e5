package org.ragtime.engine.stats;

import org.ragtime.engine.SpikeTrains;

/**
 * AllenSDK's {@code presentationwise_spike_times}: every spike that falls in a selected presentation,
 * with the presentation and unit it belongs to. A spike belongs to presentation p when
 * {@code start_p < t <= stop_p} (left-open, right-closed, so a spike on a boundary shared by two abutting
 * presentations goes to the earlier one). Rows are sorted by spike time, then unit id (AllenSDK's sort is
 * unstable across units; Ragtime's order is total and reproducible).
 *
 * <p>Presentations must be in time order and not overlap (otherwise AllenSDK's result is undefined and
 * {@link org.ragtime.engine.BadInputException} is thrown). Spike trains must be sorted.
 */
public final class PresentationSpikeTimes {
    private final double[] times;
    private final int[] presentations;
    private final int[] units;
    private final double[] offsets;

    private PresentationSpikeTimes(double[] times, int[] presentations, int[] units, double[] offsets) {
        this.times = times;
        this.presentations = presentations;
        this.units = units;
        this.offsets = offsets;
    }

    /**
     * @param trains  the selected units' spike trains
     * @param unitIds the id of each unit in {@code trains} (used to order ties)
     * @param ids     presentation ids (for error messages)
     * @param starts  presentation start times, ascending
     * @param stops   presentation stop times
     */
    public static PresentationSpikeTimes compute(SpikeTrains trains, long[] unitIds, long[] ids, double[] starts, double[] stops) {
        PresentationIntervals.requireSortedDisjoint(starts, stops, ids);
        int nu = trains.unitCount();
        // per unit, the spike range of every presentation; rows land in exactly sized arrays
        int np = starts.length;
        long[][] lo = new long[nu][np];
        long[][] hi = new long[nu][np];
        int[] unitStart = new int[nu + 1];
        for (int u = 0; u < nu; u++) {
            PresentationIntervals.ranges(trains, u, starts, stops, lo[u], hi[u]);
            long rows = 0;
            for (int q = 0; q < np; q++) {
                rows += hi[u][q] - lo[u][q];
            }
            unitStart[u + 1] = Math.toIntExact(unitStart[u] + rows);
        }
        int n = unitStart[nu];
        double[] t = new double[n];
        int[] p = new int[n];
        for (int u = 0; u < nu; u++) {
            int r = unitStart[u];
            for (int q = 0; q < np; q++) {
                for (long k = lo[u][q]; k < hi[u][q]; k++, r++) {
                    t[r] = trains.time(u, k);
                    p[r] = q;
                }
            }
        }
        // k-way merge of the per-unit runs (each sorted by time) by (time, unit id)
        int[] order = mergeOrder(t, unitStart, unitIds);
        double[] times = new double[n];
        int[] pres = new int[n];
        int[] unit = new int[n];
        double[] off = new double[n];
        int[] unitOf = new int[n];
        for (int u = 0; u < nu; u++) {
            java.util.Arrays.fill(unitOf, unitStart[u], unitStart[u + 1], u);
        }
        for (int r = 0; r < n; r++) {
            int k = order[r];
            times[r] = t[k];
            pres[r] = p[k];
            unit[r] = unitOf[k];
            off[r] = t[k] - starts[p[k]];
        }
        return new PresentationSpikeTimes(times, pres, unit, off);
    }

    private static int[] mergeOrder(double[] t, int[] unitStart, long[] unitIds) {
        int nu = unitStart.length - 1;
        int[] cursor = java.util.Arrays.copyOf(unitStart, nu);
        // binary heap of unit indices keyed by (current time, unit id)
        int[] heap = new int[nu];
        int size = 0;
        for (int u = 0; u < nu; u++) {
            if (cursor[u] < unitStart[u + 1]) {
                heap[size++] = u;
                up(heap, size - 1, cursor, t, unitIds);
            }
        }
        int[] order = new int[t.length];
        for (int r = 0; r < order.length; r++) {
            int u = heap[0];
            order[r] = cursor[u]++;
            if (cursor[u] == unitStart[u + 1]) {
                heap[0] = heap[--size];
            }
            down(heap, size, cursor, t, unitIds);
        }
        return order;
    }

    private static boolean less(int a, int b, int[] cursor, double[] t, long[] ids) {
        double ta = t[cursor[a]];
        double tb = t[cursor[b]];
        return ta < tb || (ta == tb && (ids[a] < ids[b] || (ids[a] == ids[b] && a < b)));
    }

    private static void up(int[] h, int i, int[] c, double[] t, long[] ids) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(h[i], h[parent], c, t, ids)) {
                return;
            }
            int x = h[i];
            h[i] = h[parent];
            h[parent] = x;
            i = parent;
        }
    }

    private static void down(int[] h, int size, int[] c, double[] t, long[] ids) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                return;
            }
            int m = l + 1 < size && less(h[l + 1], h[l], c, t, ids) ? l + 1 : l;
            if (!less(h[m], h[i], c, t, ids)) {
                return;
            }
            int x = h[i];
            h[i] = h[m];
            h[m] = x;
            i = m;
        }
    }

    /** Number of rows. */
    public int size() {
        return times.length;
    }

    /** Spike time of row r. */
    public double spikeTime(int r) {
        return times[r];
    }

    /** Position (in the selection) of row r's presentation. */
    public int presentation(int r) {
        return presentations[r];
    }

    /** Position (in the selection) of row r's unit. */
    public int unit(int r) {
        return units[r];
    }

    /** {@code spike_time - start_time} of the row's presentation. */
    public double timeSinceOnset(int r) {
        return offsets[r];
    }
}
