package org.ragtime.io.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link RbfSvm#predict}, libsvm's decision computed over a flat array, answers exactly what libsvm's own
 * {@code svm_predict} answers, row for row, on count data with many classes, ties and zero rows; and
 * {@code gamma="scale"} is scikit-learn's formula.
 */
class RbfSvmTest {
    @Test
    void fastPredictionIsLibsvmsPrediction() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 600;
        int features = 17;
        int classes = 12;
        double[] x = new double[n * features];
        int[] y = new int[n];
        for (int r = 0; r < n; r++) {
            y[r] = rng.nextInt(classes);
            for (int j = 0; j < features; j++) {
                // Poisson-ish counts whose mean depends on the class: partly separable, many zeros and ties
                double mean = ((y[r] * 7 + j * 3) % 5) * 0.6;
                int c = 0;
                double p = Math.exp(-mean);
                double u = rng.nextDouble();
                double cdf = p;
                while (u > cdf && c < 30) {
                    c++;
                    p *= mean / c;
                    cdf += p;
                }
                x[r * features + j] = c;
            }
        }
        int[] fold = KFold.foldOf(n, 3);
        int agree = 0;
        int right = 0;
        int tested = 0;
        for (int f = 0; f < 3; f++) {
            int ff = f;
            int[] train = java.util.stream.IntStream.range(0, n).filter(i -> fold[i] != ff).toArray();
            RbfSvm svm = RbfSvm.fit(x, features, train, y);
            for (int r = 0; r < n; r++) {
                if (fold[r] == f) {
                    int ours = svm.predict(x, features, r);
                    agree += ours == svm.predictWithLibsvm(x, features, r) ? 1 : 0;
                    right += ours == y[r] ? 1 : 0;
                    tested++;
                }
            }
        }
        assertEquals(tested, agree, "every prediction is libsvm's");
        assertTrue(right > 2.0 * tested / classes, "the data carry information: " + right + " of " + tested);
    }

    @Test
    void gammaScaleIsOneOverFeaturesTimesVariance() {
        double[] x = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        // rows 0 and 2 of a 3-feature matrix: values 0,1,2,6,7,8; mean 4, variance (16+9+4+4+9+16)/6 = 29/3
        assertEquals(1.0 / (3 * (29.0 / 3)), RbfSvm.scaleGamma(x, 3, new int[] {0, 2}), 1e-15);
        assertEquals(1.0, RbfSvm.scaleGamma(new double[] {2, 2, 2, 2}, 2, new int[] {0, 1}));
    }
}
