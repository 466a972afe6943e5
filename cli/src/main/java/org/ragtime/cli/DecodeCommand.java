package org.ragtime.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ragtime.cli.out.AtomicOutputs;
import org.ragtime.cli.out.ConfusionPicture;
import org.ragtime.cli.out.Notices;
import org.ragtime.cli.out.Results;
import org.ragtime.engine.BadInputException;
import org.ragtime.engine.table.LongColumn;
import org.ragtime.engine.table.StringColumn;
import org.ragtime.engine.table.Table;
import org.ragtime.io.LabelledArray;
import org.ragtime.io.LabelledArray.Dtype;
import org.ragtime.io.Note;
import org.ragtime.io.csv.CsvTables;
import org.ragtime.io.decode.Decoder;
import org.ragtime.io.decode.Decoding;
import org.ragtime.io.decode.DesignMatrix;
import org.ragtime.io.ecephys.EcephysSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ragtime decode}: the Visual Coding quick start's decoding of a stimulus parameter from spikes. */
@Command(name = "decode", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Decode a stimulus parameter from spike counts, as the Visual Coding Neuropixels quick start does:"
                + " presentationwise_spike_times of the stimulus's presentations, pivoted into a (presentations x units)"
                + " count matrix (presentations and units without a spike vanish, as in the notebook's pivot), K-fold"
                + " cross-validation (contiguous folds, scikit-learn's KFold) of an RBF support vector classifier"
                + " (scikit-learn's SVC(gamma=\"scale\", C=1) on libsvm, one-vs-one).",
                "OUT.csv: fold,accuracy,n_train,n_test, one row per fold and a last row 'mean' (the mean over folds)."
                + " stdout: mean accuracy, chance (1 / number of values), the most and least decodable values (largest and"
                + " smallest diagonal of the mean confusion matrix)."})
