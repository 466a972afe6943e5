package org.ragtime.io.ophys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.ragtime.engine.BadInputException;
import org.ragtime.engine.KernelProvider;
import org.ragtime.engine.align.ConditionMeans;
import org.ragtime.engine.align.EventTriggeredResponse;
import org.ragtime.engine.align.Traces;
import org.ragtime.io.LabelledArray;
import org.ragtime.io.LabelledArray.Dtype;
import org.ragtime.io.Note;
import org.ragtime.io.ecephys.Intervals;
import org.ragtime.io.Presentations;
import org.ragtime.io.VectorData;
import org.ragtime.io.NumericArray;
import org.ragtime.io.NwbException;
import org.ragtime.io.Session;
import org.ragtime.io.DynamicTable;
import org.ragtime.io.TraceInfo;

/**
 * A two-photon (ophys) experiment as AllenSDK's {@code BehaviorOphysExperiment} sees it, read straight from
 * the NWB layout (processing module {@code ophys}, or {@code two_photon_imaging} in pre-2021 files):
 * dF/F, corrected fluorescence, demixed and neuropil traces, detected events, the cell specimen table,
 * stimulus presentations and trials. Every trace comes back as {@link Traces} in whichever orientation the
 * file stores (time-major as AllenSDK writes, or the transpose older files carry), mapped without a copy
 * when it is contiguous float64; float32 data and {@code starting_time + rate} clocks are materialised
 * once in memory this object owns.
 *
 * <p>Any RoiResponseSeries of any NWB file can be read with {@link #traces(String)}, and any TimeSeries (running
 * speed, pupil area, an ElectricalSeries) with {@link #timeSeries(String)}; {@link #eventTriggeredResponse(String,
 * Intervals, double, double, Sampling, LabelledArray.Memory)} aligns either. Not thread-safe to
 * open series concurrently; the returned {@link Traces} are. Closing releases the decoded memory and, when
 * this object opened the file, the file mapping.
 *
 * <p>The analysis, mindscope's {@code event_triggered_response} of every ROI, labelled as xarray would hold it:
 * <pre>{@code
 * try (OphysExperiment x = OphysExperiment.open(Path.of("experiment.nwb"));
 *      LabelledArray r = x.eventTriggeredResponse(null, x.stimulusStartTimes("natural_images"), -0.5, 0.75,
 *              Sampling.interpolated(), LabelledArray.ownedMemory())) {
 *     double first = r.getDouble(0);   // cell 0, event 0, first sample
 * }
 * }</pre>
 */
public final class OphysExperiment implements AutoCloseable {
    private static final List<String> MODULES = List.of("/processing/ophys", "/processing/two_photon_imaging");
    private static final long FRAME_LIMIT = Integer.MAX_VALUE;

    private final Session session;
    private final boolean ownsSession;
    private final Arena arena = Arena.ofShared();
    private Supplier<KernelProvider> kernels = KernelProvider::get;
    private int threads = KernelProvider.defaultThreads();

    /**
     * How an event-triggered response is sampled (mindscope's {@code interpolate}, {@code output_sampling_rate}
     * and {@code get_time_array}'s {@code include_endpoint}); see docs/ophys.md.
     *
     * @param interpolate     np.interp onto a regular grid (true) or the nearest frame and its neighbours
     * @param rate            the grid's rate in Hz; NaN for 1 / mean frame interval (interpolated only)
     * @param includeEndpoint whether the grid includes the window's stop when it is a whole number of steps
     */
    public record Sampling(boolean interpolate, double rate, boolean includeEndpoint) {
        /** Interpolated at the traces' mean frame rate, endpoint included (mindscope's defaults). */
        public static Sampling interpolated() {
            return new Sampling(true, Double.NaN, true);
        }

        /** The nearest-sample path ({@code interpolate=False}): the traces' own frames. */
        public static Sampling nearest() {
            return new Sampling(false, Double.NaN, true);
        }

        /** The same, interpolated at {@code hz}. */
        public Sampling atRate(double hz) {
            return new Sampling(true, hz, includeEndpoint);
        }

        /** The same, without the window's stop on the grid. */
        public Sampling excludingEndpoint() {
            return new Sampling(interpolate, rate, false);
        }
    }

