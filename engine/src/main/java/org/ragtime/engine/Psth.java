package org.ragtime.engine;

import java.lang.foreign.MemorySegment;

/**
 * Mean peri-stimulus time histogram: per unit and bin, the mean count per presentation over the
 * presentation windows, computed without materialising the (presentations, bins, units) cube. Each
 * value is the exact integer total of the counts {@link SpikeCounts} would give, divided by the number
 * of presentations, so every backend agrees bit for bit. Stateless and thread-safe.
 */
public interface Psth {
    /**
     * Fills {@code out} with float64 (units, bins), C order, native byte order.
     *
     * @param units   spike trains, each sorted ascending, in output row order
     * @param windows presentation windows and bin rule (as for {@link SpikeCounts})
     * @param out     at least {@code units * bins * 8} bytes
     * @param threads worker threads (at least 1); the result does not depend on it (confined segments: 1)
     * @return the largest total count of any cell (before dividing); every cell is NaN when there are no
     *         presentations
     */
    long mean(SpikeTrains units, PresentationWindows windows, MemorySegment out, int threads);

    /** {@link #mean(SpikeTrains, PresentationWindows, MemorySegment, int)} on all cores. */
    default long mean(SpikeTrains units, PresentationWindows windows, MemorySegment out) {
        return mean(units, windows, out, KernelProvider.defaultThreads());
    }
}
