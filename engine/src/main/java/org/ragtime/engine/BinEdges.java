package org.ragtime.engine;

import java.util.Locale;

/**
 * Bin edges relative to a presentation onset: the rule a caller's edges must meet, and the coordinates
 * derived from them. One place for both, used by {@link PresentationWindows} and by the command line.
 *
 * <p>One rule everywhere ({@link #requireIncreasing}): at least two, finite, strictly increasing, so every bin has
 * a width. The command line, the session API and {@link PresentationWindows#of} all apply it.
 */
public final class BinEdges {
    private BinEdges() {
    }

    /**
     * The rule for user-given edges: at least two, finite, strictly increasing.
     *
     * @return {@code edges}
     * @throws BadInputException naming the first edge that breaks the rule
     */
    public static double[] requireIncreasing(double[] edges) {
        requireTwo(edges);
        for (int i = 0; i < edges.length; i++) {
            if (!Double.isFinite(edges[i])) {
                throw new BadInputException("bin edges: edge " + i + " is not a finite number");
            }
            if (i > 0 && !(edges[i] > edges[i - 1])) {
                throw new BadInputException(String.format(Locale.ROOT,
                        "bin edges: not strictly increasing at edge %d (%s after %s)", i, edges[i], edges[i - 1]));
            }
        }
        return edges;
    }

    private static void requireTwo(double[] edges) {
        if (edges.length < 2) {
            throw new BadInputException("bin edges: need at least two edges, got " + edges.length);
        }
    }

    /**
     * Bin centres as AllenSDK reports them ({@code time_relative_to_stimulus_onset}):
     * {@code edges[:-1] + diff(edges) / 2}, element by element.
     */
    public static double[] centres(double[] edges) {
        double[] c = new double[Math.max(0, edges.length - 1)];
        for (int j = 0; j < c.length; j++) {
            c[j] = edges[j] + (edges[j + 1] - edges[j]) / 2;
        }
        return c;
    }
}
