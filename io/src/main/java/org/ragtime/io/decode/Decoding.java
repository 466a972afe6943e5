package org.ragtime.io.decode;

import java.util.List;
import org.ragtime.io.Note;

/**
 * What {@link Decoder#decode} found: per fold the accuracy, the mean over folds, chance, the mean confusion matrix, the
 * most and least decodable target values, and every test presentation's prediction.
 *
 * @param design         the design matrix the classifier saw
 * @param target         the target column's name
 * @param labels         the distinct target values, sorted (numerically when they are all numbers), as text
 * @param targets        per design row its target, an index into {@code labels}
 * @param folds          per fold: accuracy, training and test sizes
 * @param fold           per design row, the fold that tested it
 * @param predicted      per design row, the predicted label (index into {@code labels}) when its fold tested it
 * @param meanConfusion  labels x labels, rows actual and columns predicted, the mean over folds of scikit-learn's
 *                       {@code confusion_matrix(labels=labels)} (counts, not rates)
 * @param notes          what the caller should know (e.g. presentations or units the pivot dropped)
 */
public record Decoding(DesignMatrix design, String target, List<String> labels, int[] targets, List<Fold> folds,
        int[] fold, int[] predicted, double[][] meanConfusion, List<Note> notes) {
    public Decoding {
        labels = List.copyOf(labels);
        folds = List.copyOf(folds);
        notes = List.copyOf(notes);
    }

    /**
     * One fold.
     *
     * @param index    0..K-1
     * @param accuracy the fraction of its test presentations predicted right
     * @param nTrain   training presentations
     * @param nTest    test presentations
     */
    public record Fold(int index, double accuracy, int nTrain, int nTest) {
    }

    /** The mean of the folds' accuracies (the notebook prints only the last fold's accuracy as its "mean"). */
    public double meanAccuracy() {
        double s = 0;
        for (Fold f : folds) {
            s += f.accuracy();
        }
        return s / folds.size();
    }

    /** 1 / number of distinct target values, the notebook's chance level. */
    public double chance() {
        return 1.0 / labels.size();
    }

    /** The notebook's "most decodable": the label with the largest diagonal of the mean confusion matrix (first on ties). */
    public String mostDecodable() {
        int best = 0;
        for (int i = 1; i < labels.size(); i++) {
            if (meanConfusion[i][i] > meanConfusion[best][best]) {
                best = i;
            }
        }
        return labels.get(best);
    }

    /** The notebook's "least decodable": the label with the smallest diagonal (first on ties). */
    public String leastDecodable() {
        int worst = 0;
        for (int i = 1; i < labels.size(); i++) {
            if (meanConfusion[i][i] < meanConfusion[worst][worst]) {
                worst = i;
            }
        }
        return labels.get(worst);
    }
}
