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
 * Writes a {@link Table} as CSV, a block of rows at a time. Text is
 * encoded and quoted once per dictionary entry, not once per row; floats read from text are copied from
 * their source bytes.
 */
final class CsvTableWriter {
    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.nativeOrder());

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
        Block header = new Block(1 << 12);
        for (int c = 0; c < cols.length; c++) {
            if (c > 0) {
                header.put((byte) ',');
            }
            header.put(quote(cols[c].name()));
        }
        header.put((byte) '\n');
        out.write(header.buf, 0, header.n);
        int rows = table.rowCount();
        // one thread: on the 2-vCPU machines measured, a second formatting thread made the whole run slower
        for (int r = 0; r < rows; r += BLOCK) {
            Block b = format(r, Math.min(rows, r + BLOCK));
            out.write(b.buf, 0, b.n);
        }
        out.flush();
    }

    private static final int BLOCK = 4096;

    /** A growable byte buffer holding formatted rows. */
    private static final class Block {
        byte[] buf;
        int n;

        Block(int capacity) {
            buf = new byte[capacity];
        }

        /** Room for {@code need} more bytes plus the slack the word copies write past a value. */
        void room(int need) {
            if (n + need + 64 > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, n + need + 64));
            }
        }

        void put(byte b) {
            room(1);
            buf[n++] = b;
        }

        void put(byte[] b) {
            room(b.length);
            System.arraycopy(b, 0, buf, n, b.length);
            n += b.length;
        }
    }

    /** Rows {@code [from, to)} as CSV text. */
    private Block format(int from, int to) {
        Block out = new Block(Math.max(1 << 16, (to - from) * cols.length * 12));
        StringBuilder scratch = new StringBuilder(32);
        for (int r = from; r < to; r++) {
            for (int c = 0; c < cols.length; c++) {
                out.room(40);
                byte[] buf = out.buf;
                int pos = out.n;
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
                            long off = span >>> 8;
                            MemorySegment text = d.sourceText();
                            if (len <= 24 && off + 24 <= text.byteSize()) {
                                // three word copies (the block has slack; bytes past len are overwritten next)
                                LONGS.set(buf, pos, text.get(ValueLayout.JAVA_LONG_UNALIGNED, off));
                                LONGS.set(buf, pos + 8, text.get(ValueLayout.JAVA_LONG_UNALIGNED, off + 8));
                                LONGS.set(buf, pos + 16, text.get(ValueLayout.JAVA_LONG_UNALIGNED, off + 16));
                            } else {
                                out.room(len + 1);
                                buf = out.buf;
                                MemorySegment.copy(text, ValueLayout.JAVA_BYTE, off, buf, pos, len);
                            }
                            pos += len;
                        } else {
                            pos = PythonFloat.write(d.get(r), buf, pos, scratch);
                        }
                    }
                    case StringColumn s -> {
                        int code = s.code(r);
                        if (code >= 0) {
                            byte[] b = encoded[c][code];
                            out.n = pos;
                            out.put(b);
                            pos = out.n;
                            buf = out.buf;
                        }
                    }
                }
                out.n = pos;
            }
            out.put((byte) '\n');
        }
        return out;
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
