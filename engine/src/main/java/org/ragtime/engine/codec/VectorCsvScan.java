package org.ragtime.engine.codec;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.ragtime.engine.codec.ScalarCsvScan.fail;
import static org.ragtime.engine.codec.ScalarCsvScan.isDelimiter;
import static org.ragtime.engine.codec.ScalarCsvScan.isEol;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link CsvScan} with the Vector API, the design of the native scan ({@code src-native/src/main/c/csv.c}):
 * the bytes are read 64 at a time ({@code 64 / lanes} vector loads of the preferred byte species) into six
 * bit masks (delimiters, digits, dots, exponent marks, signs, quotes; bit i is byte i of the block). The
 * masks of two consecutive blocks are kept, so the masks of the 64 bytes at any field's start come from
 * shifts; a field's end is the lowest delimiter bit and its number grammar is checked on the masks rather
 * than byte by byte. The last, partial block of the text is read byte by byte (no load ever passes the end
 * of the segment). Any segment, heap or native. Gives exactly the results of {@link ScalarCsvScan}.
 */
final class VectorCsvScan implements CsvScan {
    static final VectorCsvScan INSTANCE = new VectorCsvScan();
    private static final VectorSpecies<Byte> SP = ByteVector.SPECIES_PREFERRED;
    private static final int L = SP.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Mask slots: a window holds the low block's six masks, then the high block's. */
    private static final int DELIM = 0, DIGIT = 1, DOT = 2, EX = 3, SIGN = 4, QUOTE = 5, HI = 6;

    private VectorCsvScan() {
    }

