package org.ragtime.io.ecephys;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ragtime.engine.BadInputException;
import org.ragtime.engine.table.Selection;
import org.ragtime.engine.table.StringColumn;
import org.ragtime.engine.table.Table;
import org.ragtime.io.Note;
import org.ragtime.io.Session;
import org.ragtime.io.units.QualityFilter;
import org.ragtime.io.units.UnitsTable;

/**
 * Which units an analysis uses: explicit ids (in that order), CCF structures, probes and AllenSDK's quality
 * filters, composed as one selection over the units joined with their peak channels and probes
 * ({@link UnitsTable}). Filters keep the order of the ids, else file order. Immutable; each method returns a
 * new selection. Names are checked against the session when an analysis runs.
 *
 * <pre>{@code
 * UnitSelection visp = UnitSelection.all().structures("VISp").filter("vc-default");
 * UnitSelection three = UnitSelection.ids(950910352, 950910364, 950910371);
 * }</pre>
 */
public final class UnitSelection {
    private static final UnitSelection ALL = new UnitSelection(null, null, null, null, null, null, null, null);

    private final long[] ids;
    private final List<String> structures;
    private final List<String> probes;
    private final String filter;
    private final Double amplitudeCutoffMax;
    private final Double presenceRatioMin;
    private final Double isiViolationsMax;
    private final List<String> eventSeries;

    private UnitSelection(long[] ids, List<String> structures, List<String> probes, String filter, Double amplitudeCutoffMax,
            Double presenceRatioMin, Double isiViolationsMax, List<String> eventSeries) {
        this.ids = ids;
        this.structures = structures;
        this.probes = probes;
        this.filter = filter;
        this.amplitudeCutoffMax = amplitudeCutoffMax;
        this.presenceRatioMin = presenceRatioMin;
        this.isiViolationsMax = isiViolationsMax;
        this.eventSeries = eventSeries;
    }

    /**
     * Point processes in place of units: the {@code timestamps} of each TimeSeries (e.g. licks
     * {@code /processing/licking/licks}, rewards {@code /processing/rewards/volume}, {@code /acquisition/lick_times/
     * lick_left_times}) counted like a unit's spikes, labelled 0..n-1 along {@code unit_id}, with their paths as the
     * coordinate {@code event_series}. The file needs no {@code /units}.
     */
    public static UnitSelection eventSeries(String... paths) {
        List<String> p = new java.util.ArrayList<>();
        for (String path : paths) {
            p.add(path.startsWith("/") ? path : "/" + path);
        }
        return new UnitSelection(null, null, null, null, null, null, null, List.copyOf(p));
    }

    /** The event series in place of units (see {@link #eventSeries}), or null for units. */
    public List<String> eventSeriesPaths() {
        return eventSeries;
    }

    /** Every unit in {@code /units}, in file order. */
    public static UnitSelection all() {
        return ALL;
    }

    /** These unit ids, in this order. */
    public static UnitSelection ids(long... ids) {
        return ALL.withIds(ids);
    }

    /** This selection restricted to these unit ids, in this order (null: no restriction). */
    public UnitSelection withIds(long... ids) {
        return new UnitSelection(ids == null ? null : ids.clone(), structures, probes, filter, amplitudeCutoffMax,
                presenceRatioMin, isiViolationsMax, eventSeries);
    }

    /** Units whose CCF structure acronym (peak channel's location, sub-region stripped as AllenSDK does) is one of these. */
    public UnitSelection structures(String... acronyms) {
        return structures(acronyms == null ? null : List.of(acronyms));
    }

    /** As {@link #structures(String...)}; null removes the restriction. */
    public UnitSelection structures(List<String> acronyms) {
        return new UnitSelection(ids, acronyms == null ? null : List.copyOf(acronyms), probes, filter, amplitudeCutoffMax,
                presenceRatioMin, isiViolationsMax, eventSeries);
    }

