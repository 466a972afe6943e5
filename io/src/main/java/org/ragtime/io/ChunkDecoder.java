package org.ragtime.io;

import io.jhdf.dataset.chunked.Chunk;
import io.jhdf.dataset.chunked.ChunkedDatasetBase;
import io.jhdf.dataset.chunked.JhdfChunkAccess;
import io.jhdf.filter.PipelineFilterWithData;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.ragtime.engine.codec.Shuffle;
import org.ragtime.engine.codec.Zlib;

/**
 * Decodes a chunked dataset into one off-heap segment: chunk addresses from jhdf's index (through the
 * same-package shim), compressed bytes sliced from the file mapping, filters undone by
 * {@link org.ragtime.engine.codec}, chunks in parallel. Missing chunks stay zero (HDF5's default fill).
 */
final class ChunkDecoder {
    private static final int DEFLATE = 1;
    private static final int SHUFFLE = 2;
    private static final int FLETCHER32 = 3;

    /** deflate's largest compression ratio (zlib's technical details: 1032:1). */
    private static final long MAX_RATIO = 1032;

    private ChunkDecoder() {
    }

    private static long multiply(Hdf5File f, String path, long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw f.error(path, "chunk size overflows (" + a + " x " + b + ")");
        }
    }

    static MemorySegment decode(Hdf5File f, String path, ChunkedDatasetBase ds, long[] shape, NumericArray.Type type,
            long bytes) {
        int[] chunkDims = f.guard(path, ds::getChunkDimensions);
        List<PipelineFilterWithData> filters = f.guard(path, ds::getFilters);
        List<Chunk> chunks = f.guard(path, () -> JhdfChunkAccess.chunks(ds));
        if (chunkDims.length != shape.length) {
            throw f.error(path, "chunk rank " + chunkDims.length + " differs from dataset rank " + shape.length);
        }
        for (PipelineFilterWithData filter : filters) {
            int id = filter.getId();
            if (id != DEFLATE && id != SHUFFLE && id != FLETCHER32) {
                throw f.error(path, "unsupported HDF5 filter " + filter.getName() + " (id " + id + ")");
            }
        }
        long chunkBytes = type.size();
        for (int d : chunkDims) {
            if (d <= 0) {
                throw f.error(path, "chunk dimensions " + java.util.Arrays.toString(chunkDims) + " are not positive");
            }
            chunkBytes = multiply(f, path, chunkBytes, d);
        }
        // sizes from the file, checked before anything is allocated for them: a chunk cannot decode to more than
        // deflate's best ratio (1032:1) allows of the largest stored chunk, nor the dataset to more than that of
        // the whole file (missing chunks read as zeros, so a sparse dataset of an absurd shape is refused too)
        boolean deflated = filters.stream().anyMatch(x -> x.getId() == DEFLATE);
        long largest = 0;
        for (Chunk c : chunks) {
            largest = Math.max(largest, Integer.toUnsignedLong(c.getSize()));
        }
        if (!chunks.isEmpty() && chunkBytes > (deflated ? MAX_RATIO * largest + 4096 : largest)) {
            throw f.error(path, "chunks of " + chunkBytes + " bytes (" + java.util.Arrays.toString(chunkDims)
                    + ") cannot come from stored chunks of at most " + largest + " bytes");
        }
        if (bytes > MAX_RATIO * f.size + (64L << 20)) {
            throw f.error(path, "shape " + java.util.Arrays.toString(shape) + " decodes to " + bytes
                    + " bytes, more than a file of " + f.size + " bytes can hold");
        }
        MemorySegment out;
        try {
            out = PageMemory.zeroed(bytes, f.arena); // zeroed: missing chunks read as the fill value 0
        } catch (OutOfMemoryError e) {
            throw f.error(path, "cannot allocate " + bytes + " bytes to decode it (" + Hdf5File.describe(e) + ")");
        }
        Zlib zlib = org.ragtime.engine.KernelProvider.get().zlib();
        long cb = chunkBytes;
        // chunks in parallel unless the file was opened for one thread (Session.open(file, 1), --threads 1). A failing chunk must
        // not end the stream while other chunks still decode into the file's arena: a parallel forEach rethrows the
        // first exception at once, the caller then closes the arena under the running decoders ("Session is
        // acquired by N clients"). So each chunk's failure is kept, the rest are skipped, and it is thrown after all.
        java.util.concurrent.atomic.AtomicReference<RuntimeException> failed = new java.util.concurrent.atomic.AtomicReference<>();
        (f.threads == 1 ? chunks.stream() : chunks.parallelStream()).forEach(c -> {
            if (failed.get() == null) {
                try {
                    decodeChunk(f, path, c, filters, zlib, shape, chunkDims, type.size(), cb, out);
                } catch (RuntimeException e) {
                    failed.compareAndSet(null, e);
                }
            }
        });
        if (failed.get() != null) {
            throw failed.get();
        }
        return out;
    }

    /** Two reusable per-thread buffers that the filter stages alternate between. */
    private static final class Scratch {
        MemorySegment a;
        MemorySegment b;

        Scratch ensure(long bytes) {
            if (a == null || a.byteSize() < bytes) {
                Arena arena = Arena.ofAuto(); // freed with the thread's scratch
                a = arena.allocate(bytes, 8);
                b = arena.allocate(bytes, 8);
            }
            return this;
        }

        MemorySegment other(MemorySegment current, long bytes) {
            return (current.address() == a.address() ? b : a).asSlice(0, bytes);
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static void decodeChunk(Hdf5File f, String path, Chunk chunk, List<PipelineFilterWithData> filters,
            Zlib zlib, long[] shape, int[] chunkDims, int elementSize, long chunkBytes, MemorySegment out) {
        long[] offset = chunk.getChunkOffset();
        for (int d = 0; d < shape.length; d++) {
            if (offset[d] < 0 || offset[d] >= shape[d] || offset[d] % chunkDims[d] != 0) {
                throw f.error(path, "chunk offset " + java.util.Arrays.toString(offset) + " lies outside the dataset");
            }
        }
        MemorySegment data = f.slice(path, chunk.getAddress(), Integer.toUnsignedLong(chunk.getSize()));
        java.util.BitSet skipped = chunk.getFilterMask();
        // a chunk that is a whole block of rows inside the dataset is decoded straight into place (no copy)
        MemorySegment direct = isRowBlock(offset, shape, chunkDims) ? out.asSlice(offset[0] * rowBytes(shape,
                elementSize), chunkBytes) : null;
        int lastProducer = -1; // the stage whose output is the decoded chunk
        for (int i = 0; i < filters.size(); i++) {
            if ((skipped == null || !skipped.get(i)) && filters.get(i).getId() != FLETCHER32) {
                lastProducer = i;
                break;
            }
        }
        Scratch scratch = SCRATCH.get().ensure(chunkBytes);
        MemorySegment current = scratch.b.asSlice(0, 0);
        // undo the pipeline in reverse order; a set mask bit means that filter was not applied to this chunk
        for (int i = filters.size() - 1; i >= 0; i--) {
            if (skipped != null && skipped.get(i)) {
                continue;
            }
            PipelineFilterWithData filter = filters.get(i);
            MemorySegment target = i == lastProducer && direct != null ? direct : scratch.other(current, chunkBytes);
            switch (filter.getId()) {
                case FLETCHER32 -> {
                    if (data.byteSize() < 4) {
                        throw f.error(path, "chunk too short for its fletcher32 checksum");
                    }
                    long body = data.byteSize() - 4;
                    int stored = data.get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), body);
                    int sum = fletcher32(data, body);
                    // HDF5 also accepts the checksum with the bytes of each half swapped (files of HDF5 before 1.6.3)
                    int reversed = ((sum & 0x00ff00ff) << 8) | ((sum >>> 8) & 0x00ff00ff);
                    if (stored != sum && stored != reversed) {
                        throw f.error(path, "chunk " + java.util.Arrays.toString(offset) + ": fletcher32 checksum "
                                + Integer.toHexString(stored) + " does not match its bytes (" + Integer.toHexString(sum) + ")");
                    }
                    data = data.asSlice(0, body);
                }
                case DEFLATE -> {
                    long n;
                    try {
                        n = zlib.inflate(data, target);
                    } catch (Zlib.CorruptStreamException e) {
                        throw f.error(path, "chunk " + java.util.Arrays.toString(offset) + ": " + e.getMessage());
                    }
                    data = current = target.asSlice(0, n);
                }
                case SHUFFLE -> {
                    int[] params = filter.getFilterData();
                    int size = params != null && params.length > 0 ? params[0] : elementSize;
                    if (data.byteSize() > chunkBytes) {
                        throw f.error(path, "chunk " + java.util.Arrays.toString(offset) + " holds " + data.byteSize()
                                + " bytes, expected " + chunkBytes);
                    }
                    Shuffle.unshuffle(data, target, data.byteSize(), size);
                    data = current = target.asSlice(0, data.byteSize());
                }
                default -> throw new AssertionError(filter.getId());
            }
        }
        if (data.byteSize() != chunkBytes) {
            throw f.error(path, "chunk " + java.util.Arrays.toString(offset) + " decodes to " + data.byteSize()
                    + " bytes, expected " + chunkBytes);
        }
        if (direct == null) {
            place(data, out, offset, shape, chunkDims, elementSize);
        } else if (data.address() != direct.address()) { // no filter produced it in place (unfiltered chunk)
            MemorySegment.copy(data, 0, direct, 0, chunkBytes);
        }
    }

    /** HDF5's Fletcher-32 (H5_checksum_fletcher32): big-endian 16-bit words, sums folded every 360 words. */
    static int fletcher32(MemorySegment data, long length) {
        long sum1 = 0;
        long sum2 = 0;
        long words = length / 2;
        long at = 0;
        while (words > 0) {
            long n = Math.min(words, 360);
            words -= n;
            for (long k = 0; k < n; k++, at += 2) {
                sum1 += (Byte.toUnsignedInt(data.get(java.lang.foreign.ValueLayout.JAVA_BYTE, at)) << 8)
                        | Byte.toUnsignedInt(data.get(java.lang.foreign.ValueLayout.JAVA_BYTE, at + 1));
                sum2 += sum1;
            }
            sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
            sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
        }
        if (length % 2 != 0) {
            sum1 += Byte.toUnsignedInt(data.get(java.lang.foreign.ValueLayout.JAVA_BYTE, at)) << 8;
            sum2 += sum1;
            sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
            sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
        }
        sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
        sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
        return (int) ((sum2 << 16) | sum1);
    }

    /** True if the chunk spans every trailing dimension whole and ends inside the first one. */
    private static boolean isRowBlock(long[] offset, long[] shape, int[] chunkDims) {
        if (offset[0] + chunkDims[0] > shape[0]) {
            return false;
        }
        for (int d = 1; d < shape.length; d++) {
            if (chunkDims[d] != shape[d]) {
                return false;
            }
        }
        return true;
    }

    private static long rowBytes(long[] shape, int elementSize) {
        long b = elementSize;
        for (int d = 1; d < shape.length; d++) {
            b *= shape[d];
        }
        return b;
    }

    /** Copies a decoded chunk into the row-major output, clipping edge chunks; one copy per innermost run. */
    static void place(MemorySegment chunk, MemorySegment out, long[] offset, long[] shape, int[] chunkDims, int elementSize) {
        int rank = shape.length;
        int last = rank - 1;
        long[] extent = new long[rank];
        for (int d = 0; d < rank; d++) {
            extent[d] = Math.min(chunkDims[d], shape[d] - offset[d]);
        }
        long run = extent[last] * elementSize;
        long[] t = new long[rank]; // position within the chunk, innermost dimension fixed at 0
        while (true) {
            long src = 0;
            long dst = 0;
            for (int d = 0; d < rank; d++) {
                src = src * chunkDims[d] + t[d];
                dst = dst * shape[d] + offset[d] + t[d];
            }
            MemorySegment.copy(chunk, src * elementSize, out, dst * elementSize, run);
            int d = last - 1;
            while (d >= 0 && ++t[d] == extent[d]) {
                t[d] = 0;
                d--;
            }
            if (d < 0) {
                return;
            }
        }
    }
}
