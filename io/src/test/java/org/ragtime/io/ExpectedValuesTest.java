package org.ragtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.ragtime.engine.SpikeTrains;

/** Every NWB 2 fixture read through {@link Session} and checked against pynwb's values in EXPECTED.json. */
class ExpectedValuesTest {

    @SuppressWarnings("unchecked")
    static Map<String, Object> expected() throws Exception {
        return (Map<String, Object>) Json.read(Fixtures.file("EXPECTED.json"));
    }

    static Stream<String> nwb2Files() throws Exception {
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, Object> e : expected().entrySet()) {
            if (e.getValue() instanceof Map<?, ?> m && m.get("nwb_version") != null) {
                files.add(e.getKey());
            }
        }
        assertEquals(11, files.size() + 1, "EXPECTED.json should list 10 NWB 2 files and one NWB 1 file");
        return files.stream();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    @ParameterizedTest
    @MethodSource("nwb2Files")
    void matchesPynwb(String name) throws Exception {
        Map<String, Object> exp = map(expected().get(name));
        try (Session s = Session.open(Fixtures.file(name))) {
            assertEquals(exp.get("nwb_version"), s.nwbVersion());
            assertEquals(exp.get("identifier"), s.stringValue("/identifier").orElseThrow());
            if (exp.containsKey("units")) {
                checkUnits(s, map(exp.get("units")));
            } else {
                assertFalse(s.hasUnits(), name + " has no units in EXPECTED.json");
            }
            if (exp.containsKey("electrodes")) {
                Map<String, Object> e = map(exp.get("electrodes"));
                DynamicTable t = s.electrodes().orElseThrow();
                assertEquals(((Number) e.get("count")).longValue(), t.rowCount());
                assertEquals(e.get("colnames"), t.columnNames());
                List<Object> ids5 = list(e.get("ids_first5"));
                for (int i = 0; i < ids5.size(); i++) {
                    assertEquals(((Number) ids5.get(i)).longValue(), t.ids()[i]);
                }
                checkRow0(t, map(e.get("row0")));
                for (String c : t.columnNames()) { // every column readable, indices valid
                    t.column(c).get(0);
                }
                // object references resolve to electrode groups; pynwb names group_name after the group
                // (MatNWB does not: there row 0 points at NLX-microwires-139, as h5py reports)
                if (t.has("group") && t.has("group_name")) {
                    VectorData group = t.column("group");
                    assertEquals(VectorData.Kind.REFERENCE, group.kind());
                    for (int r = 0; r < t.rowCount(); r++) {
                        String named = "/general/extracellular_ephys/" + t.column("group_name").getString(r);
                        String ref = group.getReference(r);
                        assertTrue(s.exists(ref) && ref.startsWith("/general/extracellular_ephys/"), ref);
                        if (s.exists(named)) {
                            assertEquals(named, ref, name + " electrode row " + r);
                        }
                    }
                    if (name.startsWith("real/matnwb")) {
                        assertEquals("/general/extracellular_ephys/NLX-microwires-139", group.getReference(0));
                    }
                }
            }
            if (exp.containsKey("intervals")) {
                Map<String, Object> iv = map(exp.get("intervals"));
                Map<String, DynamicTable> tables = s.intervals();
                assertEquals(iv.keySet(), tables.keySet());
                for (Map.Entry<String, Object> e : iv.entrySet()) {
                    Map<String, Object> ex = map(e.getValue());
                    DynamicTable t = tables.get(e.getKey());
                    assertEquals(((Number) ex.get("rows")).longValue(), t.rowCount(), e.getKey());
                    assertEquals(ex.get("colnames"), t.columnNames(), e.getKey());
                    checkRow0(t, map(ex.get("row0")));
                    for (String c : t.columnNames()) {
                        for (int r = 0; r < t.rowCount(); r++) {
                            t.column(c).get(r);
                        }
                    }
                }
            }
            if (exp.containsKey("roi_response_series")) {
                checkTraces(s, map(exp.get("roi_response_series")));
            }
        }
    }

    private static void checkUnits(Session s, Map<String, Object> u) {
        Units units = s.units();
        assertEquals(((Number) u.get("count")).intValue(), units.count());
        assertEquals(u.get("colnames"), units.table().columnNames());
        List<Object> ids = list(u.get("ids"));
        List<Object> counts = list(u.get("spike_counts"));
        assertEquals(ids.size(), units.ids().length);
        SpikeTrains trains = units.spikeTrains();
        for (int i = 0; i < ids.size(); i++) {
            assertEquals(((Number) ids.get(i)).longValue(), units.ids()[i]);
            assertEquals(((Number) counts.get(i)).longValue(), units.spikeCount(i));
            assertEquals(((Number) counts.get(i)).longValue(), trains.count(i));
        }
        assertEquals(((Number) u.get("total_spikes")).longValue(), units.totalSpikes());
        List<Object> first = list(u.get("first_spike_times"));
        for (int i = 0; i < first.size(); i++) {
            List<Object> f = list(first.get(i));
            for (int k = 0; k < f.size(); k++) {
                assertEquals(((Number) f.get(k)).doubleValue(), trains.time(i, k), "unit row " + i + " spike " + k);
            }
        }
        // zero copy: each train is a slice of the file mapping
        MemorySegment times = trains.times();
        assertTrue(times.isNative() && times.isMapped(), "spike times are a file mapping");
        for (int i = 0; i < units.count(); i++) {
            MemorySegment t = trains.train(i);
            assertTrue(t.isMapped());
            assertEquals(times.address() + trains.start(i) * 8, t.address());
        }
        // validation agrees with a plain check on heap copies (one real file, DANDI anm369963, has unsorted units)
        for (int i = 0; i < units.count(); i++) {
            double[] t = trains.toArray(i);
            int bad = -1;
            for (int k = 0; k < t.length && bad < 0; k++) {
                if (!Double.isFinite(t[k]) || (k > 0 && t[k] < t[k - 1])) {
                    bad = k;
                }
            }
            int row = i;
            if (bad < 0) {
                units.validateSpikeTimes(new int[] {row});
            } else {
                NwbException e = assertThrows(NwbException.class, () -> units.validateSpikeTimes(new int[] {row}));
                assertTrue(e.getMessage().contains("/units/spike_times: unit " + units.ids()[i] + " (row " + i + "): spike "
                        + bad + " "), e.getMessage());
            }
        }
        for (String c : units.table().columnNames()) {
            units.table().column(c).get(0);
        }
    }

