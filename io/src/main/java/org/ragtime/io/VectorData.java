package org.ragtime.io;

import io.jhdf.api.Dataset;
import io.jhdf.object.datatype.CompoundDataType;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.EnumDataType;
import io.jhdf.object.datatype.Reference;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One column of an hdmf DynamicTable: a VectorData dataset, possibly ragged through one or more
 * VectorIndex levels ({@code <name>_index}, {@code <name>_index_index}, ...).
 *
 * <p>Element accessors take a flat, row-major element index into the data dataset. For a plain column
 * element {@code i} is row {@code i}; for a ragged one, row {@code r} owns the data rows
 * {@code [start(r), end(r))} (the first dimension of the data: for a 2-D target such as
 * {@code waveform_mean} each data row holds {@code dataShape()[1]} elements). Numeric, boolean and
 * DynamicTableRegion data stay off-heap ({@link #array()}); strings, references and compound members are
 * decoded once, on first use, through jhdf. Indices are validated when the column is opened: as many
 * entries as rows, never decreasing, the last equal to the length of what they index.
 */
public final class VectorData {

    /** What the elements are. */
    public enum Kind {
        /** float32 or float64. */
        DOUBLE,
        /** Any integer width, signed or unsigned (including DynamicTableRegion row indices). */
        LONG,
        /** HDF5 enum {FALSE, TRUE} (h5py bool). */
        BOOL,
        /** Fixed or variable-length strings, ASCII or UTF-8. */
        STRING,
        /** HDF5 object references (shown as the referenced object's path). */
        REFERENCE,
        /** Compound elements, e.g. TimeIntervals {@code timeseries}: idx_start, count, timeseries. */
        COMPOUND
    }

    private final Hdf5File f;
    private final String name;
    private final String path;
    private final Kind kind;
    private final long[] dataShape;
    private final List<long[]> offsets; // outermost level first; each has (entries + 1) values starting at 0
    private final String regionTable;
    private final long trueValue; // BOOL: the enum value named TRUE
    private volatile Object decoded; // String[] / long[] refs / Map<String, Object> compound
    private final Map<Long, String> referencePaths = new java.util.concurrent.ConcurrentHashMap<>();

    VectorData(Hdf5File f, String tablePath, String name, long rowCount) {
        this.f = f;
        this.name = name;
        this.path = tablePath + "/" + name;
        Dataset ds = f.dataset(path);
        this.dataShape = f.dims(ds, path);
        DataType type = f.guard(path, ds::getDataType);
        this.kind = f.guard(path, () -> kindOf(type));
        this.trueValue = kind == Kind.BOOL ? f.guard(path, () -> trueValue((EnumDataType) type)) : 1;
        Object table = f.attribute(path, "table");
        this.regionTable = f.referencePath(path, table);
        this.offsets = readIndices(tablePath, rowCount);
    }

    private Kind kindOf(DataType t) {
        if (t instanceof EnumDataType e) {
            boolean bool = e.getEnumMapping().values().stream().anyMatch(v -> v.equalsIgnoreCase("TRUE"));
            if (!bool) {
                throw f.error(path, "enum column other than a boolean is not supported");
            }
            f.numericType(ds(), path); // checks the base type
            return Kind.BOOL;
        }
        if (t instanceof StringData || (t instanceof VariableLength v && v.isVariableLengthString())) {
            return Kind.STRING;
        }
        if (t instanceof Reference) {
            return Kind.REFERENCE;
        }
        if (t instanceof CompoundDataType) {
            return Kind.COMPOUND;
        }
        NumericArray.Type nt = f.numericType(ds(), path);
        if (nt == null) {
            throw f.error(path, "unsupported column type " + t.getClass().getSimpleName());
        }
        return nt.isFloating() ? Kind.DOUBLE : Kind.LONG;
    }

    private Dataset ds() {
        return f.dataset(path);
    }

    private static long trueValue(EnumDataType e) {
        for (Map.Entry<Integer, String> m : e.getEnumMapping().entrySet()) {
            if (m.getValue().equalsIgnoreCase("TRUE")) {
                return m.getKey();
            }
        }
        return 1;
    }

    /** Reads and validates the VectorIndex chain, outermost first. */
    private List<long[]> readIndices(String tablePath, long rowCount) {
        List<String> chain = new ArrayList<>();
        for (String idx = path + "_index"; f.find(idx) instanceof Dataset; idx += "_index") {
            chain.add(idx);
        }
        Collections.reverse(chain);
        List<long[]> levels = new ArrayList<>(chain.size());
        long expected = rowCount;
        for (int level = 0; level < chain.size(); level++) {
            String idx = chain.get(level);
            NumericArray a = f.numeric(idx);
            if (a.type().isFloating() || a.rank() != 1) {
                throw f.error(idx, "an index must be a 1-D integer dataset, found " + a.type() + " with shape "
                        + Arrays.toString(a.shape()));
            }
            long n = a.length();
            if (n != expected) {
                throw f.error(idx, "has " + n + " entries but " + (level == 0 ? "the table has " + expected + " rows (id)"
                        : chain.get(level - 1) + " ends at " + expected));
            }
            long target = level + 1 < chain.size() ? f.dims(f.dataset(chain.get(level + 1)), chain.get(level + 1))[0]
                    : dataShape.length == 0 ? 1 : dataShape[0];
            if (n > Integer.MAX_VALUE - 8) {
                throw f.error(idx, n + " entries is more than Ragtime supports");
            }
            long[] o = new long[(int) n + 1];
            for (int i = 0; i < n; i++) {
                long v = a.getLong(i);
                if (v < o[i]) {
                    throw f.error(idx, v < 0 ? "negative entry " + v + " at row " + i
                            : "decreases at row " + i + " (" + v + " after " + o[i] + ")");
                }
                o[i + 1] = v;
            }
            if (o[(int) n] != target) {
                String what = level + 1 < chain.size() ? chain.get(level + 1) : path;
                throw f.error(idx, (o[(int) n] > target ? "points past the data: ends at " : "ends at ") + o[(int) n]
                        + " but " + what + " holds " + target + (level + 1 < chain.size() ? " entries" : " rows"));
            }
            levels.add(o);
            expected = target;
        }
        if (chain.isEmpty() && (dataShape.length == 0 ? 1 : dataShape[0]) != rowCount) {
            throw f.error(path, "has " + (dataShape.length == 0 ? 1 : dataShape[0]) + " rows but the table has "
                    + rowCount + " (id)");
        }
        return levels;
    }

    /** Column name. */
    public String name() {
        return name;
    }

    /** HDF5 path of the data dataset. */
    public String path() {
        return path;
    }

    /** Element kind. */
    public Kind kind() {
        return kind;
    }

    /** True if the column has at least one VectorIndex. */
    public boolean isRagged() {
        return !offsets.isEmpty();
    }

    /** Number of index levels: 0 for a plain column, 1 for ragged, 2 for an index of an index. */
    public int depth() {
        return offsets.size();
    }

    /**
     * Offsets of the outermost index: {@code rowCount + 1} entries, starting at 0; row {@code r} owns
     * {@code [offsets[r], offsets[r+1])} of the next level. Shared array: do not modify.
     */
    public long[] offsets() {
        return offsets(0);
    }

    /** Offsets of index level {@code level} (0 = outermost), as {@link #offsets()}. Shared: do not modify. */
    public long[] offsets(int level) {
        if (offsets.isEmpty()) {
            throw new IllegalStateException(path + " is not ragged");
        }
        return offsets.get(level);
    }

    /** First data row of table row {@code row}, following every index level ({@code row} itself if not ragged). */
    public long start(int row) {
        long r = row;
        for (long[] o : offsets) {
            r = o[(int) r];
        }
        return r;
    }

    /** One past the last data row of table row {@code row}. */
    public long end(int row) {
        if (offsets.isEmpty()) {
            return row + 1L;
        }
        long r = row + 1L;
        for (long[] o : offsets) {
            r = o[(int) r];
        }
        return r;
    }

    /** Shape of the data dataset (first dimension = data rows). */
    public long[] dataShape() {
        return dataShape.clone();
    }

    /** Elements per data row (product of the data's trailing dimensions). */
    public long rowWidth() {
        long w = 1;
        for (int d = 1; d < dataShape.length; d++) {
            w *= dataShape[d];
        }
        return w;
    }

    /** For a DynamicTableRegion, the path of the table its values index (row positions, not ids). */
    public Optional<String> regionTable() {
        return Optional.ofNullable(regionTable);
    }

    /** The numeric data off-heap (DOUBLE, LONG and BOOL kinds); mapped when the dataset is contiguous. */
    public NumericArray array() {
        if (kind != Kind.DOUBLE && kind != Kind.LONG && kind != Kind.BOOL) {
            throw wrongKind("numbers");
        }
        return f.numeric(path);
    }

    /** Element {@code i} as a double (DOUBLE, LONG, BOOL kinds). */
    public double getDouble(long i) {
        return array().getDouble(i);
    }

    /** Element {@code i} as a long (LONG, BOOL kinds; DOUBLE truncates). */
    public long getLong(long i) {
        return array().getLong(i);
    }

    /** Element {@code i} of a BOOL column. */
    public boolean getBoolean(long i) {
        return array().getLong(i) == trueValue;
    }

    /** Element {@code i} of a STRING column. */
    public String getString(long i) {
        if (kind != Kind.STRING) {
            throw wrongKind("text");
        }
        return ((String[]) decoded())[Math.toIntExact(i)];
    }

    /** Element {@code i} of a REFERENCE column: the path of the referenced object. */
    public String getReference(long i) {
        if (kind != Kind.REFERENCE) {
            throw wrongKind("object references");
        }
        return resolveReference(((long[]) decoded())[Math.toIntExact(i)]);
    }

    /** Member names of a COMPOUND column, in storage order. */
    public List<String> members() {
        return List.copyOf(compound().keySet());
    }

    /** Integer member {@code member} of compound element {@code i} (e.g. {@code idx_start}, {@code count}). */
    public long getLong(long i, String member) {
        Object values = compoundMember(member);
        return switch (values) {
            case int[] a -> a[Math.toIntExact(i)];
            case long[] a -> a[Math.toIntExact(i)];
            case short[] a -> a[Math.toIntExact(i)];
            case byte[] a -> a[Math.toIntExact(i)];
            default -> throw f.error(path, "compound member " + member + " is not an integer");
        };
    }

    /**
     * What compound member {@code member} holds: {@link Kind#LONG}, {@link Kind#DOUBLE}, {@link Kind#STRING} or
     * {@link Kind#REFERENCE} (from the member's HDF5 type, so an int64 member is not taken for a reference).
     */
    public Kind memberKind(String member) {
        compoundMember(member);
        DataType t = f.guard(path, () -> {
            for (CompoundDataType.CompoundDataMember m : ((CompoundDataType) ds().getDataType()).getMembers()) {
                if (m.getName().equals(member)) {
                    return m.getDataType();
                }
            }
            return null;
        });
        return switch (t) {
            case Reference r -> Kind.REFERENCE;
            case StringData s -> Kind.STRING;
            case VariableLength v when v.isVariableLengthString() -> Kind.STRING;
            case io.jhdf.object.datatype.FloatingPoint fp -> Kind.DOUBLE;
            case io.jhdf.object.datatype.FixedPoint fx -> Kind.LONG;
            case null, default -> throw f.error(path, "compound member " + member + " has an unsupported type");
        };
    }

    /** Floating-point member {@code member} of compound element {@code i}. */
    public double getDouble(long i, String member) {
        return switch (compoundMember(member)) {
            case double[] a -> a[Math.toIntExact(i)];
            case float[] a -> a[Math.toIntExact(i)];
            default -> throw f.error(path, "compound member " + member + " is not a floating-point number");
        };
    }

    /** Text member {@code member} of compound element {@code i}. */
    public String getString(long i, String member) {
        if (compoundMember(member) instanceof String[] a) {
            return a[Math.toIntExact(i)];
        }
        throw f.error(path, "compound member " + member + " is not text");
    }

    /** Object-reference member {@code member} of compound element {@code i}: the referenced object's path. */
    public String getReference(long i, String member) {
        if (compoundMember(member) instanceof long[] refs) {
            return resolveReference(refs[Math.toIntExact(i)]);
        }
        throw f.error(path, "compound member " + member + " is not an object reference");
    }

    /**
     * Row {@code row} boxed, for display and tests: a plain 1-D column gives a Double, Long, Boolean, String
     * (references as paths) or a Map (compound); ragged or multi-dimensional columns give a List of those.
     */
    public Object get(int row) {
        long s = start(row);
        long e = end(row);
        long w = rowWidth();
        if (!isRagged() && dataShape.length <= 1) {
            return element(s);
        }
        List<Object> out = new ArrayList<>();
        for (long i = s * w; i < e * w; i++) {
            out.add(element(i));
        }
        return out;
    }

    private Object element(long i) {
        return switch (kind) {
            case DOUBLE -> getDouble(i);
            case LONG -> getLong(i);
            case BOOL -> getBoolean(i);
            case STRING -> getString(i);
            case REFERENCE -> getReference(i);
            case COMPOUND -> {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                for (Map.Entry<String, Object> e : compound().entrySet()) {
                    m.put(e.getKey(), e.getValue() instanceof long[] ? getReference(i, e.getKey()) : getLong(i, e.getKey()));
                }
                yield m;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> compound() {
        if (kind != Kind.COMPOUND) {
            throw wrongKind("compound values");
        }
        return (Map<String, Object>) decoded();
    }

    private Object compoundMember(String member) {
        Object v = compound().get(member);
        if (v == null) {
            throw f.error(path, "compound has no member " + member);
        }
        return v;
    }

    /** A column read as what it is not (e.g. start times stored as text): bad input naming the column and its type. */
    private NwbException wrongKind(String expected) {
        return f.error(path, "holds " + describeKind() + ", expected " + expected);
    }

    private String describeKind() {
        return switch (kind) {
            case DOUBLE -> "floating-point numbers";
            case LONG -> "integers";
            case BOOL -> "booleans";
            case STRING -> "text (HDF5 strings)";
            case REFERENCE -> "object references";
            case COMPOUND -> "compound values";
        };
    }

    /**
     * Strings, references and compounds: decoded whole by jhdf on first use (metadata-sized columns). Text
     * must be valid UTF-8 (or ASCII): jhdf decodes bad bytes as U+FFFD, which would reach outputs silently.
     */
    private Object decoded() {
        Object d = decoded;
        if (d == null) {
            Object data = f.guard(path, () -> dataShape.length <= 1 ? ds().getData() : ds().getDataFlat());
            if (data == null) {
                throw f.error(path, "data never written (undefined address)");
            }
            if (data instanceof String s) {
                data = new String[] {s};
            }
            long elements = 1;
            for (long dim : dataShape) {
                elements *= dim;
            }
            switch (kind) {
                case STRING -> {
                    if (!(data instanceof String[] strings)) {
                        throw f.error(path, "unexpected text encoding " + data.getClass().getSimpleName());
                    }
                    checkText(strings);
                }
                case REFERENCE -> {
                    if (!(data instanceof long[])) {
                        throw f.error(path, "unexpected reference encoding " + data.getClass().getSimpleName());
                    }
                }
                default -> {
                    // compounds: checked member by member when read
                }
            }
            if (data.getClass().isArray() && java.lang.reflect.Array.getLength(data) != elements) {
                throw f.error(path, "decodes to " + java.lang.reflect.Array.getLength(data) + " values but its shape "
                        + Arrays.toString(dataShape) + " holds " + elements);
            }
            decoded = d = data;
        }
        return d;
    }

    private void checkText(String[] strings) {
        for (int i = 0; i < strings.length; i++) {
            String s = strings[i];
            if (s != null && s.indexOf('\uFFFD') >= 0) {
                String where = isRagged() ? "element " + i : dataShape.length > 1 ? "value " + i : "row " + i;
                throw f.error(path, where + ": invalid UTF-8 text (bytes that decode to U+FFFD): \""
                        + s.replace("\n", "\\n").replace("\uFFFD", "\\uFFFD") + "\"");
            }
        }
    }

    private String resolveReference(long address) {
        return referencePaths.computeIfAbsent(address, a -> f.pathOf(path, a));
    }
}
