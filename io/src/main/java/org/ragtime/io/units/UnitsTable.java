package org.ragtime.io.units;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.agrona.collections.Long2LongHashMap;
import org.ragtime.engine.table.Column;
import org.ragtime.engine.table.DoubleColumn;
import org.ragtime.engine.table.LongColumn;
import org.ragtime.engine.table.Selection;
import org.ragtime.engine.table.StringColumn;
import org.ragtime.engine.table.Table;
import org.ragtime.io.NwbException;
import org.ragtime.io.Session;

/**
 * The units of an NWB file joined with their peak channel (an electrodes row) and that channel's probe
 * (electrode group and device), as AllenSDK's {@code EcephysSession.units} joins them (reference §2.1, 2.3):
 * <ul>
 *   <li>{@code unit_id}, then every scalar column of {@code /units} under its NWB name, in file order
 *       (ragged and multi-dimensional columns such as {@code spike_times} or {@code waveform_mean} are left
 *       out; booleans become {@code True}/{@code False});</li>
 *   <li>the peak channel: {@code peak_channel_id} (an electrodes id, AllenSDK files) or else the first
 *       electrode of the unit's {@code electrodes} region; its columns {@code probe_id},
 *       {@code probe_channel_number} ({@code local_index} in old files), {@code probe_vertical_position},
 *       {@code probe_horizontal_position}, {@code valid_data}, {@code anterior_posterior_ccf_coordinate} (x),
 *       {@code dorsal_ventral_ccf_coordinate} (y), {@code left_right_ccf_coordinate} (z) and
 *       {@code structure_acronym} (location with the sub-region stripped, "LGd-sh" to "LGd", and "None" or
 *       "" to null), when the electrodes table has them;</li>
 *   <li>the probe: {@code probe} (electrode group name), {@code probe_sampling_rate} (the device's
 *       {@code sampling_rate}) and {@code probe_lfp_sampling_rate} (the group's), when present.</li>
 * </ul>
 * Every unit is kept, in file order: where AllenSDK's inner merge would make a unit without a known peak
 * channel vanish, here its channel columns are null and {@link Report#withoutChannel()} counts it. Units
 * whose structure is null or "grey" are kept and counted too. A column a unit already has keeps the unit's
 * value; the channel's is added with the suffix {@code _channel}, as pandas would.
 */
public final class UnitsTable {
    private static final String ELECTRODES = "/general/extracellular_ephys/electrodes";

    private UnitsTable() {
    }

    /**
     * What the join found.
     *
     * @param withoutChannel units whose peak channel is missing or not an electrodes row
     * @param withoutStructure units whose peak channel has no structure acronym (null)
     * @param grey units whose structure is "grey" (unassigned grey matter)
     */
    public record Report(int withoutChannel, int withoutStructure, int grey) {
        /** One line for stderr, or "" when every unit has a channel and a structure. */
        public String describe(int units) {
            if (withoutChannel == 0 && withoutStructure == 0 && grey == 0) {
                return "";
            }
            return units + " units: " + withoutChannel + " without a known peak channel, " + withoutStructure
                    + " without a structure acronym, " + grey + " in \"grey\" (all kept; structure_acronym empty when unknown)";
        }
    }

    /** The joined table and its report. */
    public record Joined(Table table, Report report) {
    }

