package org.ragtime.cli;

import java.util.HashMap;
import java.util.Map;
import org.ragtime.io.Column;
import org.ragtime.io.NwbException;
import org.ragtime.io.Session;
import org.ragtime.io.Table;

/**
 * Where each unit of {@code /units} sits: its peak channel's structure acronym (electrodes {@code location};
 * null when empty or "None") and depth along the probe ({@code probe_vertical_position}, NaN when absent).
 * The peak channel is {@code peak_channel_id} (AllenSDK files: an electrodes id) or, in other NWB files, the
 * first electrode of the unit's {@code electrodes} region.
 */
record UnitPlacement(String[] structure, double[] depth) {

    static UnitPlacement of(Session s) {
        Table units = s.units().table();
        Table el = s.electrodes().orElseThrow(() -> new NwbException(s.file(),
                "/general/extracellular_ephys/electrodes", "missing: units cannot be placed in structures"));
        if (!el.has("location")) {
            throw new NwbException(s.file(), el.path() + "/location", "missing: units cannot be placed in structures");
        }
        Column loc = el.column("location");
        Column vert = el.has("probe_vertical_position") ? el.column("probe_vertical_position") : null;
        int n = Math.toIntExact(units.rowCount());
        long[] peakRow = new long[n];
        if (units.has("peak_channel_id")) {
            long[] elIds = el.ids();
            Map<Long, Integer> row = new HashMap<>();
            for (int r = 0; r < elIds.length; r++) {
                row.put(elIds[r], r);
            }
            Column peak = units.column("peak_channel_id");
            for (int u = 0; u < n; u++) {
                peakRow[u] = row.getOrDefault(peak.getLong(u), -1);
            }
        } else if (units.has("electrodes")) {
            Column e = units.column("electrodes");
            for (int u = 0; u < n; u++) {
                peakRow[u] = e.end(u) > e.start(u) ? e.getLong(e.start(u)) : -1;
            }
        } else {
            throw new NwbException(s.file(), units.path(), "neither peak_channel_id nor electrodes: units cannot be placed in structures");
        }
        String[] structure = new String[n];
        double[] depth = new double[n];
        for (int u = 0; u < n; u++) {
            long r = peakRow[u];
            String a = r < 0 ? null : loc.getString(r);
            structure[u] = a == null || a.isEmpty() || a.equals("None") ? null : a;
            depth[u] = r < 0 || vert == null ? Double.NaN : vert.getDouble(r);
        }
        return new UnitPlacement(structure, depth);
    }
}
