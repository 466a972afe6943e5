package org.ragtime.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ragtime.engine.BadInputException;

/**
 * The stimulus presentations of a session, joined as AllenSDK's {@code EcephysSession} does
 * (allensdk-semantics §1.2): every {@code /intervals/*_presentations} table together, sorted by
 * {@code start_time} (ties: table name, then row), numbered 0..N-1 ({@code stimulus_presentation_id});
 * {@code duration = stop_time - start_time} ({@code end_time} is accepted for {@code stop_time}, as Visual
 * Behavior files name it); stimulus condition ids from the tuple of every parameter column (everything
 * but start, stop, duration and stimulus_block; {@code stimulus_name} included), first seen first over all
 * presentations in id order, with Python's equality ({@code 1 == 1.0}, {@code "0.04" != 0.04}, missing
 * and empty values alike {@code "null"}); presentations overlapping an invalid interval tagged
 * {@code stimulus} are masked: name {@code invalid_presentation}, no condition ({@code -1}), NaN duration,
 * their start and stop kept.
 */
public final class Presentations {
    /** Condition id of masked presentations (AllenSDK: NaN). */
    public static final long NO_CONDITION = -1;
    /** Name AllenSDK gives masked presentations. */
    public static final String INVALID = "invalid_presentation";
    private static final Set<String> SKIPPED = Set.of("tags", "tags_index", "timeseries", "timeseries_index");
    private static final Set<String> NOT_PARAMETERS = Set.of("start_time", "stop_time", "end_time", "duration",
            "stimulus_block", "stimulus_index");

    private final String[] tables;
    private final int[] rows;
    private final double[] starts;
    private final double[] stops;
    private volatile long[] conditions; // computed on first use: counts and spike times never need them
    private final boolean[] masked;
    private final Map<String, DynamicTable> byName;
    private final List<String> parameterNames;
    private final java.nio.file.Path file;

    private Presentations(String[] tables, int[] rows, double[] starts, double[] stops, long[] conditions,
            boolean[] masked, Map<String, DynamicTable> byName, List<String> parameterNames, java.nio.file.Path file) {
        this.tables = tables;
        this.rows = rows;
        this.starts = starts;
        this.stops = stops;
        this.conditions = conditions;
        this.masked = masked;
        this.byName = byName;
        this.parameterNames = parameterNames;
        this.file = file;
    }