    /** Joins the units of {@code s} with their peak channels and probes. */
    public static Joined of(Session s) {
        org.ragtime.io.DynamicTable units = s.units().table();
        int n = Math.toIntExact(units.rowCount());
        List<Column> out = new ArrayList<>();
        out.add(LongColumn.of("unit_id", s.units().ids()));
        Set<String> names = new HashSet<>();
        names.add("unit_id");
        for (String name : units.columnNames()) {
            org.ragtime.io.VectorData c = units.column(name);
            if (c.isRagged() || c.dataShape().length > 1) {
                continue;
            }
            Column col = scalar(c, n);
            if (col != null) {
                out.add(col);
                names.add(name);
            }
        }

        org.ragtime.io.DynamicTable el = s.electrodes().orElse(null);
        int[] peak = new int[n];
        java.util.Arrays.fill(peak, -1);
        if (el != null) {
            peakRows(s, units, el, peak);
        }
        int without = 0;
        for (int p : peak) {
            without += p < 0 ? 1 : 0;
        }
        int noStructure = 0;
        int grey = 0;
        if (el != null) {
            int rows = Math.toIntExact(el.rowCount());
            List<Column> channel = new ArrayList<>();
            String number = el.has("probe_channel_number") ? "probe_channel_number" : "local_index";
            for (String[] m : new String[][] {{"probe_id", "probe_id"}, {number, "probe_channel_number"},
                {"probe_vertical_position", "probe_vertical_position"}, {"probe_horizontal_position", "probe_horizontal_position"},
                {"valid_data", "valid_data"}, {"x", "anterior_posterior_ccf_coordinate"},
                {"y", "dorsal_ventral_ccf_coordinate"}, {"z", "left_right_ccf_coordinate"}}) {
                if (el.has(m[0])) {
                    org.ragtime.io.VectorData c = el.column(m[0]);
                    if (!c.isRagged() && c.dataShape().length <= 1) {
                        Column col = scalar(c, rows);
                        if (col != null) {
                            channel.add(col.renamed(m[1]));
                        }
                    }
                }
            }
            if (el.has("location")) {
                List<String> acr = new ArrayList<>(rows);
                org.ragtime.io.VectorData loc = el.column("location");
                for (int r = 0; r < rows; r++) {
                    acr.add(structureAcronym(loc.getString(r)));
                }
                channel.add(StringColumn.of("structure_acronym", acr));
            }
            channel.addAll(probeColumns(s, el, rows));
            for (Column c : channel) {
                Column v = takeOrNull(c, peak);
                out.add(names.contains(v.name()) ? v.renamed(v.name() + "_channel") : v);
            }
            Table t = Table.of(s.file().toString(), out);
            if (t.has("structure_acronym")) {
                StringColumn st = t.strings("structure_acronym");
                for (int u = 0; u < n; u++) {
                    noStructure += st.isNull(u) ? 1 : 0;
                    grey += "grey".equals(st.get(u)) ? 1 : 0;
                }
            }
            return new Joined(t, new Report(without, noStructure, grey));
        }
        return new Joined(Table.of(s.file().toString(), out), new Report(without, 0, 0));
    }

    /**
     * AllenSDK's {@code strip_substructure_acronym} plus {@code Channels.from_nwb}'s None handling: null for
     * null, "" and "None"; otherwise the text before the first '-'.
     */
    public static String structureAcronym(String location) {
        if (location == null || location.isEmpty() || location.equals("None")) {
            return null;
        }
        int dash = location.indexOf('-');
        return dash < 0 ? location : location.substring(0, dash);
    }

    /** Electrodes row of each unit's peak channel (-1 when unknown). */
    private static void peakRows(Session s, org.ragtime.io.DynamicTable units, org.ragtime.io.DynamicTable el, int[] peak) {
        int n = peak.length;
        if (units.has("peak_channel_id")) {
            long[] ids = el.ids();
            Long2LongHashMap row = new Long2LongHashMap(Math.max(16, ids.length * 2), 0.65f, -1L);
            for (int r = 0; r < ids.length; r++) {
                if (row.put(ids[r], r) >= 0) {
                    throw new NwbException(s.file(), ELECTRODES + "/id", "duplicate electrode id " + ids[r]);
                }
            }
            org.ragtime.io.VectorData pc = units.column("peak_channel_id");
            for (int u = 0; u < n; u++) {
                peak[u] = (int) row.get(pc.getLong(u));
            }
        } else if (units.has("electrodes")) {
            org.ragtime.io.VectorData e = units.column("electrodes");
            long rows = el.rowCount();
            for (int u = 0; u < n; u++) {
                if (e.end(u) > e.start(u)) {
                    long r = e.getLong(e.start(u));
                    if (r < 0 || r >= rows) {
                        throw new NwbException(s.file(), e.path(), "unit row " + u + " refers to electrode row " + r
                                + " but the electrodes table has " + rows + " rows");
                    }
                    peak[u] = (int) r;
                }
            }
        }
    }

