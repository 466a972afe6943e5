package org.ragtime.engine;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A random counting problem built to hit the corners: empty units, spikes exactly on absolute edges (and
 * one ulp either side), abutting / overlapping / repeated / unsorted / NaN starts, uniform and irregular
 * edges with one-ulp bins (the narrowest strictly increasing edges allow).
 */
final class RandomCase {
    final double[][] trains;
    final double[] starts;
    final double[] edges;
    final BinRule rule;
    final CountType type;
    final boolean binarize;

    private RandomCase(double[][] trains, double[] starts, double[] edges, BinRule rule, CountType type, boolean binarize) {
        this.trains = trains;
        this.starts = starts;
        this.edges = edges;
        this.rule = rule;
        this.type = type;
        this.binarize = binarize;
    }

    static RandomCase of(SplittableRandom r) {
        double span = 1 + r.nextDouble(20);
        // edges
        int nb = 1 + r.nextInt(r.nextBoolean() ? 8 : 40);
        double[] edges = new double[nb + 1];
        double e0 = -r.nextDouble(0.5);
        if (r.nextBoolean()) {
            double step = 0.001 + r.nextDouble(0.1);
            for (int k = 0; k <= nb; k++) {
                edges[k] = e0 + k * step;
            }
        } else {
            edges[0] = e0;
            for (int k = 1; k <= nb; k++) {
                // one edge in six an ulp after the last: the narrowest bin the one edge rule allows
                edges[k] = r.nextInt(6) == 0 ? Math.nextUp(edges[k - 1]) : Math.max(Math.nextUp(edges[k - 1]), edges[k - 1] + r.nextDouble(0.2));
            }
        }
        // presentations
        int np = r.nextInt(25);
        double[] starts = new double[np];
        int style = r.nextInt(4);
        double len = edges[nb] - edges[0];
        for (int p = 0; p < np; p++) {
            starts[p] = switch (style) {
                case 0 -> 0.3 + p * len; // abutting, sorted
                case 1 -> 0.3 + p * len * 0.5; // overlapping, sorted
                default -> r.nextDouble(-1, span); // unsorted, any overlap
            };
            if (p > 0 && r.nextInt(8) == 0) {
                starts[p] = starts[r.nextInt(p)]; // repeated presentation
            }
            if (r.nextInt(15) == 0) {
                starts[p] = Double.NaN;
            }
        }
        // units
        int nu = r.nextInt(10);
        double[][] trains = new double[nu][];
        for (int u = 0; u < nu; u++) {
            int n = r.nextInt(4) == 0 ? 0 : r.nextInt(r.nextBoolean() ? 20 : 300);
            double[] t = new double[n + (np > 0 ? 12 : 0)];
            for (int i = 0; i < n; i++) {
                t[i] = r.nextDouble(-1, span + 2);
            }
            for (int i = n; i < t.length; i++) { // on (or one ulp off) an absolute edge
                double x = starts[r.nextInt(np)] + edges[r.nextInt(nb + 1)];
                if (Double.isNaN(x)) {
                    x = r.nextDouble(span);
                }
                int k = r.nextInt(3);
                t[i] = k == 0 ? x : k == 1 ? Math.nextUp(x) : Math.nextDown(x);
            }
            Arrays.sort(t);
            trains[u] = t;
        }
        BinRule rule = r.nextBoolean() ? BinRule.CLOSED : BinRule.HALF_OPEN;
        CountType type = CountType.values()[r.nextInt(3)];
        boolean binarize = r.nextInt(4) == 0;
        return new RandomCase(trains, starts, edges, rule, type, binarize);
    }
}
