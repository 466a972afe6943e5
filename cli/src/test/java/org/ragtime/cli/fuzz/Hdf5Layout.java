package org.ragtime.cli.fuzz;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Where the HDF5 metadata of an intact sample lies, found once per sample so that mutations can aim at it:
 * metadata regions (superblock, v1 object headers, B-tree nodes, local and global heaps, symbol table nodes,
 * and any v2 structure found by its signature), the offsets of 8-byte address and size fields (superblock
 * addresses, B-tree siblings and children, heap addresses, symbol table entries, each contiguous dataset's
 * layout address and size and its dimension sizes), and the data of every contiguous numeric dataset (for
 * semantic edits). Read from the unmodified sample with jhdf and a signature scan.
 */
final class Hdf5Layout {
    /** A byte range [start, end) of metadata, with what it is. */
    record Region(long start, long end, String what) {
    }

    /** The stored data of a contiguous numeric dataset: element kind ('f' float, 'i' signed, 'u' unsigned), size, dims. */
    record Data(String path, long address, long count, int elementSize, char kind, int[] dims) {
        long elementAt(long i) {
            return address + i * elementSize;
        }
    }

    final byte[] bytes;
    final List<Region> regions = new ArrayList<>();
    /** Offsets of 8-byte address or length fields. */
    final List<Long> fields = new ArrayList<>();
    /** Offsets of the fields in object headers that hold a dataset's data address or its chunk B-tree's address. */
    final List<Long> addressFields = new ArrayList<>();
    final Map<String, Data> data = new LinkedHashMap<>();
    /** Global heap objects holding bytes (strings): [start, end) of the object data. */
    final List<Region> heapObjects = new ArrayList<>();
    /** The stored (filtered) bytes of every chunk of a chunked dataset: [address, address + size), named by dataset and offset. */
    final List<Region> chunks = new ArrayList<>();
    /** Chunked datasets: path to its filter ids (1 deflate, 2 shuffle, 3 fletcher32), in pipeline order. */
    final Map<String, List<Integer>> chunkFilters = new LinkedHashMap<>();
    /** Chunk B-tree nodes (v1 "TREE" of node type 1), whole: signature to the last key. */
    final List<Region> chunkTrees = new ArrayList<>();
    /** In chunk B-tree nodes: each key's 4-byte chunk size field, 4-byte filter mask field, 8-byte chunk offsets, and each child address. */
    final List<Long> chunkSizeFields = new ArrayList<>();
    final List<Long> chunkMaskFields = new ArrayList<>();
    final List<Long> chunkOffsetFields = new ArrayList<>();
    final List<Long> chunkChildFields = new ArrayList<>();
    /** The header fields of chunk B-tree nodes: level (1 byte at +5), entries used (2 bytes at +6). */
    final List<Long> chunkTreeHeaders = new ArrayList<>();

    private static final String[] SIGNATURES = {"TREE", "HEAP", "GCOL", "SNOD", "OHDR", "OCHK", "BTHD", "BTLF", "BTIN",
        "FRHP", "FHDB", "FHIB", "FSHD", "FSSE", "SMTB", "SMLI", "FAHD", "FADB", "EAHD", "EADB", "EAIB", "EASB"};

    Hdf5Layout(Path file, byte[] bytes) {
        this.bytes = bytes;
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        // superblock v0: base, free-space, end-of-file, driver addresses, then the root symbol table entry
        regions.add(new Region(0, Math.min(bytes.length, 96), "superblock"));
        for (long f = 24; f <= 88; f += 8) {
            fields.add(f);
        }
        scanSignatures(b);
        try (HdfFile hdf = new HdfFile(file)) {
            walk(hdf, b, new TreeSet<>());
        } catch (RuntimeException e) {
            // a corpus mutant jhdf cannot walk whole: the signature scan and what was walked remain
        }
        chunkTrees(b);
        // chunked datasets: their layout message holds the address of a v1 B-tree ("TREE") node
        List<Region> headers = regions.stream().filter(g -> g.what().startsWith("object header")).toList();
        for (Region tree : regions.stream().filter(g -> g.what().equals("TREE")).toList()) {
            for (Region h : headers) {
                long at = addOccurrences(h.start(), h.end(), tree.start(), "B-tree address");
                if (at >= 0) {
                    addressFields.add(at);
                }
            }
        }
    }

    private void scanSignatures(ByteBuffer b) {
        for (int i = 0; i + 4 <= bytes.length; i++) {
            for (String s : SIGNATURES) {
                if (bytes[i] == s.charAt(0) && bytes[i + 1] == s.charAt(1) && bytes[i + 2] == s.charAt(2) && bytes[i + 3] == s.charAt(3)) {
                    structure(b, i, s);
                }
            }
        }
    }

