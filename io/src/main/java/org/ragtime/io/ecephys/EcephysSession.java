package org.ragtime.io.ecephys;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.ragtime.engine.BadInputException;
import org.ragtime.engine.BinEdges;
import org.ragtime.engine.BinRule;
import org.ragtime.engine.CountType;
import org.ragtime.engine.KernelProvider;
import org.ragtime.engine.PresentationWindows;
import org.ragtime.engine.SpikeTrains;
import org.ragtime.engine.stats.ConditionStatistics;
import org.ragtime.engine.stats.PresentationSpikeTimes;
import org.ragtime.engine.table.Column;
import org.ragtime.engine.table.DoubleColumn;
import org.ragtime.engine.table.LongColumn;
import org.ragtime.engine.table.Table;
import org.ragtime.io.LabelledArray;
import org.ragtime.io.LabelledArray.Dtype;
import org.ragtime.io.LabelledArray.Memory;
import org.ragtime.io.LabelledTable;
import org.ragtime.io.Note;
import org.ragtime.io.NwbException;
import org.ragtime.io.Presentations;
import org.ragtime.io.Session;
import org.ragtime.io.Units;
import org.ragtime.io.units.UnitsTable;

/**
 * An extracellular electrophysiology session as AllenSDK's {@code EcephysSession} sees it, with its analyses as
 * methods of the same names and arguments: presentation-wise spike counts, PSTHs, whole-session binning. Every
 * rule and check the command line applies lives here (spike times checked finite and sorted, unit filters, the
 * uint16 count widened when a count does not fit, AllenSDK's warnings as {@link Note}s), so a Java caller gets
 * exactly the command line's numbers, coordinates and errors.
 *
 * <pre>{@code
 * try (EcephysSession session = EcephysSession.open(Path.of("session.nwb"));
 *      LabelledArray counts = session.presentationwiseSpikeCounts(
 *              EcephysSession.edges(-0.1, 0.5, 0.01), Intervals.ofStimulus("drifting_gratings"), UnitSelection.all())) {
 *     long[] shape = counts.shape();                 // presentations x bins x units, uint16
 * }
 * }</pre>
 *
 * <p>Results own their memory unless the caller passes a {@link Memory} (e.g. an output file's mapped data region,
 * so that the kernels write straight into the file). Bad input is a {@link BadInputException} naming file, HDF5
 * path and problem. Not thread-safe: one analysis at a time per session (each analysis runs on many threads).
 */
public final class EcephysSession implements AutoCloseable {
    /** How far consecutive windows may overlap and still only touch: the contract's grid tolerance. */
    static final double TOUCH = 1e-9;

    private final Session session;
    private final boolean ownsSession;
    private Presentations presentations;
    private Supplier<KernelProvider> kernels = KernelProvider::get;
    private int threads = KernelProvider.defaultThreads();

    private EcephysSession(Session session, boolean ownsSession) {
        this.session = session;
        this.ownsSession = ownsSession;
    }

    /** Opens an NWB file (structure only: data are read when an analysis needs them); closing closes the file. */
    public static EcephysSession open(Path file) {
        return new EcephysSession(Session.open(file), true);
    }

    /** As {@link #open(Path)}, decoding chunked datasets on {@code threads} threads. */
    public static EcephysSession open(Path file, int threads) {
        return new EcephysSession(Session.open(file, threads), true);
    }

    /** A view over an open session; closing it leaves the session open. */
    public static EcephysSession of(Session session) {
        return new EcephysSession(session, false);
    }

    /** The underlying reader. */
    public Session session() {
        return session;
    }

    /**
     * The kernel backend and thread count the analyses use (default: the best backend, all cores). The backend is
     * asked for only when an analysis has checked its inputs, so a backend that cannot load never hides bad input.
     */
    public EcephysSession kernels(Supplier<KernelProvider> provider, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.kernels = java.util.Objects.requireNonNull(provider, "provider");
        this.threads = threads;
        return this;
    }

    /** AllenSDK's {@code stimulus_presentations}: every presentation table joined, ids by start time, conditions. */
    public Presentations stimulusPresentations() {
        if (presentations == null) {
            presentations = Presentations.of(session);
        }
        return presentations;
    }

