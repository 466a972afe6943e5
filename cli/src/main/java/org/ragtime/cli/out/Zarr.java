package org.ragtime.cli.out;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ragtime.engine.codec.Zlib;
import org.ragtime.engine.table.Column;
import org.ragtime.engine.table.DoubleColumn;
import org.ragtime.engine.table.LongColumn;
import org.ragtime.engine.table.StringColumn;
import org.ragtime.engine.table.Table;
import org.ragtime.io.LabelledArray;
import org.ragtime.io.LabelledArray.Dtype;

/**
 * Ragtime's Zarr v2 writer: a {@link LabelledArray} (or a numeric table) as a directory store that
 * {@code xarray.open_zarr(path)} opens with no arguments as a Dataset, with consolidated metadata.
 *
 * <p>Hand-written because no well-kept Java Zarr writer is on Maven Central without foreign repositories
 * (zarr-java and jzarr need Unidata's netCDF jars); it writes only what Ragtime needs, by these rules:
 * <ul>
 * <li>Zarr storage specification version 2 (https://zarr.readthedocs.io/en/stable/spec/v2.html): a group is a
 * directory with {@code .zgroup} ({@code {"zarr_format": 2}}) and {@code .zattrs}; each array is a directory with
 * {@code .zarray} (shape, chunks, dtype as a NumPy type string, compressor, fill_value, order "C", filters,
 * zarr_format 2, dimension_separator ".") and {@code .zattrs}; a chunk is the file named by its grid indices joined
 * with "." ({@code 3.0.0}), holding the chunk's C-order bytes, compressed; every chunk, edge chunks too, is encoded
 * at the full chunk shape (the part past the array's end is padding that readers ignore).</li>
 * <li>Consolidated metadata (zarr-python's {@code consolidate_metadata}): {@code .zmetadata} holds
 * {@code {"metadata": {key: the JSON of every .zgroup/.zattrs/.zarray}, "zarr_consolidated_format": 1}}.</li>
 * <li>Compressor {@code {"id": "blosc", "cname": "lz4", "clevel": 5, "shuffle": 1, "blocksize": 0}} (numcodecs' Blosc
 * codec, zarr-python's default) through the system's libblosc ({@link Blosc}) where it is installed: its LZ4 decodes
 * several times faster than zlib, which is what makes a large table quicker to load than its CSV. Otherwise (or with
 * {@code -Dragtime.zarr.codec=zlib}) {@code {"id": "zlib", "level": 2}}: numcodecs' Zlib codec, a complete zlib
 * stream (RFC 1950) per chunk, written with {@link Zlib#best()} (libdeflate, or java.util.zip with a notice).</li>
 * <li>xarray's Zarr conventions (xarray.backends.zarr): each array's {@code .zattrs} has {@code _ARRAY_DIMENSIONS},
 * its dimension names; a 1-D array named as its dimension is that dimension's coordinate; the data variable's
 * {@code coordinates} attribute (CF, space-separated) names the extra coordinates, so xarray makes them
 * coordinates rather than data variables.</li>
 * <li>{@code fill_value} is null for every array: zarr-python 2 turns a non-null fill value into xarray's
 * {@code _FillValue}, and xarray's mask_and_scale would then turn every element equal to it into NaN (a zero count
 * would become NaN and a uint16 cube float). With null, no value is masked and dtypes stay as written; every chunk
 * is written, so no chunk is ever read as "missing".</li>
 * <li>Time coordinates stay float64 seconds with a {@code long_name} and no {@code units} attribute (xarray's CF
 * decoding would turn "seconds" into timedelta64).</li>
 * </ul>
 *
 * <p>Copies: an array's chunks are slabs along its first dimension (whole rows, about {@link #CHUNK_BYTES} each), so
 * each chunk is a contiguous run of the C-order result and is compressed straight from the memory the kernels wrote
 * ({@link #memory}); only the last chunk, when it is partial, is first copied into a zero-padded buffer of the full
 * chunk size. A table's columns (which may be row-indirected views) are gathered chunk by chunk into a per-thread
 * buffer. Chunks are compressed and written by {@code threads} threads.
 */
public final class Zarr {
    /** Uncompressed bytes per chunk the writer aims at (at least one row of the first dimension). */
    static final long CHUNK_BYTES = 4L << 20;
    /**
     * numcodecs zlib level 2: on a config-A counts cube libdeflate's level 2 ran about a third faster than its level 1
     * (whose different match finder suits sparse counts less) at the same size, 16x smaller than the raw cube.
     */
    static final int LEVEL = 2;
    /** The dimension of a table's columns. */
    public static final String ROW = "row";

