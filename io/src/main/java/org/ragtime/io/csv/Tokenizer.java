package org.ragtime.io.csv;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Splits a mapped CSV file into records and fields (RFC 4180: comma separator, double-quote quoting with
 * doubled quotes inside, LF, CRLF or CR line ends, an optional UTF-8 byte-order mark, blank lines
 * skipped as pandas skips them).
 *
 * <p>The mapping is read through a window: a heap buffer refilled with bulk copies, because plain array
 * loops are what the JIT compiles best (per-byte segment reads cost about twice as much, and most of a
 * one-shot run happens before the fully optimised code arrives). A record's fields are collected and
 * handed over together at its end, so a record may straddle a refill. Quoted fields are unescaped in
 * place. Each field comes with its offset in the file (for values written back as read), or -1 when it
 * was quoted.
 */
final class Tokenizer {
    private static final int WINDOW = 1 << 22;

    private final String file;
    private final MemorySegment data;
    private final long size;
    private final Sink sink;

    private byte[] buf;
    private long base;   // file offset of buf[0]
    private int limit;   // valid bytes in buf
    private int[] start = new int[64];
    private int[] len = new int[64];
    private boolean[] quoted = new boolean[64];

    /** What the tokenizer feeds; implemented by the table builder. */
    interface Sink {
        void begin(long line);

        /** Field {@code index}: {@code buf[off, off+len)}, at {@code fileOffset} in the file or -1 when unescaped. */
        void field(int index, byte[] buf, int off, int len, long fileOffset);

        /** @return false to stop */
        boolean end(int fieldCount);
    }

    Tokenizer(String file, MemorySegment data, Sink sink) {
        this(file, data, sink, WINDOW);
    }

    /** With a window of {@code window} bytes (tests use tiny ones so that records straddle refills). */
    Tokenizer(String file, MemorySegment data, Sink sink, int window) {
        this.buf = new byte[Math.max(1, window)];
        this.file = file;
        this.data = data;
        this.size = data.byteSize();
        this.sink = sink;
    }

