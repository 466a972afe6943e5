package org.ragtime.io.ecephys;

import java.util.Arrays;

/**
 * The time windows an analysis runs over: stimulus presentations (by stimulus name and/or AllenSDK presentation
 * ids, looked up in the session when the analysis runs) or any intervals the caller has (ids, starts, stops),
 * pynapple's {@code IntervalSet} with ids. Immutable.
 *
 * <pre>{@code
 * Intervals gratings = Intervals.ofStimulus("drifting_gratings");
 * Intervals some = Intervals.ofPresentations(3, 4, 5);
 * Intervals mine = Intervals.of(new long[] {0, 1}, new double[] {10, 20}, new double[] {10.5, 20.5});
 * }</pre>
 */
public final class Intervals {
    private final String stimulus;
    private final long[] ids;
    private final double[] starts;
    private final double[] stops;

    private Intervals(String stimulus, long[] ids, double[] starts, double[] stops) {
        this.stimulus = stimulus;
        this.ids = ids;
        this.starts = starts;
        this.stops = stops;
    }

    /** Every presentation of a stimulus: the rows of {@code /intervals/NAME_presentations} (the suffix may be given). */
    public static Intervals ofStimulus(String name) {
        return new Intervals(java.util.Objects.requireNonNull(name, "name"), null, null, null);
    }

    /**
     * These stimulus presentation ids, in this order (ids number all {@code /intervals/*_presentations} rows together
     * by start time, as AllenSDK does).
     */
    public static Intervals ofPresentations(long... ids) {
        return new Intervals(null, ids.clone(), null, null);
    }

    /**
     * Presentations of {@code stimulus} (null: any), restricted to {@code ids} in that order (null: all of the
     * stimulus). With neither, an analysis fails naming the stimuli the file has.
     */
    public static Intervals select(String stimulus, long[] ids) {
        return new Intervals(stimulus, ids == null ? null : ids.clone(), null, null);
    }

    /** These presentation ids, which must all be presentations of {@link #ofStimulus this stimulus}. */
    public Intervals presentations(long... ids) {
        if (starts != null) {
            throw new IllegalStateException("explicit intervals have no presentations to choose from");
        }
        return new Intervals(stimulus, ids.clone(), null, null);
    }

    /** Intervals of the caller's own: {@code [starts[i], stops[i]]} labelled {@code ids[i]} (arrays copied). */
    public static Intervals of(long[] ids, double[] starts, double[] stops) {
        if (ids.length != starts.length || ids.length != stops.length) {
            throw new IllegalArgumentException("ids, starts and stops differ in length: " + ids.length + ", " + starts.length
                    + ", " + stops.length);
        }
        return new Intervals(null, ids.clone(), starts.clone(), stops.clone());
    }

    /** The stimulus named, or null. */
    public String stimulus() {
        return stimulus;
    }

    /** The ids given (presentation ids, or the caller's interval ids), or null for every presentation of the stimulus. */
    public long[] ids() {
        return ids == null ? null : ids.clone();
    }

    /** True for intervals given with their own times (not looked up in a session). */
    public boolean isExplicit() {
        return starts != null;
    }

    double[] starts() {
        return starts;
    }

    double[] stops() {
        return stops;
    }

    @Override
    public String toString() {
        return starts != null ? "Intervals(" + ids.length + " explicit)"
                : "Intervals(" + (stimulus == null ? "" : "stimulus " + stimulus) + (ids == null ? "" : " ids " + Arrays.toString(ids)) + ")";
    }
}
