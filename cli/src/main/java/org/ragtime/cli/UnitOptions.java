package org.ragtime.cli;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ragtime.cli.out.Notices;
import org.ragtime.engine.BadInputException;
import org.ragtime.engine.table.Selection;
import org.ragtime.engine.table.StringColumn;
import org.ragtime.engine.table.Table;
import org.ragtime.io.Session;
import org.ragtime.io.units.QualityFilter;
import org.ragtime.io.units.UnitsTable;
import picocli.CommandLine.Option;

/**
 * The unit selection every analysis accepts: explicit ids, structures, probes and AllenSDK's quality
 * filters, composed as one RoaringBitmap selection over the units joined with their peak channels and
 * probes ({@link UnitsTable}). Filters keep the order of {@code --units}, else file order.
 */
final class UnitOptions {
    @Option(names = "--units", paramLabel = "ID,ID,...", split = ",",
            description = "Keep these unit ids, in this order (default: every unit in /units, in file order).")
    long[] units;

    @Option(names = "--structure", paramLabel = "ACR[,ACR]", split = ",",
            description = "Keep units whose CCF structure acronym (their peak channel's electrodes location, sub-region"
                    + " stripped as AllenSDK does) is one of these.")
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

    /** Whether any flag beyond --units needs the units joined with channels and probes. */
    private boolean needsJoin() {
        return structures != null || probes != null || filter != null || amplitudeCutoffMax != null
                || presenceRatioMin != null || isiViolationsMax != null;
    }

    /** Rows of /units selected by the flags, in output order (the joined table only when a flag needs it). */
    int[] rows(Session s) {
        long[] ids = s.units().ids();
        int[] order;
        if (units != null) {
            Map<Long, Integer> byId = new HashMap<>();
            for (int r = 0; r < ids.length; r++) {
                byId.putIfAbsent(ids[r], r);
            }
            order = new int[units.length];
            for (int i = 0; i < units.length; i++) {
                Integer r = byId.get(units[i]);
                if (r == null) {
                    throw new BadInputException(s.file() + ": /units/id: unknown unit id " + units[i]);
                }
                order[i] = r;
            }
        } else {
            order = new int[ids.length];
            java.util.Arrays.setAll(order, i -> i);
        }
        if (!needsJoin()) {
            return order;
        }
        Table joined = UnitsTable.of(s).table();
        Selection keep = select(s.file().toString(), joined);
        int[] rows = java.util.Arrays.stream(order).filter(keep::contains).toArray();
        QualityFilter q = qualityFilter();
        Selection asked = Selection.of(joined.rowCount(), order);
        if (rows.length == 0 && q != null && asked.cardinality() > 0 && asked.and(q.select(joined)).cardinality() == 0) {
            // the quality filter alone emptied the selection: say which of its tests dropped how many
            Notices.warn(String.format(Locale.ROOT, "the quality filter%s kept none of %d units: %s",
                    filter == null ? "" : " " + filter, order.length, q.dropped(joined, asked)));
        }
        return rows;
    }

    /** The selection the filters make over a joined units table (all rows when no filter is given). */
    Selection select(String file, Table t) {
        Selection keep = Selection.all(t.rowCount());
        QualityFilter q = qualityFilter();
        if (q != null) {
            keep = keep.and(q.select(t));
        }
        if (structures != null) {
            keep = keep.and(known(file, t, "structure_acronym", structures));
        }
        if (probes != null) {
            keep = keep.and(known(file, t, "probe", probes));
        }
        return keep;
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
    private static Selection known(String file, Table t, String column, List<String> wanted) {
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