    private OphysExperiment(Session session, boolean ownsSession) {
        this.session = session;
        this.ownsSession = ownsSession;
    }

    /** Opens an NWB file; closing the experiment closes the file. */
    public static OphysExperiment open(Path file) {
        return new OphysExperiment(Session.open(file), true);
    }

    /** Opens an NWB file whose chunked datasets are decoded on {@code threads} threads ({@link Session#open(Path, int)}). */
    public static OphysExperiment open(Path file, int threads) {
        return new OphysExperiment(Session.open(file, threads), true);
    }

    /** A view over an open session; closing the experiment leaves the session open. */
    public static OphysExperiment of(Session session) {
        return new OphysExperiment(session, false);
    }

    /** The underlying reader. */
    public Session session() {
        return session;
    }

    /** The kernel backend and thread count the analyses use (default: the best backend, all cores). */
    public OphysExperiment kernels(Supplier<KernelProvider> provider, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.kernels = Objects.requireNonNull(provider, "provider");
        this.threads = threads;
        return this;
    }

    /**
     * mindscope's {@code event_triggered_response} of every ROI of a series: float64 (cells, events, samples) with
     * dims {@code cell_specimen_id, event_time, time}, {@code cell_roi_id} along the cells, and attributes
     * {@code series}, {@code interpolate}, {@code rate}, {@code dtype}. Cells without a specimen id (or every cell
     * of a file without AllenSDK's cell specimen table, whose ROIs are then named by segmentation row) have a null
     * {@code cell_specimen_id}.
     *
     * @param series     a RoiResponseSeries path (leading slash optional), or null for dF/F; any other TimeSeries ({@code PATH} or
     *                   {@code PATH:FIELD}, see {@link #timeSeries}) gives dims {@code column, event_time, time}, one row per column
     * @param eventTimes the events, in seconds, in any order
     * @param start      window start relative to each event (s)
     * @param stop       window stop relative to each event (s)
     * @param memory     where the array goes (e.g. an output file's data region); {@link LabelledArray#ownedMemory()}
     *                   to let the result own it
     */
    public LabelledArray eventTriggeredResponse(String series, double[] eventTimes, double start, double stop,
            Sampling sampling, LabelledArray.Memory memory) {
        return response(series, eventTimes, null, null, new ArrayList<>(), start, stop, sampling, memory);
    }

    /**
     * {@link #eventTriggeredResponse(String, double[], double, double, Sampling, LabelledArray.Memory)} at the onsets
     * of {@code events}: a stimulus's presentations ({@link Intervals#ofStimulus}, at their start times), the rows of
     * an intervals table at any time column (rows where it is NaN left out, with a note) or bare event times. For a
     * table or event times, their ids run along {@code event_time} as a coordinate named {@link Intervals#dim()}
     * (e.g. {@code trials_id}, {@code event_id}).
     */
    public LabelledArray eventTriggeredResponse(String series, Intervals events, double start, double stop, Sampling sampling,
            LabelledArray.Memory memory) {
        if (events.table() == null && !events.isEvents()) {
            if (events.stimulus() == null || events.ids() != null) {
                throw new BadInputException("align to a stimulus's presentations (without presentation ids), an intervals table or"
                        + " event times");
            }
            return eventTriggeredResponse(series, stimulusStartTimes(events.stimulus()), start, stop, sampling, memory);
        }
        List<Note> notes = new ArrayList<>();
        Intervals.Rows rows = events.rows(session, notes);
        return response(series, rows.onsets(), rows.dim(), rows.ids(), notes, start, stop, sampling, memory);
    }