    private void structure(ByteBuffer b, int at, String sig) {
        switch (sig) {
            case "TREE" -> { // v1 B-tree node: type, level, entries used, left, right, then keys and children
                int type = bytes[at + 4];
                int used = Short.toUnsignedInt(b.getShort(at + 6));
                int keySize = type == 0 ? 8 : 8 + 8 * 2; // group: heap offset; chunk: size, mask, offsets (rank<=1)
                long end = Math.min(bytes.length, at + 24L + (long) used * (keySize + 8) + keySize);
                regions.add(new Region(at, end, "TREE"));
                fields.add((long) at + 8);
                fields.add((long) at + 16);
                if (type == 0) {
                    for (int k = 0; k < used; k++) {
                        fields.add(at + 24L + k * 16L + 8);
                    }
                }
            }
            case "HEAP" -> { // local heap: data segment size, free list offset, data segment address
                long size = b.getLong(at + 8);
                regions.add(new Region(at, at + 32, "HEAP"));
                fields.add((long) at + 8);
                fields.add((long) at + 16);
                fields.add((long) at + 24);
                long data = b.getLong(at + 24);
                if (data > 0 && size > 0 && data + size <= bytes.length) {
                    regions.add(new Region(data, data + size, "HEAP data"));
                }
            }
            case "GCOL" -> { // global heap collection: size, then objects (index, refcount, reserved, size, data)
                long size = b.getLong(at + 8);
                if (size < 16 || at + size > bytes.length) {
                    return;
                }
                regions.add(new Region(at, at + 16, "GCOL"));
                fields.add((long) at + 8);
                long p = at + 16;
                while (p + 16 <= at + size) {
                    int index = Short.toUnsignedInt(b.getShort((int) p));
                    long len = b.getLong((int) p + 8);
                    if (index == 0 || len < 0 || p + 16 + len > at + size) {
                        break;
                    }
                    regions.add(new Region(p, p + 16, "GCOL object header"));
                    fields.add(p + 8);
                    heapObjects.add(new Region(p + 16, p + 16 + len, "GCOL object " + index));
                    p += 16 + ((len + 7) & ~7L);
                }
            }
            case "SNOD" -> { // symbol table node: entries of 40 bytes (name offset, header address, cache, scratch)
                int n = Short.toUnsignedInt(b.getShort(at + 6));
                regions.add(new Region(at, Math.min(bytes.length, at + 8L + 40L * n), "SNOD"));
                for (int k = 0; k < n; k++) {
                    long e = at + 8L + 40L * k;
                    fields.add(e);
                    fields.add(e + 8);
                    fields.add(e + 24);
                    fields.add(e + 32);
                }
            }
            default -> regions.add(new Region(at, Math.min(bytes.length, at + 64L), sig));
        }
    }

    private void walk(Node node, ByteBuffer b, TreeSet<Long> seen) {
        if (node.isLink() || !seen.add(node.getAddress())) {
            return;
        }
        long h = node.getAddress();
        long end = h + 16;
        if (h >= 0 && h + 16 <= bytes.length && bytes[(int) h] == 1) { // v1 object header: size at +8
            end = Math.min(bytes.length, h + 16 + Integer.toUnsignedLong(b.getInt((int) h + 8)));
        }
        regions.add(new Region(h, end, "object header " + node.getPath()));
        if (node instanceof Group g) {
            for (Node child : g.getChildren().values()) {
                walk(child, b, seen);
            }
        } else if (node instanceof Dataset d) {
            int[] dims = d.getDimensions();
            for (int dim : dims) {
                addOccurrences(h, end, dim, "dims");
            }
            if (d instanceof io.jhdf.dataset.chunked.ChunkedDatasetBase c && !d.isEmpty()) {
                try {
                    chunkFilters.put(d.getPath(), c.getFilters().stream().map(io.jhdf.filter.PipelineFilterWithData::getId).toList());
                    for (io.jhdf.dataset.chunked.Chunk k : io.jhdf.dataset.chunked.JhdfChunkAccess.chunks(c)) {
                        long at = k.getAddress();
                        long size = Integer.toUnsignedLong(k.getSize());
                        if (at >= 0 && size > 0 && at + size <= bytes.length) {
                            chunks.add(new Region(at, at + size, "chunk " + java.util.Arrays.toString(k.getChunkOffset()) + " of " + d.getPath()));
                        }
                    }
                } catch (RuntimeException e) {
                    // a corpus mutant whose chunk index jhdf cannot read: no chunks to aim at
                }
            }
            if (d instanceof ContiguousDataset c && !d.isEmpty() && !d.isScalar()) {
                long address = c.getDataAddress();
                long fieldAt = addOccurrences(h, end, address, "address");
                if (fieldAt >= 0) {
                    addressFields.add(fieldAt);
                }
                if (fieldAt >= 0 && fieldAt + 16 <= end) {
                    fields.add(fieldAt + 8); // contiguous layout: the size follows the address
                }
                DataType t = d.getDataType();
                char kind = t instanceof FloatingPoint ? 'f' : t instanceof FixedPoint fp ? (fp.isSigned() ? 'i' : 'u') : 0;
                long count = 1;
                for (int dim : dims) {
                    count *= dim;
                }
                // variable-length strings hold global heap addresses (length 4, collection address 8, index 4),
                // object references hold object header addresses: a few of each become address fields
                int refAt = t instanceof io.jhdf.object.datatype.VariableLength ? 4 : t instanceof io.jhdf.object.datatype.Reference ? 0 : -1;
                for (long i = 0; refAt >= 0 && i < Math.min(count, 16) && address + (i + 1) * t.getSize() <= bytes.length; i++) {
                    addressFields.add(address + i * t.getSize() + refAt);
                    fields.add(address + i * t.getSize() + refAt);
                }
                if (kind != 0 && address > 0 && address + count * t.getSize() <= bytes.length) {
                    data.put(d.getPath(), new Data(d.getPath(), address, count, t.getSize(), kind, dims));
                }
            }
        }
    }

