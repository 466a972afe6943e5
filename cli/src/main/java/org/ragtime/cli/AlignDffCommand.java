package org.ragtime.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ragtime.cli.out.AtomicOutputs;
import org.ragtime.cli.out.Heatmap;
import org.ragtime.cli.out.Json;
import org.ragtime.cli.out.Results;
import org.ragtime.engine.BadInputException;
import org.ragtime.engine.KernelProvider;
import org.ragtime.engine.align.AlignKernel;
import org.ragtime.engine.align.ConditionMeans;
import org.ragtime.engine.align.EventTriggeredResponse;
import org.ragtime.engine.align.Traces;
import org.ragtime.io.VectorData;
import org.ragtime.io.LabelledArray;
import org.ragtime.io.Presentations;
import org.ragtime.io.DynamicTable;
import org.ragtime.io.Note;
import org.ragtime.io.ophys.CellSpecimens;
import org.ragtime.io.ophys.OphysExperiment;
import org.ragtime.io.ophys.ResponseCsv;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ragtime align-dff}: event-triggered dF/F of every ROI, (cells, events, samples). */
@Command(name = "align-dff", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Event-triggered dF/F (AllenSDK/mindscope event_triggered_response semantics) of every ROI in"
                + " /processing/ophys/dff/traces: a NumPy float64 array (cells, events, samples) plus OUT.coords.json"
                + " (cell_specimen_id, cell_roi_id, event_time, time); or, with --out OUT.zarr, a Zarr store holding response.",
                "Interpolated (default): np.interp of the frames in [event+START, event+STOP] onto get_time_array's grid at"
                + " --rate (default 1/mean frame interval). --nearest: the nearest frame and its neighbours. A window without"
                + " frames, or frames outside the trace, give NaN (see docs/ophys.md)."})