    private Zarr() {
    }

    /**
     * Memory for a result that will be written as a Zarr store: off-heap in {@code arena} (zeroed), one block the
     * kernels write into and the chunks are compressed from. Asked again (a count widened), it allocates anew;
     * the arena frees both.
     */
    public static LabelledArray.Memory memory(Arena arena) {
        return (dtype, shape) -> {
            long n = 1;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return arena.allocate(Math.multiplyExact(n, (long) dtype.bytes()), 8);
        };
    }

    /**
     * Writes {@code a} into the (existing, empty) directory {@code store}: the data variable {@code name} with
     * {@code attrs} (after {@code _ARRAY_DIMENSIONS} and {@code coordinates}), one coordinate array per dimension and
     * per extra coordinate, {@code .zgroup}, {@code .zattrs} (empty) and {@code .zmetadata}.
     */
    public static void writeArray(Path store, String name, LabelledArray a, Map<String, Object> attrs, int threads) {
        writeArray(store, name, a, attrs, threads, CHUNK_BYTES);
    }

    /** As {@link #writeArray(Path, String, LabelledArray, Map, int)} with chunks of about {@code chunkBytes} (tests). */
    static void writeArray(Path store, String name, LabelledArray a, Map<String, Object> attrs, int threads, long chunkBytes) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(".zgroup", Map.of("zarr_format", 2));
        meta.put(".zattrs", Map.of());
        Map<String, Object> varAttrs = new LinkedHashMap<>();
        varAttrs.put("_ARRAY_DIMENSIONS", a.dims());
        if (!a.extraCoords().isEmpty()) {
            varAttrs.put("coordinates", String.join(" ", a.extraCoords().keySet()));
        }
        varAttrs.putAll(attrs);
        write(store, name, a.data(), a.dtype().descr(), a.dtype().bytes(), a.shape(), varAttrs, meta, threads, chunkBytes);
        for (Map.Entry<String, Object> c : a.coords().entrySet()) {
            coordinate(store, c.getKey(), c.getKey(), c.getValue(), meta);
        }
        for (Map.Entry<String, LabelledArray.Coordinate> c : a.extraCoords().entrySet()) {
            coordinate(store, c.getKey(), c.getValue().dim(), c.getValue().values(), meta);
        }
        finish(store, meta);
    }

    /**
     * Writes a table of integer, float and text columns into the (existing, empty) directory {@code store}: one 1-D
     * variable per column (int64, float64 with NaN kept, or fixed-width unicode with "" for a missing value) along the dimension {@link #ROW}, which has no coordinate,
     * so {@code xarray.open_zarr(store).to_dataframe()} gives the table with a RangeIndex named "row" (columns in
     * xarray's order: alphabetical). {@code attrs} go on the dataset, with the column order as {@code columns}.
     */
    public static void writeTable(Path store, Table t, Map<String, Object> attrs, int threads) {
        writeTable(store, t, attrs, threads, CHUNK_BYTES);
    }

    /** As {@link #writeTable(Path, Table, Map, int)} with chunks of about {@code chunkBytes} (tests). */
    static void writeTable(Path store, Table t, Map<String, Object> attrs, int threads, long chunkBytes) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(".zgroup", Map.of("zarr_format", 2));
        Map<String, Object> groupAttrs = new LinkedHashMap<>();
        groupAttrs.put("columns", t.columnNames());
        groupAttrs.putAll(attrs);
        meta.put(".zattrs", groupAttrs);
        long rows = t.rowCount();
        for (Column c : t.columns()) {
            Map<String, Object> colAttrs = new LinkedHashMap<>();
            colAttrs.put("_ARRAY_DIMENSIONS", List.of(ROW));
            String longName = longName(c.name());
            if (longName != null) {
                colAttrs.put("long_name", longName);
            }
            if (c instanceof StringColumn text) { // fixed-width unicode, as a string coordinate is written
                String[] v = new String[Math.toIntExact(rows)];
                for (int r = 0; r < v.length; r++) {
                    v[r] = text.isNull(r) ? null : text.get(r);
                }
                coordinate(store, c.name(), ROW, v, meta);
                continue;
            }
            Source src = switch (c) {
                case LongColumn l -> (row, buf, at) -> buf.set(ValueLayout.JAVA_LONG_UNALIGNED, at, l.get(row));
                case DoubleColumn d -> (row, buf, at) -> buf.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, at, d.get(row));
                default -> throw new IllegalArgumentException("column " + c.name() + " is not numeric");
            };
            String descr = c instanceof LongColumn ? Dtype.INT64.descr() : Dtype.FLOAT64.descr();
            writeGathered(store, c.name(), src, descr, rows, colAttrs, meta, threads, chunkBytes);
        }
        finish(store, meta);
    }

    /** The long_name of a time coordinate or column (seconds, no CF units); null for others. */
    static String longName(String name) {
        return switch (name) {
            case "time_relative_to_stimulus_onset" -> "time relative to stimulus onset (s), bin centre";
            case "bin_start" -> "bin start time (s)";
            case "event_time" -> "event time (s)";
            case "time" -> "time relative to the event (s)";
            case "spike_time" -> "spike time (s)";
            case "time_since_stimulus_presentation_onset" -> "time since stimulus presentation onset (s)";
            default -> null;
        };
    }

    private static void coordinate(Path store, String name, String dim, Object values, Map<String, Object> meta) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("_ARRAY_DIMENSIONS", List.of(dim));
        String longName = longName(name);
        if (longName != null) {
            attrs.put("long_name", longName);
        }
        switch (values) {
            case long[] v -> write(store, name, MemorySegment.ofArray(v), Dtype.INT64.descr(), 8, new long[] {v.length}, attrs, meta, 1, CHUNK_BYTES);
            case double[] v -> write(store, name, MemorySegment.ofArray(v), Dtype.FLOAT64.descr(), 8, new long[] {v.length}, attrs, meta, 1, CHUNK_BYTES);
            case String[] v -> {
                // NumPy's fixed-width unicode: UTF-32LE code points, zero-padded; null (unknown) as ""
                int width = 1;
                for (String s : v) {
                    width = Math.max(width, s == null ? 0 : s.codePointCount(0, s.length()));
                }
                MemorySegment seg = MemorySegment.ofArray(new int[v.length * width]);
                for (int i = 0; i < v.length; i++) {
                    if (v[i] != null) {
                        int[] cps = v[i].codePoints().toArray();
                        for (int k = 0; k < cps.length; k++) {
                            seg.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), (long) i * width + k, cps[k]);
                        }
                    }
                }
                write(store, name, seg, "<U" + width, 4 * width, new long[] {v.length}, attrs, meta, 1, CHUNK_BYTES);
            }
            case List<?> l -> coordinate(store, name, dim, fromList(l), meta);
            default -> throw new IllegalArgumentException("coordinate " + name + ": unsupported values " + values.getClass());
        }
    }

    /**
     * A JSON-style list: text (e.g. align's {@code column}) as strings; longs with nulls (e.g. cell_specimen_id) as int64
     * when complete, else float64 with NaN.
     */
    private static Object fromList(List<?> l) {
        if (l.stream().anyMatch(o -> o instanceof String) && l.stream().allMatch(o -> o == null || o instanceof String)) {
            return l.toArray(String[]::new);
        }
        boolean complete = l.stream().allMatch(o -> o instanceof Number);
        if (complete) {
            return l.stream().mapToLong(o -> ((Number) o).longValue()).toArray();
        }
        return l.stream().mapToDouble(o -> o instanceof Number n ? n.doubleValue() : Double.NaN).toArray();
    }

    /** One array from memory in C order: chunks are slabs of whole first-dimension rows. */
    private static void write(Path store, String name, MemorySegment data, String descr, int itemSize, long[] shape,
            Map<String, Object> attrs, Map<String, Object> meta, int threads, long targetBytes) {
        long rowBytes = itemSize;
        for (int d = 1; d < shape.length; d++) {
            rowBytes = Math.multiplyExact(rowBytes, shape[d]);
        }
        long rowsPerChunk = Math.max(1, Math.min(Math.max(1, shape[0]), targetBytes / Math.max(1, rowBytes)));
        long[] chunks = new long[shape.length];
        chunks[0] = rowsPerChunk;
        for (int d = 1; d < shape.length; d++) {
            chunks[d] = Math.max(1, shape[d]);
        }
        Path dir = array(store, name, descr, shape, chunks, attrs, meta);
        long total = rowBytes * shape[0];
        if (total == 0) {
            return; // no elements, no chunks
        }
        long chunkBytes = rowsPerChunk * rowBytes;
        long count = (shape[0] + rowsPerChunk - 1) / rowsPerChunk;
        String suffix = ".0".repeat(shape.length - 1);
        parallel(count, threads, chunkBytes, (k, scratch, padded) -> {
            long off = k * chunkBytes;
            long len = Math.min(chunkBytes, total - off);
            MemorySegment in = data.asSlice(off, len);
            if (len < chunkBytes) { // the edge chunk, stored at full size
                padded.fill((byte) 0);
                MemorySegment.copy(in, 0, padded, 0, len);
                in = padded;
            }
            writeChunk(dir.resolve(k + suffix), in, scratch, itemSize);
        });
    }

    /** Fills a chunk buffer with a table column's values (rows may be an indirected view: gathered one by one). */
    @FunctionalInterface
    private interface Source {
        void put(int row, MemorySegment buf, long at);
    }

    private static void writeGathered(Path store, String name, Source src, String descr, long rows, Map<String, Object> attrs,
            Map<String, Object> meta, int threads, long targetBytes) {
        long rowsPerChunk = Math.max(1, Math.min(Math.max(1, rows), targetBytes / 8));
        Path dir = array(store, name, descr, new long[] {rows}, new long[] {rowsPerChunk}, attrs, meta);
        long count = (rows + rowsPerChunk - 1) / rowsPerChunk;
        parallel(count, threads, rowsPerChunk * 8, (k, scratch, padded) -> {
            long first = k * rowsPerChunk;
            long n = Math.min(rowsPerChunk, rows - first);
            if (n < rowsPerChunk) {
                padded.fill((byte) 0);
            }
            for (long i = 0; i < n; i++) {
                src.put((int) (first + i), padded, i * 8);
            }
            writeChunk(dir.resolve(Long.toString(k)), padded, scratch, 8);
        });
    }

    /** Creates the array's directory with its .zarray and .zattrs, recorded in {@code meta} for .zmetadata. */
    private static Path array(Path store, String name, String descr, long[] shape, long[] chunks, Map<String, Object> attrs,
            Map<String, Object> meta) {
        Map<String, Object> zarray = new LinkedHashMap<>();
        zarray.put("chunks", chunks);
        zarray.put("compressor", compressor());
        zarray.put("dimension_separator", ".");
        zarray.put("dtype", descr);
        zarray.put("fill_value", null);
        zarray.put("filters", null);
        zarray.put("order", "C");
        zarray.put("shape", shape);
        zarray.put("zarr_format", 2);
        Path dir = store.resolve(name);
        try {
            Files.createDirectory(dir);
        } catch (IOException e) {
            throw AtomicOutputs.writeFailed(store, e);
        }
        json(dir.resolve(".zarray"), zarray);
        json(dir.resolve(".zattrs"), attrs);
        meta.put(name + "/.zarray", zarray);
        meta.put(name + "/.zattrs", attrs);
        return dir;
    }

    private static void finish(Path store, Map<String, Object> meta) {
        json(store.resolve(".zgroup"), meta.get(".zgroup"));
        json(store.resolve(".zattrs"), meta.get(".zattrs"));
        Map<String, Object> consolidated = new LinkedHashMap<>();
        consolidated.put("metadata", meta);
        consolidated.put("zarr_consolidated_format", 1);
        json(store.resolve(".zmetadata"), consolidated);
    }

    private static void json(Path file, Object value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Json.write(b, value, true);
        try {
            Files.write(file, b.toByteArray(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw AtomicOutputs.writeFailed(file, e);
        }
    }

    /** The numcodecs configuration of the compressor this writer uses here (see the class comment). */
    static Map<String, Object> compressor() {
        Map<String, Object> c = new LinkedHashMap<>();
        if (Blosc.available()) {
            c.put("id", "blosc");
            c.put("cname", Blosc.CNAME);
            c.put("clevel", Blosc.CLEVEL);
            c.put("shuffle", Blosc.SHUFFLE);
            c.put("blocksize", 0);
        } else {
            c.put("id", "zlib");
            c.put("level", LEVEL);
        }
        return c;
    }

    /** The most a chunk of {@code n} bytes may take compressed, for either compressor. */
    private static long bound(long n) {
        return Math.max(Zlib.maxDeflated(n), Blosc.bound(n));
    }

    /** Compresses {@code in} (elements of {@code itemSize} bytes) into {@code scratch}; writes it as the chunk {@code file}. */
    private static void writeChunk(Path file, MemorySegment in, MemorySegment scratch, int itemSize) {
        long n = Blosc.available() ? Blosc.compress(in, scratch, itemSize) : Zlib.best().deflate(in, scratch, LEVEL);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer b = scratch.asSlice(0, n).asByteBuffer();
            while (b.hasRemaining()) {
                ch.write(b);
            }
        } catch (IOException e) {
            throw AtomicOutputs.writeFailed(file, e);
        }
    }

    @FunctionalInterface
    private interface ChunkTask {
        /** Writes chunk {@code k}, using the thread's {@code scratch} (compressed) and {@code padded} (raw) buffers. */
        void run(long k, MemorySegment scratch, MemorySegment padded);
    }

    /** Runs chunks 0..count-1 on up to {@code threads} threads, each with its own buffers; the first failure is rethrown. */
    private static void parallel(long count, int threads, long chunkBytes, ChunkTask task) {
        int n = (int) Math.max(1, Math.min(threads, count));
        List<Thread> workers = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong();
        Runnable work = () -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment scratch = arena.allocate(bound(chunkBytes), 8);
                MemorySegment padded = arena.allocate(chunkBytes, 8);
                for (long k; (k = next.getAndIncrement()) < count; ) {
                    synchronized (failure) {
                        if (failure[0] != null) {
                            return;
                        }
                    }
                    task.run(k, scratch, padded);
                }
            } catch (Throwable t) {
                synchronized (failure) {
                    if (failure[0] == null) {
                        failure[0] = t;
                    }
                }
            }
        };
        if (n == 1) {
            work.run();
        } else {
            for (int i = 0; i < n; i++) {
                workers.add(Thread.ofPlatform().name("ragtime-zarr-" + i).start(work));
            }
            for (Thread w : workers) {
                try {
                    w.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while writing Zarr chunks", e);
                }
            }
        }
        switch (failure[0]) {
            case null -> { }
            case RuntimeException r -> throw r;
            case Error e -> throw e;
            default -> throw new UncheckedIOException(new IOException(failure[0]));
        }
    }

    /**
     * Reads back an array of a store this writer wrote (C order, chunks of whole first-dimension rows, Blosc or zlib,
     * the metadata consolidated) into {@code dest}, which holds exactly its bytes; for stacking the stores of a
     * batch. Not a general Zarr reader: other chunkings, filters or compressors are refused.
     *
     * @param meta the store's consolidated metadata ({@link #metadata})
     */
    @SuppressWarnings("unchecked")
    public static void readInto(Path store, Map<String, Object> meta, String name, MemorySegment dest) {
        Map<String, Object> zarray = (Map<String, Object>) meta.get(name + "/.zarray");
        if (zarray == null) {
            throw new IllegalArgumentException(store + ": no array " + name);
        }
        List<Number> shape = (List<Number>) zarray.get("shape");
        List<Number> chunks = (List<Number>) zarray.get("chunks");
        String id = (String) ((Map<String, Object>) zarray.get("compressor")).get("id");
        for (int d = 1; d < shape.size(); d++) {
            if (chunks.get(d).longValue() != Math.max(1, shape.get(d).longValue())) {
                throw new IllegalArgumentException(store + "/" + name + ": chunked along dimension " + d + ", not written by Ragtime");
            }
        }
        long total = dest.byteSize();
        if (total == 0) {
            return;
        }
        long rows = shape.getFirst().longValue();
        long rowBytes = total / rows;
        long chunkBytes = chunks.getFirst().longValue() * rowBytes;
        String suffix = ".0".repeat(shape.size() - 1);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment whole = arena.allocate(chunkBytes, 64);
            for (long k = 0, off = 0; off < total; k++, off += chunkBytes) {
                byte[] bytes = Files.readAllBytes(store.resolve(name).resolve(k + suffix));
                MemorySegment in = arena.allocate(bytes.length, 64).copyFrom(MemorySegment.ofArray(bytes));
                long len = Math.min(chunkBytes, total - off);
                MemorySegment target = len == chunkBytes ? dest.asSlice(off, len) : whole; // the edge chunk is stored padded
                switch (id) {
                    case "blosc" -> Blosc.decompress(in, target);
                    case "zlib" -> org.ragtime.engine.codec.Zlib.best().inflate(in, target);
                    default -> throw new IllegalArgumentException(store + "/" + name + ": compressor " + id + " not written by Ragtime");
                }
                if (target == whole) {
                    MemorySegment.copy(whole, 0, dest, off, len);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(store + ": " + e.getMessage(), e);
        }
    }

    /** A store's consolidated metadata: {@code .zmetadata}'s {@code metadata} object (keys like {@code psth/.zarray}). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> metadata(Path store) {
        return (Map<String, Object>) ((Map<String, Object>) Json.read(store.resolve(".zmetadata"))).get("metadata");
    }
}
