package org.ragtime.io.csv;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.ragtime.engine.codec.CsvScan;
import org.ragtime.engine.table.Column;
import org.ragtime.engine.table.DoubleColumn;
import org.ragtime.engine.table.LongColumn;
import org.ragtime.engine.table.StringColumn;
import org.ragtime.engine.table.Table;

/**
 * CSV files (AllenSDK project-cache manifests and the like) to and from columnar {@link Table}s.
 *
 * <p>Reading follows pandas' {@code read_csv} defaults: the first record is the header; a column is
 * int64 when every present value is an integer, float64 when every present value is a number, text
 * otherwise; the pandas 1.5 missing markers ({@code "", NA, NaN, nan, null, NULL, N/A, n/a, #N/A, <NA>,
 * ...}) are null. Unlike pandas, an integer column with missing values stays integral (nullable, like
 * pandas' {@code Int64}, which AllenSDK enforces for its id and count columns) instead of becoming
 * float. Booleans ({@code True}/{@code False}) are kept as text. A record with the wrong number of fields
 * or an unterminated quote is refused, naming the file and line. The file is memory-mapped and tokenized
 * in place (RFC 4180 quoting, LF or CRLF); numbers are parsed from the mapped bytes without a String per
 * field, and float columns keep a reference to each value's bytes so that writing reproduces them.
 *
 * <p>Writing follows pandas' {@code to_csv(index=False)}: decimals in float columns as read (their source
 * bytes), other floats (integers in a float column included, {@code 12.0}) as
 * Python's {@code repr}, missing values as empty fields, text quoted only when it holds a comma, quote or
 * line break.
 */
public final class CsvTables {
    /** pandas 1.5 default {@code na_values} (pandas 2 adds "None"; 1.5.3 is what AllenSDK pins). */
    static final Set<String> NA = CsvScan.MISSING;

    private CsvTables() {
    }

    /** Reads every column of {@code file}. */
    public static Table read(Path file) {
        return read(file, name -> true);
    }

    /** Reads the columns whose names {@code wanted} accepts; other columns are skipped unparsed. */
    public static Table read(Path file, Predicate<String> wanted) {
        return read(file, wanted, 0);
    }