final class DecodeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "An NWB 2 file with /units and /intervals/*_presentations.")
    Path file;

    @Option(names = "--stimulus", required = true, paramLabel = "NAME",
            description = "The presentations of this stimulus (/intervals/NAME_presentations).")
    String stimulus;

    @Option(names = "--target", required = true, paramLabel = "COLUMN",
            description = "The presentations column to decode (e.g. frame for natural_scenes, orientation for gratings).")
    String target;

    @Mixin
    UnitOptions units;

    @Option(names = "--folds", paramLabel = "K", defaultValue = "5", description = "Number of contiguous folds (default: ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--design-matrix", paramLabel = "X.npy|X.zarr",
            description = "Also write the design matrix: int64 (presentations, units) with X.coords.json holding dims,"
                    + " stimulus_presentation_id, unit_id and the target along stimulus_presentation_id.")
    Path designMatrix;

    @Option(names = "--predictions", paramLabel = "P.csv",
            description = "Also write stimulus_presentation_id,fold,target,predicted for every presentation.")
    Path predictions;

    @Option(names = "--png", paramLabel = "confusion.png", description = "Also draw the mean confusion matrix.")
    Path png;

    @Option(names = "--threads", paramLabel = "N", description = "Folds trained at once (default: all cores).")
    Integer threads;

    @Option(names = "--out", required = true, paramLabel = "OUT.csv", description = "Per-fold accuracies (CSV).")
    Path out;

    @Override
    public Integer call() {
        if (threads != null && threads < 1) {
            throw new BadInputException("--threads must be at least 1, got " + threads);
        }
        AtomicOutputs.Builder declared = AtomicOutputs.builder().input(file).output(predictions, png, out);
        try (AtomicOutputs outs = (designMatrix == null ? declared : Results.declare(declared, designMatrix)).prepare();
             EcephysSession session = EcephysSession.open(file)) {
            Decoding d = Decoder.decode(session, stimulus, target, units.selection(), folds,
                    threads != null ? threads : org.ragtime.engine.KernelProvider.defaultThreads());
            Notices.hold(d.notes());
            if (designMatrix != null) {
                try (Arena arena = Arena.ofShared(); LabelledArray x = labelled(d, Results.memory(outs, designMatrix, arena))) {
                    Results.write(outs, designMatrix, x, "spike_counts", Map.of(), file, 1);
                }
            }
            if (predictions != null) {
                write(outs.open(predictions), predictions, predictionTable(d));
            }
            if (png != null) {
                ConfusionPicture.write(outs.open(png), String.format(Locale.ROOT, "%s of %s: mean confusion over %d folds",
                        target, stimulus, folds), target, d.labels(), d.meanConfusion());
            }
            write(outs.open(out), out, summary(d));
            outs.commit();
            System.out.printf(Locale.ROOT, "mean accuracy: %.4f over %d folds (%s)%n", d.meanAccuracy(), folds,
                    String.join(", ", d.folds().stream().map(f -> String.format(Locale.ROOT, "%.4f", f.accuracy())).toList()));
            System.out.printf(Locale.ROOT, "chance: %.4f (%d values of %s)%n", d.chance(), d.labels().size(), target);
            System.out.printf(Locale.ROOT, "most decodable %s: %s%n", target, d.mostDecodable());
            System.out.printf(Locale.ROOT, "least decodable %s: %s%n", target, d.leastDecodable());
            System.err.printf(Locale.ROOT, "ragtime: wrote %s: %s x %s, %d folds%n", out,
                    Note.count(d.design().rows(), "presentation"), Note.count(d.design().columns(), "unit"), folds);
        }
        return 0;
    }

    private static void write(Path tmp, Path given, Table t) {
        try {
            CsvTables.write(t, tmp);
        } catch (IOException e) {
            throw AtomicOutputs.writeFailed(given, e);
        } catch (UncheckedIOException e) {
            throw AtomicOutputs.writeFailed(given, e.getCause());
        }
    }

    /** fold,accuracy,n_train,n_test; the last row's fold is "mean" and its numbers are the means over folds. */
    static Table summary(Decoding d) {
        List<String> fold = new ArrayList<>();
        List<String> accuracy = new ArrayList<>();
        List<String> nTrain = new ArrayList<>();
        List<String> nTest = new ArrayList<>();
        double train = 0;
        double test = 0;
        for (Decoding.Fold f : d.folds()) {
            fold.add(Integer.toString(f.index()));
            accuracy.add(Double.toString(f.accuracy()));
            nTrain.add(Integer.toString(f.nTrain()));
            nTest.add(Integer.toString(f.nTest()));
            train += f.nTrain();
            test += f.nTest();
        }
        fold.add("mean");
        accuracy.add(Double.toString(d.meanAccuracy()));
        nTrain.add(Double.toString(train / d.folds().size()));
        nTest.add(Double.toString(test / d.folds().size()));
        return Table.of("decode", List.of(StringColumn.of("fold", fold), StringColumn.of("accuracy", accuracy),
                StringColumn.of("n_train", nTrain), StringColumn.of("n_test", nTest)));
    }

    static Table predictionTable(Decoding d) {
        int n = d.design().rows();
        long[] fold = new long[n];
        List<String> target = new ArrayList<>(n);
        List<String> predicted = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            fold[i] = d.fold()[i];
            target.add(d.labels().get(d.targets()[i]));
            predicted.add(d.labels().get(d.predicted()[i]));
        }
        return Table.of("predictions", List.of(LongColumn.of("stimulus_presentation_id", d.design().presentationIds()),
                LongColumn.of("fold", fold), StringColumn.of("target", target), StringColumn.of("predicted", predicted)));
    }

    /** The design matrix as a labelled int64 array, the target as a coordinate along the presentations. */
    static LabelledArray labelled(Decoding d, LabelledArray.Memory memory) {
        DesignMatrix x = d.design();
        MemorySegment seg = memory.allocate(Dtype.INT64, x.rows(), x.columns());
        MemorySegment.copy(x.counts(), 0, seg, ValueLayout.JAVA_LONG, 0, x.counts().length);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("stimulus_presentation_id", x.presentationIds());
        c.put("unit_id", x.unitIds());
        c.put("target", new LabelledArray.Coordinate("stimulus_presentation_id", targetValues(d)));
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("target_column", d.target());
        attrs.put("units", "spikes");
        attrs.put("dtype", "int64");
        return LabelledArray.of(seg, Dtype.INT64, new long[] {x.rows(), x.columns()}, c, attrs, List.of(), memory);
    }

    /** Per row its target: long[] when every value is an integer, double[] when all are numbers, else text. */
    private static Object targetValues(Decoding d) {
        int n = d.targets().length;
        double[] v = new double[n];
        boolean numbers = true;
        boolean integers = true;
        for (int i = 0; i < n && numbers; i++) {
            try {
                v[i] = Double.parseDouble(d.labels().get(d.targets()[i]));
                integers &= v[i] == Math.rint(v[i]) && Math.abs(v[i]) < 1e15;
            } catch (NumberFormatException e) {
                numbers = false;
            }
        }
        if (!numbers) {
            List<String> s = new ArrayList<>(n);
            for (int t : d.targets()) {
                s.add(d.labels().get(t));
            }
            return s;
        }
        if (!integers) {
            return v;
        }
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
            l[i] = (long) v[i];
        }
        return l;
    }
}
