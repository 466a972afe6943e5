package org.ragtime.io.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.ragtime.engine.table.LongColumn;
import org.ragtime.engine.table.Table;

/**
 * The decoding design matrix exactly as the Visual Coding Neuropixels quick start builds it from
 * {@code presentationwise_spike_times}: a {@code count} per spike, {@code groupby([stimulus_presentation_id,
 * unit_id]).count()}, then {@code pivot_table(index=stimulus_presentation_id, columns=unit_id, fill_value=0,
 * aggfunc=sum)}. So its quirks are kept: rows are the presentations with at least one spike and columns the units
 * with at least one spike (a silent presentation or unit vanishes), both sorted by id; every other cell is 0; the
 * counts are int64, as pandas leaves them.
 *
 * <pre>{@code
 * DesignMatrix x = DesignMatrix.ofSpikeTimes(session.presentationwiseSpikeTimes(Intervals.ofStimulus("natural_scenes"),
 *         UnitSelection.all().structures("VISp")).table());
 * long c = x.count(0, 0);
 * }</pre>
 *
 * @param presentationIds the rows: sorted ids of the presentations with a spike
 * @param unitIds         the columns: sorted ids of the units with a spike
 * @param counts          rows x columns spike counts, row-major
 */
public record DesignMatrix(long[] presentationIds, long[] unitIds, long[] counts) {
    public DesignMatrix {
        if ((long) presentationIds.length * unitIds.length != counts.length) {
            throw new IllegalArgumentException(counts.length + " counts for " + presentationIds.length + " x " + unitIds.length);
        }
    }

    /** The pivot of a {@code presentationwise_spike_times} table (columns {@code stimulus_presentation_id, unit_id}). */
    public static DesignMatrix ofSpikeTimes(Table spikeTimes) {
        LongColumn p = (LongColumn) spikeTimes.column("stimulus_presentation_id");
        LongColumn u = (LongColumn) spikeTimes.column("unit_id");
        int n = spikeTimes.rowCount();
        long[] pv = new long[n];
        long[] uv = new long[n];
        for (int i = 0; i < n; i++) {
            pv[i] = p.get(i);
            uv[i] = u.get(i);
        }
        long[] rows = distinctSorted(pv);
        long[] cols = distinctSorted(uv);
        long[] counts = new long[rows.length * cols.length];
        for (int i = 0; i < n; i++) {
            counts[Arrays.binarySearch(rows, pv[i]) * cols.length + Arrays.binarySearch(cols, uv[i])]++;
        }
        return new DesignMatrix(rows, cols, counts);
    }

    private static long[] distinctSorted(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        int m = 0;
        for (int i = 0; i < s.length; i++) {
            if (i == 0 || s[i] != s[i - 1]) {
                s[m++] = s[i];
            }
        }
        return Arrays.copyOf(s, m);
    }

    /** Number of rows (presentations). */
    public int rows() {
        return presentationIds.length;
    }

    /** Number of columns (units). */
    public int columns() {
        return unitIds.length;
    }

    /** The count of row {@code r}, column {@code c}. */
    public long count(int r, int c) {
        return counts[r * unitIds.length + c];
    }

    /** The counts as float64, what the classifier sees ({@code design.values.astype(float)}). */
    public double[] values() {
        double[] x = new double[counts.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = counts[i];
        }
        return x;
    }

    /** The rows' ids as a list. */
    public List<Long> presentationIdList() {
        List<Long> out = new ArrayList<>(presentationIds.length);
        for (long id : presentationIds) {
            out.add(id);
        }
        return Collections.unmodifiableList(out);
    }
}