    /**
     * The one response path: a RoiResponseSeries gives cells (dims {@code cell_specimen_id, event_time, time},
     * {@code cell_roi_id} along the cells), any other TimeSeries columns (dims {@code column, event_time, time}).
     */
    private LabelledArray response(String series, double[] eventTimes, String idName, long[] eventIds, List<Note> notes, double start,
            double stop, Sampling sampling, LabelledArray.Memory memory) {
        String path = series != null ? absolute(series) : module() + "/dff/traces";
        // dF/F (no series given) is always ROIs: a file whose dF/F lacks them is refused, not aligned as columns
        boolean rois = series == null || session.traces().stream().anyMatch(t -> t.path().equals(path));
        Traces traces = rois ? traces(path) : timeSeries(path);
        long[][] ids = rois ? roiIds(path) : null; // a bad rois region is refused before any work
        EventTriggeredResponse etr = sampling.interpolate()
                ? EventTriggeredResponse.interpolated(traces, start, stop, sampling.rate(), sampling.includeEndpoint())
                : EventTriggeredResponse.nearest(traces, start, stop);
        MemorySegment seg = memory.allocate(Dtype.FLOAT64, traces.rois(), eventTimes.length, etr.samples());
        etr.compute(kernels.get().align(), eventTimes, seg, threads);
        Map<String, Object> coords = new LinkedHashMap<>();
        if (rois) {
            coords.put("cell_specimen_id", cellList(ids[1]));
            coords.put("cell_roi_id", new LabelledArray.Coordinate("cell_specimen_id", ids[0]));
        } else {
            List<String> names = new ArrayList<>();
            for (int c = 0; c < traces.rois(); c++) {
                names.add(traces.rois() == 1 ? path : path + "[" + c + "]");
            }
            coords.put("column", java.util.Collections.unmodifiableList(names));
        }
        coords.put("event_time", eventTimes.clone());
        if (idName != null) {
            coords.put(idName, new LabelledArray.Coordinate("event_time", eventIds.clone()));
        }
        coords.put("time", etr.time());
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("series", path);
        // the series' own unit; AllenSDK's dF/F says none ("NA"), so name it
        String unit = session.stringAttribute(dataPath(path), "unit").orElse("");
        attrs.put("units", series == null && (unit.isEmpty() || unit.equalsIgnoreCase("NA") || unit.equals("no unit")) ? "dF/F" : unit);
        attrs.put("interpolate", etr.interpolates());
        attrs.put("rate", etr.rate());
        attrs.put("dtype", "float64");
        warnIfAllNaN(seg, traces, eventTimes, notes);
        return LabelledArray.of(seg, Dtype.FLOAT64, new long[] {traces.rois(), eventTimes.length, etr.samples()},
                coords, attrs, notes, memory);
    }

    /** {@code PATH:FIELD} -> {@code /PATH/FIELD}; {@code PATH} -> {@code /PATH/data}. */
    private static String dataPath(String spec) {
        int colon = spec.lastIndexOf(':');
        return colon > 0 ? absolute(spec.substring(0, colon)) + "/" + spec.substring(colon + 1) : absolute(spec) + "/data";
    }

    /** A result of only NaN is right when no window meets the samples, but almost never what the caller meant. */
    private static void warnIfAllNaN(MemorySegment seg, Traces traces, double[] eventTimes, List<Note> notes) {
        long n = seg.byteSize() / Double.BYTES;
        if (n == 0) {
            return;
        }
        for (long i = 0; i < n; i++) {
            if (!Double.isNaN(seg.getAtIndex(Traces.VALUE, i))) {
                return;
            }
        }
        double first = traces.frames() > 0 ? traces.timestamp(0) : Double.NaN;
        double last = traces.frames() > 0 ? traces.timestamp(traces.frames() - 1) : Double.NaN;
        notes.add(new Note(Note.Level.WARNING, String.format(java.util.Locale.ROOT,
                "no window of the %s meets the series' samples (%.3f to %.3f s): every value is NaN", Note.count(eventTimes.length, "event"),
                first, last)));
    }

