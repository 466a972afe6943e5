package org.ragtime.io.csv;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ragtime.io.NumericArray;
import org.ragtime.io.table.NwbTable;
import org.ragtime.io.table.TableColumn;
import org.ragtime.io.table.Values;

/**
 * Writes an {@link NwbTable} as pandas writes {@code table.to_dataframe().to_csv()}: a header with {@code id}
 * first, one line per row, fields quoted only when they hold a comma, quote or line break (QUOTE_MINIMAL).
 * Integers as decimals; floats as Python's repr (float32 columns with the shortest float32 digits, as numpy prints
 * them), NaN as an empty field; booleans {@code True}/{@code False}; text as it is. A cell that is a list (a ragged
 * column, a row of a multi-dimensional dataset) is its Python literal, e.g. {@code [0.5, 1.25]}, {@code ['a', "b's"]},
 * {@code [[1, 2], [3]]} for a doubly ragged one; a compound element is a tuple, e.g. {@code (0, 5, '/acquisition/x')};
 * inside a literal NaN is {@code nan} and text is Python's {@code repr}.
 */
public final class TableCsv {
    private final NwbTable table;
    private final StringBuilder scratch = new StringBuilder(32);
    private byte[] buf = new byte[1 << 16];
    private int n;
    private byte[] cb = new byte[1 << 12]; // one list or tuple literal, before quoting
    private int cn;

    private TableCsv(NwbTable table) {
        this.table = table;
    }

