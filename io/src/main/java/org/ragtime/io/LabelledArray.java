package org.ragtime.io;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ragtime.engine.CountType;

/**
 * An analysis result with its labels, as xarray would hold it: the array (C order, native byte order, in a
 * {@link MemorySegment}), its {@link Dtype}, shape and dimension names, a coordinate per dimension (presentation
 * ids, bin centres, unit ids, ...), extra coordinates that run along one dimension ({@link Coordinate}: e.g. each
 * presentation's {@code stimulus_condition_id}, each unit's {@code structure_acronym}), attributes (dtype, bin rule,
 * edges, ...) and the {@link Note}s the analysis raised.
 *
 * <pre>{@code
 * try (LabelledArray counts = session.presentationwiseSpikeCounts(edges, presentations, units)) {
 *     long n = counts.getLong(0);               // presentation 0, bin 0, unit 0
 *     long[] unitIds = (long[]) counts.coords().get("unit_id");
 * }
 * }</pre>
 *
 * <p>Ownership: when the analysis allocated the array itself, closing this result frees it. When the caller
 * supplied the memory through a {@link Memory} (e.g. the mapped data region of an output file, so kernels
 * write straight into it), the caller owns it and {@link #close()} leaves it alone. Not thread-safe to close
 * while reading.
 */
public final class LabelledArray implements AutoCloseable {
    /** Element types of results, with their NumPy names. */
    public enum Dtype {
        UINT8("|u1", 1), UINT16("<u2", 2), INT32("<i4", 4), INT64("<i8", 8), FLOAT64("<f8", 8);

        private final String descr;
        private final int bytes;

        Dtype(String descr, int bytes) {
            this.descr = descr;
            this.bytes = bytes;
        }

        /** NumPy's name for it, as in {@code numpy.dtype(...).name}. */
        public String numpyName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** NumPy's little-endian type string ({@code <u2}), as a .npy header spells it. */
        public String descr() {
            return descr;
        }

        /** Bytes per element. */
        public int bytes() {
            return bytes;
        }

        /** The dtype a count type is stored as. */
        public static Dtype of(CountType t) {
            return valueOf(t.numpyName().toUpperCase(Locale.ROOT));
        }
    }

    /**
     * Where a result's array goes: asked for once per array (counts ask again, with a wider dtype, when a
     * default uint16 count does not fit). The segment must hold {@code product(shape) * dtype.bytes()} bytes
     * and stay valid as long as the result is read; its contents need not be cleared.
     */
    @FunctionalInterface
    public interface Memory extends AutoCloseable {
        /** A segment for an array of this dtype and shape. */
        MemorySegment allocate(Dtype dtype, long... shape);

        /** Frees what this memory allocated, if it owns it (memory a caller supplied: nothing). */
        @Override
        default void close() {
        }
    }

    /** Memory the result owns: one shared arena, replaced (and the old one freed) when asked again. */
    static final class Owned implements Memory {
        private Arena arena;

        @Override
        public MemorySegment allocate(Dtype dtype, long... shape) {
            close();
            arena = Arena.ofShared();
            return arena.allocate(Math.multiplyExact(elements(shape), (long) dtype.bytes()), 8);
        }

        @Override
        public void close() {
            if (arena != null) {
                arena.close();
                arena = null;
            }
        }
    }

    /**
     * A coordinate that is not a dimension of its own but runs along one (xarray's non-dimension coordinate), e.g.
     * {@code cell_roi_id} along {@code cell_specimen_id}, {@code stimulus_condition_id} along
     * {@code stimulus_presentation_id}, {@code structure_acronym} along {@code unit_id}. Give it to {@link #of} either in
     * the extra-coordinates map or, under its own name, in the coordinates map (where it keeps its place).
     *
     * @param dim    the dimension it runs along (one of {@link #dims()})
     * @param values {@code long[]}, {@code double[]}, {@code String[]} or a list (null where unknown), as long as the dimension
     */
    public record Coordinate(String dim, Object values) {
        /** Number of values. */
        public int length() {
            return switch (values) {
                case long[] l -> l.length;
                case double[] d -> d.length;
                case String[] t -> t.length;
                case List<?> l -> l.size();
                default -> throw new IllegalArgumentException("coordinate values must be long[], double[], String[] or a list, not "
                        + values.getClass());
            };
        }
    }

    private final MemorySegment data;
    private final Dtype dtype;
    private final long[] shape;
    private final List<String> dims;
    private final Map<String, Object> coords;
    private final Map<String, Coordinate> extraCoords;
    private final Map<String, Object> attrs;
    private final List<Note> notes;
    private final Memory owner;

    private LabelledArray(MemorySegment data, Dtype dtype, long[] shape, List<String> dims, Map<String, Object> coords,
            Map<String, Coordinate> extraCoords, Map<String, Object> attrs, List<Note> notes, Memory owner) {
        this.data = data;
        this.dtype = dtype;
        this.shape = shape;
        this.dims = dims;
        this.coords = coords;
        this.extraCoords = extraCoords;
        this.attrs = attrs;
        this.notes = notes;
        this.owner = owner;
    }

    /** A fresh owner of result memory, for analyses that were given no {@link Memory}. */
    public static Memory ownedMemory() {
        return new Owned();
    }

