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
 * {@link #INT_OTHER} (other integer syntax: a {@code +}, leading zeros, {@code -0}, or 19 digits or more);
 * {@link #DECIMAL} ({@code [+-]?} digits with one optional {@code .}, at least one digit, then an optional
 * {@code [eE][+-]?digits}); {@link #TEXT}; {@link #SPECIAL} (text holding a quote, or of at most 9 bytes
 * starting with one of {@code N n # < - + 1 i I}: possibly a missing-value marker or an infinity);
 * {@link #QUOTED} (a quoted field, whatever it holds).
 *
 * <p>Two implementations give identical results: {@link #scalar()} (plain Java, the reference, any
 * segment) and a native one (C, one 64-byte mask load per field; native segments only), which the
 * native kernel backend hands out.
 */
public sealed interface CsvScan permits ScalarCsvScan, NativeCsvScan {
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
    /** Text that may be a missing-value marker or an infinity, or that holds a quote. */
    byte SPECIAL = 5;
    /** A quoted field. */
    byte QUOTED = 8;

    /** Error kinds in {@code state[1]} when {@link #scan} returns -1. */
    int WRONG_FIELD_COUNT = 1, UNCLOSED_QUOTE = 2, TEXT_AFTER_QUOTE = 3;

    /** Short name: {@code scalar} or {@code native}. */
    String name();

    /**
     * Scans records of {@code text} from offset {@code from} (the start of a record) into the first rows
     * of the outputs, until they are full or the text ends.
     *
     * @param columns  fields every record must have
     * @param rowStart per record, the offset of its first byte (int64; its size bounds the rows scanned)
     * @param rowEnd   per record, the offset just past its last field (int64)
     * @param classes  per record, {@code columns} field classes (bytes)
     * @param state    at least 4 longs: on return {@code state[0]} is where to resume; on bad input (return
     *                 -1) {@code state[1]} is the error kind, {@code state[2]} the offset of the record,
     *                 {@code state[3]} its field count (or the number of the field at fault)
     * @return the records scanned, or -1 on bad input
     */
    long scan(MemorySegment text, long from, int columns, MemorySegment rowStart, MemorySegment rowEnd,
              MemorySegment classes, long[] state);

    /** The Java reference. */
    static CsvScan scalar() {
        return ScalarCsvScan.INSTANCE;
    }

    /** The C implementation in {@code libragtime.so}; UnsupportedOperationException saying why when it cannot load. */
    static CsvScan nativeScan() {
        return NativeCsvScan.create();
    }
}
