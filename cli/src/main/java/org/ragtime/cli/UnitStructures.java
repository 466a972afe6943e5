package org.ragtime.cli;

import java.util.HashMap;
import java.util.Map;
import org.ragtime.io.Column;
import org.ragtime.io.NwbException;
import org.ragtime.io.Session;
import org.ragtime.io.Table;

/** Each unit's structure acronym: its peak channel's electrodes {@code location}. */
final class UnitStructures {
    private UnitStructures() {
    }

    static String[] of(Session s) {
        Table units = s.units().table();
        Table el = s.electrodes().orElseThrow(() ->
                new NwbException(s.file(), "/general/extracellular_ephys/electrodes", "missing: --structure needs the electrodes table"));
        if (!el.has("location")) {
            throw new NwbException(s.file(), el.path() + "/location", "missing: --structure needs electrode locations");
        }
        Column loc = el.column("location");
        int n = Math.toIntExact(units.rowCount());
        String[] out = new String[n];
        if (units.has("peak_channel_id")) {
            long[] elIds = el.ids();
            Map<Long, Integer> row = new HashMap<>();
            for (int r = 0; r < elIds.length; r++) {
                row.put(elIds[r], r);
            }
            Column peak = units.column("peak_channel_id");
            for (int u = 0; u < n; u++) {
                Integer r = row.get(peak.getLong(u));
                out[u] = r == null ? null : clean(loc.getString(r));
            }
        } else if (units.has("electrodes")) {
            Column e = units.column("electrodes");
            for (int u = 0; u < n; u++) {
                out[u] = e.end(u) > e.start(u) ? clean(loc.getString(e.getLong(e.start(u)))) : null;
            }
        } else {
            throw new NwbException(s.file(), units.path(), "neither peak_channel_id nor electrodes: cannot place units in structures");
        }
        return out;
    }

    private static String clean(String acr) {
        return acr == null || acr.isEmpty() || acr.equals("None") ? null : acr;
    }
}
