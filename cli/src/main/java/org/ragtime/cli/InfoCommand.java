package org.ragtime.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.ragtime.cli.out.Json;
import org.ragtime.io.Session;
import org.ragtime.io.DynamicTable;
import org.ragtime.io.Note;
import org.ragtime.io.TraceInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ragtime info FILE [--json]}: what an NWB file holds, read from its structure alone (no spike data). */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "What an NWB file holds: NWB version, units, electrodes, intervals tables, ophys traces."
                + " Reads structure and index datasets only, never the spike data.")
final class InfoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "An NWB 2 file.")
    Path file;

    @Option(names = "--json", description = "Print one JSON object on stdout instead of text.")
    boolean json;

    @Override
    public Integer call() {
        try (Session s = Session.open(file)) {
            Map<String, Object> info = describe(s);
            if (json) {
                Json.write(System.out, info, true);
            } else {
                print(info, System.out);
            }
        }
        return 0;
    }

    /** The summary as plain maps and lists (the JSON layout). */
    static Map<String, Object> describe(Session s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", s.file().toString());
        m.put("bytes", size(s.file()));
        m.put("nwb_version", s.nwbVersion());
        if (s.hasUnits()) {
            var u = s.units();
            Map<String, Object> um = new LinkedHashMap<>();
            um.put("count", u.count());
            um.put("total_spikes", u.totalSpikes());
            um.put("columns", u.table().columnNames());
            m.put("units", um);
        } else {
            m.put("units", null);
        }
        Optional<DynamicTable> el = s.electrodes();
        m.put("electrodes", el.map(t -> table(t)).orElse(null));
        Map<String, Object> iv = new LinkedHashMap<>();
        for (Map.Entry<String, DynamicTable> e : s.intervals().entrySet()) {
            iv.put(e.getKey(), table(e.getValue()));
        }
        m.put("intervals", iv);
        List<Object> traces = new ArrayList<>();
        for (TraceInfo t : s.traces()) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("path", t.path());
            tm.put("type", t.neurodataType());
            tm.put("shape", t.shape());
            tm.put("orientation", t.orientation() == TraceInfo.Orientation.TIME_MAJOR ? "time_major" : "roi_major");
            tm.put("timestamps", t.timestamps().orElse(null));
            tm.put("starting_time", t.startingTime().isPresent() ? t.startingTime().getAsDouble() : null);
            tm.put("rate", t.rate().isPresent() ? t.rate().getAsDouble() : null);
            tm.put("rois_table", t.roisTable());
            tm.put("rois", t.roiCount());
            traces.add(tm);
        }
        m.put("traces", traces);
        return m;
    }

    private static Map<String, Object> table(DynamicTable t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", t.path());
        m.put("rows", t.rowCount());
        m.put("columns", t.columnNames());
        return m;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    @SuppressWarnings("unchecked")
    private static void print(Map<String, Object> m, PrintStream out) {
        out.printf(Locale.ROOT, "%s: NWB %s, %.1f MB%n", m.get("file"), m.get("nwb_version"), ((Long) m.get("bytes")) / 1e6);
        Map<String, Object> u = (Map<String, Object>) m.get("units");
        if (u == null) {
            out.println("units: none");
        } else {
            out.printf(Locale.ROOT, "units: %s, %s%n  columns: %s%n", Note.count(((Number) u.get("count")).longValue(), "unit"),
                    Note.count(((Number) u.get("total_spikes")).longValue(), "spike"),
                    String.join(", ", (List<String>) u.get("columns")));
        }
        Map<String, Object> el = (Map<String, Object>) m.get("electrodes");
        if (el == null) {
            out.println("electrodes: none");
        } else {
            out.printf(Locale.ROOT, "electrodes: %s%n  columns: %s%n", Note.count(((Number) el.get("rows")).longValue(), "row"),
                    String.join(", ", (List<String>) el.get("columns")));
        }
        Map<String, Object> iv = (Map<String, Object>) m.get("intervals");
        out.println("intervals: " + (iv.isEmpty() ? "none" : Note.count(iv.size(), "table")));
        for (Map.Entry<String, Object> e : iv.entrySet()) {
            Map<String, Object> t = (Map<String, Object>) e.getValue();
            out.printf(Locale.ROOT, "  %s: %s; columns: %s%n", e.getKey(), Note.count(((Number) t.get("rows")).longValue(), "row"),
                    String.join(", ", (List<String>) t.get("columns")));
        }
        List<Object> traces = (List<Object>) m.get("traces");
        out.println("ophys traces: " + (traces.isEmpty() ? "none" : traces.size()));
        for (Object o : traces) {
            Map<String, Object> t = (Map<String, Object>) o;
            long[] shape = (long[]) t.get("shape");
            StringBuilder sh = new StringBuilder();
            for (int i = 0; i < shape.length; i++) {
                sh.append(i > 0 ? " x " : "").append(shape[i]);
            }
            String timing = t.get("timestamps") != null ? "timestamps " + t.get("timestamps")
                    : t.get("rate") != null ? String.format(Locale.ROOT, "%s Hz from %s s", t.get("rate"), t.get("starting_time")) : "no timing";
            out.printf(Locale.ROOT, "  %s (%s): %s, %s, %s%n", t.get("path"), t.get("type"), sh,
                    "time_major".equals(t.get("orientation")) ? "time x rois" : "rois x time", timing);
        }
    }
}
