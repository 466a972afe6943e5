package org.ragtime.io.csv;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Function;
import org.ragtime.engine.codec.CsvScan;

/**
 * A memory-mapped CSV file with every record located and every field classified ({@link CsvScan}), then
 * typed the way {@link CsvTables} types columns (pandas' {@code read_csv}: int64, float64 or text, with
 * its missing-value markers), without parsing or copying any value. It is what lets a CSV-to-CSV job
 * copy whole records from the mapping: {@link #verbatim(int, int, int)} says whether the fields of a
 * record would be written back exactly as they are in the file.
 *
 * <p>After the scan, quoted fields (the only ones whose class does not say what they hold) are looked at
 * one by one and their class replaced by one of the {@code Q_} classes below, so a class byte says exactly
 * how the field reads and how it is written.
 */
final class CsvIndex {
    /** Quoted fields, by content: an integer, a float, text that needs its quotes (written as it is), text that does not, missing. */
    static final byte Q_INT = 8 + 2, Q_DECIMAL = 8 + 3, Q_TEXT_AS_IS = 8 + 4, Q_TEXT = 8 + 5, Q_NA = 8 + 6;

    /** [kind][class]: the field is written back exactly as it is in the file. */
    private static final boolean[][] VERBATIM = new boolean[3][16];

    static {
        for (CsvTables.Kind k : CsvTables.Kind.values()) {
            VERBATIM[k.ordinal()][CsvScan.EMPTY] = true;
        }
        VERBATIM[CsvTables.Kind.LONG.ordinal()][CsvScan.INT] = true;
        VERBATIM[CsvTables.Kind.DOUBLE.ordinal()][CsvScan.DECIMAL] = true;
        for (byte c : new byte[] {CsvScan.INT, CsvScan.INT_OTHER, CsvScan.DECIMAL, CsvScan.TEXT, Q_TEXT_AS_IS}) {
            VERBATIM[CsvTables.Kind.STRING.ordinal()][c] = true;
        }
    }

    final String name;
    final MemorySegment data;
    final String[] header;
    final int columns;
    final int rows;
    final long[] rowStart;
    final long[] rowEnd;
    final MemorySegment classes;
    final CsvTables.Kind[] kinds;

    private CsvIndex(String name, MemorySegment data, String[] header, int rows, long[] rowStart, long[] rowEnd,
                     MemorySegment classes, CsvTables.Kind[] kinds, int[] keyColumns, long[] keys) {
        this.name = name;
        this.data = data;
        this.header = header;
        this.columns = header.length;
        this.rows = rows;
        this.rowStart = rowStart;
        this.rowEnd = rowEnd;
        this.classes = classes;
        this.kinds = kinds;
        this.checked = new int[header.length];
        this.keyColumns = keyColumns;
        this.keys = keys;
    }

    /** The key columns read during the scan, and per record their values (Long.MIN_VALUE: not an int64 literal). */
    final int[] keyColumns;
    final long[] keys;

    /** Record {@code row}'s value in column {@code col} when the scan read it as an int64 literal, else Long.MIN_VALUE. */
    long scannedKey(int row, int col) {
        for (int j = 0; j < keyColumns.length; j++) {
            if (keyColumns[j] == col) {
                return keys[row * keyColumns.length + j];
            }
        }
        return Long.MIN_VALUE;
    }

    /**
     * Maps {@code file} into {@code arena} and scans it with {@code scan}, reading the integers of up to two
     * key columns ({@code keyColumns} picks them from the header; negative entries are ignored).
     */
    static CsvIndex open(Path file, CsvScan scan, Arena arena, Function<String[], int[]> keyColumns) {
        String name = file.toString();
        MemorySegment data;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            data = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
        } catch (NoSuchFileException e) {
            throw CsvFormatException.at(name, 0, null, "no such file");
        } catch (IOException e) {
            throw CsvFormatException.at(name, 0, null, "cannot read: " + e.getMessage());
        }
        long size = data.byteSize();
        long p = size >= 3 && data.get(JAVA_BYTE, 0) == (byte) 0xEF && data.get(JAVA_BYTE, 1) == (byte) 0xBB
                && data.get(JAVA_BYTE, 2) == (byte) 0xBF ? 3 : 0;
        while (p < size && isEol(data.get(JAVA_BYTE, p))) {
            p++;
        }
        if (p >= size) {
            throw CsvFormatException.at(name, 0, null, "empty file (no header)");
        }
        Fields h = new Fields();
        long afterHeader = h.split(name, data, p, size, true);
        String[] header = new String[h.count];
        for (int i = 0; i < h.count; i++) {
            header[i] = h.text(data, i);
        }
        int columns = header.length;

