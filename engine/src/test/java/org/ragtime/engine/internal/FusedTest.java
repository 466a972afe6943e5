package org.ragtime.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ragtime.engine.BinRule;
import org.ragtime.engine.KernelProvider;
import org.ragtime.engine.PresentationWindows;
import org.ragtime.engine.SpikeTrains;
import org.ragtime.engine.stats.ConditionStatistics;

/**
 * The fused reductions (issue 16) of every backend, 1 and 2 threads, against brute force built from the
 * cube: the PSTH as the sum over presentations of brute-force counts (every spike against every bin of
 * every window, by the rule) divided by P; the condition-wise statistics from brute-force per-presentation
 * totals with the same two-pass arithmetic, so both must agree bit for bit. Fresh seeds each run (the seed is
 * in every message; {@code -Dragtime.test.seed} replays one). The cases are built so the fused path applies
 * (sorted windows: abutting, an ulp apart either way, with gaps, NaN starts, one presentation, non-uniform and
 * one-ulp bins, spikes on and an ulp off every kind of edge), and the test checks that it did.
 */
class FusedTest {
    /** Every backend, the native one also at each x86-64 level this CPU runs (reduce.c is built per level). */
    static final String[] BACKENDS = org.ragtime.engine.Backends.NAMES.toArray(String[]::new);

    record Case(double[][] trains, double[] starts, double[] edges, BinRule rule) {
    }

    static Case randomCase(SplittableRandom r) {
        int nb = 1 + r.nextInt(r.nextBoolean() ? 6 : 70);
        double[] edges = new double[nb + 1];
        edges[0] = r.nextBoolean() ? 0 : -r.nextDouble(0.5);
        boolean uniform = r.nextBoolean();
        double step = 0.001 + r.nextDouble(0.05);
        for (int k = 1; k <= nb; k++) {
            edges[k] = uniform ? edges[0] + k * step
                    : r.nextInt(8) == 0 ? Math.nextUp(edges[k - 1]) : edges[k - 1] + r.nextDouble(0.0001, 0.1);
        }
        if (uniform && edges[nb] <= edges[nb - 1]) {
            edges[nb] = Math.nextUp(edges[nb - 1]);
        }
        double len = edges[nb] - edges[0];
        int np = r.nextInt(8) == 0 ? r.nextInt(2) : r.nextInt(40);
        double[] starts = new double[np];
        int style = r.nextInt(4);
        double t = r.nextDouble(-2, 5);
        for (int p = 0; p < np; p++) {
            starts[p] = t;
            t += switch (style) {
                case 0 -> len; // abutting (an ulp apart either way after rounding)
                case 1 -> len + r.nextDouble(0, 1); // gaps
                case 2 -> r.nextBoolean() ? len : len * (1 + r.nextDouble(0.5)); // both
                default -> Math.nextUp(len); // an ulp past abutting
            };
            if (r.nextInt(12) == 0) {
                starts[p] = Double.NaN;
            }
        }
        double lo = np == 0 ? -1 : t - np * len * 2 - 1;
        double hi = Math.max(t, lo) + 1;
        int nu = r.nextInt(8);
        double[][] trains = new double[nu][];
        for (int u = 0; u < nu; u++) {
            int kind = r.nextInt(5);
            int n = kind == 0 ? 0 : r.nextInt(kind == 1 ? 10 : 400);
            int onEdges = kind == 0 || np == 0 ? 0 : r.nextInt(40);
            double[] x = new double[n + onEdges];
            for (int i = 0; i < n; i++) {
                x[i] = kind == 2 ? hi + 1 + r.nextDouble(10) // outside every window
                        : r.nextDouble(lo, hi);
            }
            for (int i = n; i < x.length; i++) {
                double v = starts[r.nextInt(np)] + edges[r.nextInt(nb + 1)];
                if (Double.isNaN(v)) {
                    v = r.nextDouble(lo, hi);
                }
                int k = r.nextInt(3);
                x[i] = k == 0 ? v : k == 1 ? Math.nextUp(v) : Math.nextDown(v);
            }
            Arrays.sort(x);
            trains[u] = x;
        }
        return new Case(trains, starts, edges, r.nextBoolean() ? BinRule.CLOSED : BinRule.HALF_OPEN);
    }

