package org.ragtime.io.csv;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ragtime.engine.table.Column;
import org.ragtime.engine.table.DoubleColumn;
import org.ragtime.engine.table.LongColumn;
import org.ragtime.engine.table.StringColumn;
import org.ragtime.engine.table.Table;

/**
 * Writes a {@link Table} as CSV row by row into one reused byte buffer. Text is encoded and quoted
 * once per dictionary entry, not once per row.
 */
final class CsvTableWriter {
    private static final int FLUSH_AT = 1 << 20;

    private final Table table;
    private final Column[] cols;
    private final byte[][][] encoded; // per string column: quoted UTF-8 of each dictionary entry

    CsvTableWriter(Table table) {
        this.table = table;
        List<Column> list = table.columns();
        this.cols = list.toArray(new Column[0]);
        this.encoded = new byte[cols.length][][];
        for (int c = 0; c < cols.length; c++) {
            if (cols[c] instanceof StringColumn s) {
                String[] dict = s.dictionary();
                encoded[c] = new byte[dict.length][];
                for (int k = 0; k < dict.length; k++) {
                    encoded[c][k] = quote(dict[k]);
                }
            }
        }
    }

    /** pandas/csv QUOTE_MINIMAL: quote when the text holds a separator, quote or line break; double inner quotes. */
    static byte[] quote(String s) {
        boolean needs = false;
        for (int i = 0; i < s.length() && !needs; i++) {
            char ch = s.charAt(i);
            needs = ch == ',' || ch == '"' || ch == '\n' || ch == '\r';
        }
        String v = needs ? '"' + s.replace("\"", "\"\"") + '"' : s;
        return v.getBytes(StandardCharsets.UTF_8);
    }

    void write(OutputStream out) throws IOException {
        byte[] buf = new byte[FLUSH_AT + (1 << 16)];
        int pos = 0;
        for (int c = 0; c < cols.length; c++) {
            if (c > 0) {
                buf[pos++] = ',';
            }
            byte[] h = quote(cols[c].name());
            pos = ensure(out, buf, pos, h.length + 1);
            System.arraycopy(h, 0, buf, pos, h.length);
            pos += h.length;
        }
        buf[pos++] = '\n';
        int rows = table.rowCount();
        StringBuilder scratch = new StringBuilder(32);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols.length; c++) {
                if (c > 0) {
                    buf[pos++] = ',';
                }
                switch (cols[c]) {
                    case LongColumn l -> {
                        if (!l.mayHaveNulls() || !l.isNull(r)) {
                            pos = writeLong(l.get(r), buf, pos);
                        }
                    }
                    case DoubleColumn d -> {
                        long span = d.sourceSpan(r);
                        if (span >= 0) { // the bytes it was read from: same value, no formatting
                            int len = (int) (span & 0xFF);
                            MemorySegment.copy(d.sourceText(), ValueLayout.JAVA_BYTE, span >>> 8, buf, pos, len);
                            pos += len;
                        } else {
                            pos = PythonFloat.write(d.get(r), buf, pos, scratch);
                        }
                    }
                    case StringColumn s -> {
                        int code = s.code(r);
                        if (code >= 0) {
                            byte[] b = encoded[c][code];
                            pos = ensure(out, buf, pos, b.length + 1);
                            if (b.length > buf.length / 2) {
                                out.write(b); // a huge text field goes straight out
                            } else {
                                System.arraycopy(b, 0, buf, pos, b.length);
                                pos += b.length;
                            }
                        }
                    }
                }
                if (pos > FLUSH_AT) {
                    out.write(buf, 0, pos);
                    pos = 0;
                }
            }
            buf[pos++] = '\n';
        }
        out.write(buf, 0, pos);
        out.flush();
    }

    /** Flushes when fewer than {@code need} bytes are left above the flush mark (long text fields). */
    private static int ensure(OutputStream out, byte[] buf, int pos, int need) throws IOException {
        if (pos + need > buf.length - 64) {
            out.write(buf, 0, pos);
            return 0;
        }
        return pos;
    }

    static int writeLong(long v, byte[] buf, int pos) {
        if (v == Long.MIN_VALUE) {
            byte[] s = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(s, 0, buf, pos, s.length);
            return pos + s.length;
        }
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        int len = 1;
        for (long t = v; t >= 10; t /= 10) {
            len++;
        }
        for (int k = pos + len - 1; k >= pos; k--) {
            buf[k] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return pos + len;
    }
}
