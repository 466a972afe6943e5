package io.jhdf.dataset.chunked;

import java.util.List;

/**
 * Ragtime's window onto jhdf's chunk index (addresses, stored sizes, filter masks), which jhdf keeps
 * protected. Compiled into Ragtime's io module in jhdf's package, so it depends on jhdf's internals:
 * the jhdf version is pinned exactly in the root pom. Works only with jhdf on the class path.
 */
public final class JhdfChunkAccess {
    private JhdfChunkAccess() {
    }

    /** Every stored chunk of the dataset (missing chunks, which read as the fill value, are absent). */
    public static List<Chunk> chunks(ChunkedDatasetBase dataset) {
        return List.copyOf(dataset.getChunkLookup().values());
    }
}
