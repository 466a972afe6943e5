package org.ragtime.engine;

import java.util.Arrays;
import org.ragtime.engine.internal.Windows;

/**
 * The time windows of a list of stimulus presentations: AllenSDK's time domain. Row {@code p} holds the
 * absolute edges {@code start[p] + edges[k]}, each computed as one float64 addition, so "a spike on an
 * edge" means equality after that addition, as in {@code build_time_window_domain}. Presentations come
 * in the caller's order (unsorted, overlapping and repeated presentations are fine: every window is
 * counted on its own); a NaN start gives an empty window (all counts 0, as numpy's searchsorted does).
 *
 * <p>Immutable and thread-safe; the domain ({@code P x (B+1)} doubles) is computed once here so that
 * every backend reads the same edge values.
 */
public final class PresentationWindows {
    private final double[] starts;
    private final double[] edges;
    private final BinRule rule;
    private final double[] domain;
    /** Guess table: {@code guess[q]} ~ number of edges at or below relative position q / guessScale. */
    private final int[] guess;
    private final double guessScale;

    static {
        Windows.install(new Windows.Access() {
            @Override
            public double[] domain(PresentationWindows w) {
                return w.domain;
            }

            @Override
            public int[] guessTable(PresentationWindows w) {
                return w.guess;
            }

            @Override
            public double guessScale(PresentationWindows w) {
                return w.guessScale;
            }
        });
    }

    private PresentationWindows(double[] starts, double[] edges, BinRule rule) {
        this.starts = starts;
        this.edges = edges;
        this.rule = rule;
        int e = edges.length;
        this.domain = new double[Math.multiplyExact(starts.length, e)];
        for (int p = 0; p < starts.length; p++) {
            for (int k = 0; k < e; k++) {
                domain[p * e + k] = starts[p] + edges[k];
            }
        }
        // Bucket the relative edges so a spike's bin is found with one table read plus a step or two of
        // correction against the exact absolute edges, even for non-uniform edges.
        int bins = e - 1;
        int buckets = Math.max(1, 2 * bins);
        double span = edges[bins] - edges[0];
        this.guessScale = span > 0 ? buckets / span : 0;
        this.guess = new int[buckets];
        int k = 0;
        for (int q = 0; q < buckets; q++) {
            double at = span > 0 ? q / guessScale : 0;
            while (k < e && edges[k] - edges[0] <= at) {
                k++;
            }
            guess[q] = Math.min(k, bins); // a valid edge index: the kernels compare against edge guess[q]
        }
    }

    /**
     * Windows {@code start[p] + edges} for every presentation.
     *
     * @param starts presentation start times in the order wanted in the output (copied)
     * @param edges  bin edges relative to each start: at least two, finite, strictly increasing ({@link BinEdges}'s
     *               one rule; copied)
     * @param rule   closed (AllenSDK) or half-open bins
     * @throws BadInputException when the edges are not finite and strictly increasing
     */
    public static PresentationWindows of(double[] starts, double[] edges, BinRule rule) {
        BinEdges.requireIncreasing(edges);
        if (rule == null) {
            throw new IllegalArgumentException("rule is null");
        }
        return new PresentationWindows(starts.clone(), edges.clone(), rule);
    }

    /** Number of presentations (rows). */
    public int presentationCount() {
        return starts.length;
    }

    /** Number of bins per window (edges - 1). */
    public int binCount() {
        return edges.length - 1;
    }

    /** The bin rule. */
    public BinRule rule() {
        return rule;
    }

    /** Start time of presentation {@code p}. */
    public double start(int p) {
        return starts[p];
    }

    /** The relative edges (a copy). */
    public double[] edges() {
        return edges.clone();
    }

    /** Absolute edge {@code k} of presentation {@code p}: {@code start[p] + edges[k]} (one addition). */
    public double edge(int p, int k) {
        return domain[p * edges.length + k];
    }

    /** Bin centres relative to the start, AllenSDK's coordinate ({@link BinEdges#centres}). */
    public double[] binCenters() {
        return BinEdges.centres(edges);
    }

    /** Cells of a (presentations, bins, units) array for {@code units} units. */
    public long cells(int units) {
        return (long) starts.length * binCount() * units;
    }

    @Override
    public String toString() {
        return "PresentationWindows[" + starts.length + " presentations, edges " + Arrays.toString(edges) + ", " + rule + "]";
    }
}
