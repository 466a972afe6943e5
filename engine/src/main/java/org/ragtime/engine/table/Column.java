package org.ragtime.engine.table;

/**
 * One named, typed column of a {@link Table}. Values live off-heap in a segment that several
 * columns may share: {@link #take(int[])} returns a view that reads the same storage through a row
 * map, so joins and selections never copy column data. Immutable and thread-safe.
 */
public abstract sealed class Column permits LongColumn, DoubleColumn, StringColumn {
    private final String name;
    /** Logical row -> storage row; null means the identity. */
    final int[] rows;
    private final int size;

    Column(String name, int[] rows, int size) {
        this.name = name;
        this.rows = rows;
        this.size = size;
    }

    /** The column's name (a CSV header or NWB column name). */
    public final String name() {
        return name;
    }

    /** Number of rows. */
    public final int size() {
        return size;
    }

    /** Storage type. */
    public abstract ColumnType type();

    /** True when the value at {@code row} is missing (empty CSV field, NaN, null string). */
    public abstract boolean isNull(int row);

    /** The value as a double: long values converted, NaN for null; strings throw. */
    public abstract double doubleValue(int row);

    /** The same column under another name (shares storage). */
    public abstract Column renamed(String newName);

    /** The rows at the given positions, in that order (repeats allowed); shares storage. */
    public abstract Column take(int[] positions);

    /** This column read through the storage row map {@code rows} (shared, not copied) of {@code size} rows. */
    abstract Column withRows(int[] rows, int size);

    /** Storage row of logical row {@code row}. */
    final int storageRow(int row) {
        return rows == null ? row : rows[row];
    }

    /** Composes this column's row map with {@code positions}. */
    final int[] compose(int[] positions) {
        return rows == null ? positions.clone() : compose(rows, positions);
    }

    /** {@code rows[positions[i]]} for each i. */
    static int[] compose(int[] rows, int[] positions) {
        int[] out = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            out[i] = rows[positions[i]];
        }
        return out;
    }

    /** The storage row map (null: identity); shared between views, never modified. */
    final int[] rowMap() {
        return rows;
    }
}
