package org.ragtime.io.units;

import java.util.ArrayList;
import java.util.List;

import java.util.Set;
import org.ragtime.engine.BadInputException;
import org.ragtime.engine.table.Selection;
import org.ragtime.engine.table.Table;

/**
 * AllenSDK's unit quality filters ({@code Probes.get_units_table}, reference §2.2), applied exactly as
 * AllenSDK applies them to a {@link UnitsTable} (or a units manifest):
 * <ol>
 *   <li>{@code filterByValidity}: the peak channel's {@code valid_data} is true and {@code quality == "good"};</li>
 *   <li>{@code filterOutOfBrain}: the peak channel has a structure acronym (not null);</li>
 *   <li>thresholds, always applied: {@code amplitude_cutoff <= max}, {@code presence_ratio >= min},
 *       {@code isi_violations <= max}; a missing threshold, and AllenSDK's falsy {@code 0}, mean no bound
 *       (+inf / -inf) but a unit whose metric is NaN still fails, as the pandas comparison does.</li>
 * </ol>
 * A metric column the table lacks is not tested (AllenSDK would raise a KeyError); the validity filters
 * need their columns and refuse a table without them.
 *
 * @param filterByValidity valid channel and quality "good"
 * @param filterOutOfBrain peak channel in a structure
 * @param amplitudeCutoffMaximum {@code amplitude_cutoff <=}, NaN or 0 for none
 * @param presenceRatioMinimum {@code presence_ratio >=}, NaN or 0 for none
 * @param isiViolationsMaximum {@code isi_violations <=}, NaN or 0 for none
 */
public record QualityFilter(boolean filterByValidity, boolean filterOutOfBrain, double amplitudeCutoffMaximum,
                            double presenceRatioMinimum, double isiViolationsMaximum) {

    /** Visual Coding session defaults ({@code UNIT_FILTER_DEFAULTS}): validity, in-brain, 0.1 / 0.95 / 0.5. */
    public static final QualityFilter VC_DEFAULT = new QualityFilter(true, true, 0.1, 0.95, 0.5);

    /**
     * Visual Behavior {@code get_units()} defaults: no validity or brain filter and no thresholds, which in
     * AllenSDK still drops units whose amplitude_cutoff, presence_ratio or isi_violations is NaN.
     */
    public static final QualityFilter VBN_DEFAULT = new QualityFilter(false, false, Double.NaN, Double.NaN, Double.NaN);

    /** The filter named on the command line: {@code vc-default} or {@code vbn-default}. */
    public static QualityFilter named(String name) {
        return switch (name) {
            case "vc-default" -> VC_DEFAULT;
            case "vbn-default" -> VBN_DEFAULT;
            default -> throw new BadInputException("unknown filter '" + name + "' (known: vc-default, vbn-default)");
        };
    }

    /** The units of {@code t} that pass. */
    public Selection select(Table t) {
        Selection keep = Selection.all(t.rowCount());
        for (Criterion c : criteria(t)) {
            keep = keep.and(c.keeps());
        }
        return keep;
    }

    /** One test of the filter, as it reads in a message, and the rows of the table that pass it. */
    public record Criterion(String label, Selection keeps) {
    }

    /** The filter's tests over {@code t}, in AllenSDK's order; a metric column the table lacks is left out. */
    public List<Criterion> criteria(Table t) {
        List<Criterion> out = new ArrayList<>();
        if (filterByValidity) {
            out.add(new Criterion("valid_data and quality 'good'", Selection.isTrue(t.column("valid_data"))
                    .and(Selection.in(t.strings("quality"), Set.of("good")))));
        }
        if (filterOutOfBrain) {
            out.add(new Criterion("in a brain structure", Selection.isNull(t.column("structure_acronym")).not()));
        }
        bound(out, t, "amplitude_cutoff", amplitudeCutoffMaximum, true);
        bound(out, t, "presence_ratio", presenceRatioMinimum, false);
        bound(out, t, "isi_violations", isiViolationsMaximum, true);
        return out;
    }

    /**
     * How many of {@code from}'s rows each test drops, counted in order among the rows the earlier tests kept
     * (so the counts add up to all that were dropped): "amplitude_cutoff <= 0.1 dropped 20, ...".
     */
    public String dropped(Table t, Selection from) {
        StringBuilder b = new StringBuilder();
        Selection keep = from;
        for (Criterion c : criteria(t)) {
            Selection next = keep.and(c.keeps());
            b.append(b.isEmpty() ? "" : ", ").append(c.label()).append(" dropped ").append(keep.cardinality() - next.cardinality());
            keep = next;
        }
        return b.toString();
    }

    private static void bound(List<Criterion> out, Table t, String column, double threshold, boolean max) {
        if (!t.has(column)) {
            return;
        }
        boolean none = Double.isNaN(threshold) || threshold == 0; // AllenSDK: `value or inf`, so 0 is no bound
        double v = none ? (max ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY) : threshold;
        String label = column + (none ? " not NaN" : (max ? " <= " : " >= ") + threshold);
        out.add(new Criterion(label, max ? Selection.atMost(t.column(column), v) : Selection.atLeast(t.column(column), v)));
    }
}
