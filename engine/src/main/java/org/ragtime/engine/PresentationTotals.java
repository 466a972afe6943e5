package org.ragtime.engine;

/**
 * Per unit and stimulus presentation, the number of spikes with {@code start < t <= stop} (AllenSDK's
 * presentation-wise rule), the input of the condition-wise statistics. Presentations are sorted and do not
 * overlap ({@code start <= stop <= next start}); a spike on a shared boundary belongs to the earlier one.
 * Each unit's spikes are read once (issue 16). Stateless and thread-safe; every backend gives the same counts.
 */
public interface PresentationTotals {
    /** Presentations prepared once per call (a lookup shared by every unit): immutable, thread-safe, opaque. */
    interface Prepared {
        /** Number of presentations. */
        int presentationCount();
    }

    /**
     * @param starts presentation starts, sorted
     * @param stops  presentation stops, {@code starts[p] <= stops[p] <= starts[p + 1]}
     * @throws IllegalArgumentException when the presentations are out of order or overlap
     */
    Prepared prepare(double[] starts, double[] stops);

    /**
     * Fills {@code counts[(u - u0) * P + p]} for units {@code [u0, u1)} and every presentation p; runs on the
     * calling thread (callers split units over threads themselves).
     */
    void count(SpikeTrains units, Prepared presentations, int u0, int u1, long[] counts);
}
