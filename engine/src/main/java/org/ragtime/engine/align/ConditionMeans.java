package org.ragtime.engine.align;

import static org.ragtime.engine.align.Traces.VALUE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Mean event-triggered response per ROI and stimulus condition (an image name, change vs non-change,
 * omitted, ...), skipping NaN as xarray's {@code mean} does: for every (roi, condition, sample) the mean
 * over the condition's events whose value there is not NaN, and how many such events there were. Events
 * are summed in input order.
 */
public final class ConditionMeans {
    /** Layout of one count: int32, native order. */
    public static final ValueLayout.OfInt COUNT = ValueLayout.JAVA_INT_UNALIGNED;

    private ConditionMeans() {
    }

    /**
     * @param responses  (rois, events, samples) float64, as {@link EventTriggeredResponse#compute} writes
     * @param condition  per event its condition in {@code [0, conditions)}, or -1 to leave the event out
     * @param means      out: (rois, conditions, samples) float64; NaN where no event counted
     * @param counts     out: (rois, conditions, samples) int32, the number of events averaged
     */
    public static void compute(MemorySegment responses, int rois, int samples, int[] condition, int conditions,
                               MemorySegment means, MemorySegment counts) {
        int events = condition.length;
        long cells = (long) rois * conditions * samples;
        if (responses.byteSize() < (long) rois * events * samples * Double.BYTES
                || means.byteSize() < cells * Double.BYTES || counts.byteSize() < cells * Integer.BYTES) {
            throw new IllegalArgumentException("segments too small for " + rois + " rois, " + events + " events, "
                    + conditions + " conditions, " + samples + " samples");
        }
        for (int k : condition) {
            if (k < -1 || k >= conditions) {
                throw new IllegalArgumentException("condition " + k + " outside [-1, " + conditions + ")");
            }
        }
        double[] sum = new double[conditions * samples];
        int[] n = new int[conditions * samples];
        for (int c = 0; c < rois; c++) {
            java.util.Arrays.fill(sum, 0);
            java.util.Arrays.fill(n, 0);
            for (int e = 0; e < events; e++) {
                int k = condition[e];
                if (k < 0) {
                    continue;
                }
                long o = ((long) c * events + e) * samples;
                for (int s = 0; s < samples; s++) {
                    double v = responses.getAtIndex(VALUE, o + s);
                    if (!Double.isNaN(v)) {
                        sum[k * samples + s] += v;
                        n[k * samples + s]++;
                    }
                }
            }
            long o = (long) c * conditions * samples;
            for (int i = 0; i < sum.length; i++) {
                means.setAtIndex(VALUE, o + i, n[i] == 0 ? Double.NaN : sum[i] / n[i]);
                counts.setAtIndex(COUNT, o + i, n[i]);
            }
        }
    }
}
