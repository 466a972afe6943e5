package org.ragtime.io.ophys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ragtime.engine.align.Traces;
import org.ragtime.engine.table.Column;
import org.ragtime.engine.table.DoubleColumn;
import org.ragtime.engine.table.LongColumn;
import org.ragtime.engine.table.StringColumn;
import org.ragtime.engine.table.Table;
import org.ragtime.io.LabelledTable;
import org.ragtime.io.Note;
import org.ragtime.io.NwbException;
import org.ragtime.io.Session;

/**
 * The Visual Behavior 2-photon "tidy" table of a session's imaging planes: mindscope_utilities'
 * {@code build_tidy_cell_df(experiment, exclude_invalid_rois=True)} of each plane, with the plane's experiment
 * metadata as further columns, concatenated in the order the planes are given. One row per (valid cell, frame):
 * {@code timestamps, dff, events, filtered_events, cell_roi_id, cell_specimen_id, ophys_experiment_id,
 * ophys_session_id, targeted_structure, imaging_depth, equipment_name, cre_line, mouse_id, sex}.
 *
 * <p>As AllenSDK: cells in cell specimen table order, invalid ROIs ({@code valid_roi} false) left out; a cell
 * without dF/F or without detected events gets NaN there; {@code filtered_events} is AllenSDK's
 * {@code filter_events_array} (a causal half-Gaussian of {@code n = 20} steps with {@code sigma = 2/31 s} times the
 * plane's own {@code imaging_rate}, normalised to sum 1, {@code np.convolve(events, w)[:len(events)]}); metadata from
 * {@code /general/metadata} (ophys_experiment_id, ophys_session_id, imaging_depth, equipment_name), the imaging plane
 * ({@code location} = targeted_structure) and {@code /general/subject} ({@code cre_line} = the genotype before its
 * first ';' without "/wt", empty when it has no ';'; {@code mouse_id} = subject_id; {@code sex}). See docs/ophys.md.
 *
 * <pre>{@code
 * try (OphysExperiment a = OphysExperiment.open(Path.of("plane1.nwb")); OphysExperiment b = OphysExperiment.open(Path.of("plane2.nwb"))) {
 *     Table tidy = TidyCells.of(List.of(a, b)).table();
 *     double first = ((DoubleColumn) tidy.column("dff")).get(0);
 * }
 * }</pre>
 */
public final class TidyCells {
    /** AllenSDK's {@code events_filter_scale_seconds} default. */
    public static final double FILTER_SCALE_SECONDS = 2.0 / 31.0;
    /** AllenSDK's {@code filter_n_time_steps} default. */
    public static final int FILTER_STEPS = 20;

    private TidyCells() {
    }

