package org.ragtime.engine.table;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A column of float64 values stored off-heap; a missing value is NaN, as in pandas. A column read from
 * text may keep, per value, a reference to the exact bytes it was parsed from (in the mapped file), so
 * that writing it back reproduces the input spelling with no formatting and no copy.
 */
public final class DoubleColumn extends Column {
    private final MemorySegment values;
    private final MemorySegment text;  // the source bytes, or null
    private final MemorySegment spans; // per storage row: offset << 8 | length into text; -1 = none

    DoubleColumn(String name, MemorySegment values, int[] rows, int size, MemorySegment text, MemorySegment spans) {
        super(name, rows, size);
        this.values = values;
        this.text = text;
        this.spans = spans;
    }

    DoubleColumn(String name, MemorySegment values, int[] rows, int size) {
        this(name, values, rows, size, null, null);
    }

    /**
     * The bytes value {@code row} was parsed from, packed as {@code offset << 8 | length} into
     * {@link #sourceText()}, or -1 when there are none (computed values, quoted fields).
     */
    public long sourceSpan(int row) {
        return spans == null ? -1 : spans.getAtIndex(ValueLayout.JAVA_LONG, storageRow(row));
    }

    /** The text the values were parsed from (a read-only file mapping), or null. */
    public MemorySegment sourceText() {
        return text;
    }

    /** A column holding a copy of {@code values}. */
    public static DoubleColumn of(String name, double... values) {
        MemorySegment seg = Arena.ofAuto().allocate((long) Math.max(1, values.length) * Double.BYTES, Double.BYTES);
        MemorySegment.copy(values, 0, seg, ValueLayout.JAVA_DOUBLE, 0, values.length);
        return new DoubleColumn(name, seg, null, values.length);
    }

    @Override
    public ColumnType type() {
        return ColumnType.DOUBLE;
    }

    /** The value at {@code row} (NaN when missing). */
    public double get(int row) {
        return values.getAtIndex(ValueLayout.JAVA_DOUBLE, storageRow(row));
    }

    @Override
    public boolean isNull(int row) {
        return Double.isNaN(get(row));
    }

    @Override
    public double doubleValue(int row) {
        return get(row);
    }

    /** Every value in row order (NaN where missing), as one heap array: bulk export, e.g. to numpy. */
    public double[] toArray() {
        double[] out = new double[size()];
        if (rows == null) {
            MemorySegment.copy(values, ValueLayout.JAVA_DOUBLE, 0, out, 0, out.length);
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = values.getAtIndex(ValueLayout.JAVA_DOUBLE, rows[i]);
            }
        }
        return out;
    }

    @Override
    public DoubleColumn renamed(String newName) {
        return new DoubleColumn(newName, values, rows, size(), text, spans);
    }

    @Override
    DoubleColumn withRows(int[] rows, int size) {
        return new DoubleColumn(name(), values, rows, size, text, spans);
    }

    @Override
    public DoubleColumn take(int[] positions) {
        return new DoubleColumn(name(), values, compose(positions), positions.length, text, spans);
    }

    /**
     * Growable builder writing straight into off-heap memory; {@link #build(String)} hands that memory to the
     * column without a copy (a good initial capacity saves the copies of growing). Not thread-safe.
     */
    public static final class Builder {
        private final Arena arena = Arena.ofAuto();
        private MemorySegment data;
        private MemorySegment spans; // null until a span is recorded
        private long capacity;
        private int n;
        private MemorySegment text;

        /** @param capacity expected number of rows */
        public Builder(int capacity) {
            this.capacity = Math.max(16, capacity);
            data = arena.allocate(this.capacity * Double.BYTES, Double.BYTES);
        }

        private void grow() {
            long c = capacity * 2;
            MemorySegment d = arena.allocate(c * Double.BYTES, Double.BYTES);
            MemorySegment.copy(data, 0, d, 0, (long) n * Double.BYTES);
            data = d;
            if (spans != null) {
                MemorySegment sp = arena.allocate(c * Long.BYTES, Long.BYTES);
                MemorySegment.copy(spans, 0, sp, 0, (long) n * Long.BYTES);
                spans = sp;
            }
            capacity = c;
        }

        /** Appends a value (NaN for missing). */
        public void add(double v) {
            if (n == capacity) {
                grow();
            }
            if (spans != null) {
                spans.setAtIndex(ValueLayout.JAVA_LONG, n, -1L);
            }
            data.setAtIndex(ValueLayout.JAVA_DOUBLE, n++, v);
        }

        /**
         * Appends a value parsed from {@code text[offset, offset+length)} (length below 256); every value
         * with a span must come from the same {@code text}.
         */
        public void add(double v, MemorySegment text, long offset, int length) {
            if (spans == null) {
                spans = arena.allocate(capacity * Long.BYTES, Long.BYTES);
                spans.asSlice(0, (long) n * Long.BYTES).fill((byte) -1);
                this.text = text;
            }
            add(v);
            spans.setAtIndex(ValueLayout.JAVA_LONG, n - 1, length < 256 && text == this.text ? offset << 8 | length : -1);
        }

        /** Rows added so far. */
        public int size() {
            return n;
        }

        /** The finished column (shares this builder's memory: do not add after building). */
        public DoubleColumn build(String name) {
            MemorySegment sp = spans == null ? null : spans.asSlice(0, (long) n * Long.BYTES);
            return new DoubleColumn(name, data.asSlice(0, (long) n * Double.BYTES), null, n, text, sp);
        }
    }
}
