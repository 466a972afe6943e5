package org.ragtime.io;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ragtime.io.table.NwbTable;
import org.ragtime.io.table.RowSlice;
import org.ragtime.io.table.TableColumn;
import org.ragtime.io.table.Values;

/**
 * Reads an hdmf DynamicTable into an {@link NwbTable} through {@link DynamicTable} and {@link VectorData} (the one
 * reader): only the columns asked for, and of those only the data rows the selected table rows own.
 */
final class TableReader {
    private final Hdf5File f;

    TableReader(Hdf5File f) {
        this.f = f;
    }

    /**
     * Every DynamicTable of the file (a group with a {@code colnames} attribute and an {@code id} dataset), by path,
     * in the file's order, depth first; links are not followed and no group is entered twice.
     */
    List<String> tables() {
        List<String> out = new ArrayList<>();
        Set<Long> visited = new HashSet<>();
        f.guard("/", () -> {
            visited.add(f.hdf.getAddress());
            walk(f.hdf, "", out, visited, 0);
            return null;
        });
        return out;
    }

    private void walk(Group g, String prefix, List<String> out, Set<Long> visited, int depth) {
        if (depth > 64) {
            return;
        }
        for (Map.Entry<String, Node> e : g.getChildren().entrySet()) {
            Node n = e.getValue();
            if (n.isLink() || !(n instanceof Group child) || !visited.add(child.getAddress())) {
                continue;
            }
            String p = prefix + "/" + e.getKey();
            if (child.getAttributes().containsKey("colnames") && child.getChildren().get("id") instanceof Dataset) {
                out.add(p);
            }
            walk(child, p, out, visited, depth + 1);
        }
    }

    NwbTable read(String path, List<String> wanted, RowSlice rows) {
        String p = Hdf5File.normalize(path);
        requireTable(p);
        DynamicTable t = new DynamicTable(f, p);
        List<String> names = t.columnNames();
        boolean all = wanted.isEmpty();
        Set<String> asked = new LinkedHashSet<>(wanted);
        asked.remove("id");
        for (String a : asked) {
            if (!names.contains(a)) {
                throw f.error(p, "no column '" + a + "'; its columns: id" + (names.isEmpty() ? "" : ", " + String.join(", ", names)));
            }
        }
        int n = Math.toIntExact(t.rowCount());
        int from = rows.from(n);
        int to = rows.to(n);
        List<TableColumn> cols = new ArrayList<>();
        long[] ids = t.ids();
        cols.add(new TableColumn("id", TableColumn.Role.ID,
                new Values.Ints(java.util.Arrays.copyOfRange(ids, from, to), f.numeric(p + "/id").type()),
                List.of(), new long[0], Optional.empty()));
        for (String name : names) {
            if (all || asked.contains(name)) {
                cols.add(column(t, name, from, to));
            }
        }
        String type = f.attribute(p, "neurodata_type") instanceof String s ? s : "";
        return new NwbTable(f.file, p, type, from, to - from, cols);
    }

    /** Refuses a path that is not a DynamicTable, saying what is there and listing the file's tables. */
    private void requireTable(String p) {
        Node n = f.find(p, true);
        String what;
        if (n == null) {
            what = "nothing there";
        } else if (n instanceof Dataset) {
            what = "is a dataset, not a DynamicTable";
        } else if (n instanceof Group g && f.guard(p, () -> g.getChildren().get("id")) instanceof Dataset) {
            return;
        } else {
            Object type = f.attribute(p, "neurodata_type");
            what = "is a group" + (type instanceof String s ? " of type " + s : "") + ", not a DynamicTable (no id dataset)";
        }
        List<String> all = tables();
        throw f.error(p, what + "; the file's tables: " + (all.isEmpty() ? "none" : String.join(", ", all)));
    }

