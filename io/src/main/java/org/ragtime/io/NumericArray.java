package org.ragtime.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A numeric HDF5 dataset as off-heap memory: a slice of the file mapping when the dataset is contiguous
 * (no copy), or memory the session decoded chunk by chunk when it is chunked. Elements are little-endian
 * (native on the platforms Ragtime runs on) and stored row-major with the dataset's {@link #shape()}.
 *
 * <p>Immutable; the segment stays valid until the {@link Session} that made it is closed.
 */
public final class NumericArray {

    /** Element type as stored in the file. HDF5 enums (h5py booleans) appear as their base integer type. */
    public enum Type {
        INT8(1, false, true), UINT8(1, false, false), INT16(2, false, true), UINT16(2, false, false),
        INT32(4, false, true), UINT32(4, false, false), INT64(8, false, true), UINT64(8, false, false),
        FLOAT32(4, true, true), FLOAT64(8, true, true);

        private final int size;
        private final boolean floating;
        private final boolean signed;

        Type(int size, boolean floating, boolean signed) {
            this.size = size;
            this.floating = floating;
            this.signed = signed;
        }

        /** Bytes per element. */
        public int size() {
            return size;
        }

        /** True for FLOAT32 and FLOAT64. */
        public boolean isFloating() {
            return floating;
        }

        static Type integer(int size, boolean signed) {
            return switch (size) {
                case 1 -> signed ? INT8 : UINT8;
                case 2 -> signed ? INT16 : UINT16;
                case 4 -> signed ? INT32 : UINT32;
                case 8 -> signed ? INT64 : UINT64;
                default -> null;
            };
        }
    }

    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private final String path;
    private final MemorySegment segment;
    private final long[] shape;
    private final Type type;
    private final boolean mapped;

    NumericArray(String path, MemorySegment segment, long[] shape, Type type, boolean mapped) {
        this.path = path;
        this.segment = segment;
        this.shape = shape.clone();
        this.type = type;
        this.mapped = mapped;
    }

    /** HDF5 path of the dataset. */
    public String path() {
        return path;
    }

    /** The elements, row-major, little-endian; no alignment may be assumed. */
    public MemorySegment segment() {
        return segment;
    }

    /** True when {@link #segment()} is a slice of the file mapping (contiguous dataset), false when decoded. */
    public boolean isMapped() {
        return mapped;
    }

    /** Dimensions (empty for a scalar). */
    public long[] shape() {
        return shape.clone();
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Extent of dimension {@code d}. */
    public long dim(int d) {
        return shape[d];
    }

    /** Element type as stored. */
    public Type type() {
        return type;
    }

    /** Number of elements (1 for a scalar). */
    public long length() {
        return segment.byteSize() / type.size;
    }

    /** Element {@code i} (flat, row-major) converted to double (64-bit integers may round). */
    public double getDouble(long i) {
        return switch (type) {
            case FLOAT64 -> segment.getAtIndex(F64, i);
            case FLOAT32 -> segment.getAtIndex(F32, i);
            case UINT64 -> {
                long v = segment.getAtIndex(I64, i);
                yield v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
            }
            default -> getLong(i);
        };
    }

    /**
     * Element {@code i} (flat, row-major) as a long: integers exactly (UINT64 above {@code Long.MAX_VALUE}
     * wraps negative), floating values truncated toward zero.
     */
    public long getLong(long i) {
        return switch (type) {
            case INT8 -> segment.get(ValueLayout.JAVA_BYTE, i);
            case UINT8 -> segment.get(ValueLayout.JAVA_BYTE, i) & 0xFFL;
            case INT16 -> segment.getAtIndex(I16, i);
            case UINT16 -> segment.getAtIndex(I16, i) & 0xFFFFL;
            case INT32 -> segment.getAtIndex(I32, i);
            case UINT32 -> segment.getAtIndex(I32, i) & 0xFFFF_FFFFL;
            case INT64, UINT64 -> segment.getAtIndex(I64, i);
            case FLOAT32 -> (long) segment.getAtIndex(F32, i);
            case FLOAT64 -> (long) segment.getAtIndex(F64, i);
        };
    }

    /** All elements as longs on the heap (indices, ids: small arrays). */
    public long[] toLongArray() {
        long[] out = new long[Math.toIntExact(length())];
        for (int i = 0; i < out.length; i++) {
            out[i] = getLong(i);
        }
        return out;
    }

    /** All elements as doubles on the heap (tests and small arrays; large data should use the segment). */
    public double[] toDoubleArray() {
        if (type == Type.FLOAT64) {
            return segment.toArray(F64);
        }
        double[] out = new double[Math.toIntExact(length())];
        for (int i = 0; i < out.length; i++) {
            out[i] = getDouble(i);
        }
        return out;
    }
}
