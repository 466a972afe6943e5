package org.ragtime.cli;

import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ragtime.cli.out.AtomicOutputs;
import org.ragtime.engine.stats.ConditionStatistics;
import org.ragtime.io.Presentations;
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
        try (AtomicOutputs outs = AtomicOutputs.builder().input(file).output(out).prepare();
             Analysis a = new Analysis(file, units)) {
            Presentations p = a.presentations();
            int[] ids = presentations.ids(p);
            long[] cond = new long[ids.length];
            for (int i = 0; i < ids.length; i++) {
                cond[i] = p.conditionId(ids[i]);
            }
            a.warnIfWindowsMissEverySpike(a.starts(ids), a.stops(ids));
            ConditionStatistics cs = a.overPresentations(presentations.stimulus, () -> ConditionStatistics.compute(
                    a.trains, a.unitIds, Analysis.longs(ids), a.starts(ids), a.stops(ids), cond, rates));
            try (CsvWriter w = CsvWriter.builder().build(outs.open(out))) {
                List<String> header = new ArrayList<>(List.of("unit_id", "stimulus_condition_id"));
                if (!rates) {
                    header.add("spike_count");
                }
                header.addAll(List.of("stimulus_presentation_count", "spike_mean", "spike_std", "spike_sem"));
                w.writeRecord(header);
                List<String> row = new ArrayList<>(7);
                for (int r = 0; r < cs.size(); r++) {
                    row.clear();
                    row.add(Long.toString(cs.unitId(r)));
                    row.add(Long.toString(cs.conditionId(r)));
                    if (!rates) {
                        row.add(Long.toString(cs.spikeCount(r)));
                    }
                    row.add(Integer.toString(cs.presentationCount(r)));
                    row.add(num(cs.mean(r)));
                    row.add(num(cs.std(r)));
                    row.add(num(cs.sem(r)));
                    w.writeRecord(row);
                }
            } catch (IOException e) {
                throw AtomicOutputs.writeFailed(out, e);
            } catch (UncheckedIOException e) {
                throw AtomicOutputs.writeFailed(out, e.getCause());
            }
            outs.commit();
            System.err.printf(Locale.ROOT, "ragtime: wrote %s: %s (%s x conditions)%n", out, Text.count(cs.size(), "row"),
                    Text.count(a.unitIds.length, "unit"));
        }
        return 0;
    }

    /** NaN as an empty field, as pandas writes it; otherwise the shortest round-trip text. */
    static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
