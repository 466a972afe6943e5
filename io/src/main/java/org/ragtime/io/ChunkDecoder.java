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

    private ChunkDecoder() {
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
            chunkBytes = Math.multiplyExact(chunkBytes, d);
        }
        MemorySegment out = f.arena.allocate(bytes, 8); // zero-filled
        Zlib zlib = Zlib.best();
        long cb = chunkBytes;
        chunks.parallelStream().forEach(c -> decodeChunk(f, path, c, filters, zlib, shape, chunkDims, type.size(), cb, out));
        return out;
    }

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
        try (Arena scratch = Arena.ofConfined()) {
            // undo the pipeline in reverse order; a set mask bit means that filter was not applied to this chunk
            for (int i = filters.size() - 1; i >= 0; i--) {
                if (skipped != null && skipped.get(i)) {
                    continue;
                }
                PipelineFilterWithData filter = filters.get(i);
                switch (filter.getId()) {
                    case FLETCHER32 -> {
                        if (data.byteSize() < 4) {
                            throw f.error(path, "chunk too short for its fletcher32 checksum");
                        }
                        data = data.asSlice(0, data.byteSize() - 4);
                    }
                    case DEFLATE -> {
                        MemorySegment inflated = scratch.allocate(chunkBytes, 8);
                        long n;
                        try {
                            n = zlib.inflate(data, inflated);
                        } catch (Zlib.CorruptStreamException e) {
                            throw f.error(path, "chunk " + java.util.Arrays.toString(offset) + ": " + e.getMessage());
                        }
                        data = inflated.asSlice(0, n);
                    }
                    case SHUFFLE -> {
                        int[] params = filter.getFilterData();
                        int size = params != null && params.length > 0 ? params[0] : elementSize;
                        MemorySegment unshuffled = scratch.allocate(Math.max(1, data.byteSize()), 8);
                        Shuffle.unshuffle(data, unshuffled, data.byteSize(), size);
                        data = unshuffled.asSlice(0, data.byteSize());
                    }
                    default -> throw new AssertionError(filter.getId());
                }
            }
            if (data.byteSize() != chunkBytes) {
                throw f.error(path, "chunk " + java.util.Arrays.toString(offset) + " decodes to " + data.byteSize()
                        + " bytes, expected " + chunkBytes);
            }
            place(data, out, offset, shape, chunkDims, elementSize);
        }
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
