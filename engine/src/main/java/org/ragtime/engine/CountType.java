package org.ragtime.engine;

/**
 * Element type of a count array: the NumPy dtypes AllenSDK offers. Counts are stored in native byte
 * order. A kernel never wraps a count: cells whose count exceeds {@link #max()} hold {@code max()}, and
 * the kernel returns the largest count it saw, so the caller can refuse or widen ({@link #fits(long)}).
 */
public enum CountType {
    /** {@code uint8}, 0..255 (AllenSDK's type for binarized counts). */
    UINT8(1, 0xFF, "u1"),
    /** {@code uint16}, 0..65535 (AllenSDK's default). */
    UINT16(2, 0xFFFF, "u2"),
    /** {@code int32}, 0..2^31-1. */
    INT32(4, Integer.MAX_VALUE, "i4");

    private final int bytes;
    private final int max;
    private final String numpy;

    CountType(int bytes, int max, String numpy) {
        this.bytes = bytes;
        this.max = max;
        this.numpy = numpy;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** Largest count an element holds. */
    public int max() {
        return max;
    }

    /** Whether a count fits without saturating. */
    public boolean fits(long count) {
        return count <= max;
    }

    /** The NumPy type code without byte-order mark ({@code u1}, {@code u2}, {@code i4}). */
    public String numpyCode() {
        return numpy;
    }

    /** The narrowest type holding {@code count} (UINT8, UINT16 or INT32). */
    public static CountType narrowestFor(long count) {
        for (CountType t : values()) {
            if (t.fits(count)) {
                return t;
            }
        }
        throw new IllegalArgumentException("count " + count + " does not fit int32");
    }
}
