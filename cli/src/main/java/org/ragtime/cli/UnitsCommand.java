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

    @Option(names = "--structure", paramLabel = "ACR[,ACR]", split = ",",
            description = "Keep units whose structure_acronym is one of these.")
    List<String> structures;

    @Option(names = "--probe", paramLabel = "NAME[,NAME]", split = ",", description = "Keep units on these probes (e.g. probeA).")
    List<String> probes;

    @Option(names = "--filter", paramLabel = "NAME",
            description = "AllenSDK quality filter: vc-default (valid channel, quality good, in brain, amplitude_cutoff <= 0.1,"
                    + " presence_ratio >= 0.95, isi_violations <= 0.5; a NaN metric fails) or vbn-default (no bounds, but"
                    + " NaN metrics fail, as AllenSDK's VBN get_units). Default: no filter.")
    String filter;

    @Option(names = "--amplitude-cutoff-max", paramLabel = "X", description = "Override the filter's amplitude_cutoff bound (0 = none, as AllenSDK).")
    Double amplitudeCutoffMax;

    @Option(names = "--presence-ratio-min", paramLabel = "X", description = "Override the filter's presence_ratio bound (0 = none).")
    Double presenceRatioMin;

    @Option(names = "--isi-violations-max", paramLabel = "X", description = "Override the filter's isi_violations bound (0 = none).")
    Double isiViolationsMax;

    @Option(names = "--out", required = true, paramLabel = "OUT.csv", description = "Output CSV.")
    Path out;

    @Override
    public Integer call() {
        try (Session s = Session.open(file); AtomicOutputs outs = new AtomicOutputs()) {
            Path tmp = outs.open(out);
            UnitsTable.Joined j = UnitsTable.of(s);
            Table t = j.table();
            Selection keep = Selection.all(t.rowCount());
            QualityFilter q = qualityFilter();
            if (q != null) {
                keep = keep.and(q.select(t));
            }
            if (structures != null) {
                keep = keep.and(known(t, "structure_acronym", structures));
            }
            if (probes != null) {
                keep = keep.and(known(t, "probe", probes));
            }
            Table selected = t.select(keep);
            try {
                CsvTables.write(selected, tmp);
            } catch (IOException e) {
                throw new UncheckedIOException(out + ": cannot write: " + e.getMessage(), e);
            }
            outs.commit();
            String report = j.report().describe(t.rowCount());
            if (!report.isEmpty()) {
                System.err.println("ragtime: " + report);
            }
            System.err.printf(Locale.ROOT, "ragtime: wrote %s: %d of %d units, %d columns%n", out, selected.rowCount(),
                    t.rowCount(), selected.columns().size());
        }
        return 0;
    }

    private QualityFilter qualityFilter() {
        if (filter == null && amplitudeCutoffMax == null && presenceRatioMin == null && isiViolationsMax == null) {
            return null;
        }
        QualityFilter f = filter == null ? QualityFilter.VBN_DEFAULT : QualityFilter.named(filter);
        return new QualityFilter(f.filterByValidity(), f.filterOutOfBrain(),
                amplitudeCutoffMax != null ? amplitudeCutoffMax : f.amplitudeCutoffMaximum(),
                presenceRatioMin != null ? presenceRatioMin : f.presenceRatioMinimum(),
                isiViolationsMax != null ? isiViolationsMax : f.isiViolationsMaximum());
    }

    /** Rows whose text column is one of {@code wanted}; an unknown value is bad input listing the known ones. */
    private Selection known(Table t, String column, List<String> wanted) {
        if (!t.has(column)) {
            throw new BadInputException(file + ": the units have no " + column + " (no electrodes table to place them)");
        }
        StringColumn c = t.strings(column);
        Set<String> values = new LinkedHashSet<>(List.of(c.dictionary()));
        for (String w : wanted) {
            if (!values.contains(w)) {
                throw new BadInputException(String.format(Locale.ROOT, "%s: no unit with %s '%s' (present: %s)", file, column, w,
                        String.join(", ", values)));
            }
        }
        return Selection.in(c, Set.copyOf(wanted));
    }
}
