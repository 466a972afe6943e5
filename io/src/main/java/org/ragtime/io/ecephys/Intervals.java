package org.ragtime.io.ecephys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ragtime.engine.BadInputException;
import org.ragtime.io.DynamicTable;
import org.ragtime.io.Note;
import org.ragtime.io.NwbException;
import org.ragtime.io.Session;
import org.ragtime.io.VectorData;

/**
 * The time windows an analysis runs over: stimulus presentations (by stimulus name and/or AllenSDK presentation
 * ids, looked up in the session when the analysis runs), the rows of any {@code /intervals} table aligned to any
 * of its time columns (trials at their {@code change_time}), bare event times, or any intervals the caller has
 * (ids, starts, stops), pynapple's {@code IntervalSet} with ids. Immutable.
 *
 * <pre>{@code
 * Intervals gratings = Intervals.ofStimulus("drifting_gratings");
 * Intervals some = Intervals.ofPresentations(3, 4, 5);
 * Intervals changes = Intervals.ofTable("trials").alignTo("change_time");   // dimension trials_id
 * Intervals licks = Intervals.ofEventTimes(new double[] {12.5, 13.1});       // dimension event_id
 * Intervals mine = Intervals.of(new long[] {0, 1}, new double[] {10, 20}, new double[] {10.5, 20.5});
 * }</pre>
 */
public final class Intervals {
    private final String stimulus;
    private final long[] ids;
    private final double[] starts;
    private final double[] stops;
    private final String table;
    private final String alignTo;
    private final boolean events;

    private Intervals(String stimulus, long[] ids, double[] starts, double[] stops) {
        this(stimulus, ids, starts, stops, null, null, false);
    }

    private Intervals(String stimulus, long[] ids, double[] starts, double[] stops, String table, String alignTo, boolean events) {
        this.stimulus = stimulus;
        this.ids = ids;
        this.starts = starts;
        this.stops = stops;
        this.table = table;
        this.alignTo = alignTo;
        this.events = events;
    }

    /**
     * Every row of {@code /intervals/TABLE} (e.g. {@code trials}, {@code epochs}; a leading {@code /intervals/} may be
     * given), labelled by the table's ids, at its {@code start_time} unless {@link #alignTo} names another column.
     */
    public static Intervals ofTable(String table) {
        String t = java.util.Objects.requireNonNull(table, "table");
        t = t.startsWith("/intervals/") ? t.substring("/intervals/".length()) : t.startsWith("intervals/") ? t.substring(10) : t;
        return new Intervals(null, null, null, null, t, "start_time", false);
    }

    /** The same table's rows, each at the time in {@code column} (rows where it is NaN are left out, and said so). */
    public Intervals alignTo(String column) {
        if (table == null) {
            throw new IllegalStateException("only the rows of an intervals table can be aligned to a column");
        }
        return new Intervals(null, null, null, null, table, java.util.Objects.requireNonNull(column, "column"), false);
    }