    /**
     * Mean response per cell, condition and sample over the events of each condition (NaN samples left out):
     * float64 (cells, conditions, samples), dims {@code cell_specimen_id, condition, time}, {@code cell_roi_id} along
     * the cells, and per element the number of events averaged as {@link ConditionResponses#counts()}.
     *
     * @param responses what {@link #eventTriggeredResponse} returned
     * @param condition per event its condition label (e.g. the presentation's {@code image_name})
     */
    public static ConditionResponses meanResponses(LabelledArray responses, List<String> condition) {
        long[] shape = responses.shape();
        int rois = Math.toIntExact(shape[0]);
        int events = Math.toIntExact(shape[1]);
        int samples = Math.toIntExact(shape[2]);
        if (condition.size() != events) {
            throw new IllegalArgumentException(condition.size() + " condition labels for " + events + " events");
        }
        List<String> labels = new ArrayList<>();
        int[] cond = new int[events];
        for (int e = 0; e < events; e++) {
            int k = labels.indexOf(condition.get(e));
            if (k < 0) {
                k = labels.size();
                labels.add(condition.get(e));
            }
            cond[e] = k;
        }
        LabelledArray.Memory owned = LabelledArray.ownedMemory();
        MemorySegment means = owned.allocate(Dtype.FLOAT64, rois, labels.size(), samples);
        LabelledArray.Memory ownedCounts = LabelledArray.ownedMemory();
        MemorySegment counts = ownedCounts.allocate(Dtype.INT32, rois, labels.size(), samples);
        ConditionMeans.compute(responses.data(), rois, samples, cond, labels.size(), means, counts);
        Map<String, Object> coords = new LinkedHashMap<>();
        coords.put("cell_specimen_id", responses.coords().get("cell_specimen_id"));
        coords.put("cell_roi_id", new LabelledArray.Coordinate("cell_specimen_id", responses.coord("cell_roi_id")));
        coords.put("condition", List.copyOf(labels));
        coords.put("time", responses.coords().get("time"));
        long[] out = {rois, labels.size(), samples};
        return new ConditionResponses(
                LabelledArray.of(means, Dtype.FLOAT64, out, coords, Map.of(), List.of(), owned),
                LabelledArray.of(counts, Dtype.INT32, out, coords, Map.of(), List.of(), ownedCounts));
    }

    /**
     * Mean responses and how many events each mean averaged, both (cells, conditions, samples); closing frees both.
     *
     * @param means  float64, NaN where no event counted
     * @param counts int32
     */
    public record ConditionResponses(LabelledArray means, LabelledArray counts) implements AutoCloseable {
        @Override
        public void close() {
            means.close();
            counts.close();
        }
    }

    /**
     * Any TimeSeries as traces: {@code PATH} (its {@code data}, 1-D or time x columns) or {@code PATH:FIELD} (the
     * 1-D dataset {@code FIELD} in the series group, e.g. {@code /acquisition/EyeTracking/pupil_tracking:area}), on
     * the series' {@code timestamps} (followed through links) or {@code starting_time} and rate; int and float32 data
     * converted to float64 once. Columns are the series' second dimension (one for 1-D data).
     */
    public Traces timeSeries(String spec) {
        int colon = spec.lastIndexOf(':');
        String path = absolute(colon > 0 ? spec.substring(0, colon) : spec);
        String dataPath = dataPath(spec);
        boolean field = colon > 0;
        if (!session.exists(path)) {
            throw new NwbException(session.file(), path, "no such TimeSeries");
        }
        if (!session.exists(dataPath)) {
            throw new NwbException(session.file(), dataPath, field ? "no such field in the series" : "not a TimeSeries (no data)");
        }
        NumericArray data = session.array(dataPath);
        if (data.rank() < 1 || data.rank() > 2) {
            throw new NwbException(session.file(), dataPath, "has " + data.rank() + " dimensions; a series to align has time and at most"
                    + " one more (columns)");
        }
        long frames = data.dim(0);
        long columns = data.rank() == 2 ? data.dim(1) : 1;
        if (frames > FRAME_LIMIT || columns > Integer.MAX_VALUE - 8) {
            throw new NwbException(session.file(), dataPath, frames + " x " + columns + " values is more than Ragtime supports");
        }
        MemorySegment values = float64(data);
        MemorySegment timestamps;
        if (session.exists(path + "/timestamps")) {
            NumericArray ts = session.array(path + "/timestamps");
            if (ts.length() != frames) {
                throw new NwbException(session.file(), path + "/timestamps", ts.length() + " timestamps for " + frames + " samples of " + dataPath);
            }
            timestamps = float64(ts);
        } else if (session.exists(path + "/starting_time")) {
            NumericArray st = session.array(path + "/starting_time");
            double t0 = st.getDouble(0);
            double rate = session.numberAttribute(path + "/starting_time", "rate").orElseThrow(
                    () -> new NwbException(session.file(), path + "/starting_time", "no rate attribute"));
            if (!(rate > 0) || Double.isInfinite(rate) || !Double.isFinite(t0)) {
                throw new NwbException(session.file(), path + "/starting_time", "rate " + rate + " and start " + t0 + " must be finite, rate > 0");
            }
            timestamps = arena.allocate(frames * Double.BYTES, Double.BYTES);
            for (long i = 0; i < frames; i++) {
                timestamps.setAtIndex(Traces.VALUE, i, i / rate + t0);
            }
        } else {
            throw new NwbException(session.file(), path, "not a TimeSeries (no timestamps or starting_time)");
        }
        return Traces.of(session.file() + ": " + path, values, Traces.Orientation.TIME_MAJOR, frames, (int) columns, timestamps);
    }