    /** Units on these probes (electrode group names, e.g. {@code probeA}). */
    public UnitSelection probes(String... names) {
        return probes(names == null ? null : List.of(names));
    }

    /** As {@link #probes(String...)}; null removes the restriction. */
    public UnitSelection probes(List<String> names) {
        return new UnitSelection(ids, structures, names == null ? null : List.copyOf(names), filter, amplitudeCutoffMax,
                presenceRatioMin, isiViolationsMax, eventSeries);
    }

    /** AllenSDK's quality filter {@code vc-default} or {@code vbn-default} (see {@link QualityFilter}); null: none. */
    public UnitSelection filter(String name) {
        return new UnitSelection(ids, structures, probes, name, amplitudeCutoffMax, presenceRatioMin, isiViolationsMax, eventSeries);
    }

    /**
     * Overrides the quality filter's bounds (null keeps the filter's; 0 means no bound, as AllenSDK). Giving one
     * without {@link #filter(String)} filters with {@code vbn-default}'s validity rules and these bounds.
     */
    public UnitSelection bounds(Double amplitudeCutoffMax, Double presenceRatioMin, Double isiViolationsMax) {
        return new UnitSelection(ids, structures, probes, filter, amplitudeCutoffMax, presenceRatioMin, isiViolationsMax, eventSeries);
    }

    /** Whether ids or any filter restrict the units (event series cannot be restricted). */
    boolean restrictsUnits() {
        return ids != null || needsJoin();
    }

    /** Whether anything beyond ids needs the units joined with channels and probes. */
    private boolean needsJoin() {
        return structures != null || probes != null || filter != null || amplitudeCutoffMax != null
                || presenceRatioMin != null || isiViolationsMax != null;
    }

    /**
     * Rows of {@code /units} selected, in output order (the joined table is built only when a filter needs it).
     * Adds a warning to {@code notes} when the quality filter alone emptied the selection.
     */
    int[] rows(Session s, List<Note> notes) {
        long[] all = s.units().ids();
        int[] order;
        if (ids != null) {
            Map<Long, Integer> byId = new HashMap<>();
            for (int r = 0; r < all.length; r++) {
                byId.putIfAbsent(all[r], r);
            }
            order = new int[ids.length];
            for (int i = 0; i < ids.length; i++) {
                Integer r = byId.get(ids[i]);
                if (r == null) {
                    throw new BadInputException(s.file() + ": /units/id: unknown unit id " + ids[i]);
                }
                order[i] = r;
            }
        } else {
            order = new int[all.length];
            Arrays.setAll(order, i -> i);
        }
        if (!needsJoin()) {
            return order;
        }
        Table joined = UnitsTable.of(s).table();
        Selection keep = select(s.file().toString(), joined);
        int[] rows = Arrays.stream(order).filter(keep::contains).toArray();
        QualityFilter q = qualityFilter();
        Selection asked = Selection.of(joined.rowCount(), order);
        if (rows.length == 0 && q != null && asked.cardinality() > 0 && asked.and(q.select(joined)).cardinality() == 0) {
            // the quality filter alone emptied the selection: say which of its tests dropped how many
            notes.add(new Note(Note.Level.WARNING, String.format(Locale.ROOT, "the quality filter%s kept none of %d units: %s",
                    filter == null ? "" : " " + filter, order.length, q.dropped(joined, asked))));
        }
        return rows;
    }

    /** The selection the filters make over a joined units table (all rows when no filter is given). */
    private Selection select(String file, Table t) {
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

    @Override
    public String toString() {
        return "UnitSelection(" + (eventSeries == null ? "" : "event series " + eventSeries) + (ids == null ? "" : "ids " + Arrays.toString(ids)) + (structures == null ? "" : " structures " + structures)
                + (probes == null ? "" : " probes " + probes) + (filter == null ? "" : " filter " + filter) + ")";
    }
}
