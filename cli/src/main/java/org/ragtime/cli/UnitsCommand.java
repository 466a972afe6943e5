package org.ragtime.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.ragtime.cli.out.AtomicOutputs;
import org.ragtime.engine.BadInputException;
import org.ragtime.engine.table.Selection;
import org.ragtime.engine.table.StringColumn;
import org.ragtime.engine.table.Table;
import org.ragtime.io.Session;
import org.ragtime.io.csv.CsvTables;
import org.ragtime.io.units.QualityFilter;
import org.ragtime.io.units.UnitsTable;
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
        try (AtomicOutputs outs = AtomicOutputs.builder().input(file).output(out).prepare(); Session s = Session.open(file)) {
            Path tmp = outs.open(out);
            UnitsTable.Joined j = UnitsTable.of(s);
            Table t = j.table();
            Table selected = t.take(units.rows(s));
            try {
                CsvTables.write(selected, tmp);
            } catch (IOException e) {
                throw AtomicOutputs.writeFailed(out, e);
            } catch (UncheckedIOException e) {
                throw AtomicOutputs.writeFailed(out, e.getCause());
            }
            outs.commit();
            String report = j.report().describe(t.rowCount());
            if (!report.isEmpty()) {
                System.err.println("ragtime: " + report);
            }
            System.err.printf(Locale.ROOT, "ragtime: wrote %s: %d of %s, %s%n", out, selected.rowCount(),
                    Text.count(t.rowCount(), "unit"), Text.count(selected.columns().size(), "column"));
        }
        return 0;
    }
}
