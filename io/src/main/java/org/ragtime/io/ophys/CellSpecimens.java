package org.ragtime.io.ophys;

import org.ragtime.io.VectorData;
import org.ragtime.io.NwbException;
import org.ragtime.io.DynamicTable;

/**
 * AllenSDK's {@code cell_specimen_table} (a PlaneSegmentation): per segmented ROI, in table order, its
 * {@code cell_roi_id} (the table's {@code id}), its {@code cell_specimen_id} (-1 when the ROI was not
 * matched to a cell; AllenSDK shows None) and {@code valid_roi}. Row {@code i} is what a trace series'
 * {@code rois} region value {@code i} points at ({@link OphysExperiment#roiRows}).
 *
 * @param cellRoiId      per row, the table id
 * @param cellSpecimenId per row, the cell id, or {@link #NO_CELL}
 * @param validRoi       per row, {@code valid_roi} (all true when the column is absent)
 */
public record CellSpecimens(long[] cellRoiId, long[] cellSpecimenId, boolean[] validRoi) {
    /** {@code cell_specimen_id} of an ROI not matched to a cell. */
    public static final long NO_CELL = -1;

    static CellSpecimens read(DynamicTable t, java.nio.file.Path file) {
        int n = Math.toIntExact(t.rowCount());
        long[] roi = t.ids();
        long[] cell = new long[n];
        boolean[] valid = new boolean[n];
        VectorData c = column(t, "cell_specimen_id", n, file);
        for (int i = 0; i < n; i++) {
            cell[i] = c.getLong(i);
        }
        if (t.has("valid_roi")) {
            VectorData v = column(t, "valid_roi", n, file);
            for (int i = 0; i < n; i++) {
                valid[i] = v.getBoolean(i);
            }
        } else {
            java.util.Arrays.fill(valid, true);
        }
        return new CellSpecimens(roi, cell, valid);
    }

    private static VectorData column(DynamicTable t, String name, int rows, java.nio.file.Path file) {
        VectorData c = t.column(name); // a missing column is refused there, naming the file
        if (c.isRagged() || c.array().length() != rows) {
            throw new NwbException(file, c.path(), "expected " + rows
                    + " scalar values, one per row");
        }
        return c;
    }

    /** Number of ROIs (rows). */
    public int size() {
        return cellRoiId.length;
    }
}