    /**
     * Bin edges {@code start + k * step} for k = 0..round((stop - start) / step), each one multiply and one add (never
     * accumulated, which drifts): numpy's {@code arange(start, stop + step/2, step)} without its drift.
     */
    public static double[] edges(double start, double stop, double step) {
        if (!(step > 0) || !Double.isFinite(start) || !Double.isFinite(stop) || !Double.isFinite(step) || !(stop > start)) {
            throw new BadInputException("bin edges " + start + ":" + stop + ":" + step + ": need finite start < stop and step > 0");
        }
        int n = (int) Math.rint((stop - start) / step) + 1;
        double[] e = new double[n];
        for (int k = 0; k < n; k++) {
            e[k] = start + k * step;
        }
        return e;
    }

    /** {@link #presentationwiseSpikeCounts(double[], Intervals, UnitSelection, CountType, boolean, BinRule, Memory)} with AllenSDK's defaults. */
    public LabelledArray presentationwiseSpikeCounts(double[] binEdges, Intervals presentations, UnitSelection units) {
        return presentationwiseSpikeCounts(binEdges, presentations, units, null, false, BinRule.CLOSED, null);
    }

    /**
     * AllenSDK's {@code presentationwise_spike_counts}: per presentation, bin and unit, the spikes t with
     * {@code a <= t <= b} for bin {@code [a, b]}, {@code a = start_time + edge} (closed, so a spike on an interior
     * edge counts in both bins; {@link BinRule#HALF_OPEN} counts {@code a <= t < b}). Dims
     * {@code (stimulus_presentation_id, time_relative_to_stimulus_onset, unit_id)}; attributes {@code dtype},
     * {@code bins}, {@code bin_edges}. A count never wraps: with {@code dtype} null the default uint16 widens
     * (an INFO note says so); a given dtype that is too narrow is bad input; {@code binarize} stores uint8 0/1.
     *
     * @param out where the array goes (e.g. a mapped output file; asked again if the dtype widens), or null for
     *            memory the result owns
     */
    public LabelledArray presentationwiseSpikeCounts(double[] binEdges, Intervals presentations, UnitSelection units,
            CountType dtype, boolean binarize, BinRule rule, Memory out) {
        double[] edges = BinEdges.requireIncreasing(binEdges.clone());
        List<Note> notes = new ArrayList<>();
        Selected u = select(units, notes);
        Windows w = windows(presentations, notes);
        PresentationWindows windows = PresentationWindows.of(w.starts, edges, rule);
        warnLikeAllenSdk(edges, w.starts, binarize, notes);
        warnIfBinsMissEverySpike(u.trains, w.starts, edges, notes);
        KernelProvider provider = kernels.get(); // after the input checks: a backend that cannot load is not the input's fault
        CountType type = binarize ? CountType.UINT8 : dtype == null ? CountType.UINT16 : dtype;
        Memory memory = out != null ? out : LabelledArray.ownedMemory();
        long[] shape = {w.ids.length, edges.length - 1, u.ids.length};
        try {
            MemorySegment seg = memory.allocate(Dtype.of(type), shape);
            long max = provider.spikeCounts().count(u.trains, windows, type, binarize, seg, threads);
            if (!binarize && !type.fits(max)) {
                if (dtype != null) {
                    throw new BadInputException(String.format(Locale.ROOT,
                            "counts up to %d do not fit --dtype %s (max %d); use --dtype int32", max,
                            Dtype.of(dtype).numpyName(), type.max()));
                }
                CountType wide = CountType.narrowestFor(max);
                notes.add(new Note(Note.Level.INFO, String.format(Locale.ROOT, "counts up to %d do not fit uint16; writing %s instead",
                        max, Dtype.of(wide).numpyName())));
                type = wide;
                seg = memory.allocate(Dtype.of(type), shape);
                provider.spikeCounts().count(u.trains, windows, type, binarize, seg, threads);
            }
            Map<String, Object> coords = new LinkedHashMap<>();
            coords.put(w.dim, w.ids);
            coords.put("time_relative_to_stimulus_onset", BinEdges.centres(edges));
            u.label(coords);
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("dtype", Dtype.of(type).numpyName());
            attrs.put("bins", rule == BinRule.HALF_OPEN ? "half-open" : "closed");
            attrs.put("bin_edges", edges);
            Map<String, LabelledArray.Coordinate> extra = new LinkedHashMap<>();
            if (w.presentationIds != null) {
                extra.put("stimulus_condition_id", new LabelledArray.Coordinate("stimulus_presentation_id", w.conditions()));
            }
            extra.putAll(unitCoords(u, notes));
            return LabelledArray.of(seg, Dtype.of(type), shape, coords, extra, attrs, notes, memory);
        } catch (RuntimeException e) {
            if (out == null) {
                memory.close();
            }
            throw e;
        }
    }

