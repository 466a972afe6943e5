package org.ragtime.engine.table;

/** The storage type of a {@link Column}: 64-bit integers, float64, or dictionary-encoded text. */
public enum ColumnType {
    /** {@link LongColumn}: int64 values, nulls kept in a bitmap. */
    LONG,
    /** {@link DoubleColumn}: float64 values, null is NaN (as in pandas). */
    DOUBLE,
    /** {@link StringColumn}: int32 codes into a dictionary of distinct strings, null is code -1. */
    STRING
}