    /**
     * probe, probe_sampling_rate, probe_lfp_sampling_rate per electrodes row, from the electrode groups. The
     * group is what the {@code group} column's object reference points to, as pynwb resolves it (a writer's
     * {@code group_name} need not be the group's name: matnwb writes "micros" for groups named
     * "NLX-microwires-139", ...); {@code group_name} is used only without a {@code group} column (files
     * whose writer cannot store references). The device is the group's {@code device} link; a group
     * without one (or a group_name naming no group) has no known sampling rates, which is not an error.
     */
    private static List<Column> probeColumns(Session s, org.ragtime.io.DynamicTable el, int rows) {
        String[] group = new String[rows];
        String[] groupPath = new String[rows];
        org.ragtime.io.VectorData refs = el.has("group") ? el.column("group") : null;
        if (refs != null && refs.kind() == org.ragtime.io.VectorData.Kind.REFERENCE && !refs.isRagged()
                && refs.dataShape().length == 1) {
            for (int r = 0; r < rows; r++) {
                String p = refs.getReference(r);
                groupPath[r] = p;
                group[r] = p == null ? null : p.substring(p.lastIndexOf('/') + 1);
            }
        } else if (el.has("group_name")) {
            org.ragtime.io.VectorData g = el.column("group_name");
            for (int r = 0; r < rows; r++) {
                group[r] = g.getString(r);
                groupPath[r] = group[r] == null ? null : "/general/extracellular_ephys/" + group[r];
            }
        } else {
            return List.of();
        }
        Map<String, double[]> rates = new HashMap<>();
        double[] sr = new double[rows];
        double[] lfp = new double[rows];
        boolean anyRate = false;
        for (int r = 0; r < rows; r++) {
            String path = groupPath[r];
            double[] v = path == null ? new double[] {Double.NaN, Double.NaN} : rates.computeIfAbsent(path, k -> {
                boolean hasGroup = s.exists(k);
                return new double[] {hasGroup && s.exists(k + "/device") ? or(s.numberAttribute(k + "/device", "sampling_rate"))
                        : Double.NaN, hasGroup ? or(s.numberAttribute(k, "lfp_sampling_rate")) : Double.NaN};
            });
            sr[r] = v[0];
            lfp[r] = v[1];
            anyRate |= !Double.isNaN(v[0]) || !Double.isNaN(v[1]);
        }
        List<Column> out = new ArrayList<>();
        out.add(StringColumn.of("probe", java.util.Arrays.asList(group)));
        if (anyRate) {
            out.add(DoubleColumn.of("probe_sampling_rate", sr));
            out.add(DoubleColumn.of("probe_lfp_sampling_rate", lfp));
        }
        return out;
    }

    private static double or(OptionalDouble d) {
        return d.isPresent() ? d.getAsDouble() : Double.NaN;
    }

    /** Rows of {@code c} at {@code rows}, null where a row is -1. */
    private static Column takeOrNull(Column c, int[] rows) {
        int n = rows.length;
        switch (c) {
            case LongColumn l -> {
                LongColumn.Builder b = new LongColumn.Builder(n);
                for (int r : rows) {
                    if (r < 0 || l.isNull(r)) {
                        b.addNull();
                    } else {
                        b.add(l.get(r));
                    }
                }
                return b.build(c.name());
            }
            case DoubleColumn d -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = rows[i] < 0 ? Double.NaN : d.get(rows[i]);
                }
                return DoubleColumn.of(c.name(), v);
            }
            case StringColumn st -> {
                List<String> v = new ArrayList<>(n);
                for (int r : rows) {
                    v.add(r < 0 ? null : st.get(r));
                }
                return StringColumn.of(c.name(), v);
            }
        }
    }

    /** An engine column from a plain NWB column, or null for kinds that have no scalar form (references, compounds). */
    private static Column scalar(org.ragtime.io.VectorData c, int n) {
        switch (c.kind()) {
            case DOUBLE -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = c.getDouble(i);
                }
                return DoubleColumn.of(c.name(), v);
            }
            case LONG -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = c.getLong(i);
                }
                return LongColumn.of(c.name(), v);
            }
            case BOOL -> {
                List<String> v = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    v.add(c.getBoolean(i) ? "True" : "False");
                }
                return StringColumn.of(c.name(), v);
            }
            case STRING -> {
                List<String> v = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    v.add(c.getString(i));
                }
                return StringColumn.of(c.name(), v);
            }
            default -> {
                return null;
            }
        }
    }

    /** Rows of a joined table whose {@code structure_acronym} is one of {@code structures}. */
    public static Selection inStructures(Table joined, Set<String> structures) {
        return Selection.in(joined.strings("structure_acronym"), structures);
    }

    /** Rows of a joined table whose {@code probe} is one of {@code probes}. */
    public static Selection onProbes(Table joined, Set<String> probes) {
        return Selection.in(joined.strings("probe"), probes);
    }
}