    /**
     * Mean PSTH: per unit and bin, the mean spike count per presentation (spikes per second with {@code rate}),
     * computed without materialising the presentations x bins x units cube; bins follow the counts rules. Dims
     * {@code (unit_id, time_relative_to_stimulus_onset)}, float64; attributes {@code units}, {@code presentations},
     * {@code bins}, {@code bin_edges}.
     *
     * @param out where the array goes, or null for memory the result owns
     */
    public LabelledArray psth(double[] binEdges, Intervals presentations, UnitSelection units, BinRule rule, boolean rate,
            Memory out) {
        double[] edges = BinEdges.requireIncreasing(binEdges.clone());
        List<Note> notes = new ArrayList<>();
        Selected u = select(units, notes);
        Windows w = windows(presentations, notes);
        warnIfBinsMissEverySpike(u.trains, w.starts, edges, notes);
        PresentationWindows windows = PresentationWindows.of(w.starts, edges, rule);
        KernelProvider provider = kernels.get();
        int nu = u.ids.length;
        int nb = edges.length - 1;
        Memory memory = out != null ? out : LabelledArray.ownedMemory();
        try {
            MemorySegment seg = memory.allocate(Dtype.FLOAT64, nu, nb);
            provider.psth().mean(u.trains, windows, seg, threads);
            if (rate) {
                for (int i = 0; i < nu * nb; i++) {
                    int b = i % nb;
                    seg.setAtIndex(ValueLayout.JAVA_DOUBLE, i, seg.getAtIndex(ValueLayout.JAVA_DOUBLE, i) / (edges[b + 1] - edges[b]));
                }
            }
            Map<String, Object> coords = new LinkedHashMap<>();
            u.label(coords);
            coords.put("time_relative_to_stimulus_onset", BinEdges.centres(edges));
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("units", rate ? "spikes/s" : "spikes/presentation");
            attrs.put("presentations", w.ids.length);
            attrs.put("bins", rule == BinRule.HALF_OPEN ? "half-open" : "closed");
            attrs.put("bin_edges", edges);
            return LabelledArray.of(seg, Dtype.FLOAT64, new long[] {nu, nb}, coords, unitCoords(u, notes), attrs, notes, memory);
        } catch (RuntimeException e) {
            if (out == null) {
                memory.close();
            }
            throw e;
        }
    }

    /** Checks whole-session binning arguments (also done by {@link #binnedSpikeCounts}; callers may check early). */
    public static void checkBinning(double binSize, double start) {
        if (!(binSize > 0) || !Double.isFinite(binSize) || !Double.isFinite(start)) {
            throw new BadInputException("--bin-size must be a positive number and --start finite");
        }
    }