    /** Brute force: per unit and bin, the total over presentations of the cube's counts. */
    static long[] cubeTotals(Case c) {
        int nb = c.edges.length - 1;
        long[] tot = new long[c.trains.length * nb];
        for (int u = 0; u < c.trains.length; u++) {
            for (double x : c.trains[u]) {
                for (double s : c.starts) {
                    if (s != s) {
                        continue;
                    }
                    for (int j = 0; j < nb; j++) {
                        double a = s + c.edges[j];
                        double b = s + c.edges[j + 1];
                        if (a <= x && (c.rule == BinRule.CLOSED ? x <= b : x < b)) {
                            tot[u * nb + j]++;
                        }
                    }
                }
            }
        }
        return tot;
    }

    static long seed() {
        return Long.getLong("ragtime.test.seed", System.nanoTime());
    }

    @Test
    void fusedPsthIsTheCubeMean() {
        long seed = seed();
        SplittableRandom seeds = new SplittableRandom(seed);
        int fused = 0;
        for (int iter = 0; iter < 300; iter++) {
            long s = seeds.nextLong();
            Case c = randomCase(new SplittableRandom(s));
            String ctx = "seed " + seed + " case " + iter + " (" + s + "), " + c.rule;
            PresentationWindows w = PresentationWindows.of(c.starts, c.edges, c.rule);
            boolean valid = Arrays.stream(c.starts).anyMatch(x -> x == x);
            TimeTable tt = TimeTable.forWindows(w);
            assertEquals(valid, tt != null, "the fused path applies: " + ctx);
            fused += tt != null ? 1 : 0;
            checkPsth(c, w, ctx);
        }
        assertTrue(fused > 100, "fused cases " + fused);
    }