    private TableColumn column(DynamicTable t, String name, int from, int to) {
        VectorData v = t.column(name);
        long[] shape = v.dataShape();
        long[] cell = shape.length <= 1 ? new long[0] : java.util.Arrays.copyOfRange(shape, 1, shape.length);
        // the selected rows' offsets at every level, rebased to 0, and the data rows they own
        List<long[]> offsets = new ArrayList<>();
        long lo = from;
        long hi = to;
        for (int level = 0; level < v.depth(); level++) {
            long[] o = v.offsets(level);
            long[] sel = new long[Math.toIntExact(hi - lo + 1)];
            long base = o[(int) lo];
            for (int i = 0; i < sel.length; i++) {
                sel[i] = o[(int) lo + i] - base;
            }
            offsets.add(sel);
            lo = base;
            hi = o[(int) hi];
        }
        long w = v.rowWidth();
        Optional<String> region = v.regionTable();
        String elements = f.referencePath(v.path(), f.attribute(v.path(), "elements"));
        Values values;
        TableColumn.Role role;
        if (region.isPresent()) {
            role = TableColumn.Role.REGION;
            values = regionIds(v, region.get(), lo * w, hi * w);
        } else if (elements != null) {
            role = TableColumn.Role.ENUM;
            values = enumValues(v, elements, lo * w, hi * w);
        } else {
            role = TableColumn.Role.DATA;
            values = flat(v, lo * w, hi * w);
        }
        return new TableColumn(name, role, values, offsets, cell, region);
    }

    /** Elements {@code [a, b)} of a column, typed as stored. */
    private Values flat(VectorData v, long a, long b) {
        int n = Math.toIntExact(b - a);
        return switch (v.kind()) {
            case DOUBLE -> {
                NumericArray arr = v.array();
                double[] out = new double[n];
                if (arr.type() == NumericArray.Type.FLOAT64) {
                    MemorySegment.copy(arr.segment(), ValueLayout.JAVA_DOUBLE_UNALIGNED, a * 8, out, 0, n);
                } else {
                    for (int i = 0; i < n; i++) {
                        out[i] = arr.getDouble(a + i);
                    }
                }
                yield new Values.Floats(out, arr.type());
            }
            case LONG -> {
                NumericArray arr = v.array();
                long[] out = new long[n];
                if (arr.type() == NumericArray.Type.INT64 || arr.type() == NumericArray.Type.UINT64) {
                    MemorySegment.copy(arr.segment(), ValueLayout.JAVA_LONG_UNALIGNED, a * 8, out, 0, n);
                } else {
                    for (int i = 0; i < n; i++) {
                        out[i] = arr.getLong(a + i);
                    }
                }
                yield new Values.Ints(out, arr.type());
            }
            case BOOL -> {
                boolean[] out = new boolean[n];
                for (int i = 0; i < n; i++) {
                    out[i] = v.getBoolean(a + i);
                }
                yield new Values.Bools(out);
            }
            case STRING -> {
                String[] out = new String[n];
                for (int i = 0; i < n; i++) {
                    out[i] = v.getString(a + i);
                }
                yield new Values.Texts(out);
            }
            case REFERENCE -> {
                String[] out = new String[n];
                for (int i = 0; i < n; i++) {
                    out[i] = v.getReference(a + i);
                }
                yield new Values.Texts(out);
            }
            case COMPOUND -> {
                List<String> members = v.members();
                List<Values> fields = new ArrayList<>();
                for (String m : members) {
                    fields.add(switch (v.memberKind(m)) {
                        case LONG -> {
                            long[] out = new long[n];
                            for (int i = 0; i < n; i++) {
                                out[i] = v.getLong(a + i, m);
                            }
                            yield new Values.Ints(out, NumericArray.Type.INT64);
                        }
                        case DOUBLE -> {
                            double[] out = new double[n];
                            for (int i = 0; i < n; i++) {
                                out[i] = v.getDouble(a + i, m);
                            }
                            yield new Values.Floats(out, NumericArray.Type.FLOAT64);
                        }
                        case STRING -> {
                            String[] out = new String[n];
                            for (int i = 0; i < n; i++) {
                                out[i] = v.getString(a + i, m);
                            }
                            yield new Values.Texts(out);
                        }
                        default -> {
                            String[] out = new String[n];
                            for (int i = 0; i < n; i++) {
                                out[i] = v.getReference(a + i, m);
                            }
                            yield new Values.Texts(out);
                        }
                    });
                }
                yield new Values.Records(members, fields);
            }
        };
    }

