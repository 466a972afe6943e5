package org.ragtime.io.table;

import org.ragtime.engine.BadInputException;

/**
 * Rows {@code I:J} with Python's slice semantics: 0-based positions, {@code J} excluded, either bound may be
 * left out ({@code 10:}, {@code :100}, {@code :}), a negative bound counts from the end ({@code -5:} is the last
 * five rows), and bounds beyond the table are clamped, so a slice never fails on a table: {@code 5:2} is empty.
 *
 * @param start the first row, or null for the beginning
 * @param stop  one past the last row, or null for the end
 */
public record RowSlice(Long start, Long stop) {
    /** Every row ({@code :}). */
    public static final RowSlice ALL = new RowSlice(null, null);

    /**
     * Parses {@code I:J} ({@code I} and {@code J} optional integers).
     *
     * @throws BadInputException if the text is not of that form
     */
    public static RowSlice parse(String text) {
        String t = text.strip();
        int colon = t.indexOf(':');
        if (colon < 0 || t.indexOf(':', colon + 1) >= 0) {
            throw new BadInputException("--rows " + text + ": expected I:J (Python slice: 0-based, J excluded, either may"
                    + " be left out, negative counts from the end), e.g. 0:100, -10:, :5");
        }
        return new RowSlice(bound(text, t.substring(0, colon)), bound(text, t.substring(colon + 1)));
    }

    private static Long bound(String text, String s) {
        s = s.strip();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new BadInputException("--rows " + text + ": '" + s + "' is not an integer (expected I:J, e.g. 0:100, -10:, :5)");
        }
    }

    /** The first row of a table of {@code rows} rows (Python's {@code slice.indices}). */
    public int from(int rows) {
        return clamp(start, 0, rows);
    }

    /** One past the last row (at least {@link #from(int)}). */
    public int to(int rows) {
        return Math.max(from(rows), clamp(stop, rows, rows));
    }

    private static int clamp(Long bound, int absent, int rows) {
        if (bound == null) {
            return absent;
        }
        long b = bound < 0 ? bound + rows : bound;
        return (int) Math.max(0, Math.min(rows, b));
    }

    @Override
    public String toString() {
        return (start == null ? "" : start) + ":" + (stop == null ? "" : stop);
    }
}