    /** The tidy table of every plane, concatenated (attribute {@code rows_per_plane}). */
    public static LabelledTable of(List<OphysExperiment> planes) {
        List<Plane> ps = new ArrayList<>();
        long total = 0;
        for (OphysExperiment x : planes) {
            Plane p = plane(x);
            ps.add(p);
            total += (long) p.cells.length * p.frames;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(total + " rows is more than one table holds");
        }
        int n = (int) total;
        Arena arena = Arena.ofAuto();
        MemorySegment ts = arena.allocate(Math.max(1, n) * 8L, 8);
        MemorySegment dff = arena.allocate(Math.max(1, n) * 8L, 8);
        MemorySegment ev = arena.allocate(Math.max(1, n) * 8L, 8);
        MemorySegment fev = arena.allocate(Math.max(1, n) * 8L, 8);
        long[] roi = new long[n];
        long[] cell = new long[n];
        long[] experiment = new long[n];
        long[] session = new long[n];
        long[] depth = new long[n];
        StringColumn.Builder structure = new StringColumn.Builder(n);
        StringColumn.Builder equipment = new StringColumn.Builder(n);
        StringColumn.Builder cre = new StringColumn.Builder(n);
        StringColumn.Builder mouse = new StringColumn.Builder(n);
        StringColumn.Builder sex = new StringColumn.Builder(n);
        int row = 0;
        long[] perPlane = new long[ps.size()];
        double[] filtered = new double[0];
        for (int k = 0; k < ps.size(); k++) {
            Plane p = ps.get(k);
            int frames = p.frames;
            if (filtered.length < frames) {
                filtered = new double[frames];
            }
            double[] w = halfGaussian(FILTER_SCALE_SECONDS * p.rate, FILTER_STEPS);
            for (int c = 0; c < p.cells.length; c++) {
                int dffRoi = p.dffRoi[c];
                int evRoi = p.eventsRoi[c];
                if (evRoi >= 0) {
                    filter(p.events, evRoi, frames, w, filtered);
                }
                for (int f = 0; f < frames; f++) {
                    long at = (long) (row + f) * 8;
                    ts.set(ValueLayout.JAVA_DOUBLE, at, p.dff.timestamp(f));
                    dff.set(ValueLayout.JAVA_DOUBLE, at, dffRoi >= 0 ? p.dff.value(dffRoi, f) : Double.NaN);
                    ev.set(ValueLayout.JAVA_DOUBLE, at, evRoi >= 0 ? p.events.value(evRoi, f) : Double.NaN);
                    fev.set(ValueLayout.JAVA_DOUBLE, at, evRoi >= 0 ? filtered[f] : Double.NaN);
                }
                java.util.Arrays.fill(roi, row, row + frames, p.roiIds[c]);
                java.util.Arrays.fill(cell, row, row + frames, p.cells[c]);
                row += frames;
            }
            int from = row - p.cells.length * frames;
            java.util.Arrays.fill(experiment, from, row, p.meta.experiment);
            java.util.Arrays.fill(session, from, row, p.meta.session);
            java.util.Arrays.fill(depth, from, row, p.meta.depth);
            for (int r = from; r < row; r++) {
                structure.add(p.meta.structure);
                equipment.add(p.meta.equipment);
                cre.add(p.meta.creLine);
                mouse.add(p.meta.mouseId);
                sex.add(p.meta.sex);
            }
            perPlane[k] = row - from;
        }
        List<Column> cols = List.of(doubles("timestamps", ts, n), doubles("dff", dff, n), doubles("events", ev, n),
                doubles("filtered_events", fev, n), LongColumn.of("cell_roi_id", roi), LongColumn.of("cell_specimen_id", cell),
                LongColumn.of("ophys_experiment_id", experiment), LongColumn.of("ophys_session_id", session),
                structure.build("targeted_structure"), LongColumn.of("imaging_depth", depth), equipment.build("equipment_name"),
                cre.build("cre_line"), mouse.build("mouse_id"), sex.build("sex"));
        List<Note> notes = new ArrayList<>();
        for (Plane p : ps) {
            if (p.invalid > 0) {
                notes.add(new Note(Note.Level.INFO, String.format(Locale.ROOT, "%s: %s left out (valid_roi false)",
                        p.file, Note.count(p.invalid, "invalid ROI"))));
            }
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("rows_per_plane", perPlane);
        return new LabelledTable(Table.of("tidy", cols), attrs, notes);
    }

    private static DoubleColumn doubles(String name, MemorySegment seg, int n) {
        double[] v = new double[n];
        MemorySegment.copy(seg, ValueLayout.JAVA_DOUBLE, 0, v, 0, n);
        return DoubleColumn.of(name, v);
    }

    /**
     * AllenSDK's filter weights: {@code scipy.stats.halfnorm(scale=sigma).pdf(arange(n))} normalised to sum 1, i.e.
     * {@code exp(-k^2 / (2 sigma^2))} over their sum (the pdf's constant factor cancels).
     */
    public static double[] halfGaussian(double sigma, int n) {
        double[] w = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            w[k] = Math.exp(-0.5 * (k / sigma) * (k / sigma));
            sum += w[k];
        }
        for (int k = 0; k < n; k++) {
            w[k] /= sum;
        }
        return w;
    }

    /** {@code np.convolve(events[roi], w)[:frames]}: out[t] = sum over k <= t of w[k] * e[t - k]. */
    static void filter(Traces events, int roi, int frames, double[] w, double[] out) {
        double[] e = events.row(roi);
        for (int t = 0; t < frames; t++) {
            double s = 0;
            int kmax = Math.min(t, w.length - 1);
            for (int k = 0; k <= kmax; k++) {
                s += w[k] * e[t - k];
            }
            out[t] = s;
        }
    }

    /** What one plane contributes. */
    private record Plane(java.nio.file.Path file, long[] cells, long[] roiIds, int[] dffRoi, int[] eventsRoi, Traces dff,
            Traces events, int frames, double rate, Meta meta, int invalid) {
    }

    private record Meta(long experiment, long session, String structure, long depth, String equipment, String creLine,
            String mouseId, String sex) {
    }