    /** A DynamicTableRegion's row positions {@code [a, b)} as the referenced rows' ids. */
    private Values regionIds(VectorData v, String target, long a, long b) {
        if (v.kind() != VectorData.Kind.LONG) {
            throw f.error(v.path(), "a DynamicTableRegion must hold integers, found " + v.kind());
        }
        DynamicTable t = new DynamicTable(f, target);
        long[] targetIds = t.ids();
        NumericArray arr = v.array();
        long[] out = new long[Math.toIntExact(b - a)];
        for (int i = 0; i < out.length; i++) {
            long pos = arr.getLong(a + i);
            if (pos < 0 || pos >= targetIds.length || arr.type() == NumericArray.Type.UINT64 && pos < 0) {
                throw f.error(v.path(), "element " + (a + i) + " refers to row " + Long.toUnsignedString(pos) + " of "
                        + target + ", which has " + targetIds.length + " rows");
            }
            out[i] = targetIds[(int) pos];
        }
        return new Values.Ints(out, f.numeric(target + "/id").type());
    }

    /** An hdmf EnumData's codes {@code [a, b)} as the values of its {@code elements} dataset. */
    private Values enumValues(VectorData v, String elementsPath, long a, long b) {
        if (v.kind() != VectorData.Kind.LONG) {
            throw f.error(v.path(), "an EnumData must hold integer codes, found " + v.kind());
        }
        int slash = elementsPath.lastIndexOf('/');
        long[] shape = f.dims(f.dataset(elementsPath), elementsPath);
        if (shape.length != 1) {
            throw f.error(elementsPath, "EnumData elements must be 1-D, found shape " + java.util.Arrays.toString(shape));
        }
        VectorData el = new VectorData(f, elementsPath.substring(0, slash), elementsPath.substring(slash + 1), shape[0]);
        Values all = flat(el, 0, shape[0]);
        NumericArray codes = v.array();
        int[] idx = new int[Math.toIntExact(b - a)];
        for (int i = 0; i < idx.length; i++) {
            long c = codes.getLong(a + i);
            if (c < 0 || c >= shape[0]) {
                throw f.error(v.path(), "element " + (a + i) + " is code " + Long.toUnsignedString(c) + " but "
                        + elementsPath + " holds " + shape[0] + " elements");
            }
            idx[i] = (int) c;
        }
        return gather(all, idx);
    }

    private static Values gather(Values all, int[] idx) {
        return switch (all) {
            case Values.Ints x -> {
                long[] o = new long[idx.length];
                for (int i = 0; i < idx.length; i++) {
                    o[i] = x.values()[idx[i]];
                }
                yield new Values.Ints(o, x.type());
            }
            case Values.Floats x -> {
                double[] o = new double[idx.length];
                for (int i = 0; i < idx.length; i++) {
                    o[i] = x.values()[idx[i]];
                }
                yield new Values.Floats(o, x.type());
            }
            case Values.Bools x -> {
                boolean[] o = new boolean[idx.length];
                for (int i = 0; i < idx.length; i++) {
                    o[i] = x.values()[idx[i]];
                }
                yield new Values.Bools(o);
            }
            case Values.Texts x -> {
                String[] o = new String[idx.length];
                for (int i = 0; i < idx.length; i++) {
                    o[i] = x.values()[idx[i]];
                }
                yield new Values.Texts(o);
            }
            case Values.Records x -> {
                List<Values> fields = new ArrayList<>();
                for (Values m : x.fields()) {
                    fields.add(gather(m, idx));
                }
                yield new Values.Records(x.names(), fields);
            }
        };
    }
}
