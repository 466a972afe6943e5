package org.ragtime.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ragtime.cli.out.AtomicOutputs;
import org.ragtime.cli.out.Results;
import org.ragtime.cli.out.Notices;
import org.ragtime.engine.BadInputException;
import org.ragtime.io.LabelledTable;
import org.ragtime.io.Note;
import org.ragtime.io.csv.CsvTables;
import org.ragtime.io.ophys.OphysExperiment;
import org.ragtime.io.ophys.TidyCells;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ragtime tidy}: the 2-photon tidy table of a session's imaging planes. */
@Command(name = "tidy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The Visual Behavior 2-photon tidy table of one session's imaging planes (one NWB file each), as"
                + " mindscope_utilities' build_tidy_cell_df per plane plus the plane's experiment metadata, concatenated in"
                + " the order given: one row per (cell, frame) with timestamps, dff, events, filtered_events, cell_roi_id,"
                + " cell_specimen_id, ophys_experiment_id, ophys_session_id, targeted_structure, imaging_depth,"
                + " equipment_name, cre_line, mouse_id, sex.",
                "Invalid ROIs are left out (exclude_invalid_rois=True); filtered_events is AllenSDK's causal half-Gaussian"
                + " filter of the events (20 steps, sigma 2/31 s at the plane's own imaging_rate); a cell without dF/F or"
                + " events has empty fields there."})
final class TidyCommand implements Callable<Integer> {
    @Parameters(index = "0..*", arity = "1..*", paramLabel = "FILE", description = "Visual Behavior ophys NWB files, one per imaging plane.")
    List<Path> files;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for decoding chunked datasets (default: all cores).")
    Integer threads;

    @Option(names = "--out", required = true, paramLabel = "OUT.csv|OUT.zarr", description = "Output table: CSV, or a Zarr store (a path ending in .zarr, one variable per column).")
    Path out;

    @Override
    public Integer call() {
        if (threads != null && threads < 1) {
            throw new BadInputException("--threads must be at least 1, got " + threads);
        }
        int t = threads != null ? threads : org.ragtime.engine.KernelProvider.defaultThreads();
        List<OphysExperiment> planes = new ArrayList<>();
        AtomicOutputs.Builder declared = AtomicOutputs.builder().input(files.toArray(Path[]::new));
        try (AtomicOutputs outs = (Results.isZarr(out) ? declared.store(out) : declared.output(out)).prepare()) {
            for (Path f : files) {
                planes.add(OphysExperiment.open(f, t));
            }
            LabelledTable tidy = TidyCells.of(planes);
            Notices.hold(tidy.notes());
            if (Results.isZarr(out)) {
                Results.writeTable(outs, out, tidy.table(), files.getFirst(), t);
            } else {
                try {
                    CsvTables.write(tidy.table(), outs.open(out));
                } catch (IOException e) {
                    throw AtomicOutputs.writeFailed(out, e);
                } catch (UncheckedIOException e) {
                    throw AtomicOutputs.writeFailed(out, e.getCause());
                }
            }
            outs.commit();
            System.err.printf(Locale.ROOT, "ragtime: wrote %s: %s from %s%n", out, Note.count(tidy.table().rowCount(), "row"),
                    Note.count(files.size(), "plane"));
        } finally {
            for (OphysExperiment x : planes) {
                x.close();
            }
        }
        return 0;
    }
}
