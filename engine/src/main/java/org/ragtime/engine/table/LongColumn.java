package org.ragtime.engine.table;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.roaringbitmap.RoaringBitmap;

/** A column of int64 values stored off-heap; missing values are marked in a bitmap (their slot holds 0). */
public final class LongColumn extends Column {
    private final MemorySegment values;
    private final RoaringBitmap nulls; // storage rows; null when the column has none

    LongColumn(String name, MemorySegment values, RoaringBitmap nulls, int[] rows, int size) {
        super(name, rows, size);
        this.values = values;
        this.nulls = nulls;
    }

    /** A column holding a copy of {@code values} (no nulls). */
    public static LongColumn of(String name, long... values) {
        Builder b = new Builder(values.length);
        for (long v : values) {
            b.add(v);
        }
        return b.build(name);
    }

    @Override
    public ColumnType type() {
        return ColumnType.LONG;
    }

    /** The value at {@code row}; 0 when {@link #isNull(int)}. */
    public long get(int row) {
        return values.getAtIndex(ValueLayout.JAVA_LONG, storageRow(row));
    }

    @Override
    public boolean isNull(int row) {
        return nulls != null && nulls.contains(storageRow(row));
    }

    /** Every value in row order (0 where {@link #isNull(int)}), as one heap array: bulk export, e.g. to numpy. */
    public long[] toArray() {
        long[] out = new long[size()];
        if (rows == null) {
            MemorySegment.copy(values, ValueLayout.JAVA_LONG, 0, out, 0, out.length);
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = values.getAtIndex(ValueLayout.JAVA_LONG, rows[i]);
            }
        }
        return out;
    }

    /** The rows that are null, ascending (empty when none): with {@link #toArray()}, the whole column. */
    public int[] nullRows() {
        if (nulls == null) {
            return new int[0];
        }
        return java.util.stream.IntStream.range(0, size()).filter(this::isNull).toArray();
    }

    /** True when some row of the storage is null (cheap; may be true for a view that selects none). */
    public boolean mayHaveNulls() {
        return nulls != null;
    }

    @Override
    public double doubleValue(int row) {
        return isNull(row) ? Double.NaN : (double) get(row);
    }

    @Override
    public LongColumn renamed(String newName) {
        return new LongColumn(newName, values, nulls, rows, size());
    }

    @Override
    LongColumn withRows(int[] rows, int size) {
        return new LongColumn(name(), values, nulls, rows, size);
    }

    @Override
    public LongColumn take(int[] positions) {
        return new LongColumn(name(), values, nulls, compose(positions), positions.length);
    }

    /**
     * Growable builder writing straight into off-heap memory; {@link #build(String)} hands that memory to the
     * column without a copy. Not thread-safe.
     */
    public static final class Builder {
        private final Arena arena = Arena.ofAuto();
        private MemorySegment data;
        private long capacity;
        private int n;
        private RoaringBitmap nulls;

        /** @param capacity expected number of rows */
        public Builder(int capacity) {
            this.capacity = Math.max(16, capacity);
            data = arena.allocate(this.capacity * Long.BYTES, Long.BYTES);
        }

        /** Appends a value. */
        public void add(long v) {
            if (n == capacity) {
                long c = capacity * 2;
                MemorySegment d = arena.allocate(c * Long.BYTES, Long.BYTES);
                MemorySegment.copy(data, 0, d, 0, (long) n * Long.BYTES);
                data = d;
                capacity = c;
            }
            data.setAtIndex(ValueLayout.JAVA_LONG, n++, v);
        }

        /** Appends a missing value. */
        public void addNull() {
            if (nulls == null) {
                nulls = new RoaringBitmap();
            }
            nulls.add(n);
            add(0);
        }

        /** Rows added so far. */
        public int size() {
            return n;
        }

        /** The finished column (shares this builder's memory: do not add after building). */
        public LongColumn build(String name) {
            return new LongColumn(name, data.asSlice(0, (long) n * Long.BYTES), nulls, null, n);
        }
    }
}
