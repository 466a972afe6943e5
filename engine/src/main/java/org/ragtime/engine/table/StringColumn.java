package org.ragtime.engine.table;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A column of text stored as int32 codes off-heap into a dictionary of distinct values (manifest
 * columns such as {@code structure_acronym} or {@code genotype} hold few distinct values); null is
 * code -1.
 */
public final class StringColumn extends Column {
    /** Code of a missing value. */
    public static final int NULL = -1;

    private final MemorySegment codes;
    private final String[] dictionary;

    StringColumn(String name, MemorySegment codes, String[] dictionary, int[] rows, int size) {
        super(name, rows, size);
        this.codes = codes;
        this.dictionary = dictionary;
    }

    /** A column holding {@code values} (null entries are missing). */
    public static StringColumn of(String name, List<String> values) {
        Builder b = new Builder(values.size());
        for (String v : values) {
            if (v == null) {
                b.addNull();
            } else {
                b.add(v);
            }
        }
        return b.build(name);
    }

    @Override
    public ColumnType type() {
        return ColumnType.STRING;
    }

    /** Dictionary code at {@code row}, {@link #NULL} when missing. */
    public int code(int row) {
        return codes.getAtIndex(ValueLayout.JAVA_INT, storageRow(row));
    }

    /** The value at {@code row}, or null. */
    public String get(int row) {
        int c = code(row);
        return c == NULL ? null : dictionary[c];
    }

    /**
     * Every row's dictionary code in row order ({@link #NULL} where missing), as one heap array: with
     * {@link #dictionary()}, a bulk export (e.g. to a pandas Categorical).
     */
    public int[] codes() {
        int[] out = new int[size()];
        if (rows == null) {
            MemorySegment.copy(codes, ValueLayout.JAVA_INT, 0, out, 0, out.length);
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = codes.getAtIndex(ValueLayout.JAVA_INT, rows[i]);
            }
        }
        return out;
    }

    /** Distinct values; {@link #code(int)} indexes into it. Shared: do not modify. */
    public String[] dictionary() {
        return dictionary;
    }

    /** The code of {@code value} in the dictionary, or {@link #NULL} when no row holds it. */
    public int codeOf(String value) {
        for (int i = 0; i < dictionary.length; i++) {
            if (dictionary[i].equals(value)) {
                return i;
            }
        }
        return NULL;
    }

    @Override
    public boolean isNull(int row) {
        return code(row) == NULL;
    }

    @Override
    public double doubleValue(int row) {
        throw new TableException("column '" + name() + "' holds text, not numbers");
    }

    @Override
    public StringColumn renamed(String newName) {
        return new StringColumn(newName, codes, dictionary, rows, size());
    }

    @Override
    StringColumn withRows(int[] rows, int size) {
        return new StringColumn(name(), codes, dictionary, rows, size);
    }

    @Override
    public StringColumn take(int[] positions) {
        return new StringColumn(name(), codes, dictionary, compose(positions), positions.length);
    }

    /**
     * Growable builder that interns UTF-8 text into the dictionary without allocating for values it has
     * seen (lookup hashes the bytes in place). Not thread-safe.
     */
    public static final class Builder {
        private int[] data;
        private int n;
        private byte[][] utf8 = new byte[16][];
        private int dictSize;
        private int[] slots = new int[64]; // open addressing: code + 1, 0 = empty
        private int[] hashes = new int[16];

        /** @param capacity expected number of rows */
        public Builder(int capacity) {
            data = new int[Math.max(16, capacity)];
        }

        /** Appends a value. */
        public void add(String v) {
            byte[] b = v.getBytes(StandardCharsets.UTF_8);
            add(b, 0, b.length);
        }

        /** Appends the UTF-8 text {@code src[off, off+len)}. */
        public void add(byte[] src, int off, int len) {
            push(intern(src, off, len));
        }

        /** Appends a missing value. */
        public void addNull() {
            push(NULL);
        }

        /** Rows added so far. */
        public int size() {
            return n;
        }

        private void push(int code) {
            if (n == data.length) {
                data = Arrays.copyOf(data, n * 2);
            }
            data[n++] = code;
        }

        private int intern(byte[] src, int off, int len) {
            int h = 0;
            for (int i = 0; i < len; i++) {
                h = 31 * h + src[off + i];
            }
            int mask = slots.length - 1;
            int s = mix(h) & mask;
            while (slots[s] != 0) {
                int code = slots[s] - 1;
                if (hashes[code] == h && equal(utf8[code], src, off, len)) {
                    return code;
                }
                s = (s + 1) & mask;
            }
            int code = dictSize++;
            if (code == utf8.length) {
                utf8 = Arrays.copyOf(utf8, code * 2);
                hashes = Arrays.copyOf(hashes, code * 2);
            }
            utf8[code] = Arrays.copyOfRange(src, off, off + len);
            hashes[code] = h;
            slots[s] = code + 1;
            if (dictSize * 2 > slots.length) {
                rehash();
            }
            return code;
        }

        private void rehash() {
            slots = new int[slots.length * 2];
            int mask = slots.length - 1;
            for (int code = 0; code < dictSize; code++) {
                int s = mix(hashes[code]) & mask;
                while (slots[s] != 0) {
                    s = (s + 1) & mask;
                }
                slots[s] = code + 1;
            }
        }

        private static int mix(int h) {
            h *= 0x9E3779B9;
            return h ^ (h >>> 16);
        }

        private static boolean equal(byte[] a, byte[] src, int off, int len) {
            return Arrays.equals(a, 0, a.length, src, off, off + len);
        }

        /** The finished column. */
        public StringColumn build(String name) {
            MemorySegment seg = Arena.ofAuto().allocate((long) Math.max(1, n) * Integer.BYTES, Integer.BYTES);
            MemorySegment.copy(data, 0, seg, ValueLayout.JAVA_INT, 0, n);
            String[] dict = new String[dictSize];
            for (int i = 0; i < dictSize; i++) {
                dict[i] = new String(utf8[i], StandardCharsets.UTF_8);
            }
            return new StringColumn(name, seg, dict, null, n);
        }
    }
}
