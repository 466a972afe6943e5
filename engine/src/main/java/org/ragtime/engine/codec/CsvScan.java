package org.ragtime.engine.codec;

import java.lang.foreign.MemorySegment;

/**
 * The structural scan of CSV text (RFC 4180: comma separator, double-quote quoting with doubled quotes
 * inside, LF, CRLF or CR line ends, blank lines skipped): where each record starts and ends, and a
 * syntactic class for each field. Readers decide types and missing values from the classes; a field
 * whose class says nothing more needs a look is never parsed.
 *
 * <p>Field classes: {@link #EMPTY}; {@link #INT} (an int64 literal in canonical form: {@code -?} then
 * digits without a leading zero, at most 18 of them, so it is written back exactly as read);
 * {@link #INT_OTHER} (another int64 literal: a {@code +}, leading zeros, {@code -0}, or 19 digits up to
 * 2^63 - 1); {@link #DECIMAL} (a float literal: {@code [+-]?} digits with one optional {@code .}, at
 * least one digit, then an optional {@code [eE][+-]?digits}; an infinity, {@code [+-]?inf} or
 * {@code infinity} in any case; or an integer beyond int64); {@link #NA} (one of {@link #MISSING});
 * {@link #SPECIAL} (other text holding a quote, which must be quoted when written); {@link #TEXT};
 * {@link #QUOTED} (a quoted field, whatever it holds).
 *
 * <p>Three implementations give identical results: {@link #scalar()} (plain Java, the reference, any
 * segment), {@link #vector()} (the Vector API, 64-byte bit masks as in the C scan; any segment), which
 * the vector kernel backend hands out, and a native one (C, one 64-byte mask load per field; native
 * segments only), which the native kernel backend hands out.
 */
public sealed interface CsvScan permits ScalarCsvScan, VectorCsvScan, NativeCsvScan {
    /** An empty field. */
    byte EMPTY = 0;
    /** A canonical int64 literal. */
    byte INT = 1;
    /** Any other integer literal. */
    byte INT_OTHER = 2;
    /** A decimal literal with a point or an exponent. */
    byte DECIMAL = 3;
    /** Text. */
    byte TEXT = 4;
    /** Unquoted text holding a quote. */
    byte SPECIAL = 5;
    /** A missing-value marker. */
    byte NA = 6;

    /** pandas 1.5's default {@code na_values} besides the empty field (pandas 2 adds "None"; AllenSDK pins 1.5). */
    java.util.Set<String> MISSING = java.util.Set.of("#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan",
            "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "n/a", "nan", "null");
    /** A quoted field. */
    byte QUOTED = 8;

    /** Error kinds in {@code state[1]} when {@link #scan} returns -1. */
    int WRONG_FIELD_COUNT = 1, UNCLOSED_QUOTE = 2, TEXT_AFTER_QUOTE = 3;

    /** Short name: {@code scalar}, {@code vector} or {@code native} ({@code native-v3} when bound to one level). */
    String name();

    /**
     * Scans records of {@code text} from offset {@code from} (the start of a record) into the first rows
     * of the outputs, until they are full or the text ends.
     *
     * @param columns  fields every record must have
     * @param rowStart per record, the offset of its first byte (int64; its size bounds the rows scanned)
     * @param rowEnd   per record, the offset just past its last field (int64)
     * @param classes  per record, {@code columns} field classes (bytes)
     * @param seen     per column, {@code 1 << class} of every field scanned is or-ed in (so a reader types
     *                 columns and finds the fields that need a look without reading every class)
     * @param keyColumns at most 2 columns whose integers are wanted (ids to join on)
     * @param keys     per record, per key column, the field's value when it is {@link #INT} or
     *                 {@link #INT_OTHER}, else {@code Long.MIN_VALUE} (int64)
     * @param state    at least 4 longs: on return {@code state[0]} is where to resume; on bad input (return
     *                 -1) {@code state[1]} is the error kind, {@code state[2]} the offset of the record,
     *                 {@code state[3]} its field count (or the number of the field at fault)
     * @return the records scanned, or -1 on bad input
     */
    long scan(MemorySegment text, long from, int columns, MemorySegment rowStart, MemorySegment rowEnd,
              MemorySegment classes, int[] seen, int[] keyColumns, MemorySegment keys, long[] state);

    /** The Java reference. */
    static CsvScan scalar() {
        return ScalarCsvScan.INSTANCE;
    }

    /**
     * The Vector API implementation (needs {@code --add-modules jdk.incubator.vector}); the scalar one when
     * the preferred byte vector is not 16, 32 or 64 lanes.
     */
    static CsvScan vector() {
        return VectorCsvScan.usable() ? VectorCsvScan.INSTANCE : ScalarCsvScan.INSTANCE;
    }

    /** The C implementation in {@code libragtime.so}; UnsupportedOperationException saying why when it cannot load. */
    static CsvScan nativeScan() {
        return NativeCsvScan.create();
    }

    /**
     * The C implementation compiled for one x86-64 level (named {@code native-v3} and so on), whatever level
     * the JVM chose; UnsupportedOperationException saying why when it cannot run here.
     */
    static CsvScan nativeScan(org.ragtime.engine.Isa level) {
        return NativeCsvScan.create(level);
    }
}
