package org.ragtime.io.decode;

import java.util.Arrays;
import libsvm.svm;
import libsvm.svm_model;
import libsvm.svm_node;
import libsvm.svm_parameter;
import libsvm.svm_problem;

/**
 * scikit-learn's {@code SVC(kernel="rbf", gamma="scale", C=1)} on libsvm's own Java port ({@code tw.edu.ntu.csie:libsvm}
 * 3.31, BSD), the solver scikit-learn wraps, with scikit-learn's settings: {@code gamma = 1 / (n_features * X.var())}
 * over the training matrix (1 when the variance is 0), tolerance 1e-3, shrinking on, a 200 MB kernel cache, no
 * class weights, no probability estimates; one-vs-one multi-class with libsvm's vote (ties to the first class).
 * Classes are numbered 0..k-1 in sorted label order, as scikit-learn numbers them; scikit-learn's libsvm orders the
 * classes that way, while libsvm orders them by first appearance, so the training samples are handed to libsvm
 * stably sorted by class: libsvm groups them by class in exactly that order anyway, so the problem it solves is the
 * one scikit-learn solves.
 *
 * <pre>{@code
 * RbfSvm svm = RbfSvm.fit(x, nFeatures, rows, classes);   // x row-major
 * int predicted = svm.predict(x, nFeatures, row);   // what libsvm's svm_predict answers
 * }</pre>
 */
public final class RbfSvm {
    static {
        svm.svm_set_print_string_function(s -> { }); // libsvm prints its progress to stdout by default
    }

    private final svm_model model;
    private final double gamma;
    private final int features;
    private final double[] sv;    // support vectors, dense, row-major (model.l x features)
    private final int[] start;    // per class, its first support vector

    private RbfSvm(svm_model model, double gamma, int features) {
        this.model = model;
        this.gamma = gamma;
        this.features = features;
        this.sv = new double[model.l * features];
        for (int i = 0; i < model.l; i++) {
            for (svm_node n : model.SV[i]) {
                sv[i * features + n.index - 1] = n.value;
            }
        }
        this.start = new int[model.nr_class];
        for (int c = 1; c < model.nr_class; c++) {
            start[c] = start[c - 1] + model.nSV[c - 1];
        }
    }

    /**
     * Trains on the given rows.
     *
     * @param x        samples x features, row-major
     * @param features features per sample
     * @param rows     the training samples (rows of x), in order
     * @param classes  per row of x its class 0..k-1 (only the training rows are read)
     */
    public static RbfSvm fit(double[] x, int features, int[] rows, int[] classes) {
        double gamma = scaleGamma(x, features, rows);
        Integer[] order = new Integer[rows.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(classes[rows[a]], classes[rows[b]])); // stable
        svm_problem p = new svm_problem();
        p.l = rows.length;
        p.y = new double[rows.length];
        p.x = new svm_node[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            int r = rows[order[i]];
            p.y[i] = classes[r];
            p.x[i] = nodes(x, features, r);
        }
        svm_parameter a = new svm_parameter();
        a.svm_type = svm_parameter.C_SVC;
        a.kernel_type = svm_parameter.RBF;
        a.degree = 3;
        a.gamma = gamma;
        a.coef0 = 0;
        a.C = 1;
        a.eps = 1e-3;
        a.cache_size = 200;
        a.shrinking = 1;
        a.probability = 0;
        a.nr_weight = 0;
        a.weight_label = new int[0];
        a.weight = new double[0];
        a.nu = 0.5;
        a.p = 0.1;
        String problem = svm.svm_check_parameter(p, a);
        if (problem != null) {
            throw new IllegalArgumentException("libsvm: " + problem);
        }
        return new RbfSvm(svm.svm_train(p, a), gamma, features);
    }

    /** scikit-learn's {@code gamma="scale"}: 1 / (n_features * variance of every element of the training rows). */
    static double scaleGamma(double[] x, int features, int[] rows) {
        double sum = 0;
        for (int r : rows) {
            for (int j = 0; j < features; j++) {
                sum += x[r * features + j];
            }
        }
        double n = (double) rows.length * features;
        double mean = sum / n;
        double ss = 0;
        for (int r : rows) {
            for (int j = 0; j < features; j++) {
                double d = x[r * features + j] - mean;
                ss += d * d;
            }
        }
        double var = ss / n;
        return var != 0 ? 1.0 / (features * var) : 1.0;
    }

    /**
     * Every feature of a row as a node, zeros too, in order: the dense rows scikit-learn hands its libsvm. (Leaving
     * zeros out would change no kernel value, but on count matrices it made training about twice as slow here: the
     * sparse merge of two rows branches unpredictably.)
     */
    private static svm_node[] nodes(double[] x, int features, int row) {
        svm_node[] n = new svm_node[features];
        for (int j = 0; j < features; j++) {
            n[j] = new svm_node();
            n[j].index = j + 1;
            n[j].value = x[row * features + j];
        }
        return n;
    }

    /** The class (0..k-1) libsvm's one-vs-one vote gives row {@code row} of {@code x} ({@code svm_predict} itself). */
    public int predictWithLibsvm(double[] x, int features, int row) {
        return (int) svm.svm_predict(model, nodes(x, features, row));
    }

    /**
     * The class libsvm's {@code svm_predict} gives row {@code row} of {@code x}, computed the way libsvm computes it
     * (the same kernel values, {@code exp(-gamma * sum_j (x_j - sv_j)^2)} summed in feature order, the same one-vs-one
     * decision sums in the same order, the same vote and tie rule) over support vectors held in one flat array instead
     * of libsvm's node objects: the same answer several times faster (tested against {@code svm_predict}).
     *
     * @param kvalue scratch of at least {@link #supportVectors()} values
     */
    public int predict(double[] x, int features, int row, double[] kvalue) {
        if (features != this.features) {
            throw new IllegalArgumentException(features + " features, trained on " + this.features);
        }
        int l = model.l;
        int base = row * features;
        for (int i = 0; i < l; i++) {
            int o = i * features;
            double sum = 0;
            for (int j = 0; j < features; j++) {
                double d = x[base + j] - sv[o + j];
                sum += d * d;
            }
            kvalue[i] = Math.exp(-gamma * sum);
        }
        int k = model.nr_class;
        int[] vote = new int[k];
        int p = 0;
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                double sum = 0;
                int si = start[i];
                int sj = start[j];
                double[] coef1 = model.sv_coef[j - 1];
                double[] coef2 = model.sv_coef[i];
                for (int q = 0; q < model.nSV[i]; q++) {
                    sum += coef1[si + q] * kvalue[si + q];
                }
                for (int q = 0; q < model.nSV[j]; q++) {
                    sum += coef2[sj + q] * kvalue[sj + q];
                }
                sum -= model.rho[p++];
                if (sum > 0) {
                    vote[i]++;
                } else {
                    vote[j]++;
                }
            }
        }
        int best = 0;
        for (int i = 1; i < k; i++) {
            if (vote[i] > vote[best]) {
                best = i;
            }
        }
        return model.label[best];
    }

    /** {@link #predict(double[], int, int, double[])} with its own scratch. */
    public int predict(double[] x, int features, int row) {
        return predict(x, features, row, new double[model.l]);
    }

    /** The kernel coefficient used. */
    public double gamma() {
        return gamma;
    }

    /** Number of support vectors. */
    public int supportVectors() {
        return model.l;
    }
}
