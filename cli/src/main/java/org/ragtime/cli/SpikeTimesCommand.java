package org.ragtime.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ragtime.cli.out.AtomicOutputs;
import org.ragtime.cli.out.Notices;
import org.ragtime.cli.out.Results;
import org.ragtime.engine.table.Table;
import org.ragtime.io.LabelledTable;
import org.ragtime.io.Note;
import org.ragtime.io.ecephys.EcephysSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ragtime spike-times}: AllenSDK's presentation-wise spike times as CSV. */
@Command(name = "spike-times", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Presentation-wise spike times (AllenSDK presentationwise_spike_times) as CSV with columns"
                + " spike_time,stimulus_presentation_id,unit_id,time_since_stimulus_presentation_onset; or, with --out OUT.zarr,"
                + " a Zarr store with one variable per column along the dimension row (xarray.open_zarr(OUT).to_dataframe()).",
                "A spike belongs to presentation p when start_p < t <= stop_p; rows are sorted by spike_time, then unit_id."
                + " The selected presentations must be in time order and not overlap (AllenSDK's result is undefined"
                + " otherwise, so Ragtime refuses them)."})
final class SpikeTimesCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "An NWB 2 file with /units and /intervals/*_presentations.")
    Path file;

    @Mixin
    PresentationOptions presentations;

    @Mixin
    UnitOptions units;

    @Option(names = "--out", required = true, paramLabel = "OUT.csv|OUT.zarr", description = "Output table: CSV, or a Zarr store (a path ending in .zarr).")
    Path out;

    @Override
    public Integer call() {
        AtomicOutputs.Builder declared = AtomicOutputs.builder().input(file, presentations.inputFile());
        try (AtomicOutputs outs = (Results.isZarr(out) ? declared.store(out) : declared.output(out)).prepare();
             EcephysSession session = EcephysSession.open(file)) {
            LabelledTable st = session.presentationwiseSpikeTimes(presentations.intervals(), units.selection());
            Notices.hold(st.notes());
            Results.writeTable(outs, out, st.table(), file, org.ragtime.engine.KernelProvider.defaultThreads());
            outs.commit();
            Table t = st.table();
            System.err.printf(Locale.ROOT, "ragtime: wrote %s: %s in %s of %s%n", out, Note.count(t.rowCount(), "spike"),
                    Note.count(((long[]) st.attrs().values().iterator().next()).length, presentations.noun()),
                    Note.count(((long[]) st.attrs().get("unit_id")).length, "unit"));
        }
        return 0;
    }
}