    /** Writes {@code table} to {@code file} (created or replaced). */
    public static void write(NwbTable table, Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            write(table, out);
        }
    }

    /** Writes {@code table} to {@code out} (not closed). */
    public static void write(NwbTable table, OutputStream out) throws IOException {
        new TableCsv(table).run(out);
    }

    private void run(OutputStream out) throws IOException {
        List<TableColumn> cols = table.columns();
        for (int c = 0; c < cols.size(); c++) {
            if (c > 0) {
                put((byte) ',');
            }
            put(CsvTableWriter.quote(cols.get(c).name()));
        }
        put((byte) '\n');
        for (int r = 0; r < table.rowCount(); r++) {
            for (int c = 0; c < cols.size(); c++) {
                if (c > 0) {
                    put((byte) ',');
                }
                field(cols.get(c), r);
            }
            put((byte) '\n');
            if (n > (1 << 16) - 1024) {
                out.write(buf, 0, n);
                n = 0;
            }
        }
        out.write(buf, 0, n);
        n = 0;
        out.flush();
    }

    private void field(TableColumn c, int row) {
        if (!c.isRagged() && c.cellShape().length == 0) {
            switch (c.values()) {
                case Values.Ints v -> integer(v, row);
                case Values.Floats v -> {
                    room(32);
                    n = v.type() == NumericArray.Type.FLOAT32
                            ? PythonFloat.writeFloat32((float) v.values()[row], buf, n, scratch)
                            : PythonFloat.write(v.values()[row], buf, n, scratch);
                }
                case Values.Bools v -> put(v.values()[row] ? TRUE : FALSE);
                case Values.Texts v -> {
                    String s = v.values()[row];
                    if (s != null) {
                        put(CsvTableWriter.quote(s));
                    }
                }
                case Values.Records v -> {
                    cn = 0;
                    literalElement(v, row);
                    putCell();
                }
            }
            return;
        }
        cn = 0;
        if (c.isRagged()) {
            list(c, 0, row);
        } else {
            cell(c, row);
        }
        putCell();
    }

    /** The literal built in the cell buffer, quoted as QUOTE_MINIMAL does when it holds a comma, quote or line break. */
    private void putCell() {
        boolean quote = false;
        for (int i = 0; i < cn && !quote; i++) {
            byte b = cb[i];
            quote = b == ',' || b == '"' || b == '\n' || b == '\r';
        }
        if (!quote) {
            room(cn);
            System.arraycopy(cb, 0, buf, n, cn);
            n += cn;
            return;
        }
        room(2 * cn + 2);
        buf[n++] = '"';
        for (int i = 0; i < cn; i++) {
            if (cb[i] == '"') {
                buf[n++] = '"';
            }
            buf[n++] = cb[i];
        }
        buf[n++] = '"';
    }

    private static final byte[] TRUE = "True".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "False".getBytes(StandardCharsets.US_ASCII);

    private void integer(Values.Ints v, int row) {
        long x = v.values()[row];
        if (v.type() == NumericArray.Type.UINT64 && x < 0) {
            put(Long.toUnsignedString(x).getBytes(StandardCharsets.US_ASCII));
        } else {
            room(24);
            n = CsvTableWriter.writeLong(x, buf, n);
        }
    }

    /** Entry {@code i} of index level {@code level} as a list of the next level's entries (or of data rows). */
    private void list(TableColumn c, int level, int i) {
        long[] o = c.offsets().get(level);
        cput('[');
        for (long k = o[i]; k < o[i + 1]; k++) {
            if (k > o[i]) {
                cput(',');
                cput(' ');
            }
            if (level + 1 < c.offsets().size()) {
                list(c, level + 1, (int) k);
            } else {
                cell(c, (int) k);
            }
        }
        cput(']');
    }

    /** Data row {@code k}: one element, or nested lists over the cell shape. */
    private void cell(TableColumn c, int k) {
        long[] shape = c.cellShape();
        if (shape.length == 0) {
            literalElement(c.values(), k);
        } else {
            nested(c.values(), shape, 0, (long) k * c.cellWidth());
        }
    }

    private void nested(Values v, long[] shape, int dim, long first) {
        long stride = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            stride *= shape[d];
        }
        cput('[');
        for (long i = 0; i < shape[dim]; i++) {
            if (i > 0) {
                cput(',');
                cput(' ');
            }
            if (dim + 1 == shape.length) {
                literalElement(v, Math.toIntExact(first + i));
            } else {
                nested(v, shape, dim + 1, first + i * stride);
            }
        }
        cput(']');
    }

    /** Element {@code i} as a Python literal (what {@code repr} shows inside a list), into the cell buffer. */
    private void literalElement(Values v, int i) {
        croom(40);
        switch (v) {
            case Values.Ints x -> {
                if (x.type() == NumericArray.Type.UINT64 && x.values()[i] < 0) {
                    cput(Long.toUnsignedString(x.values()[i]).getBytes(StandardCharsets.US_ASCII));
                } else {
                    cn = CsvTableWriter.writeLong(x.values()[i], cb, cn);
                }
            }
            case Values.Floats x -> {
                double d = x.values()[i];
                if (Double.isNaN(d)) {
                    cput(NAN);
                } else {
                    cn = x.type() == NumericArray.Type.FLOAT32 ? PythonFloat.writeFloat32((float) d, cb, cn, scratch)
                            : PythonFloat.write(d, cb, cn, scratch);
                }
            }
            case Values.Bools x -> cput(x.values()[i] ? TRUE : FALSE);
            case Values.Texts x -> {
                String t = x.values()[i];
                cput(t == null ? NONE : PythonRepr.string(new StringBuilder(), t).toString().getBytes(StandardCharsets.UTF_8));
            }
            case Values.Records x -> {
                cput('(');
                for (int m = 0; m < x.fields().size(); m++) {
                    if (m > 0) {
                        cput(',');
                        cput(' ');
                    }
                    literalElement(x.fields().get(m), i);
                }
                if (x.fields().size() == 1) {
                    cput(',');
                }
                cput(')');
            }
        }
    }

    private static final byte[] NAN = "nan".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NONE = "None".getBytes(StandardCharsets.US_ASCII);

    private void croom(int need) {
        if (cn + need > cb.length) {
            cb = java.util.Arrays.copyOf(cb, Math.max(cb.length * 2, cn + need));
        }
    }

    private void cput(char ch) {
        croom(1);
        cb[cn++] = (byte) ch;
    }

    private void cput(byte[] b) {
        croom(b.length);
        System.arraycopy(b, 0, cb, cn, b.length);
        cn += b.length;
    }

    private void room(int need) {
        if (n + need > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, n + need));
        }
    }

    private void put(byte b) {
        room(1);
        buf[n++] = b;
    }

    private void put(byte[] b) {
        room(b.length);
        System.arraycopy(b, 0, buf, n, b.length);
        n += b.length;
    }
}