    static void checkPsth(Case c, PresentationWindows w, String ctx) {
        int nb = w.binCount();
        int np = c.starts.length;
        int cells = c.trains.length * nb;
        long[] tot = cubeTotals(c);
        long maxTotal = Arrays.stream(tot).max().orElse(0);
        SpikeTrains units = SpikeTrains.ofArrays(c.trains);
        for (String backend : BACKENDS) {
            for (int threads = 1; threads <= 2; threads++) {
                try (Arena arena = Arena.ofShared()) {
                    MemorySegment out = arena.allocate(Math.max(8, 8L * cells));
                    out.fill((byte) 0x5A);
                    long max = KernelProvider.forName(backend).psth().mean(units, w, out, threads);
                    String where = backend + ", " + threads + " threads, " + ctx;
                    for (int i = 0; i < cells; i++) {
                        double want = np == 0 ? Double.NaN : (double) tot[i] / np;
                        double got = out.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
                        assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got),
                                "cell " + i + " want " + want + " got " + got + ", " + where);
                    }
                    assertEquals(c.trains.length == 0 ? 0 : maxTotal, max, "largest total, " + where);
                }
            }
        }
    }

    @Test
    void anchors() {
        // closed rule: a spike on an interior edge counts in both bins, on the window's ends in the end bins;
        // abutting windows share the edge 1.0: a spike there counts in both windows (closed), the later (half-open)
        double[] starts = {0, 1, Double.NaN, 3};
        double[] edges = {0, 0.5, 1};
        double[][] trains = {{0, 0.5, 1.0, 1.25, 2.0, 2.5, 3.0, 4.0, 5.0}, {}, {-1, 10}};
        for (BinRule rule : BinRule.values()) {
            Case c = new Case(trains, starts, edges, rule);
            PresentationWindows w = PresentationWindows.of(starts, edges, rule);
            assertNotNull(TimeTable.forWindows(w));
            checkPsth(c, w, "anchor " + rule);
        }
        // one presentation; no presentations
        checkPsth(new Case(trains, new double[] {0.25}, edges, BinRule.CLOSED),
                PresentationWindows.of(new double[] {0.25}, edges, BinRule.CLOSED), "one presentation");
        checkPsth(new Case(trains, new double[0], edges, BinRule.CLOSED),
                PresentationWindows.of(new double[0], edges, BinRule.CLOSED), "no presentations");
    }

    @Test
    void overlappingWindowsFallBackOrListEveryCell() {
        long seed = seed();
        SplittableRandom r = new SplittableRandom(seed);
        for (int iter = 0; iter < 60; iter++) {
            Case c = randomCase(r);
            // the same windows, each starting half a window after the previous, or all at once
            double[] starts = c.starts.clone();
            double len = c.edges[c.edges.length - 1] - c.edges[0];
            for (int p = 0; p < starts.length; p++) {
                starts[p] = iter % 2 == 0 ? 1 + p * len / 2 : 1;
            }
            Case o = new Case(c.trains, starts, c.edges, c.rule);
            checkPsth(o, PresentationWindows.of(starts, c.edges, c.rule), "overlapping, seed " + seed + " case " + iter);
        }
        // windows a tenth of a bin apart: every bin holds many other windows' edges, the table would grow past
        // its budget, and the walk runs instead
        double[] shifted = new double[50];
        double[] edges = new double[41];
        for (int p = 0; p < shifted.length; p++) {
            shifted[p] = p * 0.001;
        }
        for (int k = 0; k < edges.length; k++) {
            edges[k] = k * 0.01;
        }
        assertNull(TimeTable.forWindows(PresentationWindows.of(shifted, edges, BinRule.CLOSED)));
        Case c = randomCase(new SplittableRandom(seed));
        checkPsth(new Case(c.trains, shifted, edges, BinRule.CLOSED), PresentationWindows.of(shifted, edges, BinRule.CLOSED),
                "shifted windows, seed " + seed);
    }

    // ------------------------------------------------------------------------------- condition statistics

    @Test
    void conditionStatisticsFromFusedTotals() {
        long seed = seed();
        SplittableRandom r = new SplittableRandom(seed);
        for (int iter = 0; iter < 150; iter++) {
            String ctx = "seed " + seed + " case " + iter;
            int np = r.nextInt(6) == 0 ? r.nextInt(2) : r.nextInt(60);
            double[] s = new double[np];
            double[] e = new double[np];
            long[] ids = new long[np];
            long[] cond = new long[np];
            double t = r.nextDouble(-3, 3);
            double grain = r.nextBoolean() ? 0.25 : 0.1; // 0.1 sums round: shared boundaries an ulp apart
            for (int p = 0; p < np; p++) {
                s[p] = t;
                int kind = r.nextInt(6);
                e[p] = kind == 0 ? t : t + (1 + r.nextInt(8)) * grain; // zero-length presentations too
                t = r.nextBoolean() ? e[p] : e[p] + (1 + r.nextInt(5)) * grain;
                ids[p] = p;
                cond[p] = r.nextInt(-1, 5);
            }
            int nu = r.nextInt(7);
            double[][] tr = new double[nu][];
            for (int u = 0; u < nu; u++) {
                int n = r.nextInt(5) == 0 ? 0 : r.nextInt(300);
                int on = np == 0 ? 0 : r.nextInt(30);
                tr[u] = new double[n + on];
                for (int k = 0; k < n; k++) {
                    tr[u][k] = r.nextBoolean() ? r.nextInt(-20, 200) * grain : r.nextDouble(-5, t + 5);
                }
                for (int k = n; k < n + on; k++) {
                    double v = r.nextBoolean() ? s[r.nextInt(np)] : e[r.nextInt(np)];
                    int z = r.nextInt(3);
                    tr[u][k] = z == 0 ? v : z == 1 ? Math.nextUp(v) : Math.nextDown(v);
                }
                Arrays.sort(tr[u]);
            }
            long[] unitIds = new long[nu];
            for (int u = 0; u < nu; u++) {
                unitIds[u] = r.nextInt(0, 5) * 10L + u;
            }
            if (np > 0) {
                assertNotNull(Intervals.of(s, e).table, "the fused path applies: " + ctx);
            }
            checkConditions(tr, unitIds, ids, s, e, cond, ctx);
        }
    }

    static void checkConditions(double[][] tr, long[] unitIds, long[] ids, double[] s, double[] e, long[] cond, String ctx) {
        int nu = tr.length;
        int np = s.length;
        long[][] cnt = new long[nu][np];
        for (int u = 0; u < nu; u++) {
            for (double x : tr[u]) {
                for (int p = 0; p < np; p++) {
                    if (s[p] < x && x <= e[p]) {
                        cnt[u][p]++;
                    }
                }
            }
        }
        SpikeTrains trains = SpikeTrains.ofArrays(tr);
        for (boolean rates : new boolean[] {false, true}) {
            List<double[]> want = reference(cnt, unitIds, s, e, cond, rates);
            for (String backend : BACKENDS) {
                for (int threads = 1; threads <= 2; threads++) {
                    String where = backend + ", " + threads + " threads, rates " + rates + ", " + ctx;
                    ConditionStatistics cs = ConditionStatistics.compute(trains, unitIds, ids, s, e, cond, rates,
                            KernelProvider.forName(backend), threads);
                    assertEquals(want.size(), cs.size(), where);
                    for (int r = 0; r < want.size(); r++) {
                        double[] w = want.get(r);
                        assertEquals((long) w[0], cs.unitId(r), where);
                        assertEquals((long) w[1], cs.conditionId(r), where);
                        assertEquals((long) w[2], cs.spikeCount(r), "row " + r + " spike count, " + where);
                        assertEquals((int) w[3], cs.presentationCount(r), where);
                        bits(w[4], cs.mean(r), "row " + r + " mean, " + where);
                        bits(w[5], cs.std(r), "row " + r + " std, " + where);
                        bits(w[6], cs.sem(r), "row " + r + " sem, " + where);
                    }
                }
            }
        }
    }

    private static void bits(double want, double got, String where) {
        assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got), where + ": want " + want + " got " + got);
    }

    /** Rows (unit, condition, sum, n, mean, std, sem) by condition then unit id, two-pass as AllenSDK's pandas code. */
    static List<double[]> reference(long[][] cnt, long[] unitIds, double[] s, double[] e, long[] cond, boolean rates) {
        long[] conds = Arrays.stream(cond).filter(c -> c >= 0).distinct().sorted().toArray();
        Integer[] order = new Integer[unitIds.length];
        for (int u = 0; u < order.length; u++) {
            order[u] = u;
        }
        Arrays.sort(order, (a, b) -> Long.compare(unitIds[a], unitIds[b]));
        List<double[]> rows = new ArrayList<>();
        for (long c : conds) {
            for (int u : order) {
                long sum = 0;
                int n = 0;
                double acc = 0;
                for (int p = 0; p < s.length; p++) {
                    if (cond[p] == c) {
                        sum += cnt[u][p];
                        n++;
                        acc += rates ? cnt[u][p] / (e[p] - s[p]) : cnt[u][p];
                    }
                }
                double mean = rates ? acc / n : (double) sum / n;
                double ss = 0;
                for (int p = 0; p < s.length; p++) {
                    if (cond[p] == c) {
                        double x = rates ? cnt[u][p] / (e[p] - s[p]) : cnt[u][p];
                        ss += (x - mean) * (x - mean);
                    }
                }
                double std = n > 1 ? Math.sqrt(ss / (n - 1)) : Double.NaN;
                double sem = n > 1 ? std / Math.sqrt(n) : Double.NaN;
                rows.add(new double[] {unitIds[u], c, sum, n, mean, std, sem});
            }
        }
        return rows;
    }
}
