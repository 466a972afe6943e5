package org.ragtime.io.table;

import java.util.List;
import java.util.Optional;

/**
 * One column of an {@link NwbTable}, stored as hdmf stores it: flat {@link Values}, zero or more index levels
 * (a ragged column's {@code X_index}, a doubly ragged one's {@code X_index_index} too) and the shape of one data
 * row. Row {@code r} of a one-level ragged column owns data rows {@code [offsets.get(0)[r], offsets.get(0)[r+1])};
 * with two levels the outer offsets select entries of the inner ones. Offsets start at 0 and have one more entry
 * than what they index, so a Zarr writer can store {@code values} and each level as a data + index pair.
 *
 * @param name      the column's name ({@code id} for the row ids)
 * @param role      what the values mean
 * @param values    the elements, row-major: data row {@code k} holds elements {@code [k * w, (k+1) * w)} with
 *                  {@code w} the product of {@code cellShape}
 * @param offsets   index levels, outermost first; empty for a column with one value (or one array) per row
 * @param cellShape the trailing dimensions of one data row ({@code []} for scalars, {@code [82]} for a row of a
 *                  2-D dataset)
 * @param target    for a region, the path of the table whose row ids the values are
 */
public record TableColumn(String name, Role role, Values values, List<long[]> offsets, long[] cellShape,
                          Optional<String> target) {

    /** What a column's values mean. */
    public enum Role {
        /** The table's row ids ({@code id}). */
        ID,
        /** A VectorData column as stored. */
        DATA,
        /** A DynamicTableRegion: the ids of the referenced rows of {@link #target()} (hdmf stores row positions). */
        REGION,
        /** An hdmf EnumData: the values of its {@code elements}, looked up from the stored codes. */
        ENUM
    }

    public TableColumn {
        offsets = List.copyOf(offsets);
        cellShape = cellShape.clone();
    }

    /** True if each row holds a list (one or more index levels). */
    public boolean isRagged() {
        return !offsets.isEmpty();
    }

    /** Elements per data row: the product of {@link #cellShape()}. */
    public int cellWidth() {
        long w = 1;
        for (long d : cellShape) {
            w *= d;
        }
        return Math.toIntExact(w);
    }
}
