package org.ragtime.engine;

import java.lang.foreign.MemorySegment;

/**
 * Whole-session binning: a (units, bins) count array over the bins {@code [e_k, e_{k+1})} with
 * {@code e_k = start + k * width}, each edge computed exactly that way (one multiplication and one
 * addition, never by accumulation). Spikes before {@code e_0} or at or after {@code e_bins} are ignored.
 * Implementations are stateless and thread-safe; every backend gives bit-identical output.
 */
public interface SessionBinning {
    /**
     * Fills {@code out} (C order, native byte order); every cell is written.
     *
     * @param units   spike trains, each sorted ascending, in output row order
     * @param start   {@code e_0}, finite
     * @param width   bin width, finite and positive
     * @param bins    number of bins per unit (at least 0)
     * @param type    element type of {@code out}
     * @param out     at least {@code units * bins * type.bytes()} bytes
     * @param threads worker threads (at least 1); the result does not depend on it (confined segments: 1)
     * @return the largest count of any cell (0 when there are no cells); cells above {@code type.max()}
     *         hold {@code type.max()}
     */
    long bin(SpikeTrains units, double start, double width, long bins, CountType type, MemorySegment out, int threads);

    /** {@link #bin(SpikeTrains, double, double, long, CountType, MemorySegment, int)} on all cores. */
    default long bin(SpikeTrains units, double start, double width, long bins, CountType type, MemorySegment out) {
        return bin(units, start, width, bins, type, out, KernelProvider.defaultThreads());
    }
}
