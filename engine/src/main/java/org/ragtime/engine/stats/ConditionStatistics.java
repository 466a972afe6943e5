package org.ragtime.engine.stats;

import org.ragtime.engine.KernelProvider;
import org.ragtime.engine.PresentationTotals;
import org.ragtime.engine.SpikeTrains;
import org.ragtime.engine.internal.Parallel;

/**
 * AllenSDK's {@code conditionwise_spike_statistics}: per (stimulus condition, unit), the spike counts (or
 * rates, count / duration) of the unit in each selected presentation of that condition, summarised as sum,
 * n, mean, sample standard deviation (ddof 1) and standard error (std / sqrt(n)); std and sem are NaN when
 * n = 1. Counting uses the presentation-wise spike-time rule {@code start < t <= stop}. Presentations
 * whose condition is missing (masked invalid presentations, condition id {@code -1}) do not contribute.
 * Rows are ordered by condition id, then unit id (AllenSDK's group order).
 */
public final class ConditionStatistics {
    private final long[] unitIds;
    private final long[] conditionIds;
    private final long[] spikeCounts;
    private final int[] presentationCounts;
    private final double[] means;
    private final double[] stds;
    private final double[] sems;

    private ConditionStatistics(long[] unitIds, long[] conditionIds, long[] spikeCounts, int[] presentationCounts,
            double[] means, double[] stds, double[] sems) {
        this.unitIds = unitIds;
        this.conditionIds = conditionIds;
        this.spikeCounts = spikeCounts;
        this.presentationCounts = presentationCounts;
        this.means = means;
        this.stds = stds;
        this.sems = sems;
    }

    /**
     * @param trains     the selected units' spike trains
     * @param unitIds    their ids
     * @param ids        the selected presentation ids (for error messages)
     * @param starts     presentation start times, in time order, not overlapping
     * @param stops      presentation stop times
     * @param conditions stimulus condition id of each presentation, {@code -1} when masked
     * @param rates      summarise count / (stop - start) instead of counts
     */
    public static ConditionStatistics compute(SpikeTrains trains, long[] unitIds, long[] ids, double[] starts,
            double[] stops, long[] conditions, boolean rates) {
        return compute(trains, unitIds, ids, starts, stops, conditions, rates, KernelProvider.get(),
                KernelProvider.defaultThreads());
    }

    /**
     * As {@link #compute(SpikeTrains, long[], long[], double[], double[], long[], boolean)}, with the backend
     * whose {@link PresentationTotals} counts the spikes (each unit's spikes read once, the statistics taken
     * from its per-presentation totals straight away) and the worker threads; the result depends on neither.
     */
    public static ConditionStatistics compute(SpikeTrains trains, long[] unitIds, long[] ids, double[] starts,
            double[] stops, long[] conditions, boolean rates, KernelProvider kernels, int threads) {
        PresentationIntervals.requireSortedDisjoint(starts, stops, ids);
        int nu = trains.unitCount();
        int np = starts.length;
        // distinct conditions, ascending; each presentation's position among them
        long[] distinct = java.util.Arrays.stream(conditions).filter(c -> c >= 0).distinct().sorted().toArray();
        int nc = distinct.length;
        int[] condOf = new int[np];
        int[] n = new int[nc];
        for (int p = 0; p < np; p++) {
            condOf[p] = conditions[p] < 0 ? -1 : java.util.Arrays.binarySearch(distinct, conditions[p]);
            if (condOf[p] >= 0) {
                n[condOf[p]]++;
            }
        }
        // units ordered by id within each condition
        Integer[] byId = new Integer[nu];
        for (int u = 0; u < nu; u++) {
            byId[u] = u;
        }
        java.util.Arrays.sort(byId, (a, b) -> a.equals(b) ? 0 : Long.compare(unitIds[a], unitIds[b]) != 0
                ? Long.compare(unitIds[a], unitIds[b]) : Integer.compare(a, b));
        int[] rank = new int[nu];
        for (int ui = 0; ui < nu; ui++) {
            rank[byId[ui]] = ui;
        }
        int rows = nc * nu;
        Out o = new Out(rows);
        PresentationTotals totals = kernels.presentationTotals();
        PresentationTotals.Prepared prepared = totals.prepare(starts, stops);
        // units in blocks whose totals stay in cache; each unit's rows are its own, so threads never share one
        int block = (int) Math.max(1, Math.min(256, (1L << 18) / Math.max(1, np)));
        Parallel.max(Parallel.usable(threads, trains.times()), nu, (u0, u1) -> {
            long[] counts = new long[Math.multiplyExact(Math.min(block, u1 - u0), np)];
            double[] s = new double[nc];
            double[] ss = new double[nc];
            long[] sum = new long[nc];
            double[] mean = new double[nc];
            for (int a = u0; a < u1; a += block) {
                int z = Math.min(u1, a + block);
                totals.count(trains, prepared, a, z, counts);
                for (int u = a; u < z; u++) {
                    unit(u, rank[u], (u - a) * np, counts, unitIds, distinct, n, condOf, starts, stops, rates, nu, s, ss, sum,
                            mean, o);
                }
            }
            return 0;
        });
        return new ConditionStatistics(o.unit, o.cond, o.sum, o.n, o.mean, o.std, o.sem);
    }