    /** Moves {@code buf[from, limit)} to the front and fills the rest; returns the shift (bytes dropped). */
    private int refill(int from) {
        int keep = limit - from;
        if (from == 0 && keep == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2); // one record longer than the window
        } else {
            System.arraycopy(buf, from, buf, 0, keep);
        }
        base += from;
        long next = base + keep;
        int n = (int) Math.min(buf.length - keep, size - next);
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, next, buf, keep, n);
        limit = keep + n;
        return from;
    }

    private boolean atEnd(int p) {
        return p >= limit && base + limit >= size;
    }

    void run() {
        if (size >= 3 && data.get(ValueLayout.JAVA_BYTE, 0) == (byte) 0xEF && data.get(ValueLayout.JAVA_BYTE, 1) == (byte) 0xBB
                && data.get(ValueLayout.JAVA_BYTE, 2) == (byte) 0xBF) {
            base = 3; // skip the byte-order mark
        }
        refill(0);
        int p = 0;
        long line = 1;
        while (true) {
            if (p >= limit) {
                if (atEnd(p)) {
                    return;
                }
                p -= refill(p);
            }
            byte c = buf[p];
            if (c == '\n' || c == '\r') { // blank line
                p++;
                if (c == '\r') {
                    if (p >= limit && !atEnd(p)) {
                        p -= refill(p);
                    }
                    if (p < limit && buf[p] == '\n') {
                        p++;
                    }
                }
                line++;
                continue;
            }
            long recordLine = line;
            int recordStart = p;
            int fields = 0;
            boolean more = true;
            while (more) {
                if (fields == start.length) {
                    start = Arrays.copyOf(start, fields * 2);
                    len = Arrays.copyOf(len, fields * 2);
                    quoted = Arrays.copyOf(quoted, fields * 2);
                }
                if (p >= limit && !atEnd(p)) {
                    int shift = refill(recordStart);
                    p -= shift;
                    recordStart = 0;
                    shiftFields(fields, shift);
                }
                int s = p;
                boolean q = p < limit && buf[p] == '"';
                if (q) {
                    // unescape in place: w writes, p reads
                    p++;
                    s = p;
                    int w = p;
                    while (true) {
                        if (p >= limit) {
                            if (atEnd(p)) {
                                throw CsvFormatException.at(file, recordLine, null, "quoted field " + (fields + 1) + " is never closed");
                            }
                            int shift = refill(recordStart);
                            p -= shift;
                            w -= shift;
                            s -= shift;
                            recordStart = 0;
                            shiftFields(fields, shift);
                        }
                        byte x = buf[p];
                        if ((x == '"' || x == '\r') && p + 1 >= limit && !atEnd(p + 1)) {
                            int shift = refill(recordStart); // the next byte decides: "" or CRLF
                            p -= shift;
                            w -= shift;
                            s -= shift;
                            recordStart = 0;
                            shiftFields(fields, shift);
                        }
                        if (x == '"') {
                            if (p + 1 >= limit && !atEnd(p + 1)) {
                                int shift = refill(recordStart);
                                p -= shift;
                                w -= shift;
                                s -= shift;
                                recordStart = 0;
                                shiftFields(fields, shift);
                            }
                            if (p + 1 < limit && buf[p + 1] == '"') {
                                buf[w++] = '"';
                                p += 2;
                                continue;
                            }
                            p++;
                            break;
                        }
                        if (x == '\n' || (x == '\r' && !(p + 1 < limit && buf[p + 1] == '\n'))) {
                            line++;
                        }
                        buf[w++] = x;
                        p++;
                    }
                    start[fields] = s;
                    len[fields] = w - s;
                    quoted[fields] = true;
                    if (p < limit || !atEnd(p)) {
                        if (p >= limit) {
                            int shift = refill(recordStart);
                            p -= shift;
                            recordStart = 0;
                            shiftFields(fields + 1, shift);
                        }
                        byte x = buf[p];
                        if (x != ',' && x != '\n' && x != '\r') {
                            throw CsvFormatException.at(file, line, null, "text after the closing quote of field " + (fields + 1));
                        }
                    }
                } else {
                    while (true) {
                        p = scan(buf, p, limit);
                        if (p < limit || atEnd(p)) {
                            break;
                        }
                        int shift = refill(recordStart);
                        p -= shift;
                        s -= shift;
                        recordStart = 0;
                        shiftFields(fields, shift);
                    }
                    start[fields] = s;
                    len[fields] = p - s;
                    quoted[fields] = false;
                }
                fields++;
                if (atEnd(p)) {
                    break;
                }
                byte x = buf[p];
                p++;
                if (x == ',') {
                    continue;
                }
                if (x == '\r') {
                    if (p >= limit && !atEnd(p)) {
                        int shift = refill(recordStart);
                        p -= shift;
                        recordStart = 0;
                        shiftFields(fields, shift);
                    }
                    if (p < limit && buf[p] == '\n') {
                        p++;
                    }
                }
                line++;
                more = false;
            }
            sink.begin(recordLine);
            for (int i = 0; i < fields; i++) {
                sink.field(i, buf, start[i], len[i], quoted[i] ? -1 : base + start[i]);
            }
            if (!sink.end(fields)) {
                return;
            }
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** Index of the first ',', LF or CR in {@code b[p, limit)}, or {@code limit}; eight bytes per step. */
    static int scan(byte[] b, int p, int limit) {
        while (p + 8 <= limit) {
            long w = (long) LONGS.get(b, p);
            long m = zero(w ^ 0x2C2C2C2C2C2C2C2CL) | zero(w ^ 0x0A0A0A0A0A0A0A0AL) | zero(w ^ 0x0D0D0D0D0D0D0D0DL);
            if (m != 0) {
                return p + (Long.numberOfTrailingZeros(m) >>> 3); // the lowest flag is exact
            }
            p += 8;
        }
        while (p < limit) {
            byte x = b[p];
            if (x == ',' || x == '\n' || x == '\r') {
                return p;
            }
            p++;
        }
        return p;
    }

    /** High bit set in each byte of {@code x} that is zero (and possibly above one; the lowest is exact). */
    private static long zero(long x) {
        return (x - ONES) & ~x & HIGHS;
    }

    private void shiftFields(int n, int shift) {
        for (int i = 0; i < n; i++) {
            start[i] -= shift;
        }
    }
}
