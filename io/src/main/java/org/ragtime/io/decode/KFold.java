package org.ragtime.io.decode;

import org.ragtime.engine.BadInputException;

/**
 * scikit-learn's {@code KFold(n_splits=k)} (no shuffle): fold {@code f} tests a contiguous block of samples, the
 * first {@code n % k} folds one sample larger than the others, and trains on every other sample in order.
 *
 * <pre>{@code
 * int[] sizes = KFold.testSizes(30, 4);   // {8, 8, 7, 7}
 * }</pre>
 */
public final class KFold {
    private KFold() {
    }

    /** Per fold the number of test samples; {@code 2 <= k <= n} (scikit-learn's own refusals). */
    public static int[] testSizes(int n, int k) {
        if (k < 2) {
            throw new BadInputException("--folds " + k + ": need at least 2 folds (scikit-learn's KFold refuses fewer)");
        }
        if (k > n) {
            throw new BadInputException("--folds " + k + ": more folds than the " + n
                    + " presentations in the design matrix (scikit-learn's KFold refuses this)");
        }
        int[] sizes = new int[k];
        for (int f = 0; f < k; f++) {
            sizes[f] = n / k + (f < n % k ? 1 : 0);
        }
        return sizes;
    }

    /** Per sample, the fold that tests it. */
    public static int[] foldOf(int n, int k) {
        int[] sizes = testSizes(n, k);
        int[] fold = new int[n];
        int i = 0;
        for (int f = 0; f < k; f++) {
            for (int j = 0; j < sizes[f]; j++) {
                fold[i++] = f;
            }
        }
        return fold;
    }
}
