package org.ragtime.engine.behavior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.ragtime.testing.Python;

/** The kernels against scipy's {@code norm.ppf} and against brute-force windows on random inputs. */
class PerformanceTest {
    @Test
    void normalQuantileIsScipys() throws Exception {
        double[] p = {1e-300, 1e-20, 1e-8, 0.001, 0.005, 0.01, 0.02, 0.0749, 0.075, 0.1, 0.25, 0.3, 0.5, 0.6, 0.74, 0.9,
                0.925, 0.99, 0.995, 1 - 1e-12};
        StringJoiner j = new StringJoiner(" ");
        for (double x : p) j.add(Double.toString(x));
        String out = Python.run("""
                import sys
                from scipy.stats import norm
                print(' '.join(repr(float(norm.ppf(float(x)))) for x in sys.argv[1:]))
                """, j.toString().split(" "));
        String[] want = out.strip().split(" ");
        for (int i = 0; i < p.length; i++) {
            double w = Double.parseDouble(want[i]), g = NormalQuantile.ppf(p[i]);
            assertTrue(Math.abs(g - w) <= 1e-14 * Math.max(1, Math.abs(w)), p[i] + ": " + g + " vs scipy " + w);
        }
        assertEquals(Double.NEGATIVE_INFINITY, NormalQuantile.ppf(0));
        assertEquals(Double.POSITIVE_INFINITY, NormalQuantile.ppf(1));
        assertTrue(Double.isNaN(NormalQuantile.ppf(Double.NaN)) && Double.isNaN(NormalQuantile.ppf(1.5)));
    }

    @Test
    void rollingWindowsEqualBruteForce() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int n : new int[] {0, 1, 7, 99, 100, 101, 350}) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) x[i] = rng.nextInt(3) == 0 ? Double.NaN : rng.nextInt(2);
            double[] mean = Performance.rollingMean(x, 100), count = Performance.rollingCount(x, 100);
            for (int i = 0; i < n; i++) {
                double s = 0;
                int k = 0;
                for (int w = Math.max(0, i - 99); w <= i; w++) if (!Double.isNaN(x[w])) { s += x[w]; k++; }
                assertEquals(k, count[i], "count " + i);
                assertEquals(k == 0 ? Double.NaN : s / k, mean[i], "mean " + i);
            }
        }
    }

    @Test
    void trialNumberLimitHoldsRatesWithinOneOverTwoN() {
        assertTrue(Double.isNaN(Performance.trialNumberLimit(0.5, 0)));
        assertEquals(1 - 1.0 / 8, Performance.trialNumberLimit(1, 4));
        assertEquals(1.0 / 8, Performance.trialNumberLimit(0, 4));
        assertEquals(0.3, Performance.trialNumberLimit(0.3, 4));
        assertTrue(Double.isNaN(Performance.trialNumberLimit(Double.NaN, 4)));
    }

    @Test
    void rewardRateWindowIsCentredOnTheTrial() {
        int n = 60;
        double[] start = new double[n], latency = new double[n];
        for (int i = 0; i < n; i++) {
            start[i] = 6.0 * i;
            latency[i] = i == 50 ? 0.3 : Double.POSITIVE_INFINITY; // one rewarded trial, late in the session
        }
        double[] r = Performance.rewardRate(latency, start);
        for (int i = 0; i < 10; i++) assertTrue(Double.isNaN(r[i]));
        // trial 26's window [1, 51) reaches trial 50, 24 trials ahead of it: "previous 25" would not
        assertEquals(1.0 / (start[50] - start[1]) * 60, r[26]);
        assertEquals(0.0, r[25]);
        assertTrue(Arrays.stream(Performance.rewardRate(new double[5], new double[5])).allMatch(Double::isNaN));
        // a zero time span gives an infinite rate, which AllenSDK turns into NaN
        double[] same = new double[12];
        double[] fast = new double[12];
        assertTrue(Double.isNaN(Performance.rewardRate(fast, same)[11]));
        assertThrows(IllegalArgumentException.class, () -> Performance.rolling(new double[2], new double[2], new double[0],
                new long[3], 0.15, new boolean[2], new boolean[2], new boolean[2], new boolean[2], new boolean[] {true, true},
                new double[2]));
        // go responses: aborted trials left out; 1 for a hit, then 0 for a miss (a miss wins), NaN otherwise
        double[] go = Performance.responses(new boolean[] {true, true, false, true}, new boolean[] {false, true, false, false},
                new boolean[] {false, false, false, true});
        assertEquals(3, go.length);
        assertEquals(1.0, go[0]);
        assertEquals(0.0, go[1]);
        assertTrue(Double.isNaN(go[2]));
    }
}
