package org.ragtime.cli;

import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ragtime.cli.out.AtomicOutputs;
import org.ragtime.engine.stats.PresentationSpikeTimes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ragtime spike-times}: AllenSDK's presentation-wise spike times as CSV. */
@Command(name = "spike-times", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Presentation-wise spike times (AllenSDK presentationwise_spike_times) as CSV with columns"
                + " spike_time,stimulus_presentation_id,unit_id,time_since_stimulus_presentation_onset.",
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

    @Option(names = "--out", required = true, paramLabel = "OUT.csv", description = "Output CSV.")
    Path out;

    @Override
    public Integer call() {
        try (AtomicOutputs outs = AtomicOutputs.builder().input(file).output(out).prepare();
             Analysis a = new Analysis(file, units)) {
            int[] ids = presentations.ids(a.presentations());
            a.warnIfWindowsMissEverySpike(a.starts(ids), a.stops(ids));
            PresentationSpikeTimes st = a.overPresentations(presentations.stimulus, () -> PresentationSpikeTimes.compute(
                    a.trains, a.unitIds, Analysis.longs(ids), a.starts(ids), a.stops(ids)));
            try (CsvWriter w = CsvWriter.builder().build(outs.open(out))) {
                w.writeRecord("spike_time", "stimulus_presentation_id", "unit_id", "time_since_stimulus_presentation_onset");
                for (int r = 0; r < st.size(); r++) {
                    w.writeRecord(Double.toString(st.spikeTime(r)), Integer.toString(ids[st.presentation(r)]),
                            Long.toString(a.unitIds[st.unit(r)]), Double.toString(st.timeSinceOnset(r)));
                }
            } catch (IOException e) {
                throw AtomicOutputs.writeFailed(out, e);
            } catch (UncheckedIOException e) {
                throw AtomicOutputs.writeFailed(out, e.getCause());
            }
            outs.commit();
            System.err.printf(Locale.ROOT, "ragtime: wrote %s: %s in %s of %s%n", out, Text.count(st.size(), "spike"),
                    Text.count(ids.length, "presentation"), Text.count(a.unitIds.length, "unit"));
        }
        return 0;
    }
}
