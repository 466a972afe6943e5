package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.io.Note;
import org.ragtime.io.decode.Decoder;
import org.ragtime.io.decode.Decoding;
import org.ragtime.io.decode.DesignMatrix;
import org.ragtime.io.decode.KFold;
import org.ragtime.io.ecephys.EcephysSession;
import org.ragtime.io.ecephys.UnitSelection;
import org.ragtime.synth.SyntheticSession;
import org.ragtime.testing.Python;

/**
 * {@code ragtime decode} against tools/decode_reference.py: the quick start's pandas pivot built from the NWB file with
 * h5py (design matrix identical), and scikit-learn's KFold + SVC run on the very matrix Ragtime wrote (predictions and
 * accuracies agree); a session whose units are tuned to the decoded parameter decodes well above chance, and the same
 * matrix with shuffled labels at chance.
 */
class DecodeCommandTest {
    @TempDir
    Path dir;

    /** Runs decode with every output, then checks the design matrix and the classifier against the references. */
    private Cli decodeAndCompare(Path nwb, String stimulus, String target, int folds) throws Exception {
        Path out = dir.resolve("decode.csv");
        Path x = dir.resolve("X.npy");
        Path p = dir.resolve("P.csv");
        Path png = dir.resolve("confusion.png");
        Cli r = Cli.run("decode", nwb, "--stimulus", stimulus, "--target", target, "--folds", folds, "--out", out,
                "--design-matrix", x, "--predictions", p, "--png", png);
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.size(png) > 1000, "a picture");
        Path design = dir.resolve("design_ref.json");
        Python.tool("decode_reference.py", "design", nwb.toString(), stimulus, target, design.toString());
        String same = Python.run("""
                import sys, json, numpy as np
                ref = json.load(open(sys.argv[1])); X = np.load(sys.argv[2]); c = json.load(open(sys.argv[3]))
                assert c["dims"] == ["stimulus_presentation_id", "unit_id"], c["dims"]
                assert X.dtype == np.int64 and ref["dtype"] == "int64", (X.dtype, ref["dtype"])
                assert c["stimulus_presentation_id"] == ref["stimulus_presentation_id"]
                assert c["unit_id"] == ref["unit_id"]
                assert c["target"] == ref["target"], (c["target"][:5], ref["target"][:5])
                assert X.shape == (len(ref["stimulus_presentation_id"]), len(ref["unit_id"])) and (X == np.array(ref["counts"])).all()
                print(X.shape[0], X.shape[1], int(X.sum()))
                """, design.toString(), x.toString(), dir.resolve("X.coords.json").toString());
        assertTrue(Long.parseLong(same.strip().split(" ")[2]) > 0, "the matrix has spikes: " + same);
        Path svm = dir.resolve("svm.json");
        Python.tool("decode_reference.py", "svm", x.toString(), dir.resolve("X.coords.json").toString(), Integer.toString(folds),
                svm.toString());
        String agree = Python.run("""
                import sys, json, numpy as np, pandas as pd
                s = json.load(open(sys.argv[1])); p = pd.read_csv(sys.argv[2]); d = pd.read_csv(sys.argv[3])
                assert list(d.columns) == ["fold", "accuracy", "n_train", "n_test"] and list(d.fold) == [str(i) for i in range(len(s["accuracies"]))] + ["mean"]
                assert list(p.columns) == ["stimulus_presentation_id", "fold", "target", "predicted"]
                ours = d.accuracy.values[:-1].astype(float)
                assert abs(d.accuracy.values[-1] - ours.mean()) < 1e-12
                agree = np.mean(np.array([str(v) for v in s["predicted"]]) == p.predicted.astype(str).values)
                print(agree, abs(ours.mean() - np.mean(s["accuracies"])), ours.mean(), np.mean(s["accuracies"]), s["best"], s["worst"])
                """, svm.toString(), p.toString(), out.toString());
        String[] f = agree.strip().split(" ");
        assertTrue(Double.parseDouble(f[0]) >= 0.99, "predictions agreeing with scikit-learn: " + agree);
        assertTrue(Double.parseDouble(f[1]) <= 0.01, "mean accuracy against scikit-learn's: " + agree);
        assertTrue(r.out().contains("most decodable " + target + ": "), r.out());
        return r;
    }

    @Test
    void bundledSampleMatchesPandasAndScikitLearn() throws Exception {
        Cli r = decodeAndCompare(Cli.ECEPHYS, "drifting_gratings", "orientation", 5);
        assertTrue(r.out().contains("chance: 0.1250 (8 values of orientation)"), r.out());
        assertTrue(r.err().contains("presentations without a spike left out"), "the pivot's quirk is reported: " + r.err());
    }

    @Test
    void tunedUnitsDecodeWellAboveChanceAndShuffledLabelsAtChance() throws Exception {
        Path nwb = dir.resolve("tuned.nwb");
        SyntheticSession.Config c = new SyntheticSession.Config(40, 500, 8, 0.8, 800, 0.5, 1.0, 0.25,
                List.of("drifting_gratings"), 2, false, SyntheticSession.IndexType.INT64, 11);
        SyntheticSession.write(nwb, c, new SyntheticSession.Tuning("drifting_gratings", "orientation", 15));
        decodeAndCompare(nwb, "drifting_gratings", "orientation", 5);
        try (EcephysSession s = EcephysSession.open(nwb)) {
            Decoding d = Decoder.decode(s, "drifting_gratings", "orientation", UnitSelection.all(), 5, 2);
            double chance = d.chance();
            assertEquals(0.125, chance);
            assertTrue(d.meanAccuracy() > 4 * chance, "tuned units: " + d.meanAccuracy());
            DesignMatrix x = d.design();
            List<String> shuffled = new ArrayList<>();
            for (int t : d.targets()) {
                shuffled.add(d.labels().get(t));
            }
            Collections.shuffle(shuffled, new Random(5));
            double at = Decoder.decode(x, "orientation", shuffled, 5, 2).meanAccuracy();
            assertTrue(Math.abs(at - chance) < 0.06, String.format(Locale.ROOT, "shuffled labels: %.4f, chance %.4f", at, chance));
        }
    }

    @Test
    void kFoldIsScikitLearns() throws Exception {
        int[][] cases = {{30, 4}, {5950, 5}, {7, 7}, {11, 3}, {20, 5}};
        StringBuilder args = new StringBuilder();
        StringBuilder ours = new StringBuilder();
        for (int[] nk : cases) {
            args.append(nk[0]).append(':').append(nk[1]).append(' ');
            for (int size : KFold.testSizes(nk[0], nk[1])) {
                ours.append(size).append(' ');
            }
            ours.append("| ");
        }
        String ref = Python.run("""
                import sys
                from sklearn.model_selection import KFold
                out = []
                for a in sys.argv[1].split():
                    n, k = (int(v) for v in a.split(":"))
                    out.append(" ".join(str(len(t)) for _, t in KFold(n_splits=k).split(range(n))) + " |")
                print(" ".join(out))
                """, args.toString());
        assertEquals(ref.strip(), ours.toString().strip());
    }

    @Test
    void badInputIsOneLineAndWritesNothing() {
        Path out = dir.resolve("d.csv");
        Cli noColumn = Cli.run("decode", Cli.ECEPHYS, "--stimulus", "drifting_gratings", "--target", "nosuch", "--out", out);
        assertEquals(2, noColumn.status(), noColumn.err());
        assertTrue(noColumn.err().contains("/intervals/drifting_gratings_presentations") && noColumn.err().contains("nosuch"),
                noColumn.err());
        assertEquals(1, noColumn.err().strip().lines().count(), noColumn.err());
        Cli oneFold = Cli.run("decode", Cli.ECEPHYS, "--stimulus", "drifting_gratings", "--target", "orientation", "--folds", 1,
                "--out", out);
        assertEquals(2, oneFold.status(), oneFold.err());
        Cli noStimulus = Cli.run("decode", Cli.ECEPHYS, "--stimulus", "natural_scenes", "--target", "frame", "--out", out);
        assertEquals(2, noStimulus.status(), noStimulus.err());
        assertTrue(noStimulus.err().contains("natural_scenes_presentations"), noStimulus.err());
        assertFalse(Files.exists(out), "no output after a refusal");
    }

    @Test
    void libraryNotesTheDroppedPresentations() {
        try (EcephysSession s = EcephysSession.open(Cli.ECEPHYS)) {
            List<Note> notes = new ArrayList<>();
            DesignMatrix x = Decoder.designMatrix(s, "drifting_gratings", UnitSelection.all(), notes);
            assertTrue(x.rows() < 30 && x.rows() > 0, "some of the 30 presentations have no spike: " + x.rows());
            assertTrue(notes.stream().anyMatch(n -> n.text().contains("presentations without a spike")), notes.toString());
        }
    }
}
