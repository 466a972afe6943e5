package org.ragtime.engine;

import java.lang.foreign.MemorySegment;

/**
 * Presentation-wise spike counts, AllenSDK's {@code build_spike_histogram}: for every presentation
 * window, bin and unit, the number of spikes in the bin under the windows' {@link BinRule}.
 * Implementations are stateless and thread-safe; every backend gives bit-identical output.
 */
public interface SpikeCounts {
    /**
     * Fills {@code out} with an array of shape (presentations, bins, units), C order, native byte order.
     * Every cell is written (the caller need not clear {@code out}). Each window is counted on its own,
     * so a spike in two overlapping windows counts in both.
     *
     * @param units    spike trains of the selected units, in output order; each sorted ascending
     * @param windows  the presentation windows (output row order) and bin rule
     * @param type     element type of {@code out}
     * @param binarize store 1 where the count is positive, else 0
     * @param out      at least {@code windows.cells(units.unitCount()) * type.bytes()} bytes; written from offset 0
     * @param threads  worker threads (at least 1); the result does not depend on it. Segments confined to the
     *                 calling thread are processed on that thread alone
     * @return the largest count of any cell before binarizing or saturating (0 when there are no cells);
     *         when it exceeds {@code type.max()} the cells that overflowed hold {@code type.max()}
     */
    long count(SpikeTrains units, PresentationWindows windows, CountType type, boolean binarize,
               MemorySegment out, int threads);

    /** {@link #count(SpikeTrains, PresentationWindows, CountType, boolean, MemorySegment, int)} on all cores. */
    default long count(SpikeTrains units, PresentationWindows windows, CountType type, boolean binarize, MemorySegment out) {
        return count(units, windows, type, binarize, out, KernelProvider.defaultThreads());
    }
}