    private static void checkRow0(DynamicTable t, Map<String, Object> row0) {
        for (Map.Entry<String, Object> e : row0.entrySet()) {
            Object actual = t.column(e.getKey()).get(0);
            assertValue(e.getValue(), actual, t.path() + "/" + e.getKey());
        }
    }

    private static void assertValue(Object expected, Object actual, String where) {
        if (expected == null) {
            assertInstanceOf(Double.class, actual, where);
            assertTrue(((Double) actual).isNaN(), where + ": expected NaN (null), got " + actual);
        } else if (expected instanceof List<?> l) {
            List<?> a = assertInstanceOf(List.class, actual, where);
            assertEquals(l.size(), a.size(), where);
            for (int i = 0; i < l.size(); i++) {
                assertValue(l.get(i), a.get(i), where + "[" + i + "]");
            }
        } else if (expected instanceof Number n) {
            if (actual instanceof Boolean b) { // pynwb gives int8 0/1 columns for some writers' booleans
                fail(where + ": expected number " + n + ", got boolean " + b);
            }
            assertInstanceOf(Number.class, actual, where);
            assertEquals(n.doubleValue(), ((Number) actual).doubleValue(), where);
        } else {
            assertEquals(expected, actual, where);
        }
    }

    private static void checkTraces(Session s, Map<String, Object> rrs) {
        Map<String, TraceInfo> byPath = new java.util.TreeMap<>();
        for (TraceInfo t : s.traces()) {
            byPath.put(t.path(), t);
        }
        assertEquals(rrs.keySet().stream().map(p -> "/" + p).collect(java.util.stream.Collectors.toSet()), byPath.keySet());
        for (Map.Entry<String, Object> e : rrs.entrySet()) {
            Map<String, Object> ex = map(e.getValue());
            TraceInfo t = byPath.get("/" + e.getKey());
            assertEquals(ex.get("type"), t.neurodataType());
            List<Object> shape = list(ex.get("shape"));
            assertEquals(shape.size(), t.shape().length);
            for (int d = 0; d < shape.size(); d++) {
                assertEquals(((Number) shape.get(d)).longValue(), t.shape()[d]);
            }
            assertEquals(TraceInfo.Orientation.TIME_MAJOR, t.orientation());
            NumericArray data = s.array(t.dataPath());
            assertEquals(((Number) ex.get("data00")).doubleValue(), data.getDouble(0), t.path());
            assertTrue(t.roisTable().endsWith("/" + ex.get("rois_table")), t.roisTable());
            assertEquals(((Number) ex.get("n_rois")).longValue(), t.roiCount());
            if (ex.get("rate") != null) {
                assertEquals(((Number) ex.get("rate")).doubleValue(), t.rate().orElseThrow());
                assertTrue(t.timestamps().isEmpty());
            } else {
                List<Object> ts3 = list(ex.get("timestamps_first3"));
                NumericArray ts = s.array(t.timestamps().orElseThrow());
                for (int i = 0; i < ts3.size(); i++) {
                    assertEquals(((Number) ts3.get(i)).doubleValue(), ts.getDouble(i));
                }
            }
        }
    }

    /** TimeIntervals.timeseries: {idx_start, count, ref}; pynwb sets idx_start/count by bisect on the timestamps. */
    @Test
    void compoundTimeseriesColumnFollowsPynwbDefinition() {
        try (Session s = Session.open(Fixtures.file("generated/allensdk_style_ecephys_session.nwb"))) {
            DynamicTable t = s.intervals().get("drifting_gratings_presentations");
            VectorData ts = t.column("timeseries");
            assertEquals(VectorData.Kind.COMPOUND, ts.kind());
            assertEquals(List.of("idx_start", "count", "timeseries"), ts.members());
            VectorData start = t.column("start_time");
            VectorData stop = t.column("stop_time");
            for (int r = 0; r < t.rowCount(); r++) {
                assertEquals(1, ts.end(r) - ts.start(r));
                long e = ts.start(r);
                String target = ts.getReference(e, "timeseries");
                assertEquals("/processing/stimulus/timestamps", target);
                NumericArray stamps = s.array(target + "/timestamps");
                long lo = bisectLeft(stamps, start.getDouble(r));
                assertEquals(lo, ts.getLong(e, "idx_start"), "row " + r);
                assertEquals(bisectLeft(stamps, stop.getDouble(r)) - lo, ts.getLong(e, "count"), "row " + r);
            }
        }
    }

    private static long bisectLeft(NumericArray a, double x) {
        long n = 0;
        while (n < a.length() && a.getDouble(n) < x) {
            n++;
        }
        return n;
    }

    @Test
    void nwb1FileIsRefusedClearly() {
        Path f = Fixtures.file("real/allen_brain_observatory_nwb1_496908818s.nwb");
        NwbException e = assertThrows(NwbException.class, () -> Session.open(f));
        assertTrue(e.getMessage().startsWith(f + ": /"), e.getMessage());
        assertTrue(e.getMessage().contains("NWB 1") && e.getMessage().contains("NWB 2 only"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