    /**
     * Whole-session binning (pynapple's {@code count(bin_size)}): per unit, {@code n = floor((stop - start) / binSize) + 1}
     * bins {@code [start + k*binSize, start + (k+1)*binSize)}, so a spike exactly at {@code stop} lands in the last
     * bin. Dims {@code (unit_id, bin_start)}; attributes {@code bin_size}, {@code dtype}.
     *
     * @param stop  the time the last bin must contain, or null for the last spike of the selected units
     * @param dtype element type, null for int32; a type too narrow for a count is bad input
     * @param out   where the array goes, or null for memory the result owns
     */
    public LabelledArray binnedSpikeCounts(double binSize, double start, Double stop, UnitSelection units, CountType dtype,
            Memory out) {
        checkBinning(binSize, start);
        CountType type = dtype == null ? CountType.INT32 : dtype;
        List<Note> notes = new ArrayList<>();
        Selected u = select(units, notes);
        double end = stop != null ? stop : lastSpike(u.trains);
        if (stop == null && !(end >= start && Double.isFinite(end))) { // the end comes from the file: name it
            throw new NwbException(session.file(), "/units/spike_times", Double.isNaN(end)
                    ? "the selected units have no spikes; give --stop" : String.format(Locale.ROOT,
                            "the last spike of the selected units (%s) is before --start %s or not finite; give --stop", end, start));
        }
        if (!Double.isFinite(end) || end < start) {
            throw new BadInputException(String.format(Locale.ROOT, "--stop %s is before --start %s (or the selected units have no spikes: give --stop)", end, start));
        }
        double nd = Math.floor((end - start) / binSize) + 1;
        if (nd * Math.max(1, u.ids.length) > 4e9) {
            throw new BadInputException(String.format(Locale.ROOT, "%.0f bins x %d units is too large; use wider bins or fewer units", nd, u.ids.length));
        }
        long n = (long) nd;
        KernelProvider provider = kernels.get();
        Memory memory = out != null ? out : LabelledArray.ownedMemory();
        try {
            MemorySegment seg = memory.allocate(Dtype.of(type), u.ids.length, n);
            long max = provider.sessionBinning().bin(u.trains, start, binSize, n, type, seg, threads);
            if (!type.fits(max)) {
                throw new BadInputException(String.format(Locale.ROOT, "bin counts up to %d do not fit --dtype %s; use --dtype int32",
                        max, Dtype.of(type).numpyName()));
            }
            double[] binStart = new double[Math.toIntExact(n)];
            for (int k = 0; k < binStart.length; k++) {
                binStart[k] = start + k * binSize;
            }
            Map<String, Object> coords = new LinkedHashMap<>();
            u.label(coords);
            coords.put("bin_start", binStart);
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("bin_size", binSize);
            attrs.put("dtype", Dtype.of(type).numpyName());
            return LabelledArray.of(seg, Dtype.of(type), new long[] {u.ids.length, n}, coords, unitCoords(u, notes), attrs, notes, memory);
        } catch (RuntimeException e) {
            if (out == null) {
                memory.close();
            }
            throw e;
        }
    }

    /** The presentations and units a table was computed over. */
    private static Map<String, Object> selection(Windows w, Selected u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(w.dim, w.ids.clone());
        m.put("unit_id", u.ids.clone());
        return m;
    }

    private static double lastSpike(SpikeTrains trains) {
        double[] span = spikeSpan(trains);
        return span[0] > span[1] ? Double.NaN : span[1];
    }

    /**
     * The first and last spike of the selected units ({@code +inf, -inf} when they have none). Trains are sorted,
     * so this reads two values a unit.
     */
    private static double[] spikeSpan(SpikeTrains trains) {
        double first = Double.POSITIVE_INFINITY;
        double last = Double.NEGATIVE_INFINITY;
        for (int u = 0; u < trains.unitCount(); u++) {
            long c = trains.count(u);
            if (c > 0) {
                first = Math.min(first, trains.time(u, 0));
                last = Math.max(last, trains.time(u, c - 1));
            }
        }
        return new double[] {first, last};
    }