    /** The presentations of {@code session}; empty when it has no {@code *_presentations} table. */
    public static Presentations of(Session session) {
        Map<String, DynamicTable> byName = new LinkedHashMap<>();
        for (Map.Entry<String, DynamicTable> e : new java.util.TreeMap<>(session.intervals()).entrySet()) {
            if (e.getKey().endsWith("_presentations")) {
                byName.put(e.getKey(), e.getValue());
            }
        }
        int n = 0;
        for (DynamicTable t : byName.values()) {
            n = Math.addExact(n, Math.toIntExact(t.rowCount()));
        }
        String[] tbl = new String[n];
        int[] row = new int[n];
        double[] start = new double[n];
        double[] stop = new double[n];
        Set<String> params = new LinkedHashSet<>();
        int k = 0;
        for (Map.Entry<String, DynamicTable> e : byName.entrySet()) {
            DynamicTable t = e.getValue();
            VectorData p = t.has("stop_time") ? t.column("stop_time") : require(session, t, "end_time");
            for (String c : t.columnNames()) {
                if (!SKIPPED.contains(c) && !NOT_PARAMETERS.contains(c) && !t.column(c).isRagged()) {
                    params.add(c);
                }
            }
            double[] starts = startTimes(session, t);
            for (int r = 0; r < t.rowCount(); r++, k++) {
                tbl[k] = e.getKey();
                row[k] = r;
                start[k] = starts[r];
                stop[k] = p.getDouble(r);
            }
        }
        // rank by start_time; ties by table name (tables are in name order), then row: a stable sort
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(start[a], start[b]) != 0 ? Double.compare(start[a], start[b])
                : Integer.compare(a, b));
        String[] t2 = new String[n];
        int[] r2 = new int[n];
        double[] s2 = new double[n];
        double[] e2 = new double[n];
        for (int i = 0; i < n; i++) {
            t2[i] = tbl[order[i]];
            r2[i] = row[order[i]];
            s2[i] = start[order[i]];
            e2[i] = stop[order[i]];
        }
        List<String> paramList = List.copyOf(params);
        boolean[] masked = maskInvalid(session, s2, e2);
        return new Presentations(t2, r2, s2, e2, null, masked, byName, paramList, session.file());
    }

    /**
     * The {@code start_time} column of one presentations table, every value finite. A NaN would rank last and
     * shift every later presentation id (and its windows would count nothing), so it is refused, naming the
     * table and the row; text where numbers belong is refused by {@link VectorData#array()}.
     */
    public static double[] startTimes(Session session, DynamicTable t) {
        VectorData s = require(session, t, "start_time");
        if (s.isRagged() || s.dataShape().length != 1) {
            throw new NwbException(session.file(), s.path(), "start_time must be a 1-D column of numbers, has shape "
                    + Arrays.toString(s.dataShape()) + (s.isRagged() ? " and an index" : ""));
        }
        double[] out = s.array().toDoubleArray();
        for (int r = 0; r < out.length; r++) {
            if (!Double.isFinite(out[r])) {
                throw new NwbException(session.file(), s.path(), "row " + r + " (id " + t.ids()[r] + "): start_time is "
                        + out[r] + "; presentation start times must be finite");
            }
        }
        return out;
    }

    private static VectorData require(Session session, DynamicTable t, String name) {
        if (!t.has(name)) {
            throw new NwbException(session.file(), t.path(), "a presentations table needs a " + name + " column");
        }
        return t.column(name);
    }

    /** Condition ids: each distinct parameter tuple, in presentation-id order, gets the next integer. */
    private static long[] conditionIds(Map<String, DynamicTable> byName, String[] tbl, int[] row, List<String> params) {
        Map<String, Map<String, VectorData>> cols = new HashMap<>();
        for (Map.Entry<String, DynamicTable> e : byName.entrySet()) {
            Map<String, VectorData> m = new HashMap<>();
            for (String p : params) {
                if (e.getValue().has(p)) {
                    m.put(p, e.getValue().column(p));
                }
            }
            cols.put(e.getKey(), m);
        }
        Map<List<Object>, Long> ids = new HashMap<>();
        long[] out = new long[tbl.length];
        for (int i = 0; i < tbl.length; i++) {
            Map<String, VectorData> m = cols.get(tbl[i]);
            List<Object> key = new ArrayList<>(params.size());
            for (String p : params) {
                VectorData c = m.get(p);
                key.add(c == null ? "null" : value(c, p, row[i]));
            }
            Long id = ids.get(key);
            if (id == null) {
                id = (long) ids.size();
                ids.put(key, id);
            }
            out[i] = id;
        }
        return out;
    }

    /**
     * One cell as AllenSDK's tuple sees it: numbers as doubles (so 1 == 1.0 == True; -0.0 == 0.0), NaN,
     * missing, "" and "N/A" as the string "null"; {@code color} strings holding a number become that number
     * (AllenSDK literal-evaluates them).
     */
    static Object value(VectorData c, String name, long row) {
        switch (c.kind()) {
            case DOUBLE, LONG, BOOL -> {
                double d = c.kind() == VectorData.Kind.BOOL ? (c.getBoolean(row) ? 1 : 0) : c.getDouble(row);
                return Double.isNaN(d) ? "null" : d + 0.0;
            }
            case STRING -> {
                String s = c.getString(row);
                if (s == null || s.isEmpty() || s.equals("N/A")) {
                    return "null";
                }
                if (name.equals("color")) {
                    try {
                        return Double.parseDouble(s.strip()) + 0.0;
                    } catch (NumberFormatException notANumber) {
                        return s;
                    }
                }
                return s;
            }
            default -> {
                return String.valueOf(c.get((int) row));
            }
        }
    }

    /** Presentations overlapping (closed intervals) an invalid interval whose tags include "stimulus". */
    private static boolean[] maskInvalid(Session session, double[] starts, double[] stops) {
        boolean[] masked = new boolean[starts.length];
        DynamicTable inv = session.intervals().get("invalid_times");
        if (inv == null || inv.rowCount() == 0 || !inv.has("tags")) {
            return masked;
        }
        VectorData s = require(session, inv, "start_time");
        VectorData e = require(session, inv, "stop_time");
        VectorData tags = inv.column("tags");
        List<double[]> bad = new ArrayList<>();
        for (int r = 0; r < inv.rowCount(); r++) {
            boolean stimulus = false;
            for (long k = tags.start(r); k < tags.end(r); k++) {
                stimulus |= "stimulus".equals(tags.getString(k));
            }
            if (stimulus) {
                bad.add(new double[] {s.getDouble(r), e.getDouble(r)});
            }
        }
        for (int i = 0; i < starts.length; i++) {
            for (double[] b : bad) {
                if (Math.max(starts[i], b[0]) <= Math.min(stops[i], b[1])) {
                    masked[i] = true;
                    break;
                }
            }
        }
        return masked;
    }

    /** Number of presentations. */
    public int size() {
        return starts.length;
    }

    /** Start time of presentation {@code id}. */
    public double start(int id) {
        return starts[id];
    }

    /** Stop time (or end time) of presentation {@code id}. */
    public double stop(int id) {
        return stops[id];
    }

    /**
     * Stop times of the given presentations for the (start, stop] analyses (spike times, condition statistics),
     * each checked to be a finite number no earlier than its start: bad input naming the table, the row and the
     * presentation id (the engine would refuse it too, but without naming the file).
     */
    public double[] stops(int[] ids) {
        double[] out = new double[ids.length];
        for (int i = 0; i < ids.length; i++) {
            int id = ids[i];
            out[i] = stops[id];
            if (!(out[i] >= starts[id]) || out[i] == Double.POSITIVE_INFINITY) { // an endless window is no window
                DynamicTable t = byName.get(tables[id]);
                String column = t.has("stop_time") ? "stop_time" : "end_time";
                throw new NwbException(file, t.path() + "/" + column, "row " + rows[id] + " (stimulus presentation "
                        + id + "): " + column + " " + out[i] + " is not a finite number at or after start_time " + starts[id]);
            }
        }
        return out;
    }

    /** {@code stop - start}; NaN for masked presentations, as in AllenSDK. */
    public double duration(int id) {
        return masked[id] ? Double.NaN : stops[id] - starts[id];
    }

    /** Stimulus condition id, or {@link #NO_CONDITION} for masked presentations. */
    public long conditionId(int id) {
        long[] c = conditions;
        if (c == null) {
            c = conditionIds(byName, tables, rows, parameterNames);
            for (int i = 0; i < c.length; i++) {
                if (masked[i]) {
                    c[i] = NO_CONDITION; // numbered before masking, as AllenSDK does
                }
            }
            conditions = c;
        }
        return c[id];
    }

    /** Whether the presentation overlaps an invalid interval tagged {@code stimulus}. */
    public boolean isMasked(int id) {
        return masked[id];
    }

    /** The table the presentation comes from, e.g. {@code drifting_gratings_presentations}. */
    public String table(int id) {
        return tables[id];
    }

    /** Its row in that table. */
    public int row(int id) {
        return rows[id];
    }

    /** AllenSDK's stimulus name: the {@code stimulus_name} column (else the table name less its suffix); masked: {@link #INVALID}. */
    public String stimulusName(int id) {
        if (masked[id]) {
            return INVALID;
        }
        DynamicTable t = byName.get(tables[id]);
        if (t.has("stimulus_name") && t.column("stimulus_name").kind() == VectorData.Kind.STRING) {
            return t.column("stimulus_name").getString(rows[id]);
        }
        return tables[id].substring(0, tables[id].length() - "_presentations".length());
    }

    /** Parameter columns over all tables, in first-seen order (the columns of the condition tuple). */
    public List<String> parameterNames() {
        return parameterNames;
    }

    /** A parameter value as text ("null" when missing), for grouping and display. */
    public String parameter(int id, String column) {
        DynamicTable t = byName.get(tables[id]);
        if (!t.has(column)) {
            return "null";
        }
        Object v = value(t.column(column), column, rows[id]);
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString();
        }
        return v.toString();
    }

    /** Names of the presentations tables, e.g. {@code drifting_gratings} for {@code drifting_gratings_presentations}. */
    public List<String> stimuli() {
        List<String> s = new ArrayList<>();
        for (String t : byName.keySet()) {
            s.add(t.substring(0, t.length() - "_presentations".length()));
        }
        return s;
    }

    /**
     * The ids of every presentation of stimulus {@code name} (the rows of {@code /intervals/NAME_presentations};
     * the suffix may be given), in id (time) order.
     */
    public int[] ofStimulus(String name) {
        String table = name.endsWith("_presentations") ? name : name + "_presentations";
        if (byName.isEmpty()) {
            throw new BadInputException(file + ": /intervals: no stimulus '" + name + "': the file has no *_presentations table");
        }
        if (!byName.containsKey(table)) {
            throw new BadInputException(file + ": /intervals: no stimulus '" + name + "': the presentations tables are "
                    + String.join(", ", stimuli()));
        }
        int[] out = new int[Math.toIntExact(byName.get(table).rowCount())];
        int k = 0;
        for (int i = 0; i < tables.length; i++) {
            if (tables[i].equals(table)) {
                out[k++] = i;
            }
        }
        return out;
    }

    /** Validates ids given on the command line or by a caller. */
    public int[] byIds(long[] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (starts.length == 0) {
                throw new BadInputException(file + ": /intervals: stimulus presentation id " + ids[i]
                        + ": the file has no *_presentations table");
            }
            if (ids[i] < 0 || ids[i] >= starts.length) {
                throw new BadInputException(String.format(Locale.ROOT,
                        "%s: /intervals: unknown stimulus presentation id %d (the session has ids 0..%d)", file, ids[i], starts.length - 1));
            }
            out[i] = (int) ids[i];
        }
        return out;
    }
}
