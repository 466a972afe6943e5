package org.ragtime.io.decode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ragtime.engine.BadInputException;
import org.ragtime.engine.KernelProvider;
import org.ragtime.io.DynamicTable;
import org.ragtime.io.LabelledTable;
import org.ragtime.io.Note;
import org.ragtime.io.NwbException;
import org.ragtime.io.Presentations;
import org.ragtime.io.ecephys.EcephysSession;
import org.ragtime.io.ecephys.Intervals;
import org.ragtime.io.ecephys.UnitSelection;

/**
 * The decoding workflow of the Visual Coding Neuropixels quick start, end to end: {@code presentationwise_spike_times}
 * of the stimulus's presentations and the selected units, the notebook's pivot into a {@link DesignMatrix}, the target
 * column of each remaining presentation, then {@code KFold(n_splits=K)} cross-validation of scikit-learn's
 * {@code SVC(gamma="scale", kernel="rbf")} ({@link RbfSvm}) with accuracy and confusion matrix per fold.
 *
 * <pre>{@code
 * try (EcephysSession s = EcephysSession.open(Path.of("session.nwb"))) {
 *     Decoding d = Decoder.decode(s, "natural_scenes", "frame", UnitSelection.all().structures("VISp"), 5, 2);
 *     System.out.println(d.meanAccuracy() + " vs chance " + d.chance() + ", best " + d.mostDecodable());
 * }
 * }</pre>
 */
public final class Decoder {
    private Decoder() {
    }

    /** The notebook's design matrix for a stimulus and a unit selection. */
    public static DesignMatrix designMatrix(EcephysSession session, String stimulus, UnitSelection units, List<Note> notes) {
        LabelledTable st = session.presentationwiseSpikeTimes(Intervals.ofStimulus(stimulus), units);
        notes.addAll(st.notes());
        DesignMatrix x = DesignMatrix.ofSpikeTimes(st.table());
        int presentations = ((long[]) st.attrs().get("stimulus_presentation_id")).length;
        int selected = ((long[]) st.attrs().get("unit_id")).length;
        if (x.rows() < presentations) {
            notes.add(new Note(Note.Level.NOTE, String.format(Locale.ROOT, "%s without a spike left out of the design matrix"
                    + " (the notebook's pivot drops them)", Note.count(presentations - x.rows(), "presentation"))));
        }
        if (x.columns() < selected) {
            notes.add(new Note(Note.Level.NOTE, String.format(Locale.ROOT, "%s without a spike in these presentations left out"
                    + " of the design matrix (the notebook's pivot drops them)", Note.count(selected - x.columns(), "unit"))));
        }
        if (x.rows() == 0 || x.columns() == 0) {
            throw new BadInputException(session.session().file() + ": " + tablePath(stimulus)
                    + ": no spike of the selected units falls in any presentation; nothing to decode");
        }
        return x;
    }

    /**
     * Per design row, the presentation's value in {@code column} as text (integral numbers without a fraction, as the
     * notebook's {@code astype(int)} shows them). A missing value is bad input: the notebook's cast would fail on it.
     */
    public static List<String> targets(EcephysSession session, String stimulus, String column, DesignMatrix x) {
        DynamicTable t = table(session, stimulus);
        if (!t.has(column)) {
            throw new NwbException(session.session().file(), t.path(), "no column " + column + " to decode (columns: "
                    + String.join(", ", t.columnNames()) + ")");
        }
        Presentations p = session.stimulusPresentations();
        List<String> out = new ArrayList<>(x.rows());
        for (long id : x.presentationIds()) {
            String v = p.parameter((int) id, column);
            if (v.equals("null") || v.equals("NaN") || v.isEmpty()) {
                throw new NwbException(session.session().file(), t.path() + "/" + column, "presentation " + id
                        + " has no value (" + v + "); every decoded presentation needs a target");
            }
            out.add(v);
        }
        return out;
    }

    /** {@link #decode(DesignMatrix, String, List, int, int)} of the stimulus's presentations and the selected units. */
    public static Decoding decode(EcephysSession session, String stimulus, String target, UnitSelection units, int folds,
            int threads) {
        List<Note> notes = new ArrayList<>();
        table(session, stimulus);
        DesignMatrix x = designMatrix(session, stimulus, units, notes);
        List<String> y = targets(session, stimulus, target, x);
        KFold.testSizes(x.rows(), folds); // refuse a bad K before any work
        Decoding d = decode(x, target, y, folds, threads);
        notes.addAll(d.notes());
        return new Decoding(d.design(), d.target(), d.labels(), d.targets(), d.folds(), d.fold(), d.predicted(),
                d.meanConfusion(), notes);
    }

