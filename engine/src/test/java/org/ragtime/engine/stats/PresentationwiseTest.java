package org.ragtime.engine.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ragtime.engine.BadInputException;
import org.ragtime.engine.SpikeTrains;

/** Presentation-wise spike times and condition-wise statistics against AllenSDK's anchors and a brute-force oracle. */
class PresentationwiseTest {
    // AllenSDK test_ecephys_session.py: presentations start [0, .5, 1, 1.5], stop = start + .5
    static final double[] STARTS = {0, 0.5, 1, 1.5};
    static final double[] STOPS = {0.5, 1.0, 1.5, 2.0};
    static final long[] IDS = {0, 1, 2, 3};

    @Test
    void allenSdkAnchorSpikeTimes() {
        SpikeTrains trains = SpikeTrains.ofArrays(new double[0], new double[0], new double[] {1.01, 1.02, 1.03});
        PresentationSpikeTimes st = PresentationSpikeTimes.compute(trains, new long[] {0, 1, 2}, IDS, STARTS, STOPS);
        assertEquals(3, st.size());
        for (int r = 0; r < 3; r++) {
            assertEquals(2, st.presentation(r));
            assertEquals(2, st.unit(r));
            assertEquals(0.01 * (r + 1), st.timeSinceOnset(r), 1e-12);
        }
    }

    @Test
    void allenSdkAnchorConditionwise() {
        SpikeTrains trains = SpikeTrains.ofArrays(new double[0], new double[0], new double[] {1.01, 1.02, 1.03});
        long[] ids = {0, 1, 2};
        double[] s = Arrays.copyOf(STARTS, 3);
        double[] e = Arrays.copyOf(STOPS, 3);
        long[] cond = {0, 1, 2};
        ConditionStatistics counts = ConditionStatistics.compute(trains, new long[] {0, 1, 2}, ids, s, e, cond, false);
        assertEquals(9, counts.size());
        int r = row(counts, 2, 2);
        assertEquals(3, counts.spikeCount(r));
        assertEquals(1, counts.presentationCount(r));
        assertTrue(Double.isNaN(counts.std(r)) && Double.isNaN(counts.sem(r)), "n = 1 gives NaN std and sem");
        ConditionStatistics rates = ConditionStatistics.compute(trains, new long[] {0, 1, 2}, ids, s, e, cond, true);
        assertEquals(0.0, rates.mean(row(rates, 2, 0)));
        assertEquals(0.0, rates.mean(row(rates, 2, 1)));
        assertEquals(6.0, rates.mean(row(rates, 2, 2)), 1e-12);
    }

    private static int row(ConditionStatistics cs, long unit, long cond) {
        for (int r = 0; r < cs.size(); r++) {
            if (cs.unitId(r) == unit && cs.conditionId(r) == cond) {
                return r;
            }
        }
        throw new AssertionError("no row for unit " + unit + " condition " + cond);
    }

    @Test
    void boundariesAreLeftOpenRightClosed() {
        // abutting presentations (0,1] (1,2]; spikes on the first start, the shared boundary, the last stop
        SpikeTrains trains = SpikeTrains.ofArrays(new double[] {0.0, 1.0, 2.0, 2.0000001});
        PresentationSpikeTimes st = PresentationSpikeTimes.compute(trains, new long[] {7}, new long[] {0, 1},
                new double[] {0, 1}, new double[] {1, 2});
        assertEquals(2, st.size());
        assertEquals(1.0, st.spikeTime(0));
        assertEquals(0, st.presentation(0), "a spike on a shared boundary belongs to the earlier presentation");
        assertEquals(2.0, st.spikeTime(1));
        assertEquals(1, st.presentation(1), "a spike on the stop belongs to the presentation");
    }

    @Test
    void overlappingOrUnsortedPresentationsAreRefused() {
        SpikeTrains trains = SpikeTrains.ofArrays(new double[] {0.5});
        BadInputException ex = assertThrows(BadInputException.class, () -> PresentationSpikeTimes.compute(trains,
                new long[] {1}, new long[] {4, 9}, new double[] {0, 0.5}, new double[] {1, 1.5}));
        assertTrue(ex.getMessage().contains("presentation 9"), ex.getMessage());
        assertThrows(BadInputException.class, () -> ConditionStatistics.compute(trains, new long[] {1},
                new long[] {4, 9}, new double[] {1, 0}, new double[] {1.5, 0.5}, new long[] {0, 0}, false));
    }

    @Test
    void maskedPresentationsDoNotContribute() {
        SpikeTrains trains = SpikeTrains.ofArrays(new double[] {0.5, 1.5, 1.6, 2.5});
        ConditionStatistics cs = ConditionStatistics.compute(trains, new long[] {3}, new long[] {0, 1, 2},
                new double[] {0, 1, 2}, new double[] {1, 2, 3}, new long[] {5, -1, 5}, false);
        assertEquals(1, cs.size());
        assertEquals(5, cs.conditionId(0));
        assertEquals(2, cs.spikeCount(0));
        assertEquals(2, cs.presentationCount(0));
        assertEquals(1.0, cs.mean(0));
        assertEquals(0.0, cs.std(0));
    }

