package org.ragtime.io;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.ragtime.engine.KernelProvider;

/**
 * An open NWB 2 file: units, electrodes, interval tables, ophys traces and raw access to any table or
 * numeric dataset. Opening checks the file (HDF5 signature, superblock end-of-file address against the
 * file size, NWB 2 version) and maps it read-only; it reads nothing beyond structure. Data are read when
 * a caller asks for them, and numeric data are slices of the mapping (or, for chunked datasets, decoded
 * once into off-heap memory the session owns).
 *
 * <p>Structure access (tables, columns, paths) is meant for one thread at a time; the segments it hands
 * out may be read from any thread until {@link #close()}, which unmaps them.
 */
public final class Session implements AutoCloseable {
    private static final String UNITS = "/units";
    private static final String ELECTRODES = "/general/extracellular_ephys/electrodes";
    private static final String INTERVALS = "/intervals";
    private static final String PROCESSING = "/processing";

    private final Hdf5File f;
    private final String nwbVersion;
    private volatile Units units;

    private Session(Hdf5File f) {
        this.f = f;
        this.nwbVersion = readVersion();
    }

    /**
     * Opens an NWB 2 file; chunked datasets are decoded on {@link KernelProvider#defaultThreads()} threads.
     *
     * @throws NwbException if the file is missing, empty, not HDF5, truncated, corrupt, or not NWB 2
     */
    public static Session open(Path file) {
        return open(file, KernelProvider.defaultThreads());
    }

    /**
     * Opens an NWB 2 file whose chunked datasets are decoded on {@code threads} threads (1: on the calling
     * thread); the arrays read do not depend on it.
     *
     * @throws NwbException if the file is missing, empty, not HDF5, truncated, corrupt, or not NWB 2
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static Session open(Path file, int threads) {
        Hdf5File f = Hdf5File.open(file, threads);
        try {
            return new Session(f);
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    private String readVersion() {
        Object v = f.attribute("/", "nwb_version");
        if (v instanceof String[] a && a.length == 1) {
            v = a[0];
        }
        if (v instanceof String s && !s.isBlank()) {
            if (s.startsWith("1.") || s.startsWith("NWB-1")) {
                throw f.error("/", "NWB " + s + " file: Ragtime reads NWB 2 only");
            }
            return s;
        }
        if (f.find("/nwb_version") instanceof Dataset) {
            String old = stringValue("/nwb_version").orElse("1.x");
            throw f.error("/nwb_version", "NWB 1 file (" + old + "): Ragtime reads NWB 2 only");
        }
        throw f.error("/", "not an NWB file (no nwb_version attribute on the root group)");
    }

    /** The file this session reads. */
    public Path file() {
        return f.file;
    }

    /** The root's {@code nwb_version} attribute, e.g. {@code "2.6.0"}. */
    public String nwbVersion() {
        return nwbVersion;
    }

    /** True if the file has a {@code /units} group. */
    public boolean hasUnits() {
        return f.find(UNITS) instanceof Group;
    }

    /**
     * The units table with validated spike-time index.
     *
     * @throws NwbException if {@code /units} or its spike times are missing or malformed
     */
    public Units units() {
        Units u = units;
        if (u == null) {
            units = u = new Units(f, table(UNITS));
        }
        return u;
    }

    /** The electrodes table ({@code /general/extracellular_ephys/electrodes}), if present. */
    public Optional<DynamicTable> electrodes() {
        return f.find(ELECTRODES) instanceof Group ? Optional.of(table(ELECTRODES)) : Optional.empty();
    }

    /** Every DynamicTable directly under {@code /intervals} (trials, epochs, presentations, ...), by name, sorted. */
    public Map<String, DynamicTable> intervals() {
        Map<String, DynamicTable> out = new TreeMap<>();
        if (f.find(INTERVALS) instanceof Group g) {
            for (String name : f.guard(INTERVALS, () -> List.copyOf(g.getChildren().keySet()))) {
                String p = INTERVALS + "/" + name;
                if (f.find(p) instanceof Group && f.find(p + "/id") instanceof Dataset) {
                    out.put(name, table(p));
                }
            }
        }
        return out;
    }

    /**
     * Every ophys trace series under {@code /processing} (any group with {@code data} and a {@code rois}
     * region), sorted by path.
     */
    public List<TraceInfo> traces() {
        List<TraceInfo> out = new ArrayList<>();
        if (f.find(PROCESSING) instanceof Group g) {
            java.util.Set<Long> visited = new java.util.HashSet<>();
            visited.add(f.guard("/", f.hdf::getAddress));
            visited.add(f.guard(PROCESSING, g::getAddress));
            collectTraces(g, PROCESSING, out, 0, visited);
        }
        out.sort(Comparator.comparing(TraceInfo::path));
        return out;
    }