    /**
     * K-fold cross-validation of the RBF SVM on a design matrix: fold f trains on every other row and predicts its own
     * contiguous block ({@link KFold}); folds run on up to {@code threads} threads (results never depend on it).
     *
     * @param targets per row, its label as text
     */
    public static Decoding decode(DesignMatrix x, String target, List<String> targets, int folds, int threads) {
        int n = x.rows();
        if (targets.size() != n) {
            throw new IllegalArgumentException(targets.size() + " targets for " + n + " rows");
        }
        int[] fold = KFold.foldOf(n, folds);
        List<String> labels = sortedLabels(targets);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels.indexOf(targets.get(i));
        }
        double[] values = x.values();
        int features = x.columns();
        int[] predicted = new int[n];
        List<Decoding.Fold> out = new ArrayList<>();
        double[][] mean = new double[labels.size()][labels.size()];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, folds)), r -> {
            Thread t = new Thread(r, "ragtime-decode");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<int[]>> work = new ArrayList<>();
            for (int f = 0; f < folds; f++) {
                int ff = f;
                int[] train = rows(fold, f, false);
                int[] test = rows(fold, f, true);
                int first = y[train[0]];
                boolean oneClass = true;
                for (int r : train) {
                    oneClass &= y[r] == first;
                }
                if (oneClass) {
                    throw new BadInputException(String.format(Locale.ROOT, "fold %d: every training presentation has %s %s;"
                            + " an SVM needs at least two target values (scikit-learn's SVC refuses this too)", ff, target,
                            labels.get(first)));
                }
                work.add(pool.submit(() -> {
                    RbfSvm svm = RbfSvm.fit(values, features, train, y);
                    int[] p = new int[test.length];
                    double[] kvalue = new double[svm.supportVectors()];
                    for (int i = 0; i < test.length; i++) {
                        p[i] = svm.predict(values, features, test[i], kvalue);
                    }
                    return p;
                }));
            }
            for (int f = 0; f < folds; f++) {
                int[] test = rows(fold, f, true);
                int[] p = work.get(f).get();
                int right = 0;
                for (int i = 0; i < test.length; i++) {
                    predicted[test[i]] = p[i];
                    right += p[i] == y[test[i]] ? 1 : 0;
                    mean[y[test[i]]][p[i]] += 1.0 / folds;
                }
                out.add(new Decoding.Fold(f, (double) right / test.length, n - test.length, test.length));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Decoding(x, target, labels, y, out, fold, predicted, mean, List.of());
    }

    /** With {@link KernelProvider#defaultThreads()} threads. */
    public static Decoding decode(DesignMatrix x, String target, List<String> targets, int folds) {
        return decode(x, target, targets, folds, KernelProvider.defaultThreads());
    }

    /** numpy's {@code unique}: sorted, numerically when every label is a number. */
    static List<String> sortedLabels(List<String> values) {
        List<String> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(values));
        boolean numeric = distinct.stream().allMatch(Decoder::isNumber);
        distinct.sort(numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder());
        return distinct;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int[] rows(int[] fold, int f, boolean test) {
        int c = 0;
        for (int v : fold) {
            c += (v == f) == test ? 1 : 0;
        }
        int[] out = new int[c];
        int k = 0;
        for (int i = 0; i < fold.length; i++) {
            if ((fold[i] == f) == test) {
                out[k++] = i;
            }
        }
        return out;
    }

    private static String tablePath(String stimulus) {
        return "/intervals/" + (stimulus.endsWith("_presentations") ? stimulus : stimulus + "_presentations");
    }

    private static DynamicTable table(EcephysSession session, String stimulus) {
        String name = stimulus.endsWith("_presentations") ? stimulus : stimulus + "_presentations";
        DynamicTable t = session.session().intervals().get(name);
        if (t == null) {
            throw new NwbException(session.session().file(), "/intervals/" + name, "no such table (stimuli: "
                    + String.join(", ", session.stimulusPresentations().stimuli()) + ")");
        }
        return t;
    }
}