    /** Bare event times (seconds, any order), labelled 0..n-1 in the given order; they have onsets but no stops. */
    public static Intervals ofEventTimes(double[] times) {
        long[] ids = new long[times.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        return new Intervals(null, ids, times.clone(), null, null, null, true);
    }

    /** Event times read from a text file: one number (seconds) per line, blank lines ignored. */
    public static Intervals ofEventTimes(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage());
        }
        double[] t = new double[lines.size()];
        int n = 0;
        for (int i = 0; i < lines.size(); i++) {
            String s = lines.get(i).trim();
            if (s.isEmpty()) {
                continue;
            }
            try {
                t[n] = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new BadInputException(file + ": line " + (i + 1) + ": not a number: " + s);
            }
            if (!Double.isFinite(t[n])) {
                throw new BadInputException(file + ": line " + (i + 1) + ": " + s + " is not a finite time");
            }
            n++;
        }
        return ofEventTimes(Arrays.copyOf(t, n));
    }

    /**
     * The name of the dimension these intervals label, as AllenSDK names its index: {@code stimulus_presentation_id}
     * for presentations and the caller's own intervals, {@code TABLE_id} for a table's rows (e.g. {@code trials_id}),
     * {@code event_id} for bare event times.
     */
    public String dim() {
        return events ? "event_id" : table != null ? table + "_id" : "stimulus_presentation_id";
    }

    /** The intervals table named, or null. */
    public String table() {
        return table;
    }

    /** The column a table's rows are aligned to (default {@code start_time}), or null when no table is named. */
    public String alignColumn() {
        return alignTo;
    }

    /** True for bare event times (no stops). */
    public boolean isEvents() {
        return events;
    }

    /**
     * Rows resolved against a file: ids, onsets (the align column, or the event times), and the rows' own start and
     * stop times (null for bare events).
     *
     * @param table the HDF5 path of the table, or null for events
     * @param starts the rows' start times: the same array as {@code onsets} when the rows are aligned to start_time
     * @param rows  per kept row, its row in the table (null for events)
     */
    public record Rows(String dim, String table, long[] ids, double[] onsets, double[] starts, double[] stops, int[] rows) {
    }

    /**
     * This table's rows or these event times against {@code session}: rows whose onset is NaN are left out (a note
     * counts them); a missing table or column, or a non-finite start or stop time, is bad input naming the file,
     * the column and the row. Not for stimulus presentations (the session resolves those).
     */
    public Rows rows(Session session, List<Note> notes) {
        if (events) {
            return new Rows(dim(), null, ids.clone(), starts.clone(), null, null, null);
        }
        if (table == null) {
            throw new IllegalStateException("stimulus presentations are resolved by the session, not as table rows");
        }
        String path = "/intervals/" + table;
        DynamicTable t = session.intervals().get(table);
        if (t == null) {
            throw new NwbException(session.file(), path, "no such intervals table (the file has: "
                    + (session.intervals().isEmpty() ? "none" : String.join(", ", session.intervals().keySet())) + ")");
        }
        double[] onset = numbers(session, t, alignTo);
        double[] start = alignTo.equals("start_time") ? onset : numbers(session, t, "start_time");
        double[] stop = t.has("stop_time") ? numbers(session, t, "stop_time") : null;
        long[] tableIds = t.ids();
        int n = 0;
        for (double v : onset) {
            n += Double.isNaN(v) ? 0 : 1;
        }
        long[] keptIds = new long[n];
        double[] keptOnsets = new double[n];
        double[] keptStarts = new double[n];
        double[] keptStops = stop == null ? null : new double[n];
        int[] keptRows = new int[n];
        for (int r = 0, k = 0; r < onset.length; r++) {
            if (Double.isNaN(onset[r])) {
                continue;
            }
            if (!Double.isFinite(onset[r]) || !Double.isFinite(start[r]) || (stop != null && !Double.isFinite(stop[r]))) {
                String col = !Double.isFinite(onset[r]) ? alignTo : !Double.isFinite(start[r]) ? "start_time" : "stop_time";
                double v = col.equals(alignTo) ? onset[r] : col.equals("start_time") ? start[r] : stop[r];
                throw new NwbException(session.file(), path + "/" + col, "row " + r + " (id " + tableIds[r] + "): " + col + " is " + v
                        + "; times must be finite");
            }
            keptIds[k] = tableIds[r];
            keptOnsets[k] = onset[r];
            keptStarts[k] = start[r];
            keptRows[k] = r;
            if (stop != null) {
                keptStops[k] = stop[r];
            }
            k++;
        }
        if (n < onset.length) {
            notes.add(new Note(Note.Level.NOTE, String.format(Locale.ROOT, "%s of %s: %s is NaN, left out", Note.count(onset.length - n, "row"),
                    path, alignTo)));
        }
        return new Rows(dim(), path, keptIds, keptOnsets, alignTo.equals("start_time") ? keptOnsets : keptStarts, keptStops, keptRows);
    }

    private static double[] numbers(Session session, DynamicTable t, String column) {
        if (!t.has(column)) {
            throw new NwbException(session.file(), t.path(), "no column " + column + " (columns: " + String.join(", ", t.columnNames()) + ")");
        }
        VectorData c = t.column(column);
        if (c.isRagged() || c.dataShape().length != 1 || (c.kind() != VectorData.Kind.DOUBLE && c.kind() != VectorData.Kind.LONG)) {
            throw new NwbException(session.file(), c.path(), column + " must be a 1-D column of times in seconds");
        }
        return c.array().toDoubleArray();
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
        if (starts != null || table != null) {
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

    /** True for intervals given with their own times (not looked up in a session; bare event times included). */
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
        if (table != null) {
            return "Intervals(/intervals/" + table + " at " + alignTo + ")";
        }
        return events ? "Intervals(" + ids.length + " events)" : starts != null ? "Intervals(" + ids.length + " explicit)"
                : "Intervals(" + (stimulus == null ? "" : "stimulus " + stimulus) + (ids == null ? "" : " ids " + Arrays.toString(ids)) + ")";
    }
}