    @Test
    void randomAgainstBruteForce() {
        long seed = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int trial = 0; trial < 40; trial++) {
            int nu = rnd.nextInt(0, 8);
            double[][] tr = new double[nu][];
            for (int u = 0; u < nu; u++) {
                int n = u == 0 && rnd.nextBoolean() ? 0 : rnd.nextInt(0, 200);
                tr[u] = new double[n];
                for (int k = 0; k < n; k++) {
                    // a coarse grid makes spikes land exactly on presentation boundaries often
                    tr[u][k] = rnd.nextInt(0, 400) * 0.25;
                }
                Arrays.sort(tr[u]);
            }
            int np = rnd.nextInt(0, 30);
            double[] s = new double[np];
            double[] e = new double[np];
            long[] cond = new long[np];
            long[] ids = new long[np];
            double t = rnd.nextInt(0, 8) * 0.25;
            for (int p = 0; p < np; p++) {
                s[p] = t;
                e[p] = t + rnd.nextInt(0, 12) * 0.25;
                t = e[p] + (rnd.nextBoolean() ? 0 : rnd.nextInt(1, 6) * 0.25);
                cond[p] = rnd.nextInt(-1, 4);
                ids[p] = p;
            }
            long[] unitIds = new long[nu];
            for (int u = 0; u < nu; u++) {
                unitIds[u] = rnd.nextInt(0, 5) * 10L + u; // unique, not sorted
            }
            SpikeTrains trains = SpikeTrains.ofArrays(tr);
            String ctx = "seed " + seed + " trial " + trial;

            // brute force: every spike against every presentation
            List<double[]> rows = new ArrayList<>();
            long[][] cnt = new long[nu][np];
            for (int u = 0; u < nu; u++) {
                for (double x : tr[u]) {
                    for (int p = 0; p < np; p++) {
                        if (s[p] < x && x <= e[p]) {
                            rows.add(new double[] {x, unitIds[u], p, u});
                            cnt[u][p]++;
                        }
                    }
                }
            }
            rows.sort(Comparator.<double[]>comparingDouble(r -> r[0]).thenComparingDouble(r -> r[1]));
            PresentationSpikeTimes st = PresentationSpikeTimes.compute(trains, unitIds, ids, s, e);
            assertEquals(rows.size(), st.size(), ctx);
            for (int r = 0; r < rows.size(); r++) {
                assertEquals(rows.get(r)[0], st.spikeTime(r), ctx);
                assertEquals((int) rows.get(r)[2], st.presentation(r), ctx);
                assertEquals((int) rows.get(r)[3], st.unit(r), ctx);
                assertEquals(st.spikeTime(r) - s[st.presentation(r)], st.timeSinceOnset(r), ctx);
            }

            for (boolean rates : new boolean[] {false, true}) {
                ConditionStatistics cs = ConditionStatistics.compute(trains, unitIds, ids, s, e, cond, rates);
                long[] conds = Arrays.stream(cond).filter(c -> c >= 0).distinct().sorted().toArray();
                long[] sortedUnits = unitIds.clone();
                Arrays.sort(sortedUnits);
                assertEquals(conds.length * nu, cs.size(), ctx);
                int r = 0;
                for (long c : conds) {
                    for (long uid : sortedUnits) {
                        int u = indexOf(unitIds, uid);
                        List<Double> xs = new ArrayList<>();
                        long sum = 0;
                        for (int p = 0; p < np; p++) {
                            if (cond[p] == c) {
                                xs.add(rates ? cnt[u][p] / (e[p] - s[p]) : (double) cnt[u][p]);
                                sum += cnt[u][p];
                            }
                        }
                        double mean = xs.stream().mapToDouble(Double::doubleValue).sum() / xs.size();
                        double ss = xs.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
                        double std = xs.size() > 1 ? Math.sqrt(ss / (xs.size() - 1)) : Double.NaN;
                        assertEquals(uid, cs.unitId(r), ctx);
                        assertEquals(c, cs.conditionId(r), ctx);
                        assertEquals(sum, cs.spikeCount(r), ctx);
                        assertEquals(xs.size(), cs.presentationCount(r), ctx);
                        close(mean, cs.mean(r), ctx);
                        close(std, cs.std(r), ctx);
                        close(std / Math.sqrt(xs.size()), cs.sem(r), ctx);
                        r++;
                    }
                }
            }
        }
    }

    /** Equal within 1e-12 relative; NaN and infinities (zero-duration presentations in rates mode) exactly. */
    private static void close(double expected, double actual, String ctx) {
        if (Double.isFinite(expected)) {
            assertEquals(expected, actual, Math.abs(expected) * 1e-12 + 1e-300, ctx);
        } else {
            assertEquals(expected, actual, ctx);
        }
    }

    private static int indexOf(long[] a, long v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