    /**
     * AllenSDK's {@code presentationwise_spike_times}: every spike with {@code start < t <= stop} of a presentation,
     * columns {@code spike_time, stimulus_presentation_id, unit_id, time_since_stimulus_presentation_onset}, sorted by
     * spike time, then unit id. Presentations must be in time order and not overlap.
     */
    public LabelledTable presentationwiseSpikeTimes(Intervals presentations, UnitSelection units) {
        List<Note> notes = new ArrayList<>();
        Selected u = select(units, notes);
        Windows w = windows(presentations, notes);
        warnIfWindowsMissEverySpike(u.trains, w.windowStarts(), w.stops(), notes);
        PresentationSpikeTimes st = overPresentations(w, () -> PresentationSpikeTimes.compute(
                u.trains, u.ids, w.ids, w.windowStarts(), w.stops()));
        int n = st.size();
        double[] time = new double[n];
        long[] presentation = new long[n];
        long[] unit = new long[n];
        double[] since = new double[n];
        for (int r = 0; r < n; r++) {
            time[r] = st.spikeTime(r);
            presentation[r] = w.ids[st.presentation(r)];
            unit[r] = u.ids[st.unit(r)];
            // a table aligned to another column: the time since that onset, not since the row's start
            since[r] = w.rowStarts == null ? st.timeSinceOnset(r) : time[r] - w.starts[st.presentation(r)];
        }
        return new LabelledTable(Table.of(session.file().toString(), List.of(DoubleColumn.of("spike_time", time),
                LongColumn.of(w.dim, presentation), LongColumn.of("unit_id", unit),
                DoubleColumn.of("time_since_stimulus_presentation_onset", since))), selection(w, u), notes);
    }

    /**
     * AllenSDK's {@code conditionwise_spike_statistics}: per (stimulus condition, unit), columns {@code unit_id,
     * stimulus_condition_id, spike_count} (not with {@code rates}){@code , stimulus_presentation_count, spike_mean,
     * spike_std, spike_sem}; counts use {@code start < t <= stop}, std has ddof 1 (NaN for one presentation), masked
     * presentations do not count. Rows by condition id, then unit id; every selected unit appears.
     */
    public LabelledTable conditionwiseSpikeStatistics(Intervals presentations, UnitSelection units, boolean rates) {
        if (presentations.table() != null) {
            throw new BadInputException(session.file() + ": /intervals/" + presentations.table() + ": condition-wise statistics need"
                    + " stimulus presentations (their stimulus_condition_id); use --stimulus");
        }
        if (presentations.isExplicit()) {
            throw new BadInputException("condition-wise statistics need stimulus presentations (explicit intervals have no conditions)");
        }
        List<Note> notes = new ArrayList<>();
        Selected u = select(units, notes);
        Windows w = windows(presentations, notes);
        long[] cond = w.conditions();
        warnIfWindowsMissEverySpike(u.trains, w.starts, w.stops(), notes);
        KernelProvider provider = kernels.get(); // after the input checks, as for the other spike analyses
        ConditionStatistics cs = overPresentations(w, () -> ConditionStatistics.compute(
                u.trains, u.ids, w.ids, w.starts, w.stops(), cond, rates, provider, threads));
        int n = cs.size();
        long[] unit = new long[n];
        long[] condition = new long[n];
        long[] spikes = new long[n];
        long[] count = new long[n];
        double[] mean = new double[n];
        double[] std = new double[n];
        double[] sem = new double[n];
        for (int r = 0; r < n; r++) {
            unit[r] = cs.unitId(r);
            condition[r] = cs.conditionId(r);
            spikes[r] = cs.spikeCount(r);
            count[r] = cs.presentationCount(r);
            mean[r] = cs.mean(r);
            std[r] = cs.std(r);
            sem[r] = cs.sem(r);
        }
        List<Column> columns = new ArrayList<>(List.of(LongColumn.of("unit_id", unit), LongColumn.of("stimulus_condition_id", condition)));
        if (!rates) {
            columns.add(LongColumn.of("spike_count", spikes));
        }
        columns.addAll(List.of(LongColumn.of("stimulus_presentation_count", count), DoubleColumn.of("spike_mean", mean),
                DoubleColumn.of("spike_std", std), DoubleColumn.of("spike_sem", sem)));
        return new LabelledTable(Table.of(session.file().toString(), columns), selection(w, u), notes);
    }