    /**
     * Depth-first; {@code visited} holds the address of every group entered, so a group reached twice (an HDF5
     * hard link to an ancestor makes a cycle; two hard links to one group make a diamond) is entered once.
     */
    private void collectTraces(Group g, String path, List<TraceInfo> out, int depth, java.util.Set<Long> visited) {
        if (depth > 32) {
            return;
        }
        Map<String, Node> children = f.guard(path, g::getChildren);
        if (children.get("data") instanceof Dataset && children.containsKey("rois")) {
            out.add(trace(path));
            return;
        }
        for (Map.Entry<String, Node> e : children.entrySet()) {
            // links are not followed: a linked group is listed where it is defined
            String p = path + "/" + e.getKey();
            if (e.getValue() instanceof Group child && !e.getValue().isLink() && visited.add(f.guard(p, child::getAddress))) {
                collectTraces(child, p, out, depth + 1, visited);
            }
        }
    }

    private TraceInfo trace(String path) {
        long[] shape = f.dims(f.dataset(path + "/data"), path + "/data");
        String roisPath = path + "/rois";
        long[] roisShape = f.dims(f.dataset(roisPath), roisPath);
        long rois = roisShape.length == 0 ? 1 : roisShape[0];
        String roisTable = f.referencePath(roisPath, f.attribute(roisPath, "table"));
        if (roisTable == null) {
            throw f.error(roisPath, "no table attribute (not a DynamicTableRegion)");
        }
        Optional<String> timestamps = Optional.empty();
        OptionalDouble start = OptionalDouble.empty();
        OptionalDouble rate = OptionalDouble.empty();
        long samples;
        if (f.find(path + "/timestamps") instanceof Dataset ts) {
            timestamps = Optional.of(f.guard(path + "/timestamps", ts::getPath));
            long[] d = f.dims(ts, path + "/timestamps");
            samples = d.length == 0 ? 1 : d[0];
        } else if (f.find(path + "/starting_time") instanceof Dataset) {
            start = OptionalDouble.of(f.numeric(path + "/starting_time").getDouble(0));
            rate = numberAttribute(path + "/starting_time", "rate");
            samples = -1;
        } else {
            throw f.error(path, "neither timestamps nor starting_time");
        }
        String type = stringAttribute(path, "neurodata_type").orElse("");
        return new TraceInfo(path, type, shape, orientation(path, shape, samples, rois), timestamps, start, rate,
                roisTable, rois);
    }

    private TraceInfo.Orientation orientation(String path, long[] shape, long samples, long rois) {
        TraceInfo.Orientation o = TraceInfo.Orientation.detect(shape, samples, rois);
        if (o == null) {
            throw f.error(path + "/data", "shape " + java.util.Arrays.toString(shape) + " matches neither (" + (samples < 0
                    ? "time" : samples) + ", " + rois + " rois) nor its transpose");
        }
        return o;
    }

    /** The DynamicTable at {@code path}. */
    public DynamicTable table(String path) {
        return new DynamicTable(f, path);
    }

    /**
     * The DynamicTable at {@code path} (leading slash optional) as a value with typed columns: {@code columns} empty
     * for all, else those (shown in {@code colnames} order), and the rows of {@code rows}. See {@link
     * org.ragtime.io.table.NwbTable}.
     *
     * @throws NwbException if {@code path} is not a DynamicTable (naming what it is and listing the file's tables),
     *         a column is unknown (listing the table's columns) or malformed
     */
    public org.ragtime.io.table.NwbTable readTable(String path, List<String> columns, org.ragtime.io.table.RowSlice rows) {
        return new TableReader(f).read(path, columns, rows);
    }

    /**
     * The paths of every DynamicTable in the file (a group with a {@code colnames} attribute and an {@code id}
     * dataset; links not followed), depth first in the file's order.
     */
    public List<String> tables() {
        return new TableReader(f).tables();
    }

    /** The numeric dataset at {@code path} (soft links followed): mapped when contiguous, else decoded off-heap. */
    public NumericArray array(String path) {
        return f.numeric(path);
    }

    /** True if a group or dataset exists at {@code path} (soft links followed; a broken soft link leads nowhere: false). */
    public boolean exists(String path) {
        return f.find(path, true) != null;
    }

    /** A string attribute (a one-element string array counts), or empty if absent or not a string. */
    public Optional<String> stringAttribute(String path, String name) {
        Object v = f.attribute(path, name);
        if (v instanceof String[] a && a.length == 1) {
            v = a[0];
        }
        return v instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** A numeric scalar attribute (a one-element array counts), or empty if absent or not a number. */
    public OptionalDouble numberAttribute(String path, String name) {
        Object v = f.attribute(path, name);
        if (v != null && v.getClass().isArray() && java.lang.reflect.Array.getLength(v) == 1) {
            v = java.lang.reflect.Array.get(v, 0);
        }
        return v instanceof Number n ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty();
    }

    /** A scalar (or one-element) string dataset such as {@code /identifier}, or empty if absent or not a string. */
    public Optional<String> stringValue(String path) {
        if (!(f.find(path) instanceof Dataset ds)) {
            return Optional.empty();
        }
        Object v = f.guard(Hdf5File.normalize(path), ds::getData);
        if (v instanceof String[] a && a.length == 1) {
            v = a[0];
        }
        return v instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** Unmaps the file: every segment this session handed out becomes inaccessible. */
    @Override
    public void close() {
        f.close();
    }

    @Override
    public String toString() {
        return f.file + " (NWB " + nwbVersion + ")";
    }
}