    /**
     * The RoiResponseSeries at {@code path} (leading slash optional), its data not read; a path that is none is bad
     * input listing the ones the file has.
     */
    public TraceInfo roiResponseSeries(String path) {
        String wanted = absolute(path);
        List<TraceInfo> all = session.traces();
        return all.stream().filter(t -> t.path().equals(wanted)).findFirst()
                .orElseThrow(() -> new NwbException(session.file(), wanted, "no RoiResponseSeries here (the file has "
                        + (all.isEmpty() ? "none" : String.join(", ", all.stream().map(TraceInfo::path).toList())) + ")"));
    }

    /** The start times of a stimulus's presentations, in table order ({@code NAME} or {@code NAME_presentations}). */
    public double[] stimulusStartTimes(String stimulus) {
        return Presentations.startTimes(session, presentationTable(stimulus));
    }

    /**
     * Per event of {@code events} (as {@link #eventTriggeredResponse(String, Intervals, double, double, Sampling,
     * LabelledArray.Memory)} orders them), its value in a column of its table as text: a presentation column
     * ({@code image_name}) or a trials column ({@code change_image_name}). Bare event times have no table.
     */
    public List<String> eventLabels(Intervals events, String column) {
        if (events.isEvents()) {
            throw new BadInputException("conditions are columns of a table: give --stimulus or --intervals, not --event-times");
        }
        if (events.table() == null) {
            return stimulusColumn(events.stimulus(), column);
        }
        Intervals.Rows rows = events.rows(session, new ArrayList<>());
        DynamicTable d = session.intervals().get(events.table());
        if (!d.has(column)) {
            throw new NwbException(session.file(), d.path(), "no column " + column + " (columns: " + String.join(", ", d.columnNames()) + ")");
        }
        VectorData c = d.column(column);
        List<String> out = new ArrayList<>(rows.rows().length);
        for (int r : rows.rows()) {
            out.add(String.valueOf(c.get(r)));
        }
        return out;
    }

    /** True if the table of {@code events} (a stimulus's presentations or an intervals table) has {@code column}. */
    public boolean eventsHave(Intervals events, String column) {
        if (events.isEvents()) {
            return false;
        }
        DynamicTable d = events.table() != null ? session.intervals().get(events.table()) : presentationTable(events.stimulus());
        return d != null && d.has(column);
    }

    /** Per presentation of a stimulus, in table order, its value in {@code column} as text. */
    public List<String> stimulusColumn(String stimulus, String column) {
        DynamicTable t = presentationTable(stimulus);
        VectorData c = t.column(column);
        List<String> out = new ArrayList<>((int) t.rowCount());
        for (int e = 0; e < t.rowCount(); e++) {
            out.add(String.valueOf(c.get(e)));
        }
        return out;
    }

    /** The presentation table of a stimulus ({@code NAME} or {@code NAME_presentations}), or a one-line refusal. */
    public DynamicTable presentationTable(String stimulus) {
        String stim = stimulus.endsWith("_presentations") ? stimulus.substring(0, stimulus.length() - "_presentations".length()) : stimulus;
        DynamicTable t = stimulusPresentations().get(stim);
        if (t == null) {
            throw new BadInputException(session.file() + ": /intervals/" + stim + "_presentations: no such table (have: "
                    + String.join(", ", stimulusPresentations().keySet()) + ")");
        }
        return t;
    }

