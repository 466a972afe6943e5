package org.ragtime.engine.internal;

import org.ragtime.engine.PresentationTotals;

/** Prepared presentations: the times and, where it applies, their {@link TimeTable}. */
final class Intervals implements PresentationTotals.Prepared {
    final double[] starts;
    final double[] stops;
    /** Null when the fused table does not apply (non-finite times, a grid too large): the merge walk then. */
    final TimeTable table;

    private Intervals(double[] starts, double[] stops, TimeTable table) {
        this.starts = starts;
        this.stops = stops;
        this.table = table;
    }

    static Intervals of(double[] starts, double[] stops) {
        if (starts.length != stops.length) {
            throw new IllegalArgumentException("starts and stops differ in length");
        }
        for (int p = 0; p < starts.length; p++) {
            if (!(starts[p] <= stops[p]) || (p > 0 && !(stops[p - 1] <= starts[p]))) {
                throw new IllegalArgumentException("presentation " + p + " is out of order or overlaps the previous one");
            }
        }
        double[] s = starts.clone();
        double[] e = stops.clone();
        return new Intervals(s, e, TimeTable.forIntervals(s, e));
    }

    static Intervals cast(PresentationTotals.Prepared p) {
        if (p instanceof Intervals i) {
            return i;
        }
        throw new IllegalArgumentException("presentations not prepared by a Ragtime backend: " + p);
    }

    @Override
    public int presentationCount() {
        return starts.length;
    }
}
