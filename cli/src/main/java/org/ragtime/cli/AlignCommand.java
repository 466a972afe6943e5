package org.ragtime.cli;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ragtime.cli.out.AtomicOutputs;
import org.ragtime.cli.out.Notices;
import org.ragtime.cli.out.Pictures;
import org.ragtime.cli.out.Results;
import org.ragtime.engine.BadInputException;
import org.ragtime.io.LabelledArray;
import org.ragtime.io.Note;
import org.ragtime.io.ecephys.Intervals;
import org.ragtime.io.ophys.OphysExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ragtime align}: the event-triggered response of any TimeSeries, (columns, events, samples). */
@Command(name = "align", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Event-triggered response (AllenSDK/mindscope event_triggered_response semantics, as align-dff) of any"
                + " TimeSeries: running speed (/processing/running/speed), pupil area (/acquisition/EyeTracking/pupil_tracking:area),"
                + " an ElectricalSeries, another ophys trace. A NumPy float64 array (columns, events, samples) plus OUT.coords.json"
                + " (column, event_time, time; the table's or the events' ids along event_time). A 1-D series gives (1, events,"
                + " samples); a RoiResponseSeries gives align-dff's cells.",
                "The picture shows, per column (up to 6), every event's response (rows) and their mean above."})
final class AlignCommand implements Callable<Integer> {
    private static final int MAX_PANELS = 6;

    @Parameters(index = "0", paramLabel = "FILE", description = "An NWB file.")
    Path file;

    @Option(names = "--series", required = true, paramLabel = "PATH[:FIELD]", description = "The TimeSeries (leading slash optional);"
            + " :FIELD picks a 1-D dataset of the series group instead of data, e.g. /acquisition/EyeTracking/pupil_tracking:area.")
    String series;

    @Mixin
    AlignOptions align;

    @Mixin
    PictureOptions pictures;

    @Mixin
    ArrayOutput output;

    @Mixin
    KernelOptions kernels;

    @Override
    public Integer call() {
        double[] win = align.window();
        OphysExperiment.Sampling sampling = align.sampling();
        Path picture = pictures.path(output.out);
        int threads = kernels.threads();
        try (AtomicOutputs outs = Results.declare(AtomicOutputs.builder().input(file, align.inputFile()).output(picture), output.out).prepare();
             OphysExperiment x = OphysExperiment.open(file, threads).kernels(kernels::provider, threads);
             Arena arena = Arena.ofShared()) {
            Intervals at = align.intervals();
            try (LabelledArray r = x.eventTriggeredResponse(series, at, win[0], win[1], sampling, Results.memory(outs, output.out, arena))) {
                Notices.hold(r.notes());
                Results.write(outs, output.out, r, "response", java.util.Map.of(), file, threads);
                if (picture != null) {
                    picture(r, at, outs.open(picture));
                }
                outs.commit();
                long[] shape = r.shape();
                System.err.printf(Locale.ROOT, "ragtime: wrote %s: %s x %s x %s (%s)%n", output.out, Note.count(shape[0], r.dims().getFirst().equals("column")
                                ? "column" : "cell"), Note.count(shape[1], "event"), Note.count(shape[2], "sample"),
                        align.nearest ? "nearest" : String.format(Locale.ROOT, "%.6g Hz", (Double) r.attrs().get("rate")));
            }
        }
        return 0;
    }

    /** Per column, the events (rows) x time; the panels share the colour scale and the mean's scale. */
    private void picture(LabelledArray r, Intervals at, Path png) {
        long[] shape = r.shape();
        int events = Math.toIntExact(shape[1]);
        int samples = Math.toIntExact(shape[2]);
        double[] time = (double[]) r.coords().get("time");
        Object ids = r.extraCoords().containsKey(at.dim()) ? r.coord(at.dim()) : null;
        String[] rows = new String[events];
        for (int e = 0; e < events; e++) {
            rows[e] = ids instanceof long[] l ? Long.toString(l[e]) : Integer.toString(e);
        }
        List<?> names = r.coords().get(r.dims().getFirst()) instanceof List<?> l ? l : null;
        List<Pictures.Panel> panels = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < Math.min(MAX_PANELS, shape[0]); c++) {
            double[] v = new double[events * samples];
            MemorySegment.copy(r.data(), ValueLayout.JAVA_DOUBLE_UNALIGNED, (long) c * events * samples * Double.BYTES, v, 0, v.length);
            for (double d : v) {
                if (Double.isFinite(d)) {
                    lo = Math.min(lo, d);
                    hi = Math.max(hi, d);
                }
            }
            String name = names != null && names.get(c) != null ? String.valueOf(names.get(c)) : "cell " + c;
            panels.add(new Pictures.Panel(name, v, sampleEdges(time)));
        }
        String unit = String.valueOf(r.attrs().getOrDefault("units", ""));
        Pictures.write(png, String.format(Locale.ROOT, "%s: %s around %s (%s)", file.getFileName(), series, describe(at),
                        Note.count(events, "event")), "time from event (s)", unit.isEmpty() ? "value" : unit,
                signed(lo, hi) ? Pictures.Scale.DIVERGING : Pictures.Scale.SEQUENTIAL,
                new Pictures.Rows(at.isEvents() ? "event" : at.table() != null ? at.dim() : "presentation", rows, null), panels);
    }

    /** Values that really change sign (not a running speed with a few slightly negative samples) get the diverging map. */
    static boolean signed(double lo, double hi) {
        return lo < 0 && hi > 0 && Math.min(-lo, hi) > 0.2 * Math.max(-lo, hi);
    }

    private static String describe(Intervals at) {
        return at.table() != null ? at.table() + " " + at.alignColumn() : at.isEvents() ? "the given events" : at.stimulus();
    }

    /** Column edges for samples at {@code time}: half-way between neighbours, half a step beyond the ends. */
    static double[] sampleEdges(double[] time) {
        int n = time.length;
        if (n == 0) {
            return new double[] {0, 1};
        }
        double[] e = new double[n + 1];
        double half = n > 1 ? (time[1] - time[0]) / 2 : 0.5;
        e[0] = time[0] - half;
        for (int i = 1; i < n; i++) {
            e[i] = (time[i - 1] + time[i]) / 2;
        }
        e[n] = time[n - 1] + (n > 1 ? (time[n - 1] - time[n - 2]) / 2 : 0.5);
        return e;
    }
}
