package org.ragtime.engine;

/**
 * Element type of a count array: the NumPy dtypes AllenSDK offers, and Ragtime's one map between them and
 * their names ({@link #numpyName()}, {@link #ofNumpyName(String)}), codes and sizes. Counts are stored in native byte
 * order. A kernel never wraps a count: cells whose count exceeds {@link #max()} hold {@code max()}, and
 * the kernel returns the largest count it saw, so the caller can refuse or widen ({@link #fits(long)}).
 */
public enum CountType {
    /** {@code uint8}, 0..255 (AllenSDK's type for binarized counts). */
    UINT8(1, 0xFF, "u1", "uint8"),
    /** {@code uint16}, 0..65535 (AllenSDK's default). */
    UINT16(2, 0xFFFF, "u2", "uint16"),
    /** {@code int32}, 0..2^31-1. */
    INT32(4, Integer.MAX_VALUE, "i4", "int32");

    private final int bytes;
    private final int max;
    private final String numpy;
    private final String numpyName;

    CountType(int bytes, int max, String numpy, String numpyName) {
        this.bytes = bytes;
        this.max = max;
        this.numpy = numpy;
        this.numpyName = numpyName;
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

    /** NumPy's name for the type ({@code uint8}, {@code uint16}, {@code int32}), as in {@code numpy.dtype(...).name}. */
    public String numpyName() {
        return numpyName;
    }

    /**
     * The type NumPy calls {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException for any other name
     */
    public static CountType ofNumpyName(String name) {
        for (CountType t : values()) {
            if (t.numpyName.equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no count type '" + name + "': use uint8, uint16 or int32");
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
