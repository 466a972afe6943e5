package org.ragtime.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ragtime.cli.out.AtomicOutputs;
import org.ragtime.cli.out.Notices;
import org.ragtime.cli.out.Results;
import org.ragtime.io.LabelledTable;
import org.ragtime.io.Note;
import org.ragtime.io.ecephys.EcephysSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ragtime condition-stats}: AllenSDK's condition-wise spike statistics as CSV. */
@Command(name = "condition-stats", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Condition-wise spike statistics (AllenSDK conditionwise_spike_statistics) as CSV with columns"
                + " unit_id,stimulus_condition_id,spike_count,stimulus_presentation_count,spike_mean,spike_std,spike_sem"
                + " (no spike_count with --rates).",
                "Counts use the spike-times rule start < t <= stop; std has ddof 1; std and sem are empty (NaN) when a"
                + " condition has one presentation; masked (invalid) presentations have no condition and do not count."
                + " Rows: by condition id, then unit id. Every selected unit appears, also those without spikes."})
final class ConditionStatsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "An NWB 2 file with /units and /intervals/*_presentations.")
    Path file;

    @Mixin
    PresentationOptions presentations;

    @Mixin
    UnitOptions units;

    @Option(names = "--rates", description = "Summarise spike rates (count / duration) instead of counts.")
    boolean rates;

    @Option(names = "--out", required = true, paramLabel = "OUT.csv", description = "Output CSV.")
    Path out;

    @Override
    public Integer call() {
        try (AtomicOutputs outs = AtomicOutputs.builder().input(file, presentations.inputFile()).output(out).prepare();
             EcephysSession session = EcephysSession.open(file)) {
            LabelledTable cs = session.conditionwiseSpikeStatistics(presentations.intervals(), units.selection(), rates);
            Notices.hold(cs.notes());
            Results.writeCsv(outs.open(out), out, cs.table());
            outs.commit();
            System.err.printf(Locale.ROOT, "ragtime: wrote %s: %s (%s x conditions)%n", out, Note.count(cs.table().rowCount(), "row"),
                    Note.count(((long[]) cs.attrs().get("unit_id")).length, "unit"));
        }
        return 0;
    }
}