    /**
     * AllenSDK's {@code units}: the selected units joined with their peak channel (electrodes row) and probe, one row
     * per unit in selection order: {@code unit_id}, the scalar {@code /units} columns, channel positions, CCF
     * coordinates, {@code structure_acronym}, {@code probe} (see {@link UnitsTable}). An INFO note counts units
     * without a known channel or structure; attribute {@code unit_count} is the number of units in the file.
     */
    public LabelledTable units(UnitSelection units) {
        UnitsTable.Joined j = UnitsTable.of(session);
        List<Note> notes = new ArrayList<>();
        Table selected = j.table().take(units.rows(session, notes));
        String report = j.report().describe(j.table().rowCount());
        if (!report.isEmpty()) {
            notes.add(new Note(Note.Level.INFO, report));
        }
        return new LabelledTable(selected, Map.of("unit_count", j.table().rowCount()), notes);
    }

    /**
     * Extra coordinates along {@code unit_id}: event series' paths ({@code event_series}), or each selected unit's
     * {@code structure_acronym} (its peak channel's CCF
     * location, as {@link #units} joins it; null where unknown), when the file places its units on electrodes with a
     * location. A file whose electrodes cannot be joined still gets its analysis: the coordinate is left out and a
     * NOTE says why.
     */
    private Map<String, LabelledArray.Coordinate> unitCoords(Selected u, List<Note> notes) {
        if (u.eventSeries() != null) { // point processes in place of units: their paths
            return Map.of("event_series", new LabelledArray.Coordinate("unit_id", u.eventSeries().toArray(String[]::new)));
        }
        if (session.electrodes().isEmpty()) {
            return Map.of();
        }
        Table joined;
        try {
            joined = UnitsTable.of(session).table();
        } catch (BadInputException e) {
            notes.add(new Note(Note.Level.NOTE, "no structure_acronym coordinate: " + e.getMessage()));
            return Map.of();
        }
        if (!joined.has("structure_acronym")) {
            return Map.of();
        }
        org.ragtime.engine.table.StringColumn st = joined.strings("structure_acronym");
        String[] v = new String[u.rows.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = st.isNull(u.rows[i]) ? null : st.get(u.rows[i]);
        }
        return Map.of("structure_acronym", new LabelledArray.Coordinate("unit_id", v));
    }

    /** The selected units: rows of /units in output order, their ids and checked spike trains. */
    private record Selected(int[] rows, long[] ids, SpikeTrains trains, List<String> eventSeries) {
        Selected(int[] rows, long[] ids, SpikeTrains trains) {
            this(rows, ids, trains, null);
        }

        /** The unit_id coordinate. */
        void label(Map<String, Object> coords) {
            coords.put("unit_id", ids);
        }
    }

