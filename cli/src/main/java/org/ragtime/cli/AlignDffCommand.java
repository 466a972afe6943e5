package org.ragtime.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ragtime.cli.out.AtomicOutputs;
import org.ragtime.cli.out.Pictures;
import org.ragtime.cli.out.Notices;
import org.ragtime.cli.out.Results;
import org.ragtime.engine.BadInputException;
import org.ragtime.io.LabelledArray;
import org.ragtime.io.Note;
import org.ragtime.io.ecephys.Intervals;
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
                + " (cell_specimen_id, cell_roi_id, event_time, time).",
                "Interpolated (default): np.interp of the frames in [event+START, event+STOP] onto get_time_array's grid at"
                + " --rate (default 1/mean frame interval). --nearest: the nearest frame and its neighbours. A window without"
                + " frames, or frames outside the trace, give NaN (see docs/ophys.md)."})
final class AlignDffCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "An NWB file with ophys traces.")
    Path file;

    @Mixin
    AlignOptions align;

    @Option(names = "--series", paramLabel = "PATH", description = "Another RoiResponseSeries instead of dF/F (e.g. /processing/ophys/event_detection; the leading slash"
                    + " is optional).")
    String series;

    @Option(names = "--condition", paramLabel = "COLUMN", description = "With --stimulus: presentations column whose values are the conditions of --means and --png (default image_name when present).")
    String condition;

    @Option(names = "--means", paramLabel = "OUT.csv", description = "Tidy CSV of the mean response per cell, condition and time (cell_specimen_id, cell_roi_id, condition, time, mean_dff, n_events).")
    Path means;

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
        try (AtomicOutputs outs = Results.declare(AtomicOutputs.builder().input(file, align.inputFile()).output(means, picture), output.out).prepare();
             OphysExperiment x = OphysExperiment.open(file, threads).kernels(kernels::provider, threads);
             Arena arena = Arena.ofShared()) {
            if (series != null) {
                x.roiResponseSeries(series); // align-dff aligns ROIs: any other TimeSeries is `ragtime align`'s
            }
            Intervals at = align.intervals();
            try (LabelledArray r = x.eventTriggeredResponse(series, at, win[0], win[1], sampling, Results.memory(outs, output.out, arena))) {
                Notices.hold(r.notes());
                Results.write(outs, output.out, r, "response", Map.of(), file, threads);
                if (means != null || picture != null) {
                    writeMeans(x, at, r, outs, picture);
                }
                outs.commit();
                long[] shape = r.shape();
                System.err.printf(Locale.ROOT, "ragtime: wrote %s: %s x %s x %s (%s, %s kernel)%n", output.out,
                        Note.count(shape[0], "cell"), Note.count(shape[1], "event"), Note.count(shape[2], "sample"),
                        align.nearest ? "nearest" : String.format(Locale.ROOT, "%.6g Hz", (Double) r.attrs().get("rate")),
                        kernels.provider().align().name());
            }
        }
        return 0;
    }

    private void writeMeans(OphysExperiment x, Intervals at, LabelledArray r, AtomicOutputs outs, Path picture) {
        int n = Math.toIntExact(r.shape()[1]);
        String column = condition != null ? condition : x.eventsHave(at, "image_name") ? "image_name" : null;
        if (column != null && at.isEvents()) {
            throw new BadInputException("--condition needs --stimulus or --intervals (conditions are columns of their table)");
        }
        List<String> labels = column == null ? Collections.nCopies(n, "all") : x.eventLabels(at, column);
        try (OphysExperiment.ConditionResponses m = OphysExperiment.meanResponses(r, labels)) {
            if (means != null) {
                try (Writer w = Files.newBufferedWriter(outs.open(means), StandardCharsets.UTF_8)) {
                    ResponseCsv.writeMeans(w, m, "mean_dff");
                } catch (IOException e) {
                    throw AtomicOutputs.writeFailed(means, e);
                }
            }
            if (picture != null) {
                List<?> conditions = (List<?>) m.means().coords().get("condition");
                double[] time = (double[]) m.means().coords().get("time");
                int rois = Math.toIntExact(r.shape()[0]);
                int k = conditions.size();
                int s = time.length;
                List<Pictures.Panel> panels = new ArrayList<>();
                for (int j = 0; j < k; j++) {
                    double[] v = new double[rois * s];
                    for (int c = 0; c < rois; c++) {
                        MemorySegment.copy(m.means().data(), ValueLayout.JAVA_DOUBLE_UNALIGNED, (((long) c * k) + j) * s * Double.BYTES, v, c * s, s);
                    }
                    panels.add(new Pictures.Panel(String.valueOf(conditions.get(j)), v, AlignCommand.sampleEdges(time)));
                }
                List<?> cellIds = (List<?>) r.coords().get("cell_specimen_id");
                long[] roiIds = (long[]) r.coord("cell_roi_id");
                String[] rowNames = new String[rois];
                boolean cells = cellIds.stream().anyMatch(java.util.Objects::nonNull);
                for (int c = 0; c < rois; c++) {
                    rowNames[c] = cells && cellIds.get(c) != null ? cellIds.get(c).toString() : Long.toString(roiIds[c]);
                }
                Pictures.write(outs.open(picture), String.format(Locale.ROOT, "%s: mean event-triggered %s per cell%s, %s",
                        file.getFileName(), series == null ? "dF/F" : series, column == null ? "" : " by " + column, Note.count(n, "event")),
                        "time from event (s)", series == null ? "dF/F" : "response", Pictures.Scale.DIVERGING,
                        new Pictures.Rows(cells ? "cell_specimen_id" : "cell_roi_id", rowNames, null), panels);
            }
        }
    }

}