    /** Per ROI of the series, {cell_roi_id, cell_specimen_id}: from the cell specimen table, or segmentation rows. */
    private long[][] roiIds(String path) {
        int[] rows = roiRows(path);
        long[] roiIds = new long[rows.length];
        long[] cellIds = new long[rows.length];
        try {
            CellSpecimens cells = cellSpecimens();
            for (int i = 0; i < rows.length; i++) {
                roiIds[i] = cells.cellRoiId()[rows[i]];
                cellIds[i] = cells.cellSpecimenId()[rows[i]];
            }
        } catch (BadInputException noAllenTable) {
            if (hasCellSpecimens()) {
                throw noAllenTable; // an Allen table that cannot be read: bad input, not a generic file
            }
            for (int i = 0; i < rows.length; i++) { // a generic file: ROIs are named by their segmentation row
                roiIds[i] = rows[i];
                cellIds[i] = CellSpecimens.NO_CELL;
            }
        }
        return new long[][] {roiIds, cellIds};
    }

    private static List<Long> cellList(long[] cellIds) {
        List<Long> out = new ArrayList<>(cellIds.length);
        for (long c : cellIds) {
            out.add(c == CellSpecimens.NO_CELL ? null : c);
        }
        return java.util.Collections.unmodifiableList(out);
    }

    /** The processing module holding the ophys data ({@code /processing/ophys} or the older name). */
    public String module() {
        for (String m : MODULES) {
            if (session.exists(m)) {
                return m;
            }
        }
        throw new NwbException(session.file(), MODULES.getFirst(), "no ophys processing module (also looked for "
                + MODULES.get(1) + ")");
    }

    /** dF/F traces ({@code dff/traces}); AllenSDK's {@code dff_traces} and {@code ophys_timestamps}. */
    public Traces dff() {
        return traces(module() + "/dff/traces");
    }

    /** Corrected fluorescence ({@code corrected_fluorescence/traces}). */
    public Traces correctedFluorescence() {
        return traces(module() + "/corrected_fluorescence/traces");
    }

    /** Demixed traces, when the file has them. */
    public Optional<Traces> demixed() {
        return optional(module() + "/demixed_trace/traces");
    }

    /** Neuropil traces, when the file has them (AllenSDK's {@code neuropil_traces} property returns the demixed ones by mistake). */
    public Optional<Traces> neuropil() {
        return optional(module() + "/neuropil_trace/traces");
    }

    /** Detected events ({@code event_detection}, gzip-chunked in AllenSDK files, decoded once), ROIs as {@link #roiRows}. */
    public Traces events() {
        return traces(module() + "/event_detection");
    }

    /** Per events ROI, the {@code lambdas} of event detection. */
    public double[] eventLambdas() {
        return doubles(module() + "/event_detection/lambdas");
    }

    /** Per events ROI, the {@code noise_stds} of event detection. */
    public double[] eventNoiseStds() {
        return doubles(module() + "/event_detection/noise_stds");
    }

    /**
     * True if the file has AllenSDK's cell specimen table (in either module name). A generic file has none;
     * a file that has one but whose table cannot be read is bad input, not a generic file.
     */
    public boolean hasCellSpecimens() {
        return MODULES.stream().anyMatch(m -> session.exists(m + "/image_segmentation/cell_specimen_table"));
    }

    /** The cell specimen table ({@code image_segmentation/cell_specimen_table}). */
    public CellSpecimens cellSpecimens() {
        return CellSpecimens.read(session.table(module() + "/image_segmentation/cell_specimen_table"), session.file());
    }

    /**
     * Per ROI of the series at {@code seriesPath}, its row in the segmentation table (the {@code rois}
     * DynamicTableRegion: row positions, not ids). For AllenSDK's dF/F this is 0..n-1; events may hold a subset.
     */
    public int[] roiRows(String seriesPath) {
        String series = absolute(seriesPath);
        String path = series + "/rois";
        NumericArray rois = session.array(path);
        if (rois.type().isFloating()) {
            throw new NwbException(session.file(), path, "row positions must be integers, found " + rois.type());
        }
        // the region's table, when it names one, bounds the rows (a damaged value must not become an index)
        String table = session.traces().stream().filter(t -> t.path().equals(series)).map(TraceInfo::roisTable)
                .findFirst().orElse(null);
        long limit = table != null && session.exists(table + "/id") ? session.table(table).rowCount() : Integer.MAX_VALUE;
        if (rois.length() > Integer.MAX_VALUE - 8) {
            throw new NwbException(session.file(), path, rois.length() + " ROIs is more than Ragtime supports");
        }
        int[] rows = new int[(int) rois.length()];
        for (int i = 0; i < rows.length; i++) {
            long v = rois.getLong(i);
            if (v < 0 || v >= limit) {
                String row = rois.type() == NumericArray.Type.UINT64 ? Long.toUnsignedString(v) : Long.toString(v);
                throw new NwbException(session.file(), path, "entry " + i + " is row " + row
                        + (table != null ? " but " + table + " has " + limit + " rows" : ", not a row position"));
            }
            rows[i] = (int) v;
        }
        return rows;
    }

