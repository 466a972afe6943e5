package org.ragtime.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ragtime.cli.out.AtomicOutputs;
import org.ragtime.cli.out.Notices;
import org.ragtime.engine.table.Table;
import org.ragtime.io.LabelledTable;
import org.ragtime.io.Note;
import org.ragtime.io.csv.CsvTables;
import org.ragtime.io.ecephys.EcephysSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ragtime units}: the units table joined with electrodes and probes, optionally filtered, as CSV. */
@Command(name = "units", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The units of an NWB file joined with their peak channel (electrodes row) and probe, as CSV:"
                + " unit_id, every scalar /units column, the channel's probe_id, probe_channel_number, positions,"
                + " valid_data, anterior_posterior/dorsal_ventral/left_right_ccf_coordinate (electrodes x/y/z) and"
                + " structure_acronym (location, sub-region stripped as AllenSDK does), then probe (electrode group"
                + " name), probe_sampling_rate and probe_lfp_sampling_rate. Missing values are empty fields.",
                "Every unit is kept in file order unless filtered; units without a known channel or structure are"
                + " kept and counted on stderr."})
final class UnitsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "An NWB 2 file with /units.")
    Path file;

    @Mixin
    UnitOptions units;

    @Option(names = "--out", required = true, paramLabel = "OUT.csv", description = "Output CSV.")
    Path out;

    @Override
    public Integer call() {
        try (AtomicOutputs outs = AtomicOutputs.builder().input(file).output(out).prepare();
             EcephysSession session = EcephysSession.open(file)) {
            Path tmp = outs.open(out);
            LabelledTable units = session.units(this.units.selection());
            List<Note> info = Notices.hold(units.notes());
            Table selected = units.table();
            try {
                CsvTables.write(selected, tmp);
            } catch (IOException e) {
                throw AtomicOutputs.writeFailed(out, e);
            } catch (UncheckedIOException e) {
                throw AtomicOutputs.writeFailed(out, e.getCause());
            }
            outs.commit();
            info.forEach(n -> System.err.println(n.line())); // the join's report, after the outputs as before
            System.err.printf(Locale.ROOT, "ragtime: wrote %s: %d of %s, %s%n", out, selected.rowCount(),
                    Note.count(((Number) units.attrs().get("unit_count")).longValue(), "unit"), Note.count(selected.columns().size(), "column"));
        }
        return 0;
    }
}
