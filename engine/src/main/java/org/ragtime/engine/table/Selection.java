package org.ragtime.engine.table;

import java.util.Collection;
import org.roaringbitmap.BitSetUtil;
import org.roaringbitmap.RoaringBitmap;

/**
 * A set of row positions of one table (its universe is {@code 0..universe-1}), backed by a
 * RoaringBitmap. Selections compose with {@link #and}, {@link #or}, {@link #not}; predicates over
 * columns build them. Threshold predicates follow AllenSDK/pandas: a comparison with NaN is false,
 * so a missing metric never passes a threshold. Immutable and thread-safe.
 */
public final class Selection {
    private final RoaringBitmap bits;
    private final int universe;

    private Selection(RoaringBitmap bits, int universe) {
        this.bits = bits;
        this.universe = universe;
    }

    /** Every row of a table of {@code universe} rows. */
    public static Selection all(int universe) {
        RoaringBitmap b = new RoaringBitmap();
        b.add(0L, universe);
        return new Selection(b, universe);
    }

    /** No row. */
    public static Selection none(int universe) {
        return new Selection(new RoaringBitmap(), universe);
    }

    /** The given row positions. */
    public static Selection of(int universe, int... rows) {
        for (int r : rows) {
            if (r < 0 || r >= universe) {
                throw new IndexOutOfBoundsException("row " + r + " outside 0.." + (universe - 1));
            }
        }
        return new Selection(RoaringBitmap.bitmapOf(rows), universe);
    }

    /** Rows whose value is at most {@code max} ({@code value <= max}); NaN and null fail. */
    public static Selection atMost(Column c, double max) {
        long[] w = words(c.size());
        for (int r = 0; r < c.size(); r++) {
            if (c.doubleValue(r) <= max) {
                w[r >>> 6] |= 1L << r;
            }
        }
        return fromWords(w, c.size());
    }

    /** Rows whose value is at least {@code min} ({@code value >= min}); NaN and null fail. */
    public static Selection atLeast(Column c, double min) {
        long[] w = words(c.size());
        for (int r = 0; r < c.size(); r++) {
            if (c.doubleValue(r) >= min) {
                w[r >>> 6] |= 1L << r;
            }
        }
        return fromWords(w, c.size());
    }

    /** Rows whose text is one of {@code values} (null never matches). */
    public static Selection in(StringColumn c, Collection<String> values) {
        String[] dict = c.dictionary();
        boolean[] wanted = new boolean[dict.length];
        for (int i = 0; i < dict.length; i++) {
            wanted[i] = values.contains(dict[i]);
        }
        long[] w = words(c.size());
        for (int r = 0; r < c.size(); r++) {
            int code = c.code(r);
            if (code >= 0 && wanted[code]) {
                w[r >>> 6] |= 1L << r;
            }
        }
        return fromWords(w, c.size());
    }

    /** Rows whose integer value is one of {@code values} (null never matches). */
    public static Selection in(LongColumn c, long... values) {
        org.agrona.collections.LongHashSet set = new org.agrona.collections.LongHashSet();
        for (long v : values) {
            set.add(v);
        }
        long[] w = words(c.size());
        for (int r = 0; r < c.size(); r++) {
            if (!c.isNull(r) && set.contains(c.get(r))) {
                w[r >>> 6] |= 1L << r;
            }
        }
        return fromWords(w, c.size());
    }

    /** Rows whose value is missing. */
    public static Selection isNull(Column c) {
        long[] w = words(c.size());
        for (int r = 0; r < c.size(); r++) {
            if (c.isNull(r)) {
                w[r >>> 6] |= 1L << r;
            }
        }
        return fromWords(w, c.size());
    }

    /** Rows where the boolean-like column is true: a nonzero number, or the text "True"/"true"/"1". */
    public static Selection isTrue(Column c) {
        long[] w = words(c.size());
        for (int r = 0; r < c.size(); r++) {
            boolean t = switch (c) {
                case StringColumn s -> {
                    String v = s.get(r);
                    yield "True".equals(v) || "true".equals(v) || "1".equals(v);
                }
                default -> !c.isNull(r) && c.doubleValue(r) != 0;
            };
            if (t) {
                w[r >>> 6] |= 1L << r;
            }
        }
        return fromWords(w, c.size());
    }

    private static long[] words(int n) {
        return new long[(n + 63) >>> 6];
    }

    private static Selection fromWords(long[] w, int universe) {
        return new Selection(BitSetUtil.bitmapOf(w), universe);
    }

    /** Rows in both. */
    public Selection and(Selection o) {
        check(o);
        return new Selection(RoaringBitmap.and(bits, o.bits), universe);
    }

    /** Rows in either. */
    public Selection or(Selection o) {
        check(o);
        return new Selection(RoaringBitmap.or(bits, o.bits), universe);
    }

    /** Rows in this one and not in {@code o}. */
    public Selection andNot(Selection o) {
        check(o);
        return new Selection(RoaringBitmap.andNot(bits, o.bits), universe);
    }

    /** Rows of the universe not in this one. */
    public Selection not() {
        return new Selection(RoaringBitmap.flip(bits, 0L, universe), universe);
    }

    private void check(Selection o) {
        if (o.universe != universe) {
            throw new IllegalArgumentException("selections over " + universe + " and " + o.universe + " rows");
        }
    }

    /** Number of rows of the table the selection is over. */
    public int universe() {
        return universe;
    }

    /** Number of selected rows. */
    public int cardinality() {
        return bits.getCardinality();
    }

    /** True when row {@code r} is selected. */
    public boolean contains(int r) {
        return bits.contains(r);
    }

    /** Selected row positions, ascending. */
    public int[] rows() {
        return bits.toArray();
    }

    /** The values of {@code ids} at the selected rows, in row order (e.g. unit ids). */
    public long[] ids(LongColumn ids) {
        int[] r = rows();
        long[] out = new long[r.length];
        for (int i = 0; i < r.length; i++) {
            out[i] = ids.get(r[i]);
        }
        return out;
    }

    /** A copy of the underlying bitmap. */
    public RoaringBitmap bitmap() {
        return bits.clone();
    }

    @Override
    public String toString() {
        return cardinality() + " of " + universe + " rows";
    }
}