    /** Resolves a unit selection and checks the selected units' spike times (finite, sorted within each unit). */
    private Selected select(UnitSelection selection, List<Note> notes) {
        if (selection.eventSeriesPaths() != null) {
            if (selection.restrictsUnits()) {
                throw new BadInputException("event series replace the units: give them without unit ids, structures, probes or filters");
            }
            return eventSeries(selection.eventSeriesPaths());
        }
        Units u = session.units();
        int[] rows = selection.rows(session, notes);
        if (rows.length == 0) {
            notes.add(new Note(Note.Level.WARNING, "the unit selection is empty; the output has no units"));
        }
        long[] all = u.ids();
        long[] ids = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            ids[i] = all[rows[i]];
        }
        u.validateSpikeTimes(rows);
        return new Selected(rows, ids, u.spikeTrains().select(rows));
    }

    /** Point processes as units: each series' timestamps, finite and sorted, copied once (they are small). */
    private Selected eventSeries(List<String> paths) {
        double[][] trains = new double[paths.size()][];
        long[] ids = new long[paths.size()];
        for (int i = 0; i < trains.length; i++) {
            String path = paths.get(i);
            String ts = path + "/timestamps";
            if (!session.exists(path)) {
                throw new NwbException(session.file(), path, "no such event series");
            }
            if (!session.exists(ts)) {
                throw new NwbException(session.file(), path, "has no timestamps; an event series is a TimeSeries whose timestamps are the events");
            }
            double[] t = session.array(ts).toDoubleArray();
            for (int k = 0; k < t.length; k++) {
                if (!Double.isFinite(t[k]) || (k > 0 && t[k] < t[k - 1])) {
                    throw new NwbException(session.file(), ts, "event " + k + " is " + t[k]
                            + (Double.isFinite(t[k]) ? ", earlier than the one before it (" + t[k - 1] + ")" : "; event times must be finite and sorted"));
                }
            }
            trains[i] = t;
            ids[i] = i;
        }
        return new Selected(null, ids, SpikeTrains.ofArrays(trains), paths);
    }

    /**
     * Resolved intervals: ids in output order and start times; stop times and condition ids are looked up only
     * when an analysis needs them (counts and PSTHs never read stop times, so a bad stop time does not stop them).
     */
    private final class Windows {
        final String stimulus;
        final int[] presentationIds;
        final long[] ids;
        final double[] starts;
        private double[] stops;
        /** The dimension the ids label ({@link Intervals#dim()}). */
        String dim = "stimulus_presentation_id";
        /** A table's rows: its HDF5 path, and per row its onset and own start (starts above are the onsets). */
        String table;
        double[] rowStarts;
        boolean noStops;

        Windows(String stimulus, int[] presentationIds, long[] ids, double[] starts, double[] stops) {
            this.stimulus = stimulus;
            this.presentationIds = presentationIds;
            this.ids = ids;
            this.starts = starts;
            this.stops = stops;
        }

        double[] stops() {
            if (noStops) {
                throw new BadInputException(table == null
                        ? "spike times per interval need stop times; bare event times have none (use counts or psth with bins around each event)"
                        : session.file() + ": " + table + ": no stop_time column; spike times per interval need stop times");
            }
            if (stops == null) {
                stops = stimulusPresentations().stops(presentationIds); // checked: a NaN or early stop names table and row
            }
            return stops;
        }

        /** The windows' own start times: the rows' start_time for a table aligned to another column, else the onsets. */
        double[] windowStarts() {
            return rowStarts != null ? rowStarts : starts;
        }

        /** Stimulus condition of each presentation ({@link Presentations#NO_CONDITION} when masked or explicit). */
        long[] conditions() {
            long[] c = new long[ids.length];
            for (int i = 0; i < c.length; i++) {
                c[i] = presentationIds == null ? Presentations.NO_CONDITION : stimulusPresentations().conditionId(presentationIds[i]);
            }
            return c;
        }
    }

    private Windows windows(Intervals i, List<Note> notes) {
        if (i.table() != null || i.isEvents()) {
            Intervals.Rows r = i.rows(session, notes);
            Windows w = new Windows(null, null, r.ids(), r.onsets(), r.stops());
            w.dim = r.dim();
            w.table = r.table();
            w.noStops = r.stops() == null;
            w.rowStarts = r.starts() == r.onsets() ? null : r.starts();
            return w;
        }
        if (i.isExplicit()) {
            return new Windows(null, null, i.ids(), i.starts(), i.stops());
        }
        Presentations p = stimulusPresentations();
        int[] ids = presentationIds(p, i.stimulus(), i.ids());
        double[] starts = new double[ids.length];
        long[] longs = new long[ids.length];
        for (int k = 0; k < ids.length; k++) {
            starts[k] = p.start(ids[k]);
            longs[k] = ids[k];
        }
        return new Windows(i.stimulus(), ids, longs, starts, null);
    }

    /** Presentation ids of a stimulus and/or an id list, in output order; at least one must be given. */
    private static int[] presentationIds(Presentations p, String stimulus, long[] presentations) {
        if (stimulus == null && presentations == null) {
            throw new BadInputException("give --stimulus NAME (and/or --presentations ID,...); stimuli in this file: "
                    + String.join(", ", p.stimuli()));
        }
        int[] byStimulus = stimulus != null ? p.ofStimulus(stimulus) : null;
        if (presentations == null) {
            return byStimulus;
        }
        int[] ids = p.byIds(presentations);
        if (byStimulus != null) {
            Set<Integer> of = new HashSet<>();
            for (int i : byStimulus) {
                of.add(i);
            }
            List<Integer> bad = new ArrayList<>();
            for (int i : ids) {
                if (!of.contains(i)) {
                    bad.add(i);
                }
            }
            if (!bad.isEmpty()) {
                throw new BadInputException("stimulus presentation ids " + bad + " are not presentations of " + stimulus);
            }
        }
        return ids;
    }

    /** AllenSDK's two warnings: binarizing wide bins, and consecutive windows that overlap. */
    private static void warnLikeAllenSdk(double[] edges, double[] starts, boolean binarize, List<Note> notes) {
        double largest = 0;
        for (int i = 1; i < edges.length; i++) {
            largest = Math.max(largest, edges[i] - edges[i - 1]);
        }
        if (binarize && largest > 0.001) {
            notes.add(new Note(Note.Level.WARNING, String.format(Locale.ROOT, "binarizing bins up to %.5f s wide (AllenSDK warns above"
                    + " 0.001 s: several spikes per bin are collapsed to 1)", largest)));
        }
        // AllenSDK warns when a window ends after the next one starts. Windows that only touch (the next starts
        // where this one ends, to within the rounding of start + edge) are not an overlap worth a note.
        int overlaps = 0;
        for (int p = 0; p + 1 < starts.length; p++) {
            if ((starts[p] + edges[edges.length - 1]) - (starts[p + 1] + edges[0]) > TOUCH) {
                overlaps++;
            }
        }
        if (overlaps > 0) {
            notes.add(new Note(Note.Level.NOTE, String.format(Locale.ROOT, "%s overlap the next one; each window is counted on its own",
                    Note.count(overlaps, "window"))));
        }
    }

    /**
     * Warns when every window {@code [from[i], to[i]]} lies outside the span of the selected units' spikes, so that
     * every count is 0: right, but almost never what the caller meant (e.g. a stimulus shown after the recording's
     * last spike).
     */
    private static void warnIfWindowsMissEverySpike(SpikeTrains trains, double[] from, double[] to, List<Note> notes) {
        if (from.length == 0 || trains.unitCount() == 0) {
            return;
        }
        double[] span = spikeSpan(trains);
        double first = span[0];
        double last = span[1];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < from.length; i++) {
            if (to[i] >= first && from[i] <= last) {
                return; // this window can hold a spike
            }
            lo = Math.min(lo, from[i]);
            hi = Math.max(hi, to[i]);
        }
        notes.add(new Note(Note.Level.WARNING, first > last
                ? "the selected units have no spikes"
                : String.format(Locale.ROOT, "all %s (%.3f to %.3f s) lie outside the selected"
                        + " units' spikes (%.3f to %.3f s); no spike falls in any of them", Note.count(from.length, "window"), lo, hi, first, last)));
    }

    /** {@link #warnIfWindowsMissEverySpike} for bins {@code edges} relative to each of {@code starts}. */
    private static void warnIfBinsMissEverySpike(SpikeTrains trains, double[] starts, double[] edges, List<Note> notes) {
        double[] from = new double[starts.length];
        double[] to = new double[starts.length];
        for (int i = 0; i < starts.length; i++) {
            from[i] = starts[i] + edges[0];
            to[i] = starts[i] + edges[edges.length - 1];
        }
        warnIfWindowsMissEverySpike(trains, from, to, notes);
    }

    /**
     * Runs an engine computation over the selected presentations. The engine never opens a file, so its refusals
     * (presentations reversed, out of order or overlapping) name no file; this names the file and the presentations
     * table ({@code /intervals} when only ids were given), as every bad-input message must.
     */
    private <T> T overPresentations(Windows w, Supplier<T> computation) {
        String stimulus = w.stimulus;
        try {
            return computation.get();
        } catch (NwbException e) {
            throw e;
        } catch (BadInputException e) {
            if (w.noStops && w.table == null) {
                throw e; // bare event times: no file table to name
            }
            String table = w.table != null ? w.table : stimulus == null ? "/intervals"
                    : "/intervals/" + (stimulus.endsWith("_presentations") ? stimulus : stimulus + "_presentations");
            throw new NwbException(session.file(), table, e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (ownsSession) {
            session.close();
        }
    }
}
