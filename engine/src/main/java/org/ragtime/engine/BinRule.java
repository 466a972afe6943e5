package org.ragtime.engine;

/**
 * Which spikes a bin {@code [a, b]} of a presentation window holds, with {@code a = start_time + edge_j}
 * and {@code b = start_time + edge_{j+1}}, each computed as one float64 addition.
 */
public enum BinRule {
    /**
     * {@code a <= t <= b}: AllenSDK's {@code build_spike_histogram} (two {@code searchsorted} calls). A spike
     * exactly on an interior edge counts in both neighbouring bins; spikes on the first and last edge count.
     */
    CLOSED,
    /** {@code a <= t < b}: every spike inside the window counts in exactly one bin. */
    HALF_OPEN
}
