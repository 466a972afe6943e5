package org.ragtime.io.csv;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Splits a mapped CSV file into records and fields (RFC 4180: comma separator, double-quote quoting with
 * doubled quotes inside, LF, CRLF or CR line ends, an optional UTF-8 byte-order mark, blank lines
 * skipped as pandas skips them). Unquoted fields are handed over as spans of the mapping; quoted ones
 * are unescaped into a scratch buffer first.
 */
final class Tokenizer {
    private static final ValueLayout.OfByte B = ValueLayout.JAVA_BYTE;

    private final String file;
    private final MemorySegment data;
    private final long size;
    private final Sink sink;
    // native like the mapping, so that every segment the parsers see has one implementation class (inlined)
    private MemorySegment scratch = Arena.ofAuto().allocate(256);

    /** What the tokenizer feeds; implemented by the table builder. */
    interface Sink {
        void begin(long line);

        void field(int index, MemorySegment src, long off, int len);

        /** @return false to stop */
        boolean end(int fieldCount);
    }

    Tokenizer(String file, MemorySegment data, Sink sink) {
        this.file = file;
        this.data = data;
        this.size = data.byteSize();
        this.sink = sink;
    }

    void run() {
        long p = 0;
        if (size >= 3 && data.get(B, 0) == (byte) 0xEF && data.get(B, 1) == (byte) 0xBB && data.get(B, 2) == (byte) 0xBF) {
            p = 3;
        }
        long line = 1;
        while (p < size) {
            byte c = data.get(B, p);
            if (c == '\n' || c == '\r') { // blank line
                p += (c == '\r' && p + 1 < size && data.get(B, p + 1) == '\n') ? 2 : 1;
                line++;
                continue;
            }
            sink.begin(line);
            int field = 0;
            while (true) {
                long start = p;
                if (p < size && data.get(B, p) == '"') {
                    long open = line;
                    int n = 0;
                    p++;
                    while (true) {
                        if (p >= size) {
                            throw CsvFormatException.at(file, open, null, "quoted field " + (field + 1) + " is never closed");
                        }
                        byte x = data.get(B, p);
                        if (x == '"') {
                            if (p + 1 < size && data.get(B, p + 1) == '"') {
                                n = put(n, (byte) '"');
                                p += 2;
                                continue;
                            }
                            p++;
                            break;
                        }
                        if (x == '\n' || (x == '\r' && !(p + 1 < size && data.get(B, p + 1) == '\n'))) {
                            line++;
                        }
                        n = put(n, x);
                        p++;
                    }
                    if (p < size) {
                        byte x = data.get(B, p);
                        if (x != ',' && x != '\n' && x != '\r') {
                            throw CsvFormatException.at(file, line, null,
                                    "text after the closing quote of field " + (field + 1));
                        }
                    }
                    sink.field(field, scratch, 0, n);
                } else {
                    while (p < size) {
                        byte x = data.get(B, p);
                        if (x == ',' || x == '\n' || x == '\r') {
                            break;
                        }
                        p++;
                    }
                    long len = p - start;
                    if (len > Integer.MAX_VALUE) {
                        throw CsvFormatException.at(file, line, null, "field longer than 2 GB");
                    }
                    sink.field(field, data, start, (int) len);
                }
                field++;
                if (p >= size) {
                    break;
                }
                byte x = data.get(B, p);
                if (x == ',') {
                    p++;
                    continue;
                }
                p += (x == '\r' && p + 1 < size && data.get(B, p + 1) == '\n') ? 2 : 1;
                line++;
                break;
            }
            if (!sink.end(field)) {
                return;
            }
        }
    }

    private int put(int n, byte b) {
        if (n == scratch.byteSize()) {
            MemorySegment bigger = Arena.ofAuto().allocate(n * 2L);
            MemorySegment.copy(scratch, 0, bigger, 0, n);
            scratch = bigger;
        }
        scratch.set(B, n, b);
        return n + 1;
    }
}