    /** Every {@code /intervals/*_presentations} table by stimulus name (suffix removed), sorted by name. */
    public Map<String, DynamicTable> stimulusPresentations() {
        Map<String, DynamicTable> out = new LinkedHashMap<>();
        for (Map.Entry<String, DynamicTable> e : session.intervals().entrySet()) {
            if (e.getKey().endsWith("_presentations")) {
                out.put(e.getKey().substring(0, e.getKey().length() - "_presentations".length()), e.getValue());
            }
        }
        return out;
    }

    /** The trials table, when present. */
    public Optional<DynamicTable> trials() {
        return Optional.ofNullable(session.intervals().get("trials"));
    }

    /** An HDF5 path as h5py takes it, with or without its leading slash, in the form the file lists it. */
    public static String absolute(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }

    /**
     * Any RoiResponseSeries-like group (a {@code data} dataset and a {@code rois} region): its values in the
     * stored orientation and its timestamps, followed through soft links, or computed as pynwb's
     * {@code get_timestamps()} does ({@code arange(n) / rate + starting_time}) when the series has a rate.
     */
    public Traces traces(String path) {
        TraceInfo info = roiResponseSeries(path);
        String seriesPath = info.path();
        String where = session.file() + ": " + seriesPath; // FILE: HDF5PATH, as every NwbException starts
        NumericArray data = session.array(info.dataPath());
        long frames = info.sampleCount();
        long rois = info.roiCount();
        if (data.length() != frames * rois) {
            throw new NwbException(session.file(), info.dataPath(), "holds " + data.length() + " values, expected "
                    + frames + " frames x " + rois + " rois");
        }
        if (frames > FRAME_LIMIT) {
            throw new NwbException(session.file(), info.dataPath(), frames + " frames is more than Ragtime supports");
        }
        MemorySegment values = float64(data);
        MemorySegment timestamps;
        if (info.timestamps().isPresent()) {
            NumericArray ts = session.array(info.timestamps().get());
            if (ts.length() != frames) {
                throw new NwbException(session.file(), info.timestamps().get(), ts.length() + " timestamps for "
                        + frames + " frames of " + info.dataPath());
            }
            timestamps = float64(ts);
        } else {
            double start = info.startingTime().orElseThrow();
            double rate = info.rate().orElseThrow(() -> new NwbException(session.file(), seriesPath + "/starting_time",
                    "no rate attribute"));
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new NwbException(session.file(), seriesPath + "/starting_time", "rate is " + rate);
            }
            timestamps = arena.allocate(frames * Double.BYTES, Double.BYTES);
            for (long i = 0; i < frames; i++) {
                timestamps.setAtIndex(Traces.VALUE, i, i / rate + start);
            }
        }
        Traces.Orientation o = info.orientation() == TraceInfo.Orientation.TIME_MAJOR
                ? Traces.Orientation.TIME_MAJOR : Traces.Orientation.ROI_MAJOR;
        return Traces.of(where, values, o, frames, (int) rois, timestamps);
    }

    private Optional<Traces> optional(String path) {
        return session.exists(path) ? Optional.of(traces(path)) : Optional.empty();
    }

    /** The array as float64: the mapping itself when it already is, else one converted copy this object owns. */
    private MemorySegment float64(NumericArray a) {
        if (a.type() == NumericArray.Type.FLOAT64) {
            return a.segment();
        }
        MemorySegment out = arena.allocate(a.length() * Double.BYTES, Double.BYTES);
        for (long i = 0; i < a.length(); i++) {
            out.setAtIndex(Traces.VALUE, i, a.getDouble(i));
        }
        return out;
    }

    private double[] doubles(String path) {
        return session.array(path).toDoubleArray();
    }

    /** Frees converted data and, if this object opened the file, unmaps it. */
    @Override
    public void close() {
        arena.close();
        if (ownsSession) {
            session.close();
        }
    }
}