    private static Plane plane(OphysExperiment x) {
        Session s = x.session();
        CellSpecimens table = x.cellSpecimens();
        String tablePath = x.module() + "/image_segmentation/cell_specimen_table";
        Traces dff = x.dff();
        String dffPath = x.module() + "/dff/traces";
        String eventsPath = x.module() + "/event_detection";
        Traces events = s.exists(eventsPath) ? x.events() : null;
        if (dff.frames() > Integer.MAX_VALUE - 8) {
            throw new NwbException(s.file(), dffPath, dff.frames() + " frames is more than Ragtime supports");
        }
        int frames = (int) dff.frames();
        if (events != null && events.frames() != frames) {
            throw new NwbException(s.file(), eventsPath, events.frames() + " frames of events for " + frames + " of dF/F");
        }
        int[] dffRows = x.roiRows(dffPath);
        int[] eventRows = events != null ? x.roiRows(eventsPath) : new int[0];
        int[] dffOf = position(dffRows, table.size());
        int[] eventsOf = position(eventRows, table.size());
        List<Integer> keep = new ArrayList<>();
        int invalid = 0;
        for (int r = 0; r < table.size(); r++) {
            if (!table.validRoi()[r]) {
                invalid++;
                continue;
            }
            if (table.cellSpecimenId()[r] == CellSpecimens.NO_CELL) {
                throw new NwbException(s.file(), tablePath + "/cell_specimen_id", "valid ROI " + table.cellRoiId()[r]
                        + " has no cell_specimen_id (-1); build_tidy_cell_df needs one for every cell it keeps");
            }
            keep.add(r);
        }
        int m = keep.size();
        long[] cells = new long[m];
        long[] rois = new long[m];
        int[] dffRoi = new int[m];
        int[] evRoi = new int[m];
        for (int i = 0; i < m; i++) {
            int r = keep.get(i);
            cells[i] = table.cellSpecimenId()[r];
            rois[i] = table.cellRoiId()[r];
            dffRoi[i] = dffOf[r];
            evRoi[i] = eventsOf[r];
        }
        String plane = imagingPlane(s);
        double rate = s.array(plane + "/imaging_rate").getDouble(0);
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new NwbException(s.file(), plane + "/imaging_rate", "is " + rate + "; filtered_events needs a positive rate");
        }
        return new Plane(s.file(), cells, rois, dffRoi, evRoi, dff, events, frames, rate, meta(s, plane), invalid);
    }

    /** Per segmentation row, the series column holding it (-1 when the series has none; the last one if repeated). */
    private static int[] position(int[] rows, int tableRows) {
        int[] at = new int[tableRows];
        java.util.Arrays.fill(at, -1);
        for (int i = 0; i < rows.length; i++) {
            at[rows[i]] = i;
        }
        return at;
    }

    /** The one imaging plane under {@code /general/optophysiology} (AllenSDK files have exactly one). */
    private static String imagingPlane(Session s) {
        String base = "/general/optophysiology";
        for (int i = 1; i <= 64; i++) {
            if (s.exists(base + "/imaging_plane_" + i + "/imaging_rate")) {
                return base + "/imaging_plane_" + i;
            }
        }
        throw new NwbException(s.file(), base + "/imaging_plane_1", "no imaging plane with an imaging_rate");
    }

    private static Meta meta(Session s, String plane) {
        String md = "/general/metadata";
        if (!s.exists(md)) {
            throw new NwbException(s.file(), md, "no experiment metadata (AllenSDK's OphysBehaviorMetadata) here");
        }
        String genotype = string(s, "/general/subject/genotype");
        int semi = genotype.indexOf(';');
        String cre = semi < 0 ? "" : genotype.substring(0, semi).replace("/wt", "");
        return new Meta(integer(s, md, "ophys_experiment_id"), integer(s, md, "ophys_session_id"),
                string(s, plane + "/location"), integer(s, md, "imaging_depth"),
                s.stringAttribute(md, "equipment_name").orElseThrow(() -> new NwbException(s.file(), md,
                        "no equipment_name attribute")), cre, string(s, "/general/subject/subject_id"),
                string(s, "/general/subject/sex"));
    }

    private static long integer(Session s, String path, String attribute) {
        double v = s.numberAttribute(path, attribute).orElseThrow(() -> new NwbException(s.file(), path, "no numeric "
                + attribute + " attribute"));
        if (v != Math.rint(v)) {
            throw new NwbException(s.file(), path, attribute + " is " + v + ", not an integer");
        }
        return (long) v;
    }

    private static String string(Session s, String path) {
        return s.stringValue(path).orElseThrow(() -> new NwbException(s.file(), path, "missing (or not a string)"));
    }
}
