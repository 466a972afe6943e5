package org.ragtime.engine.stats;

import org.ragtime.engine.SpikeTrains;

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
        int rows = nc * nu;
        long[] outUnit = new long[rows];
        long[] outCond = new long[rows];
        long[] sum = new long[rows];
        int[] outN = new int[rows];
        double[] mean = new double[rows];
        double[] std = new double[rows];
        double[] sem = new double[rows];
        long[] lo = new long[np];
        long[] hi = new long[np];
        for (int ui = 0; ui < nu; ui++) {
            int u = byId[ui];
            PresentationIntervals.ranges(trains, u, starts, stops, lo, hi);
            for (int c = 0; c < nc; c++) {
                int r = c * nu + ui;
                outUnit[r] = unitIds[u];
                outCond[r] = distinct[c];
                outN[r] = n[c];
            }
            // pass 1: sums (exact for counts) and means
            double[] s = new double[nc];
            for (int p = 0; p < np; p++) {
                if (condOf[p] >= 0) {
                    long count = hi[p] - lo[p];
                    sum[condOf[p] * nu + ui] += count;
                    s[condOf[p]] += rates ? count / (stops[p] - starts[p]) : count;
                }
            }
            for (int c = 0; c < nc; c++) {
                mean[c * nu + ui] = rates ? s[c] / n[c] : (double) sum[c * nu + ui] / n[c];
            }
            // pass 2: sum of squared deviations from the mean
            double[] ss = new double[nc];
            for (int p = 0; p < np; p++) {
                if (condOf[p] >= 0) {
                    long count = hi[p] - lo[p];
                    double x = rates ? count / (stops[p] - starts[p]) : count;
                    double d = x - mean[condOf[p] * nu + ui];
                    ss[condOf[p]] += d * d;
                }
            }
            for (int c = 0; c < nc; c++) {
                int r = c * nu + ui;
                std[r] = n[c] > 1 ? Math.sqrt(ss[c] / (n[c] - 1)) : Double.NaN;
                sem[r] = n[c] > 1 ? std[r] / Math.sqrt(n[c]) : Double.NaN;
            }
        }
        return new ConditionStatistics(outUnit, outCond, sum, outN, mean, std, sem);
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
