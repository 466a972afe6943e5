package org.ragtime.io;

import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Link;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.dataset.chunked.ChunkedDatasetBase;
import io.jhdf.exceptions.HdfInvalidPathException;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.EnumDataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.message.DataLayout;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One open HDF5 file: jhdf for structure, one read-only mapping of the whole file for data. Every jhdf
 * call goes through {@link #guard} so that a corrupt header surfaces as a one-line {@link NwbException}.
 * The mapping is made only after the superblock's end-of-file address was checked against the file size,
 * and every data extent is checked against the mapping before it is sliced, so a truncated file cannot
 * fault through the map.
 */
final class Hdf5File implements AutoCloseable {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    final Path file;
    final long size;
    final HdfFile hdf;
    final Arena arena;
    final MemorySegment map;
    final long userBlock;
    /** Threads for decoding chunked datasets (1: on the calling thread, in order). */
    final int threads;
    private final Map<String, NumericArray> arrays = new ConcurrentHashMap<>();

    private Hdf5File(Path file, long size, HdfFile hdf, Arena arena, MemorySegment map, int threads) {
        this.file = file;
        this.threads = threads;
        this.size = size;
        this.hdf = hdf;
        this.arena = arena;
        this.map = map;
        this.userBlock = hdf.getUserBlockSize();
    }

    static Hdf5File open(Path file, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (!Files.isRegularFile(file)) {
            throw new NwbException(file, "/", Files.exists(file) ? "not a regular file" : "no such file");
        }
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                throw new NwbException(file, "/", "empty file (0 bytes), not HDF5");
            }
            long sb = findSuperblock(ch, size);
            if (sb < 0) {
                throw new NwbException(file, "/", "not an HDF5 file (no HDF5 signature at byte 0, 512, 1024, ...)");
            }
            Superblock superblock;
            try {
                superblock = Superblock.readSuperblock(ch, sb);
            } catch (RuntimeException e) {
                throw new NwbException(file, "/", "corrupt HDF5 superblock (" + describe(e) + ")", e);
            }
            // the HDF5 library stores the end-of-file address including any user block (checked with h5py,
            // userblock_size=1024: base 1024, end of file = file size), so it compares with the size directly
            long end = superblock.getEndOfFileAddress();
            if (superblock.getEndOfFileAddress() < 0 || end > size) {
                throw new NwbException(file, "/", "truncated: the superblock says the file ends at byte "
                        + Long.toUnsignedString(end) + " but it has " + size + " bytes");
            }
            if (superblock.getBaseAddressByte() != sb) {
                throw new NwbException(file, "/", "corrupt HDF5 superblock (base address "
                        + superblock.getBaseAddressByte() + " but the superblock is at byte " + sb + ")");
            }
            MemorySegment map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            HdfFile hdf;
            FileChannel jhdfChannel = FileChannel.open(file, StandardOpenOption.READ);
            try {
                hdf = CheckedStorage.open(file, jhdfChannel, superblock, size);
            } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
                jhdfChannel.close();
                throw new NwbException(file, "/", "corrupt HDF5 structure (" + describe(e) + ")", e);
            }
            return new Hdf5File(file, size, hdf, arena, map, threads);
        } catch (IOException e) {
            arena.close();
            throw new NwbException(file, "/", "cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** The superblock is at 0 or, after a user block, at 512, 1024, 2048, ... */
    private static long findSuperblock(FileChannel ch, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(SIGNATURE.length);
        for (long at = 0; at + SIGNATURE.length <= size; at = at == 0 ? 512 : at * 2) {
            buf.clear();
            while (buf.hasRemaining() && ch.read(buf, at + buf.position()) > 0) {
                // fill
            }
            if (!buf.hasRemaining() && java.util.Arrays.equals(buf.array(), SIGNATURE)) {
                return at;
            }
        }
        return -1;
    }

    /**
     * One line for a failure inside jhdf: its message and the messages of its causes (jhdf wraps the reason,
     * e.g. "Failed to read object header" around "beyond the end of the file"), repeated text left out.
     */
    static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = e; t != null && seen.add(t) && seen.size() <= 4; t = t.getCause()) {
            String m = t.getMessage();
            if (m == null || m.isBlank()) {
                m = t.getClass().getSimpleName();
            }
            int nl = m.indexOf('\n');
            m = (nl < 0 ? m : m.substring(0, nl)).strip();
            if (out.indexOf(m) < 0) {
                out.append(out.isEmpty() ? "" : ": ").append(m);
            }
        }
        return out.length() > 300 ? out.substring(0, 300) + "..." : out.toString();
    }

    NwbException error(String path, String problem) {
        return new NwbException(file, path, problem);
    }

    /** Runs a jhdf call; any failure inside jhdf becomes a one-line NwbException naming {@code path}. */
    <T> T guard(String path, Supplier<T> call) {
        try {
            return call.get();
        } catch (NwbException e) {
            throw e;
        } catch (HdfInvalidPathException e) {
            throw new NwbException(file, path, "missing", e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new NwbException(file, path, "corrupt HDF5 structure (" + describe(e) + ")", e);
        } catch (OutOfMemoryError e) {
            // jhdf sizes arrays from counts in the file (dimensions, message counts); reads beyond the file are
            // refused before allocation (CheckedStorage), so this is a count no file of this size can hold
            throw new NwbException(file, path, "corrupt HDF5 structure (a size in the file is implausibly large: "
                    + describe(e) + ")", e);
        }
    }

    static String normalize(String path) {
        String p = path.startsWith("/") ? path : "/" + path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** The node at {@code path} with soft links followed, or null if there is none; a broken link is an error. */
    Node find(String path) {
        return find(path, false);
    }

    /** As {@link #find(String)}; with {@code brokenIsAbsent}, a broken soft link gives null instead of an error. */
    Node find(String path, boolean brokenIsAbsent) {
        String p = normalize(path);
        return guard(p, () -> {
            if (p.equals("/")) {
                return hdf;
            }
            Node n;
            try {
                n = hdf.getByPath(p.substring(1));
            } catch (HdfInvalidPathException e) {
                return null;
            } catch (io.jhdf.exceptions.HdfBrokenLinkException e) { // jhdf follows a link at the end of the path
                if (brokenIsAbsent) {
                    return null;
                }
                throw error(p, "broken link (" + describe(e) + ")");
            }
            return resolve(n, p, brokenIsAbsent);
        });
    }

    private Node resolve(Node n, String path, boolean brokenIsAbsent) {
        int hops = 0;
        while (n instanceof Link link) {
            Node target = null;
            if (++hops <= 16) {
                try {
                    target = link.getTarget();
                } catch (io.jhdf.exceptions.HdfException e) {
                    // jhdf: "Could not resolve link target" (HdfBrokenLinkException or the lazy initializer's wrapper)
                    target = null;
                }
            }
            if (target == null) {
                if (brokenIsAbsent) {
                    return null;
                }
                throw error(path, "broken link to " + link.getTargetPath());
            }
            n = target;
        }
        return n;
    }

    Node node(String path) {
        Node n = find(path);
        if (n == null) {
            throw error(normalize(path), "missing");
        }
        return n;
    }

    Group group(String path) {
        Node n = node(path);
        if (n instanceof Group g) {
            return g;
        }
        throw error(normalize(path), "is a dataset, expected a group");
    }

    Dataset dataset(String path) {
        Node n = node(path);
        if (n instanceof Dataset d) {
            return d;
        }
        throw error(normalize(path), "is a group, expected a dataset");
    }

    /** Attribute value as jhdf decodes it (String, String[], number, array), or null if absent. */
    Object attribute(String path, String name) {
        Node n = node(path);
        return guard(normalize(path), () -> {
            Attribute a = n.getAttributes().get(name);
            return a == null ? null : a.getData();
        });
    }

    /**
     * Path of the object at HDF5 address {@code address} (an object reference read at {@code path}). jhdf
     * cannot name an object it reached by address, so the tree is walked (links not followed) until the
     * address is found; every address seen on the way is remembered.
     */
    String pathOf(String path, long address) {
        String known = addressPaths.get(address);
        if (known != null) {
            return known;
        }
        guard(path, () -> {
            addressPaths.putIfAbsent(hdf.getAddress(), "/");
            java.util.Set<Long> visited = new java.util.HashSet<>();
            visited.add(hdf.getAddress());
            return walk(hdf, "", address, visited);
        });
        known = addressPaths.get(address);
        if (known == null) {
            throw error(path, "object reference to address " + address + " that no group or dataset has");
        }
        return known;
    }

    private final Map<Long, String> addressPaths = new ConcurrentHashMap<>();

    /**
     * Depth-first from {@code g}; true once {@code address} is found. Soft links are not followed, and a group
     * reached again (an HDF5 hard link to a group already seen, possibly an ancestor: a cycle) is not entered
     * twice, so the walk ends on any file.
     */
    private boolean walk(Group g, String prefix, long address, java.util.Set<Long> visited) {
        for (Map.Entry<String, Node> e : g.getChildren().entrySet()) {
            Node n = e.getValue();
            if (n.isLink()) {
                continue;
            }
            String p = prefix + "/" + e.getKey();
            long at = n.getAddress();
            addressPaths.putIfAbsent(at, p);
            if (at == address) {
                return true;
            }
            if (n instanceof Group child && visited.add(at) && walk(child, p, address, visited)) {
                return true;
            }
        }
        return false;
    }

    /** Path referenced by an object-reference attribute value (scalar or first element), or null. */
    String referencePath(String path, Object attributeValue) {
        return switch (attributeValue) {
            case Long address -> pathOf(path, address);
            case long[] addresses when addresses.length > 0 -> pathOf(path, addresses[0]);
            case null, default -> null;
        };
    }

    /** Dimensions without reading data ({} for a scalar). */
    long[] dims(Dataset ds, String path) {
        return guard(path, ds::getDimensionsAsLong);
    }

    /** Numeric element type of a dataset, or null if it is not numeric (strings, references, compounds). */
    NumericArray.Type numericType(Dataset ds, String path) {
        return guard(path, () -> numericType(ds.getDataType(), path));
    }

    private NumericArray.Type numericType(DataType t, String path) {
        if (t instanceof EnumDataType e) {
            return numericType(e.getBaseType(), path);
        }
        ByteOrder order;
        NumericArray.Type type;
        if (t instanceof FixedPoint f) {
            order = f.getByteOrder();
            type = NumericArray.Type.integer(f.getSize(), f.isSigned());
        } else if (t instanceof FloatingPoint f) {
            order = f.getByteOrder();
            type = f.getSize() == 8 ? NumericArray.Type.FLOAT64 : f.getSize() == 4 ? NumericArray.Type.FLOAT32 : null;
        } else {
            return null;
        }
        if (type == null) {
            throw error(path, "unsupported " + t.getSize() + "-byte numeric type");
        }
        if (order != ByteOrder.LITTLE_ENDIAN && type.size() > 1) {
            throw error(path, "big-endian data is not supported");
        }
        return type;
    }

    /** The numeric dataset at {@code path} (links followed), mapped or decoded once and cached. */
    NumericArray numeric(String path) {
        String p = normalize(path);
        NumericArray a = arrays.get(p);
        if (a == null) {
            Dataset ds = dataset(p);
            try {
                a = read(p, ds);
            } catch (NwbException e) {
                throw e;
            } catch (RuntimeException | OutOfMemoryError e) {
                // anything else from a layout, chunk index or size that jhdf parsed without complaint
                throw new NwbException(file, p, "corrupt HDF5 dataset (" + describe(e) + ")", e);
            }
            arrays.putIfAbsent(p, a);
        }
        return a;
    }

    private NumericArray read(String path, Dataset ds) {
        NumericArray.Type type = numericType(ds, path);
        if (type == null) {
            throw error(path, "not numeric (" + guard(path, () -> ds.getDataType().getClass().getSimpleName()) + ")");
        }
        long[] shape = dims(ds, path);
        long n = 1;
        for (long d : shape) {
            if (d < 0 || (d > 0 && n > Long.MAX_VALUE / 8 / d)) {
                throw error(path, "shape " + java.util.Arrays.toString(shape) + " is impossible");
            }
            n *= d;
        }
        long bytes = n * type.size();
        DataLayout layout = guard(path, ds::getDataLayout);
        if (bytes == 0) {
            return new NumericArray(path, map.asSlice(0, 0), shape, type, true);
        }
        return switch (layout) {
            case CONTIGUOUS -> {
                long address = guard(path, ((ContiguousDataset) ds)::getDataAddress);
                yield new NumericArray(path, slice(path, address, bytes), shape, type, true);
            }
            case CHUNKED -> new NumericArray(path,
                    ChunkDecoder.decode(this, path, (ChunkedDatasetBase) ds, shape, type, bytes), shape, type, false);
            case COMPACT -> { // stored inside the object header: small by definition, copied
                ByteBuffer buf = guard(path, () -> ((io.jhdf.dataset.DatasetBase) ds).getDataBuffer());
                if (buf == null || bytes > buf.remaining()) {
                    throw error(path, "shape " + java.util.Arrays.toString(shape) + " needs " + bytes
                            + " bytes but the compact data holds " + (buf == null ? 0 : buf.remaining()));
                }
                MemorySegment seg = arena.allocate(bytes, 8);
                MemorySegment.copy(MemorySegment.ofBuffer(buf), 0, seg, 0, bytes);
                yield new NumericArray(path, seg, shape, type, false);
            }
        };
    }

    /** Slice of the file mapping at HDF5 address {@code address} (relative to the user block), checked. */
    MemorySegment slice(String path, long address, long bytes) {
        if (address == io.jhdf.Constants.UNDEFINED_ADDRESS) {
            throw error(path, "data never written (undefined address)");
        }
        long start = address + userBlock;
        if (address < 0 || start < 0 || bytes < 0 || start > size || bytes > size - start) {
            throw error(path, "data extent [" + start + ", " + (start + bytes) + ") lies beyond the end of the file ("
                    + size + " bytes)");
        }
        return map.asSlice(start, bytes);
    }

    @Override
    public void close() {
        try {
            hdf.close();
        } catch (RuntimeException ignored) {
            // closing jhdf's channel cannot fail in a way the caller can act on
        } finally {
            arena.close();
        }
    }
}