        int[] keys = Arrays.stream(keyColumns.apply(header)).filter(k -> k >= 0).limit(2).toArray();
        Part all = scanParallel(scan, arena, data, afterHeader, columns, keys);
        if (all.failed()) {
            throw failure(name, data, all.state, header);
        }
        if (all.rows > Integer.MAX_VALUE - 8) {
            throw CsvFormatException.at(name, 0, null, "more than 2^31 records");
        }
        int rows = (int) all.rows;
        CsvIndex index = new CsvIndex(name, data, header, rows, all.starts.asSlice(0, 8L * rows).toArray(JAVA_LONG),
                all.ends.asSlice(0, 8L * rows).toArray(JAVA_LONG), all.cls.asSlice(0, (long) rows * columns),
                new CsvTables.Kind[columns], keys, all.keys.asSlice(0, 8L * rows * keys.length).toArray(JAVA_LONG));
        index.resolve(all.seen);
        return index;
    }

    /** Files above this size are scanned in two halves at once. */
    private static final long SPLIT_BYTES = 16 << 20;

    /**
     * Scans {@code [from, end of data)}: in two halves on two threads when the file is big and there are two
     * cores. The first half, scanned from the header as a sequential scan would, proves the split (the start
     * of a line) a record boundary by ending cleanly there; otherwise (a quoted line break across it, or bad
     * input in the first half) the whole is scanned again in one piece, which gives the sequential answer.
     */
    private static Part scanParallel(CsvScan scan, Arena arena, MemorySegment data, long from, int columns, int[] keys) {
        long size = data.byteSize();
        long split = -1;
        if (size - from > SPLIT_BYTES && Runtime.getRuntime().availableProcessors() > 1) {
            for (long i = from + (size - from) / 2; i < size; i++) {
                if (data.get(JAVA_BYTE, i) == '\n') {
                    split = i + 1;
                    break;
                }
            }
        }
        if (split < 0 || split >= size) {
            return new Part(scan, arena, data, from, columns, keys).run();
        }
        long at = split;
        Part second = new Part(scan, arena, data, at, columns, keys);
        Throwable[] secondFailed = new Throwable[1];
        Thread t = Thread.ofPlatform().name("ragtime-csv-scan").start(() -> {
            try {
                second.run();
            } catch (RuntimeException | Error e) { // rethrown below: a half-scanned second half must never be used
                secondFailed[0] = e;
            }
        });
        // the first half's outputs are sized for the whole file, so the second half's are appended in place
        Part first = new Part(scan, arena, data.asSlice(0, split), from, columns, keys)
                .capacity(CsvTables.estimateRecords(data, from, 16)).run();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scanning", e);
        }
        if (secondFailed[0] instanceof RuntimeException r) {
            throw r;
        }
        if (secondFailed[0] instanceof Error err) {
            throw err;
        }
        if (first.failed() || first.state[0] != split) {
            return new Part(scan, arena, data, from, columns, keys).run();
        }
        return second.failed() ? second : first.append(second, arena);
    }

    /** The outputs of scanning one range, grown as needed. */
    private static final class Part {
        private final CsvScan scan;
        private final Arena arena;
        private final MemorySegment text;
        private final long from;
        private final int columns;
        private final int[] keyColumns;
        final int[] seen;
        final long[] state = new long[4];
        MemorySegment starts;
        MemorySegment ends;
        MemorySegment cls;
        MemorySegment keys;
        long rows;
        /** Records the outputs have room for. */
        private long capacity;
        private boolean failed;

        Part(CsvScan scan, Arena arena, MemorySegment text, long from, int columns, int[] keyColumns) {
            this.scan = scan;
            this.arena = arena;
            this.text = text;
            this.from = from;
            this.columns = columns;
            this.keyColumns = keyColumns;
            this.seen = new int[columns];
        }

        boolean failed() {
            return failed;
        }

        /** Starts with room for {@code records} (instead of an estimate from this part's first line). */
        Part capacity(long records) {
            capacity = records;
            return this;
        }

        Part run() {
            if (capacity <= 0) {
                capacity = CsvTables.estimateRecords(text, from, 16);
            }
            int nk = keyColumns.length;
            starts = arena.allocate(JAVA_LONG, capacity);
            ends = arena.allocate(JAVA_LONG, capacity);
            cls = arena.allocate(capacity * columns);
            keys = arena.allocate(JAVA_LONG, Math.max(1, capacity * nk));
            long at = from;
            while (true) {
                long n = scan.scan(text, at, columns, starts.asSlice(rows * 8), ends.asSlice(rows * 8),
                        cls.asSlice(rows * columns), seen, keyColumns, keys.asSlice(rows * nk * 8), state);
                if (n < 0) {
                    failed = true;
                    return this;
                }
                rows += n;
                at = state[0];
                if (rows < capacity || at >= text.byteSize()) {
                    return this;
                }
                capacity *= 2;
                starts = grow(arena, starts, capacity * 8);
                ends = grow(arena, ends, capacity * 8);
                cls = grow(arena, cls, capacity * columns);
                keys = grow(arena, keys, Math.max(8, capacity * nk * 8));
            }
        }

        /** This part followed by {@code next}: copied after this part's records when they fit, else both into new outputs. */
        Part append(Part next, Arena arena) {
            long n = rows + next.rows;
            int nk = keyColumns.length;
            if (n <= capacity) {
                MemorySegment.copy(next.starts, 0, starts, rows * 8, next.rows * 8);
                MemorySegment.copy(next.ends, 0, ends, rows * 8, next.rows * 8);
                MemorySegment.copy(next.cls, 0, cls, rows * columns, next.rows * columns);
                MemorySegment.copy(next.keys, 0, keys, rows * nk * 8, next.rows * nk * 8);
                for (int c = 0; c < columns; c++) {
                    seen[c] |= next.seen[c];
                }
                rows = n;
                return this;
            }
            starts = concat(arena, starts, rows * 8, next.starts, next.rows * 8);
            ends = concat(arena, ends, rows * 8, next.ends, next.rows * 8);
            cls = concat(arena, cls, rows * columns, next.cls, next.rows * columns);
            keys = concat(arena, keys, rows * nk * 8, next.keys, next.rows * nk * 8);
            for (int c = 0; c < columns; c++) {
                seen[c] |= next.seen[c];
            }
            rows = n;
            return this;
        }

        private static MemorySegment concat(Arena arena, MemorySegment a, long aBytes, MemorySegment b, long bBytes) {
            MemorySegment s = arena.allocate(Math.max(8, aBytes + bBytes), 8);
            MemorySegment.copy(a, 0, s, 0, aBytes);
            MemorySegment.copy(b, 0, s, aBytes, bBytes);
            return s;
        }
    }

    private static MemorySegment grow(Arena arena, MemorySegment old, long bytes) {
        MemorySegment s = arena.allocate(bytes, 8);
        MemorySegment.copy(old, 0, s, 0, old.byteSize());
        return s;
    }

    private static CsvFormatException failure(String name, MemorySegment data, long[] state, String[] header) {
        long line = lineOf(data, state[2]);
        String problem = switch ((int) state[1]) {
            case CsvScan.WRONG_FIELD_COUNT -> "expected " + header.length + " fields (as in the header), found " + state[3];
            case CsvScan.UNCLOSED_QUOTE -> "quoted field " + state[3] + " is never closed";
            default -> "text after the closing quote of field " + state[3];
        };
        return CsvFormatException.at(name, line, null, problem);
    }

    /** The line (from 1) holding {@code offset}: line ends before it, counted as LF, CRLF or CR. */
    static long lineOf(MemorySegment data, long offset) {
        long line = 1;
        for (long i = 0; i < offset; i++) {
            byte c = data.get(JAVA_BYTE, i);
            if (c == '\n' || (c == '\r' && (i + 1 >= data.byteSize() || data.get(JAVA_BYTE, i + 1) != '\n'))) {
                line++;
            }
        }
        return line;
    }

    /** The line of record {@code row}. */
    long line(int row) {
        return lineOf(data, rowStart[row]);
    }

    byte cls(int row, int col) {
        return classes.get(JAVA_BYTE, (long) row * columns + col);
    }

    /** Settles the fields the scan left open (visiting only the columns that have some) and types the columns. */
    private void resolve(int[] seen) {
        int open = 1 << CsvScan.QUOTED;
        Fields f = new Fields();
        byte[] scratch = new byte[64];
        boolean[] ok = new boolean[1];
        for (int col = 0; col < columns; col++) {
            if ((seen[col] & open) == 0) {
                continue;
            }
            int mask = seen[col] & ~open;
            for (int row = 0; row < rows; row++) {
                long i = (long) row * columns + col;
                byte c = classes.get(JAVA_BYTE, i);
                if (c == CsvScan.QUOTED) {
                    f.locate(data, rowStart[row], rowEnd[row], col);
                    scratch = f.bytes(data, col, scratch);
                    c = settle(scratch, f.len, ok);
                    classes.set(JAVA_BYTE, i, c);
                }
                mask |= 1 << c;
            }
            seen[col] = mask;
        }
        int text = 1 << CsvScan.TEXT | 1 << CsvScan.SPECIAL | 1 << Q_TEXT_AS_IS | 1 << Q_TEXT;
        int decimal = 1 << CsvScan.DECIMAL | 1 << Q_DECIMAL;
        int check = 0;
        for (int c = 0; c < columns; c++) {
            kinds[c] = (seen[c] & text) != 0 ? CsvTables.Kind.STRING
                    : (seen[c] & decimal) != 0 ? CsvTables.Kind.DOUBLE : CsvTables.Kind.LONG;
            for (int k = 0; k < 16; k++) {
                if ((seen[c] & 1 << k) != 0 && !VERBATIM[kinds[c].ordinal()][k]) {
                    checked[check++] = c;
                    break;
                }
            }
        }
        checkedCount = check;
    }

    /** Columns holding a field that is not written back as it is: only those are looked at per record. */
    private final int[] checked;
    private int checkedCount;

    /** The class of a quoted field holding {@code v[0, len)} (unescaped). */
    private static byte settle(byte[] v, int len, boolean[] ok) {
        if (CsvTables.isNa(v, 0, len)) {
            return Q_NA;
        }
        if (Numbers.parseLong(v, 0, len) != Numbers.NOT_LONG) {
            return Q_INT;
        }
        Numbers.parseDouble(v, 0, len, ok);
        if (ok[0]) {
            return Q_DECIMAL;
        }
        for (int i = 0; i < len; i++) {
            byte x = v[i];
            if (x == ',' || x == '"' || x == '\n' || x == '\r') {
                return Q_TEXT_AS_IS; // quoting is needed, and RFC 4180 quoting is unique
            }
        }
        return Q_TEXT;
    }

    /** Whether a field of class {@code cls} in a column of {@code kind} is written back as it is in the file. */
    static boolean verbatim(CsvTables.Kind kind, byte cls) {
        return VERBATIM[kind.ordinal()][cls];
    }

    /** Whether fields {@code [from, to)} of record {@code row} are written back as they are in the file. */
    boolean verbatim(int row, int from, int to) {
        long base = (long) row * columns;
        for (int i = 0; i < checkedCount; i++) {
            int c = checked[i];
            if (c >= from && c < to && !VERBATIM[kinds[c].ordinal()][classes.get(JAVA_BYTE, base + c)]) {
                return false;
            }
        }
        return true;
    }

    static boolean isEol(byte c) {
        return c == '\n' || c == '\r';
    }

    /** The fields of one record: spans in the mapping, quoted ones unescaped on request. */
    static final class Fields {
        int count;
        long[] start = new long[16];
        long[] end = new long[16];
        boolean[] quoted = new boolean[16];

        /**
         * Splits the record at {@code p}; with {@code header}, until its line end (returning the offset
         * after it), else until {@code limit}, a record end from the scan.
         */
        long split(String name, MemorySegment s, long p, long limit, boolean header) {
            long size = s.byteSize();
            count = 0;
            while (true) {
                if (count == start.length) {
                    start = Arrays.copyOf(start, count * 2);
                    end = Arrays.copyOf(end, count * 2);
                    quoted = Arrays.copyOf(quoted, count * 2);
                }
                long q = p;
                boolean isQuoted = p < size && s.get(JAVA_BYTE, p) == '"';
                if (isQuoted) {
                    q = afterQuoted(s, p, size);
                    if (q < 0) {
                        throw CsvFormatException.at(name, lineOf(s, p), null, "quoted field " + (count + 1) + " is never closed");
                    }
                } else {
                    while (q < size && q < (header ? size : limit) && !isDelimiter(s.get(JAVA_BYTE, q))) {
                        q++;
                    }
                }
                start[count] = p;
                end[count] = q;
                quoted[count] = isQuoted;
                count++;
                if (q >= size || (!header && q >= limit)) {
                    return q;
                }
                byte c = s.get(JAVA_BYTE, q);
                if (c == ',') {
                    p = q + 1;
                    continue;
                }
                if (!isEol(c)) {
                    throw CsvFormatException.at(name, lineOf(s, p), null, "text after the closing quote of field " + count);
                }
                q++;
                if (c == '\r' && q < size && s.get(JAVA_BYTE, q) == '\n') {
                    q++;
                }
                return q;
            }
        }

        /** The offset just past the quoted field opening at {@code p} (doubled quotes inside), or -1 when it never closes before {@code limit}. */
        private static long afterQuoted(MemorySegment s, long p, long limit) {
            long q = p + 1;
            while (true) {
                while (q < limit && s.get(JAVA_BYTE, q) != '"') {
                    q++;
                }
                if (q >= limit) {
                    return -1;
                }
                q++;
                if (q < limit && s.get(JAVA_BYTE, q) == '"') {
                    q++;
                    continue;
                }
                return q;
            }
        }

        private static boolean isDelimiter(byte c) {
            return c == ',' || c == '\n' || c == '\r';
        }

        /** Locates only field {@code col} of the record {@code [p, limit)} (a scanned, well-formed record). */
        void locate(MemorySegment s, long p, long limit, int col) {
            if (col >= start.length) {
                start = Arrays.copyOf(start, col + 1);
                end = Arrays.copyOf(end, col + 1);
                quoted = Arrays.copyOf(quoted, col + 1);
            }
            for (int i = 0; ; i++) {
                long q = p;
                boolean isQuoted = q < limit && s.get(JAVA_BYTE, q) == '"';
                if (isQuoted) {
                    q = afterQuoted(s, p, limit);
                } else {
                    while (q < limit && s.get(JAVA_BYTE, q) != ',') {
                        q++;
                    }
                }
                if (i == col) {
                    start[col] = p;
                    end[col] = q;
                    quoted[col] = isQuoted;
                    count = col + 1;
                    return;
                }
                p = q + 1;
            }
        }

        /** Length of the value {@link #bytes} last returned (quotes removed, doubled quotes counted once). */
        int len;

        /** Field {@code i}'s value bytes (unescaped) in {@code scratch} or a bigger array; sets {@link #len}. */
        byte[] bytes(MemorySegment s, int i, byte[] scratch) {
            long a = start[i];
            long b = end[i];
            if (quoted[i]) {
                a++;
                b--;
            }
            int n = (int) (b - a);
            byte[] out = n > scratch.length ? new byte[n] : scratch;
            MemorySegment.copy(s, JAVA_BYTE, a, out, 0, n);
            if (quoted[i]) {
                int w = 0;
                for (int r = 0; r < n; r++, w++) {
                    out[w] = out[r];
                    if (out[r] == '"') {
                        r++; // a doubled quote stands for one
                    }
                }
                n = w;
            }
            len = n;
            return out;
        }

        /** Field {@code i}'s value as text. */
        String text(MemorySegment s, int i) {
            byte[] b = bytes(s, i, new byte[0]);
            return new String(b, 0, len, StandardCharsets.UTF_8);
        }
    }
}