    /** {@link #read(Path, Predicate)} through a window of {@code window} bytes (0: the default). */
    static Table read(Path file, Predicate<String> wanted, int window) {
        String name = file.toString();
        MemorySegment data;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            data = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), Arena.ofAuto());
        } catch (NoSuchFileException e) {
            throw CsvFormatException.at(name, 0, null, "no such file");
        } catch (IOException e) {
            throw CsvFormatException.at(name, 0, null, "cannot read: " + e.getMessage());
        }
        Kind[] hints = null;
        while (true) {
            Handler h = new Handler(name, wanted, hints, data, estimateRows(data));
            (window > 0 ? new Tokenizer(name, data, h, window) : new Tokenizer(name, data, h)).run();
            if (h.restart != null) {
                hints = h.restart; // a numeric column met text after numbers: read again knowing its type
                continue;
            }
            return h.table();
        }
    }

    /**
     * Rows to size the column builders for: the records after the header, estimated from the second line
     * (builders still grow if the guess is short; it only saves copies).
     */
    static int estimateRows(MemorySegment data) {
        long limit = Math.min(data.byteSize(), 1 << 16);
        for (long i = 0; i < limit; i++) {
            if (data.get(ValueLayout.JAVA_BYTE, i) == '\n') {
                return (int) Math.min(1 << 28, estimateRecords(data, i + 1, 1024));
            }
        }
        return 1024;
    }

    /**
     * Records expected in {@code text} from {@code from} (a record start): the bytes left over the length of
     * the line there, plus 10 %; {@code fallback} when no line ends within 64 KB.
     */
    static long estimateRecords(MemorySegment text, long from, long fallback) {
        long size = text.byteSize();
        long limit = Math.min(size, from + (1 << 16));
        for (long i = from; i < limit; i++) {
            if (text.get(ValueLayout.JAVA_BYTE, i) == '\n') {
                return (size - from) / Math.max(1, i + 1 - from) * 11 / 10 + 16;
            }
        }
        return fallback;
    }

    /** Writes {@code t} to {@code out} as pandas' {@code to_csv(index=False)} would. Does not close {@code out}. */
    public static void write(Table t, OutputStream out) throws IOException {
        new CsvTableWriter(t).write(out);
    }

    /** Writes {@code t} to {@code file} (created or replaced). */
    public static void write(Table t, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(t, out);
        }
    }

    /** Inferred type of a column while reading. */
    enum Kind { LONG, DOUBLE, STRING }

    /** Per-column builder that starts integral and widens as values demand. */
    private static final class ColumnState {
        final String name;
        Kind kind;
        final boolean hinted;
        LongColumn.Builder longs;
        DoubleColumn.Builder doubles;
        StringColumn.Builder strings;
        int leadingNulls; // nulls seen before any value: they carry over to whatever type wins
        boolean anyValue;

        ColumnState(String name, Kind hint) {
            this.name = name;
            this.kind = hint == null ? Kind.LONG : hint;
            this.hinted = hint != null;
        }
    }

    /** Receives fields from the {@link Tokenizer} and builds typed columns. */
    private static final class Handler implements Tokenizer.Sink {
        private final String file;
        private final Predicate<String> wanted;
        private final Kind[] hints;
        private final MemorySegment data;
        private String[] header;
        private ColumnState[] cols; // null entries: skipped columns
        private int[] lines = new int[1024];
        private int rows;
        private final boolean[] ok = new boolean[1];
        Kind[] restart;

        private final int capacity;

        Handler(String file, Predicate<String> wanted, Kind[] hints, MemorySegment data, int capacity) {
            this.capacity = capacity;
            this.file = file;
            this.wanted = wanted;
            this.hints = hints;
            this.data = data;
        }

        /** A record starts at {@code line}. */
        @Override
        public void begin(long line) {
            if (header != null) {
                if (rows == lines.length) {
                    lines = Arrays.copyOf(lines, rows * 2);
                }
                lines[rows] = (int) line;
            }
        }

        @Override
        public void field(int index, byte[] src, int off, int len, long fileOffset) {
            if (header == null) {
                if (index == 0) {
                    headerFields = new ArrayList<>();
                }
                headerFields.add(new String(src, off, len, StandardCharsets.UTF_8));
                return;
            }
            if (index >= cols.length) {
                return; // counted and refused in end()
            }
            ColumnState c = cols[index];
            if (c != null) {
                add(c, src, off, len, fileOffset);
            }
        }

        private List<String> headerFields;

        /** The current record ended after {@code fieldCount} fields; false to stop reading. */
        @Override
        public boolean end(int fieldCount) {
            if (header == null) {
                header = headerFields.toArray(new String[0]);
                cols = new ColumnState[header.length];
                for (int i = 0; i < header.length; i++) {
                    if (wanted.test(header[i])) {
                        cols[i] = new ColumnState(header[i], hints == null ? null : hints[i]);
                        cols[i].longs = new LongColumn.Builder(capacity);
                        if (cols[i].kind == Kind.DOUBLE) {
                            cols[i].doubles = new DoubleColumn.Builder(capacity);
                        } else if (cols[i].kind == Kind.STRING) {
                            cols[i].strings = new StringColumn.Builder(capacity);
                        }
                    }
                }
                return true;
            }
            if (fieldCount != header.length) {
                throw CsvFormatException.at(file, lines[rows], null,
                        "expected " + header.length + " fields (as in the header), found " + fieldCount);
            }
            rows++;
            return restart == null;
        }

        private void add(ColumnState c, byte[] buf, int off, int len, long fileOffset) {
            if (isNa(buf, off, len)) {
                switch (c.kind) {
                    case LONG -> c.longs.addNull();
                    case DOUBLE -> c.doubles.add(Double.NaN);
                    case STRING -> c.strings.addNull();
                }
                if (!c.anyValue) {
                    c.leadingNulls++;
                }
                return;
            }
            switch (c.kind) {
                case LONG -> {
                    long v = Numbers.parseLong(buf, off, len);
                    if (v != Numbers.NOT_LONG) {
                        c.longs.add(v);
                        c.anyValue = true;
                        return;
                    }
                    double d = Numbers.parseDouble(buf, off, len, ok);
                    if (ok[0]) {
                        toDouble(c);
                        addDouble(c.doubles, d, fileOffset, len);
                        c.anyValue = true;
                        return;
                    }
                    toString(c, buf, off, len);
                }
                case DOUBLE -> {
                    long l = Numbers.parseLong(buf, off, len);
                    if (l != Numbers.NOT_LONG) { // an integer in a float column is written as a float ("12.0"), as pandas does
                        c.doubles.add((double) l);
                        c.anyValue = true;
                        return;
                    }
                    double d = Numbers.parseDouble(buf, off, len, ok);
                    if (ok[0]) {
                        addDouble(c.doubles, d, fileOffset, len);
                        c.anyValue = true;
                        return;
                    }
                    toString(c, buf, off, len);
                }
                case STRING -> {
                    c.strings.add(buf, off, len);
                    c.anyValue = true;
                }
            }
        }

        /** Keeps the value's span in the mapped file, unless it was quoted (then it is formatted when written). */
        private void addDouble(DoubleColumn.Builder b, double d, long fileOffset, int len) {
            if (fileOffset >= 0) {
                b.add(d, data, fileOffset, len);
            } else {
                b.add(d);
            }
        }

        /** Integers so far become floats (exact below 2^53; pandas does the same). */
        private void toDouble(ColumnState c) {
            DoubleColumn.Builder d = new DoubleColumn.Builder(Math.max(capacity, c.longs.size() * 2));
            LongColumn lc = c.longs.build(c.name);
            for (int r = 0; r < lc.size(); r++) {
                d.add(lc.isNull(r) ? Double.NaN : (double) lc.get(r));
            }
            c.doubles = d;
            c.longs = null;
            c.kind = Kind.DOUBLE;
        }

        /** Text after numbers: the numbers' original text is gone, so read the file again with this column as text. */
        private void toString(ColumnState c, byte[] buf, int off, int len) {
            if (c.anyValue) {
                restart = new Kind[cols.length];
                for (int i = 0; i < cols.length; i++) {
                    restart[i] = cols[i] == null ? null : (cols[i] == c ? Kind.STRING : cols[i].hinted ? cols[i].kind : null);
                }
                return;
            }
            StringColumn.Builder s = new StringColumn.Builder(capacity);
            for (int i = 0; i < c.leadingNulls; i++) {
                s.addNull();
            }
            s.add(buf, off, len);
            c.strings = s;
            c.longs = null;
            c.doubles = null;
            c.kind = Kind.STRING;
            c.anyValue = true;
        }

        Table table() {
            if (header == null) {
                throw CsvFormatException.at(file, 0, null, "empty file (no header)");
            }
            List<Column> out = new ArrayList<>();
            for (ColumnState c : cols) {
                if (c == null) {
                    continue;
                }
                out.add(switch (c.kind) {
                    case LONG -> c.longs.build(c.name);
                    case DOUBLE -> c.doubles.build(c.name);
                    case STRING -> c.strings.build(c.name);
                });
            }
            if (out.isEmpty()) {
                return Table.of(file, out);
            }
            return Table.of(file, out, Arrays.copyOf(lines, rows));
        }
    }

    /** Whether {@code b[off, off+len)} is one of pandas' missing-value markers (or empty). */
    static boolean isNa(byte[] b, int off, int len) {
        if (len == 0) {
            return true;
        }
        if (len > 8) {
            return false;
        }
        byte f = b[off];
        if (f == '1' || f == '-') { // only "1.#IND", "-NaN", "-1.#QNAN"...: numbers skip the lookup
            boolean special = false;
            for (int i = off + 1; i < off + len; i++) {
                byte x = b[i];
                special |= x == '#' || x == 'N' || x == 'n';
            }
            if (!special) {
                return false;
            }
        } else if (f != 'N' && f != 'n' && f != '#' && f != '<') {
            return false;
        }
        return NA.contains(Numbers.text(b, off, len));
    }
}