    /**
     * Labels an array. {@code coords} maps each dimension name, in order, to its coordinate ({@code long[]},
     * {@code double[]} or a list), and may hold further coordinates wrapped in {@link Coordinate} (they go to
     * {@link #extraCoords()}, in order); {@code attrs} holds the rest. When {@code memory} is one
     * {@link #ownedMemory()} returned, the result frees it on {@link #close()}.
     */
    public static LabelledArray of(MemorySegment data, Dtype dtype, long[] shape, Map<String, Object> coords,
            Map<String, Object> attrs, List<Note> notes, Memory memory) {
        Map<String, Object> dimCoords = new LinkedHashMap<>();
        Map<String, Coordinate> extra = new LinkedHashMap<>();
        coords.forEach((name, v) -> {
            if (v instanceof Coordinate c) {
                extra.put(name, c);
            } else {
                dimCoords.put(name, v);
            }
        });
        return of(data, dtype, shape, dimCoords, extra, attrs, notes, memory);
    }

    /**
     * As {@link #of(MemorySegment, Dtype, long[], Map, Map, List, Memory)}, with extra coordinates along the
     * dimensions (each must name one of the dimensions and be as long as it).
     */
    public static LabelledArray of(MemorySegment data, Dtype dtype, long[] shape, Map<String, Object> coords,
            Map<String, Coordinate> extraCoords, Map<String, Object> attrs, List<Note> notes, Memory memory) {
        List<String> dims = List.copyOf(coords.keySet());
        if (dims.size() != shape.length) {
            throw new IllegalArgumentException("coordinates " + dims + " do not name the " + shape.length + " dimensions");
        }
        for (Map.Entry<String, Coordinate> e : extraCoords.entrySet()) {
            int d = dims.indexOf(e.getValue().dim());
            if (d < 0 || coords.containsKey(e.getKey()) || e.getValue().length() != shape[d]) {
                throw new IllegalArgumentException("extra coordinate " + e.getKey() + " along " + e.getValue().dim()
                        + " does not fit dims " + dims + " of shape " + Arrays.toString(shape));
            }
        }
        return new LabelledArray(data, dtype, shape.clone(), dims,
                Collections.unmodifiableMap(new LinkedHashMap<>(coords)), Collections.unmodifiableMap(new LinkedHashMap<>(extraCoords)),
                Collections.unmodifiableMap(new LinkedHashMap<>(attrs)), List.copyOf(notes), memory instanceof Owned o ? o : null);
    }

    /** The array, C order, native byte order ({@link MemorySegment#NULL} when it has no elements and the memory was a file). */
    public MemorySegment data() {
        return data;
    }

    /** The element type. */
    public Dtype dtype() {
        return dtype;
    }

    /** The shape (a copy). */
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public long size() {
        return elements(shape);
    }

    /** Dimension names, in order (AllenSDK's: {@code stimulus_presentation_id}, {@code unit_id}, ...). */
    public List<String> dims() {
        return dims;
    }

    /** Per dimension, in order, its coordinate values ({@code long[]}, {@code double[]} or a list; do not modify). */
    public Map<String, Object> coords() {
        return coords;
    }

    /**
     * Coordinates that run along a dimension without being one (e.g. {@code stimulus_condition_id} along
     * {@code stimulus_presentation_id}, {@code structure_acronym} along {@code unit_id}), in order; do not modify.
     */
    public Map<String, Coordinate> extraCoords() {
        return extraCoords;
    }

    /** The values of any coordinate by name: a dimension's own or one running along a dimension. */
    public Object coord(String name) {
        if (coords.containsKey(name)) {
            return coords.get(name);
        }
        Coordinate c = extraCoords.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no coordinate " + name + " (have " + coords.keySet() + " and " + extraCoords.keySet() + ")");
        }
        return c.values();
    }

    /** Attributes (e.g. {@code dtype}, {@code bins}, {@code bin_edges}), in the order they are written. */
    public Map<String, Object> attrs() {
        return attrs;
    }

    /** What the analysis wants its caller to know, in the order it arose. */
    public List<Note> notes() {
        return notes;
    }

    /** Element {@code i} in C order, as a long (integer dtypes; uint types unsigned). */
    public long getLong(long i) {
        return switch (dtype) {
            case UINT8 -> data.get(ValueLayout.JAVA_BYTE, i) & 0xFFL;
            case UINT16 -> data.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i) & 0xFFFFL;
            case INT32 -> data.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i);
            case INT64 -> data.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i);
            case FLOAT64 -> (long) data.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i);
        };
    }

    /** Element {@code i} in C order, as a double. */
    public double getDouble(long i) {
        return dtype == Dtype.FLOAT64 ? data.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i) : getLong(i);
    }

    /** The array's bytes (a copy on the heap, for small results and tests). */
    public byte[] toByteArray() {
        return data.byteSize() == 0 ? new byte[0] : data.toArray(ValueLayout.JAVA_BYTE);
    }

    /** Frees the array when this result owns it; memory the caller supplied is left alone. */
    @Override
    public void close() {
        if (owner != null) {
            owner.close();
        }
    }

    static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public String toString() {
        return dtype.numpyName() + Arrays.toString(shape) + " " + dims;
    }
}
