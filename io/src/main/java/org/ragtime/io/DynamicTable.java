package org.ragtime.io;

import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An hdmf DynamicTable (units, electrodes, trials, presentations, plane segmentations, ...): row ids
 * from {@code id}, columns in {@code colnames} order. Opening a table reads only its structure; ids and
 * columns are read when first asked for, and a column's indices are validated then.
 */
public final class DynamicTable {
    private final Hdf5File f;
    private final String path;
    private final long rowCount;
    private final List<String> columnNames;
    private final Map<String, VectorData> columns = new ConcurrentHashMap<>();
    private volatile long[] ids;

    DynamicTable(Hdf5File f, String path) {
        this.f = f;
        this.path = Hdf5File.normalize(path);
        f.group(this.path);
        if (!(f.find(this.path + "/id") instanceof Dataset id)) {
            throw f.error(this.path, "not a DynamicTable (no id dataset)");
        }
        long[] dims = f.dims(id, this.path + "/id");
        if (dims.length != 1) {
            throw f.error(this.path + "/id", "must be 1-D, has shape " + Arrays.toString(dims));
        }
        this.rowCount = dims[0];
        if (rowCount > Integer.MAX_VALUE - 8) {
            throw f.error(this.path + "/id", rowCount + " rows is more than Ragtime supports");
        }
        this.columnNames = readColumnNames();
    }

    private List<String> readColumnNames() {
        Object names = f.attribute(path, "colnames");
        if (names instanceof String s) {
            return List.of(s);
        }
        if (names instanceof String[] a) {
            return List.of(a);
        }
        // no colnames (very old files): every dataset except id and the indices
        List<String> out = new ArrayList<>();
        Map<String, Node> children = f.guard(path, () -> f.group(path).getChildren());
        for (Map.Entry<String, Node> e : children.entrySet()) {
            String n = e.getKey();
            if (!n.equals("id") && !n.endsWith("_index") && f.find(path + "/" + n) instanceof Dataset) {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }

    /** HDF5 path of the table's group. */
    public String path() {
        return path;
    }

    /** The table's name (last path element). */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Number of rows (length of {@code id}; no data read). */
    public long rowCount() {
        return rowCount;
    }

    /** Row ids as stored in {@code id} (any integer width). Shared array: do not modify. */
    public long[] ids() {
        long[] i = ids;
        if (i == null) {
            NumericArray a = f.numeric(path + "/id");
            if (a.type().isFloating()) {
                throw f.error(path + "/id", "ids must be integers, found " + a.type());
            }
            ids = i = a.toLongArray();
        }
        return i;
    }

    /** Column names in {@code colnames} order (indices not included). */
    public List<String> columnNames() {
        return columnNames;
    }

    /** True if the table has a column (listed in colnames or present as a dataset) of that name. */
    public boolean has(String name) {
        return columnNames.contains(name) || (!name.contains("/") && f.find(path + "/" + name) instanceof Dataset);
    }

    /** The named column, its indices read and validated on first access. */
    public VectorData column(String name) {
        VectorData c = columns.get(name);
        if (c == null) {
            if (!has(name)) {
                throw f.error(path + "/" + name, "missing column");
            }
            try {
                c = new VectorData(f, path, name, rowCount);
            } catch (NwbException e) {
                throw e;
            } catch (RuntimeException | OutOfMemoryError e) {
                // a datatype or index that jhdf parsed without complaint but that makes no sense (or is too large)
                throw new NwbException(f.file, path + "/" + name, "corrupt column (" + Hdf5File.describe(e) + ")", e);
            }
            columns.putIfAbsent(name, c);
        }
        return c;
    }

    /** The value of a string attribute of the table (e.g. {@code neurodata_type}, {@code description}), or null. */
    public String attribute(String name) {
        return f.attribute(path, name) instanceof String s ? s : null;
    }

    @Override
    public String toString() {
        return path + " (" + rowCount + " rows, " + columnNames.size() + " columns)";
    }
}