final class AlignDffCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "An NWB file with ophys traces.")
    Path file;

    @ArgGroup(multiplicity = "1")
    Events events;

    static final class Events {
        @Option(names = "--stimulus", paramLabel = "NAME", description = "Align to the start_time of every row of /intervals/NAME_presentations.")
        String stimulus;

        @Option(names = "--event-times", paramLabel = "FILE.txt", description = "Align to these times (one number per line, any order).")
        Path eventTimes;
    }

    @Option(names = "--window", required = true, paramLabel = "START:STOP", description = "Window around each event in seconds, e.g. -0.5:0.75.")
    String window;

    @Option(names = "--rate", paramLabel = "HZ", description = "Output sampling rate of the interpolated grid (default: 1 / mean frame interval).")
    Double rate;

    @Option(names = "--nearest", description = "Nearest-sample path instead of interpolation (mindscope interpolate=False).")
    boolean nearest;

    @Option(names = "--exclude-endpoint", description = "get_time_array's include_endpoint=False (ignored when the window is not a whole number of steps).")
    boolean excludeEndpoint;

    @Option(names = "--series", paramLabel = "PATH", description = "Another RoiResponseSeries instead of dF/F (e.g. /processing/ophys/event_detection; the leading slash"
                    + " is optional).")
    String series;

    @Option(names = "--condition", paramLabel = "COLUMN", description = "With --stimulus: presentations column whose values are the conditions of --means and --png (default image_name when present).")
    String condition;

    @Option(names = "--means", paramLabel = "OUT.csv", description = "Tidy CSV of the mean response per cell, condition and time (cell_specimen_id, cell_roi_id, condition, time, mean_dff, n_events).")
    Path means;

    @Option(names = "--png", paramLabel = "OUT.png", description = "Heat map of the mean responses (cells x time), one panel per condition.")
    Path png;

    @Option(names = "--out", required = true, paramLabel = "OUT.npy|OUT.zarr",
            description = "Output array: a .npy (coordinates go to OUT.coords.json) or a Zarr store (a path ending in .zarr).")
    Path out;

    @Mixin
    KernelOptions kernels;

    @Override
    public Integer call() {
        double[] win = parseWindow(window);
        if (nearest && rate != null) {
            throw new BadInputException("--rate and --nearest exclude each other (the nearest path keeps the frame rate)");
        }
        KernelProvider provider = kernels.provider();
        // the align family is not (yet) part of KernelProvider: the scalar backend maps to the reference,
        // every other one to the Vector API kernel (bit-identical either way)
        AlignKernel kernel = provider.align();
        int threads = kernels.threads();
        try (AtomicOutputs outs = AtomicOutputs.builder().input(file, events.eventTimes)
                     .output(means, png).store(Results.isZarr(out) ? out : null)
                     .output(Results.isZarr(out) ? null : Results.coordsPath(out), Results.isZarr(out) ? null : out).prepare();
             OphysExperiment x = OphysExperiment.open(file, threads); Arena arena = Arena.ofShared()) {
            String path = series != null ? OphysExperiment.absolute(series) : x.module() + "/dff/traces";
            Traces traces = x.traces(path);
            DynamicTable presentations = events.stimulus != null ? presentations(x, events.stimulus) : null;
            double[] times = presentations != null ? Presentations.startTimes(x.session(), presentations)
                    : readTimes(events.eventTimes);
            EventTriggeredResponse etr = nearest ? EventTriggeredResponse.nearest(traces, win[0], win[1])
                    : EventTriggeredResponse.interpolated(traces, win[0], win[1], rate == null ? Double.NaN : rate, !excludeEndpoint);
            long[] shape = {traces.rois(), times.length, etr.samples()};
            MemorySegment seg = Results.memory(outs, out, arena).allocate(LabelledArray.Dtype.FLOAT64, shape);
            etr.compute(kernel, times, seg, threads);

            long[] roiIds;
            long[] cellIds;
            int[] rows = x.roiRows(path);
            long[] tableIds = new long[rows.length];
            long[] tableCells = new long[rows.length];
            try {
                CellSpecimens cells = x.cellSpecimens();
                for (int i = 0; i < rows.length; i++) {
                    tableIds[i] = cells.cellRoiId()[rows[i]];
                    tableCells[i] = cells.cellSpecimenId()[rows[i]];
                }
            } catch (BadInputException noAllenTable) {
                if (x.hasCellSpecimens()) {
                    throw noAllenTable; // an Allen table that cannot be read: bad input, not a generic file
                }
                // a generic file: no cell specimens; ROIs are named by their segmentation row
                for (int i = 0; i < rows.length; i++) {
                    tableIds[i] = rows[i];
                    tableCells[i] = CellSpecimens.NO_CELL;
                }
            }
            roiIds = tableIds;
            cellIds = tableCells;
            List<Long> cellJson = new ArrayList<>();
            for (long c : cellIds) {
                cellJson.add(c == CellSpecimens.NO_CELL ? null : c);
            }
            Map<String, Object> coords = new LinkedHashMap<>();
            coords.put("cell_specimen_id", cellJson);
            coords.put("cell_roi_id", roiIds);
            coords.put("event_time", times);
            coords.put("time", etr.time());
            coords.put("series", path);
            coords.put("interpolate", !nearest);
            coords.put("rate", etr.rate());
            coords.put("dtype", "float64");
            if (Results.isZarr(out)) {
                writeZarr(outs, seg, shape, cellJson, roiIds, times, etr, path, threads);
            } else {
                ((LinkedHashMap<String, Object>) coords).putFirst("dims", List.of("cell_specimen_id", "event_time", "time"));
                Json.write(outs.open(Results.coordsPath(out)), coords, false);
            }

            if (means != null || png != null) {
                writeMeans(presentations, times.length, traces.rois(), etr, seg, cellIds, roiIds, outs, arena);
            }
            outs.commit();
            System.err.printf(Locale.ROOT, "ragtime: wrote %s: %s x %s x %s (%s, %s kernel)%n", out,
                    Note.count(traces.rois(), "cell"), Note.count(times.length, "event"), Note.count(etr.samples(), "sample"), nearest ? "nearest" : String.format(Locale.ROOT, "%.6g Hz", etr.rate()),
                    kernel.name());
        }
        return 0;
    }

    /** The response cube as a Zarr store: cell_roi_id along cell_specimen_id (ids missing from the file: NaN). */
    private void writeZarr(AtomicOutputs outs, MemorySegment seg, long[] shape, List<Long> cellIds, long[] roiIds, double[] times,
                           EventTriggeredResponse etr, String path, int threads) {
        Map<String, Object> dims = new LinkedHashMap<>();
        dims.put("cell_specimen_id", cellIds);
        dims.put("event_time", times);
        dims.put("time", etr.time());
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("units", "dF/F");
        attrs.put("series", path);
        attrs.put("interpolate", !nearest);
        attrs.put("rate", etr.rate());
        try (LabelledArray a = LabelledArray.of(seg, LabelledArray.Dtype.FLOAT64, shape, dims,
                Map.of("cell_roi_id", new LabelledArray.Coordinate("cell_specimen_id", roiIds)), attrs, List.of(), null)) {
            Results.write(outs, out, a, "response", Map.of(), file, threads);
        }
    }

    private void writeMeans(DynamicTable presentations, int n, int rois, EventTriggeredResponse etr, MemorySegment responses,
                            long[] cellIds, long[] roiIds, AtomicOutputs outs, Arena arena) {
        List<String> labels = new ArrayList<>();
        int[] cond = new int[n];
        String column = condition != null ? condition
                : presentations != null && presentations.has("image_name") ? "image_name" : null;
        if (column == null) {
            labels.add("all");
        } else {
            if (presentations == null) {
                throw new BadInputException("--condition needs --stimulus (conditions are presentation columns)");
            }
            VectorData c = presentations.column(column);
            for (int e = 0; e < n; e++) {
                String v = String.valueOf(c.get(e));
                int k = labels.indexOf(v);
                if (k < 0) {
                    k = labels.size();
                    labels.add(v);
                }
                cond[e] = k;
            }
        }
        long cells = (long) rois * labels.size() * etr.samples();
        MemorySegment m = arena.allocate(cells * Double.BYTES, Double.BYTES);
        MemorySegment counts = arena.allocate(cells * Integer.BYTES, Integer.BYTES);
        ConditionMeans.compute(responses, rois, etr.samples(), cond, labels.size(), m, counts);
        if (means != null) {
            try (Writer w = Files.newBufferedWriter(outs.open(means), StandardCharsets.UTF_8)) {
                ResponseCsv.writeMeans(w, cellIds, roiIds, labels, etr.time(), m, counts, "mean_dff");
            } catch (IOException e) {
                throw AtomicOutputs.writeFailed(means, e);
            }
        }
        if (png != null) {
            List<Heatmap.Panel> panels = new ArrayList<>();
            int s = etr.samples();
            for (int k = 0; k < labels.size(); k++) {
                double[] v = new double[rois * s];
                for (int c = 0; c < rois; c++) {
                    MemorySegment.copy(m, Traces.VALUE, (((long) c * labels.size()) + k) * s * Double.BYTES, v, c * s, s);
                }
                panels.add(new Heatmap.Panel(labels.get(k), v, rois, etr.time(), null));
            }
            Heatmap.write(outs.open(png), "mean event-triggered response per cell" + (column == null ? "" : " by " + column),
                    "time from event (s)", "mean dF/F", panels);
        }
    }

    private static DynamicTable presentations(OphysExperiment x, String name) {
        String stim = name.endsWith("_presentations") ? name.substring(0, name.length() - "_presentations".length()) : name;
        DynamicTable t = x.stimulusPresentations().get(stim);
        if (t == null) {
            throw new BadInputException(x.session().file() + ": /intervals/" + stim + "_presentations: no such table (have: "
                    + String.join(", ", x.stimulusPresentations().keySet()) + ")");
        }
        return t;
    }

    static double[] parseWindow(String w) {
        String[] p = w.split(":");
        try {
            if (p.length == 2) {
                return new double[] {Double.parseDouble(p[0].trim()), Double.parseDouble(p[1].trim())};
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new BadInputException("--window " + w + ": expected START:STOP in seconds, e.g. -0.5:0.75");
    }

    static double[] readTimes(Path f) {
        List<String> lines;
        try {
            lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(f + ": cannot read: " + e.getMessage());
        }
        double[] t = new double[lines.size()];
        int n = 0;
        for (int i = 0; i < lines.size(); i++) {
            String s = lines.get(i).trim();
            if (s.isEmpty()) {
                continue;
            }
            try {
                t[n++] = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new BadInputException(f + ": line " + (i + 1) + ": not a number: " + s);
            }
        }
        return java.util.Arrays.copyOf(t, n);
    }
}
