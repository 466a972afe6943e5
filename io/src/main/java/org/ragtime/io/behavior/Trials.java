package org.ragtime.io.behavior;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ragtime.io.DynamicTable;
import org.ragtime.io.NwbException;
import org.ragtime.io.VectorData;

/**
 * The trials table ({@code /intervals/trials}) as AllenSDK's {@code Trials.from_nwb} reads it: every column of
 * the file under AllenSDK's names (older files' {@code stimulus_change} is {@code is_change}; {@code lick_events}
 * is dropped), row ids as {@code trials_id}, and typed copies of the columns the performance metrics use. Opening
 * one checks that those columns exist and refuses the file, naming every missing column, when they do not.
 *
 * <pre>{@code
 * Trials t = session.trials();
 * double[] licksOfTrial3 = t.lickTimes(3);
 * Object imageName = t.column("change_image_name").get(3);
 * }</pre>
 */
public final class Trials {
    /** The trials path. */
    public static final String PATH = "/intervals/trials";
    /** Columns {@code get_performance_metrics()} and {@code get_rolling_performance_df()} read. */
    public static final List<String> REQUIRED = List.of("start_time", "go", "catch", "hit", "miss", "false_alarm",
            "correct_reject", "aborted", "auto_rewarded", "change_time", "lick_times", "reward_volume");
    private static final Map<String, String> RENAMES = Map.of("stimulus_change", "is_change");

    private final Path file;
    private final DynamicTable table;
    private final List<String> columnNames = new ArrayList<>();
    private final double[] startTime, changeTime, rewardVolume, lickTimes;
    private final long[] lickOffsets;
    private final boolean[] go, catch_, hit, miss, falseAlarm, correctReject, aborted, autoRewarded;

    Trials(Path file, DynamicTable table) {
        this.file = file;
        this.table = table;
        for (String c : table.columnNames()) {
            if (!c.equals("lick_events")) columnNames.add(RENAMES.getOrDefault(c, c));
        }
        List<String> missing = new ArrayList<>();
        for (String c : REQUIRED) {
            if (!has(c) && !(c.equals("change_time") && table.has("change_time_no_display_delay"))) missing.add(c);
        }
        if (!missing.isEmpty()) {
            throw new NwbException(file, table.path(), "not an AllenSDK Visual Behavior trials table: missing column"
                    + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing));
        }
        startTime = doubles("start_time");
        changeTime = doubles(table.has("change_time") ? "change_time" : "change_time_no_display_delay");
        rewardVolume = doubles("reward_volume");
        go = booleans("go");
        catch_ = booleans("catch");
        hit = booleans("hit");
        miss = booleans("miss");
        falseAlarm = booleans("false_alarm");
        correctReject = booleans("correct_reject");
        aborted = booleans("aborted");
        autoRewarded = booleans("auto_rewarded");
        VectorData licks = table.column("lick_times");
        if (!licks.isRagged() || licks.depth() != 1 || licks.kind() != VectorData.Kind.DOUBLE) {
            throw new NwbException(file, licks.path(), "lick_times must be a ragged float column (with lick_times_index)");
        }
        lickOffsets = licks.offsets();
        lickTimes = licks.array().toDoubleArray();
    }

    private double[] doubles(String name) {
        VectorData c = table.column(name);
        if ((c.kind() != VectorData.Kind.DOUBLE && c.kind() != VectorData.Kind.LONG) || c.isRagged() || c.dataShape().length != 1) {
            throw new NwbException(file, c.path(), "must be a 1-D numeric column, found " + c.kind()
                    + (c.isRagged() ? " (ragged)" : ""));
        }
        return c.array().toDoubleArray();
    }

    private boolean[] booleans(String name) {
        VectorData c = table.column(name);
        if (c.kind() == VectorData.Kind.BOOL && !c.isRagged() && c.dataShape().length == 1) {
            boolean[] out = new boolean[size()];
            for (int i = 0; i < out.length; i++) out[i] = c.getBoolean(i);
            return out;
        }
        double[] v = doubles(name);
        boolean[] out = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                throw new NwbException(file, c.path(), "NaN at row " + i + " of a boolean column");
            }
            out[i] = v[i] != 0;
        }
        return out;
    }

    /** The underlying table, columns under their stored names. */
    public DynamicTable table() {
        return table;
    }

    /** Number of trials. */
    public int size() {
        return (int) table.rowCount();
    }

    /** {@code trials_id}: the table's ids. */
    public long[] ids() {
        return table.ids().clone();
    }

    /** Column names in file order, as AllenSDK names them ({@code stimulus_change} as {@code is_change}, no {@code lick_events}). */
    public List<String> columnNames() {
        return List.copyOf(columnNames);
    }

    /** True if there is a column of this (AllenSDK) name. */
    public boolean has(String name) {
        return columnNames.contains(name) || (!name.equals("lick_events") && !RENAMES.containsKey(name) && table.has(name));
    }

    /** A column by its AllenSDK name ({@code is_change} reads a stored {@code stimulus_change}). */
    public VectorData column(String name) {
        if (!has(name)) throw new NwbException(file, table.path() + "/" + name, "missing column");
        for (Map.Entry<String, String> e : RENAMES.entrySet()) {
            if (e.getValue().equals(name) && !table.has(name)) return table.column(e.getKey());
        }
        return table.column(name);
    }

    /** Lick times of trial {@code row}, in stored order. */
    public double[] lickTimes(int row) {
        return java.util.Arrays.copyOfRange(lickTimes, (int) lickOffsets[row], (int) lickOffsets[row + 1]);
    }

    // Copies of the columns the metrics read, one value per trial (booleans as stored, or non-zero numbers).

    /** {@code start_time}. */
    public double[] startTime() { return startTime.clone(); }
    /** {@code change_time} ({@code change_time_no_display_delay} when the file has only that, as AllenSDK falls back). */
    public double[] changeTime() { return changeTime.clone(); }
    /** {@code reward_volume} (mL). */
    public double[] rewardVolume() { return rewardVolume.clone(); }
    /** {@code go}. */
    public boolean[] go() { return go.clone(); }
    /** {@code catch} (a Java keyword, hence the name). */
    public boolean[] catchTrials() { return catch_.clone(); }
    /** {@code hit}. */
    public boolean[] hit() { return hit.clone(); }
    /** {@code miss}. */
    public boolean[] miss() { return miss.clone(); }
    /** {@code false_alarm}. */
    public boolean[] falseAlarm() { return falseAlarm.clone(); }
    /** {@code correct_reject}. */
    public boolean[] correctReject() { return correctReject.clone(); }
    /** {@code aborted}. */
    public boolean[] aborted() { return aborted.clone(); }
    /** {@code auto_rewarded}. */
    public boolean[] autoRewarded() { return autoRewarded.clone(); }

    // shared (no copies) with BehaviorSession
    double[] startTimeRef() { return startTime; }
    double[] changeTimeRef() { return changeTime; }
    double[] rewardVolumeRef() { return rewardVolume; }
    double[] lickTimesRef() { return lickTimes; }
    long[] lickOffsetsRef() { return lickOffsets; }
    boolean[] goRef() { return go; }
    boolean[] catchRef() { return catch_; }
    boolean[] hitRef() { return hit; }
    boolean[] missRef() { return miss; }
    boolean[] falseAlarmRef() { return falseAlarm; }
    boolean[] correctRejectRef() { return correctReject; }
    boolean[] abortedRef() { return aborted; }
    boolean[] autoRewardedRef() { return autoRewarded; }
}