    /**
     * The chunk B-tree nodes (v1 "TREE", node type 1): a key is the chunk's stored size (4 bytes), its filter mask (4)
     * and its offset in each dimension plus a trailing 0 (8 each), and a child is the address of a chunk (leaf) or of
     * a node. The rank, which the node does not say, is the one whose first child is a known chunk or another node.
     */
    private void chunkTrees(ByteBuffer b) {
        java.util.Set<Long> chunkStarts = new java.util.HashSet<>();
        for (Region c : chunks) {
            chunkStarts.add(c.start());
        }
        for (Region tree : List.copyOf(regions)) {
            int at = (int) tree.start();
            if (!tree.what().equals("TREE") || at + 24 > bytes.length || bytes[at + 4] != 1) {
                continue;
            }
            int level = Byte.toUnsignedInt(bytes[at + 5]);
            int used = Short.toUnsignedInt(b.getShort(at + 6));
            for (int rank = 1; rank <= 4; rank++) {
                int keySize = 8 + 8 * (rank + 1);
                long child0 = at + 24L + keySize;
                if (used == 0 || child0 + 8 > bytes.length) {
                    break;
                }
                long c = b.getLong((int) child0);
                boolean fits = level == 0 ? chunkStarts.contains(c)
                        : c > 0 && c + 5 <= bytes.length && bytes[(int) c] == 'T' && bytes[(int) c + 1] == 'R' && bytes[(int) c + 2] == 'E'
                        && bytes[(int) c + 3] == 'E' && bytes[(int) c + 4] == 1;
                if (!fits) {
                    continue;
                }
                long end = Math.min(bytes.length, at + 24L + (long) used * (keySize + 8) + keySize);
                chunkTrees.add(new Region(at, end, "chunk B-tree node, level " + level));
                chunkTreeHeaders.add((long) at);
                for (int k = 0; k < used; k++) {
                    long key = at + 24L + (long) k * (keySize + 8);
                    if (key + keySize + 8 > bytes.length) {
                        break;
                    }
                    chunkSizeFields.add(key);
                    chunkMaskFields.add(key + 4);
                    for (int d = 0; d <= rank; d++) {
                        chunkOffsetFields.add(key + 8 + 8L * d);
                    }
                    chunkChildFields.add(key + keySize);
                }
                break;
            }
        }
    }

    /** Adds every 8-byte little-endian occurrence of {@code value} in [from, to) as a field; returns the first or -1. */
    private long addOccurrences(long from, long to, long value, String what) {
        long first = -1;
        if (value <= 0) {
            return first;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (long p = Math.max(0, from); p + 8 <= to; p++) {
            if (b.getLong((int) p) == value) {
                fields.add(p);
                if (first < 0) {
                    first = p;
                }
            }
        }
        return first;
    }

    /** A random metadata offset: inside a random region. */
    long metadataOffset(java.util.random.RandomGenerator r) {
        Region g = regions.get(r.nextInt(regions.size()));
        return g.start() + (g.end() > g.start() ? r.nextLong(g.end() - g.start()) : 0);
    }
}