    /** Whether the preferred byte vector can fill a 64-bit mask in whole loads (16, 32 or 64 lanes). */
    static boolean usable() {
        return L >= 16 && L <= 64 && 64 % L == 0;
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public long scan(MemorySegment s, long from, int columns, MemorySegment rowStart, MemorySegment rowEnd,
                     MemorySegment classes, int[] seen, int[] keyColumns, MemorySegment keys, long[] state) {
        long size = s.byteSize();
        long max = rowStart.byteSize() / 8;
        int nk = keyColumns.length;
        int key0 = nk > 0 ? keyColumns[0] : -1;
        int key1 = nk > 1 ? keyColumns[1] : -1;
        long[] w = new long[2 * HI];
        long base = Long.MIN_VALUE / 2; // no block loaded yet
        long p = from;
        long rows = 0;
        while (rows < max) {
            while (p < size && isEol(s.get(JAVA_BYTE, p))) {
                p++;
            }
            if (p >= size) {
                break;
            }
            long start = p;
            long cls = rows * columns;
            int f = 0;
            long end;
            while (true) {
                byte k;
                long fs = p;
                // the window: the blocks at base and base + 64 hold p
                if (p >= base + 64) {
                    if (p < base + 128) {
                        System.arraycopy(w, HI, w, 0, HI);
                        base += 64;
                    } else {
                        base = p & ~63L;
                        blockMasks(s, base, size, w, 0);
                    }
                    blockMasks(s, base + 64, size, w, HI);
                }
                int sh = (int) (p - base);
                if ((join(w[QUOTE], w[HI + QUOTE], sh) & 1) != 0) {
                    long q = p + 1;
                    while (true) {
                        q = nextQuote(s, q, size);
                        if (q >= size) {
                            return fail(state, UNCLOSED_QUOTE, start, f + 1);
                        }
                        q++;
                        if (q < size && s.get(JAVA_BYTE, q) == '"') {
                            q++;
                            continue;
                        }
                        break;
                    }
                    p = q;
                    if (p < size && !isDelimiter(s.get(JAVA_BYTE, p))) {
                        return fail(state, TEXT_AFTER_QUOTE, start, f + 1);
                    }
                    k = QUOTED;
                } else {
                    long delim = join(w[DELIM], w[HI + DELIM], sh);
                    long left = size - p;
                    if (delim != 0 || left < 64) {
                        int len = delim != 0 ? Long.numberOfTrailingZeros(delim) : (int) left;
                        k = classify(s, p, len, join(w[DIGIT], w[HI + DIGIT], sh), join(w[DOT], w[HI + DOT], sh),
                                join(w[EX], w[HI + EX], sh), join(w[SIGN], w[HI + SIGN], sh), join(w[QUOTE], w[HI + QUOTE], sh));
                        p += len;
                    } else { // longer than 64 bytes: the reference, byte by byte
                        long q = p + 64;
                        while (q < size && !isDelimiter(s.get(JAVA_BYTE, q))) {
                            q++;
                        }
                        k = ScalarCsvScan.classify(s, p, q);
                        p = q;
                    }
                }
                if (f < columns) {
                    classes.set(JAVA_BYTE, cls + f, k);
                    seen[f] |= 1 << k;
                    if (f == key0) {
                        keys.setAtIndex(JAVA_LONG, rows * nk, intValue(s, fs, p, k));
                    }
                    if (f == key1) {
                        keys.setAtIndex(JAVA_LONG, rows * nk + 1, intValue(s, fs, p, k));
                    }
                    for (int j = 2; j < nk; j++) { // more than two key columns: the reference's loop
                        if (keyColumns[j] == f) {
                            keys.setAtIndex(JAVA_LONG, rows * nk + j, intValue(s, fs, p, k));
                        }
                    }
                }
                f++;
                if (p >= size) {
                    end = p;
                    break;
                }
                byte c = s.get(JAVA_BYTE, p);
                if (c == ',') {
                    p++;
                    continue;
                }
                end = p;
                p++;
                if (c == '\r' && p < size && s.get(JAVA_BYTE, p) == '\n') {
                    p++;
                }
                break;
            }
            if (f != columns) {
                return fail(state, WRONG_FIELD_COUNT, start, f);
            }
            rowStart.setAtIndex(JAVA_LONG, rows, start);
            rowEnd.setAtIndex(JAVA_LONG, rows, end);
            rows++;
        }
        state[0] = p;
        return rows;
    }

    /** The masks of the 64 bytes at {@code b} into {@code w[at..at+6)}; bytes past the end are in none. */
    private static void blockMasks(MemorySegment s, long b, long size, long[] w, int at) {
        long d = 0;
        long g = 0;
        long o = 0;
        long e = 0;
        long sg = 0;
        long q = 0;
        if (b + 64 <= size) {
            for (int i = 0; i < 64; i += L) {
                ByteVector v = ByteVector.fromMemorySegment(SP, s, b + i, ORDER);
                d |= v.eq((byte) ',').or(v.eq((byte) '\n')).or(v.eq((byte) '\r')).toLong() << i;
                g |= v.sub((byte) '0').compare(VectorOperators.ULT, (byte) 10).toLong() << i;
                o |= v.eq((byte) '.').toLong() << i;
                e |= v.eq((byte) 'e').or(v.eq((byte) 'E')).toLong() << i;
                sg |= v.eq((byte) '+').or(v.eq((byte) '-')).toLong() << i;
                q |= v.eq((byte) '"').toLong() << i;
            }
        } else {
            int avail = (int) Math.max(0, Math.min(64, size - b));
            for (int i = 0; i < avail; i++) {
                byte c = s.get(JAVA_BYTE, b + i);
                long bit = 1L << i;
                if (isDelimiter(c)) {
                    d |= bit;
                }
                if (c >= '0' && c <= '9') {
                    g |= bit;
                }
                if (c == '.') {
                    o |= bit;
                }
                if (c == 'e' || c == 'E') {
                    e |= bit;
                }
                if (c == '+' || c == '-') {
                    sg |= bit;
                }
                if (c == '"') {
                    q |= bit;
                }
            }
        }
        w[at + DELIM] = d;
        w[at + DIGIT] = g;
        w[at + DOT] = o;
        w[at + EX] = e;
        w[at + SIGN] = sg;
        w[at + QUOTE] = q;
    }

    /** The 64 mask bits from bit {@code sh} of {@code lo} on, continuing into {@code hi}. */
    private static long join(long lo, long hi, int sh) {
        return sh == 0 ? lo : (lo >>> sh) | (hi << (64 - sh));
    }

    /** The offset of the first quote at or after {@code q}, or {@code size}. */
    private static long nextQuote(MemorySegment s, long q, long size) {
        for (; q + L <= size; q += L) {
            VectorMask<Byte> m = ByteVector.fromMemorySegment(SP, s, q, ORDER).eq((byte) '"');
            if (m.anyTrue()) {
                return q + m.firstTrue();
            }
        }
        for (; q < size; q++) {
            if (s.get(JAVA_BYTE, q) == '"') {
                return q;
            }
        }
        return size;
    }

    /**
     * Class of the unquoted field of {@code len <= 64} bytes at {@code a} from its masks (bit i: byte
     * {@code a + i}; bits at or past {@code len} are ignored), following {@link ScalarCsvScan#classify}.
     */
    private static byte classify(MemorySegment s, long a, int len, long digit, long dot, long ex, long sign, long quote) {
        if (len == 0) {
            return EMPTY;
        }
        long fm = len == 64 ? -1L : (1L << len) - 1;
        digit &= fm;
        dot &= fm;
        ex &= fm;
        sign &= fm;
        long other = fm & ~(digit | dot | ex | sign);
        if (other != 0 || Long.bitCount(ex) > 1) {
            return textClass(s, a, len, (quote & fm) != 0);
        }
        long mant = ex != 0 ? ex - 1 : fm; // bits below the exponent mark
        long expo = ex != 0 ? fm & ~(mant | ex) : 0; // bits after it
        boolean ok = (sign & mant & ~1L) == 0 // a mantissa sign only in front
                && Long.bitCount(dot & mant) <= 1 && (dot & expo) == 0
                && (digit & mant) != 0
                && (ex == 0 || ((digit & expo) != 0 && (sign & expo & ~(ex << 1)) == 0));
        if (!ok) {
            return textClass(s, a, len, false);
        }
        if (ex != 0 || dot != 0) {
            return DECIMAL;
        }
        return integerClass(s, a, len, (int) (sign & 1));
    }

    private static final byte[] LONG_MAX = String.valueOf(Long.MAX_VALUE).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** An integer literal (optional sign, then digits): INT, INT_OTHER, or DECIMAL beyond int64. */
    private static byte integerClass(MemorySegment s, long a, int len, int lead) {
        int digits = len - lead;
        if (digits > 19) {
            return DECIMAL;
        }
        if (digits == 19) {
            for (int i = 0; i < 19; i++) {
                int c = s.get(JAVA_BYTE, a + lead + i);
                if (c != LONG_MAX[i]) {
                    if (c > LONG_MAX[i]) {
                        return DECIMAL;
                    }
                    break;
                }
            }
        }
        byte first = s.get(JAVA_BYTE, a);
        byte d0 = s.get(JAVA_BYTE, a + lead);
        boolean leadingZero = digits > 1 && d0 == '0';
        boolean minusZero = lead == 1 && digits == 1 && d0 == '0';
        return first == '+' || digits > 18 || leadingZero || minusZero ? INT_OTHER : INT;
    }

    /** Text: a missing-value marker, an infinity (a float), text holding a quote, or plain text. */
    private static byte textClass(MemorySegment s, long a, int len, boolean hasQuote) {
        if (hasQuote) {
            return SPECIAL;
        }
        if (len > 9) {
            return TEXT;
        }
        switch (s.get(JAVA_BYTE, a)) { // the first bytes of every marker and infinity: most text stops here
            case '#', '-', '1', '<', 'N', 'n', '+', 'i', 'I' -> {
            }
            default -> {
                return TEXT;
            }
        }
        return ScalarCsvScan.classify(s, a, a + len); // no digit-only or number text gets here: TEXT, NA or DECIMAL
    }

    /** The int64 value of an INT or INT_OTHER field (which fits), else {@code Long.MIN_VALUE}. */
    private static long intValue(MemorySegment s, long a, long b, byte k) {
        if (k != INT && k != INT_OTHER) {
            return Long.MIN_VALUE;
        }
        byte first = s.get(JAVA_BYTE, a);
        long i = first == '-' || first == '+' ? a + 1 : a;
        long v = 0;
        for (; i < b; i++) {
            v = v * 10 + (s.get(JAVA_BYTE, i) - '0');
        }
        return first == '-' ? -v : v;
    }

}