    private record Out(long[] unit, long[] cond, long[] sum, int[] n, double[] mean, double[] std, double[] sem) {
        Out(int rows) {
            this(new long[rows], new long[rows], new long[rows], new int[rows], new double[rows], new double[rows], new double[rows]);
        }
    }

    /**
     * The rows of unit u (position ui in id order) from its totals {@code counts[at + p]}; s, ss, sum and mean
     * are the calling thread's per-condition scratch (the rows of one condition lie a whole unit count apart,
     * so the sums gather here and are written once).
     */
    private static void unit(int u, int ui, int at, long[] counts, long[] unitIds, long[] distinct, int[] n, int[] condOf,
            double[] starts, double[] stops, boolean rates, int nu, double[] s, double[] ss, long[] sum, double[] mean, Out o) {
        int nc = distinct.length;
        int np = starts.length;
        // pass 1: sums (exact for counts) and means
        java.util.Arrays.fill(s, 0);
        java.util.Arrays.fill(sum, 0);
        for (int p = 0; p < np; p++) {
            int c = condOf[p];
            if (c >= 0) {
                long count = counts[at + p];
                sum[c] += count;
                if (rates) {
                    s[c] += count / (stops[p] - starts[p]);
                }
            }
        }
        for (int c = 0; c < nc; c++) {
            mean[c] = rates ? s[c] / n[c] : (double) sum[c] / n[c];
        }
        // pass 2: sum of squared deviations from the mean
        java.util.Arrays.fill(ss, 0);
        for (int p = 0; p < np; p++) {
            int c = condOf[p];
            if (c >= 0) {
                long count = counts[at + p];
                double x = rates ? count / (stops[p] - starts[p]) : count;
                double d = x - mean[c];
                ss[c] += d * d;
            }
        }
        for (int c = 0; c < nc; c++) {
            int r = c * nu + ui;
            o.unit[r] = unitIds[u];
            o.cond[r] = distinct[c];
            o.n[r] = n[c];
            o.sum[r] = sum[c];
            o.mean[r] = mean[c];
            o.std[r] = n[c] > 1 ? Math.sqrt(ss[c] / (n[c] - 1)) : Double.NaN;
            o.sem[r] = n[c] > 1 ? o.std[r] / Math.sqrt(n[c]) : Double.NaN;
        }
    }

    /** Number of rows (conditions x units). */
    public int size() {
        return unitIds.length;
    }

    /** Unit id of row r. */
    public long unitId(int r) {
        return unitIds[r];
    }

    /** Stimulus condition id of row r. */
    public long conditionId(int r) {
        return conditionIds[r];
    }

    /** Total spikes of row r (counts mode). */
    public long spikeCount(int r) {
        return spikeCounts[r];
    }

    /** Number of presentations of the row's condition in the selection. */
    public int presentationCount(int r) {
        return presentationCounts[r];
    }

    /** Mean count (or rate) per presentation. */
    public double mean(int r) {
        return means[r];
    }

    /** Sample standard deviation (ddof 1); NaN when n = 1. */
    public double std(int r) {
        return stds[r];
    }

    /** Standard error of the mean, std / sqrt(n); NaN when n = 1. */
    public double sem(int r) {
        return sems[r];
    }
}
