package org.ragtime.engine.codec;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;

/** {@link CsvScan} in plain Java, byte by byte: the reference the native scan is tested against. */
final class ScalarCsvScan implements CsvScan {
    static final ScalarCsvScan INSTANCE = new ScalarCsvScan();

    private ScalarCsvScan() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public long scan(MemorySegment s, long from, int columns, MemorySegment rowStart, MemorySegment rowEnd,
                     MemorySegment classes, int[] seen, int[] keyColumns, MemorySegment keys, long[] state) {
        long size = s.byteSize();
        long max = rowStart.byteSize() / 8;
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
            int f = 0;
            long end;
            while (true) {
                byte k;
                long fieldStart = p;
                if (p < size && s.get(JAVA_BYTE, p) == '"') {
                    long q = p + 1;
                    while (true) {
                        while (q < size && s.get(JAVA_BYTE, q) != '"') {
                            q++;
                        }
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
                    long q = p;
                    while (q < size && !isDelimiter(s.get(JAVA_BYTE, q))) {
                        q++;
                    }
                    k = classify(s, p, q);
                    p = q;
                }
                if (f < columns) {
                    classes.set(JAVA_BYTE, rows * columns + f, k);
                    seen[f] |= 1 << k;
                    for (int j = 0; j < keyColumns.length; j++) {
                        if (keyColumns[j] == f) {
                            long v = k == INT || k == INT_OTHER ? Long.parseLong(text(s, fieldStart, p)) : Long.MIN_VALUE;
                            keys.setAtIndex(JAVA_LONG, rows * keyColumns.length + j, v);
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

    /** Records a malformed record in {@code state} (kind, record start, fields seen) and returns -1 (also VectorCsvScan's). */
    static long fail(long[] state, int kind, long record, int fields) {
        state[1] = kind;
        state[2] = record;
        state[3] = fields;
        return -1;
    }

    static boolean isEol(byte c) {
        return c == '\n' || c == '\r';
    }

    static boolean isDelimiter(byte c) {
        return c == ',' || c == '\n' || c == '\r';
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** Class of the unquoted field {@code s[a, b)}, following the grammar of {@link CsvScan}. */
    static byte classify(MemorySegment s, long a, long b) {
        long len = b - a;
        if (len == 0) {
            return EMPTY;
        }
        long i = a;
        byte first = s.get(JAVA_BYTE, a);
        boolean signed = first == '+' || first == '-';
        if (signed) {
            i++;
        }
        long digits = 0;
        long dots = 0;
        for (; i < b && (isDigit(s.get(JAVA_BYTE, i)) || s.get(JAVA_BYTE, i) == '.'); i++) {
            if (s.get(JAVA_BYTE, i) == '.') {
                dots++;
            } else {
                digits++;
            }
        }
        boolean number = digits > 0 && dots <= 1;
        boolean exponent = false;
        if (number && i < b && (s.get(JAVA_BYTE, i) == 'e' || s.get(JAVA_BYTE, i) == 'E')) {
            exponent = true;
            i++;
            if (i < b && (s.get(JAVA_BYTE, i) == '+' || s.get(JAVA_BYTE, i) == '-')) {
                i++;
            }
            long e0 = i;
            while (i < b && isDigit(s.get(JAVA_BYTE, i))) {
                i++;
            }
            number = i > e0;
        }
        if (!number || i != b) {
            return textClass(s, a, b);
        }
        if (exponent || dots > 0) {
            return DECIMAL;
        }
        long lead = signed ? 1 : 0;
        if (digits > 19 || (digits == 19 && text(s, a + lead, b).compareTo(String.valueOf(Long.MAX_VALUE)) > 0)) {
            return DECIMAL; // beyond int64: a float, as for pandas
        }
        boolean leadingZero = digits > 1 && s.get(JAVA_BYTE, a + lead) == '0';
        boolean minusZero = signed && digits == 1 && s.get(JAVA_BYTE, a + 1) == '0';
        return first == '+' || digits > 18 || leadingZero || minusZero ? INT_OTHER : INT;
    }

    private static String text(MemorySegment s, long a, long b) {
        byte[] bytes = new byte[(int) (b - a)];
        MemorySegment.copy(s, JAVA_BYTE, a, bytes, 0, bytes.length);
        return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static byte textClass(MemorySegment s, long a, long b) {
        for (long i = a; i < b; i++) {
            if (s.get(JAVA_BYTE, i) == '"') {
                return SPECIAL;
            }
        }
        if (b - a > 9) {
            return TEXT;
        }
        String t = text(s, a, b);
        if (MISSING.contains(t)) {
            return NA;
        }
        String w = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
        return w.equalsIgnoreCase("inf") || w.equalsIgnoreCase("infinity") ? DECIMAL : TEXT;
    }
}
