package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.testing.Python;

/** {@code ragtime align-dff} on the AllenSDK-style sample, read back by numpy/pandas against the reference fixtures. */
class AlignDffCommandTest {
    static final Path DATA = Path.of(System.getProperty("ragtime.data.dir", "../data"));
    static final String SAMPLE = DATA.resolve("nwb/generated/allensdk_style_behavior_ophys_experiment.nwb").toString();

    @Test
    void alignsTheSampleLikeTheNumpyReference(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("a.npy");
        Path csv = tmp.resolve("m.csv");
        Path png = tmp.resolve("m.png");
        assertEquals(0, Main.run("align-dff", SAMPLE, "--stimulus", "Natural_Images_Lum_Matched_set_training_2017.07.14",
                "--window=-0.5:0.75", "--rate", "31", "--means", csv.toString(), "--png", png.toString(), "--out", out.toString()));
        assertTrue(Files.size(png) > 1000);
        // the picture is drawn by default beside the array, and not at all with --no-png
        Path b = tmp.resolve("b.npy");
        assertEquals(0, Main.run("align-dff", SAMPLE, "--stimulus", "Natural_Images_Lum_Matched_set_training_2017.07.14",
                "--window=-0.5:0.75", "--out", b.toString()));
        assertTrue(Files.size(tmp.resolve("b.png")) > 1000);
        Path c = tmp.resolve("c.npy");
        assertEquals(0, Main.run("align-dff", SAMPLE, "--stimulus", "Natural_Images_Lum_Matched_set_training_2017.07.14",
                "--window=-0.5:0.75", "--no-png", "--out", c.toString()));
        assertTrue(Files.exists(c) && !Files.exists(tmp.resolve("c.png")));
        String r = Python.run("""
                import sys, json, numpy as np, pandas as pd
                out, csv, exp = sys.argv[1:4]
                a = np.load(out); e = np.load(exp + '/expected.npy')
                assert a.dtype == np.float64 and a.shape == e.shape, (a.dtype, a.shape)
                assert np.array_equal(a, e, equal_nan=True)
                c = json.load(open(out[:-4] + '.coords.json'))
                assert c['cell_specimen_id'][0] is None and c['cell_specimen_id'][1] == 9997001
                assert np.array_equal(c['time'], np.load(exp + '/time.npy'))
                m = pd.read_csv(csv)
                means = np.load(exp + '/means.npy')
                got = m['mean_dff'].to_numpy().reshape(means.shape)
                assert np.allclose(got, means, rtol=1e-12, atol=1e-12), abs(got - means).max()  # summation order differs from nansum
                assert (m['n_events'] == 8).all()
                print('ok')
                """, out.toString(), csv.toString(), DATA.resolve("expected/ophys/sample_dff_interp").toString());
        assertEquals("ok", r.strip());
    }

    /**
     * The launcher leaves jdk.incubator.vector out of most JVMs (so they can use the AOT cache): there the
     * native backend aligns with its C kernel, and without the native library too the scalar kernel is
     * used, with a notice; the bytes are the same every way.
     */
    @Test
    void withoutTheVectorModuleTheNativeOrScalarKernelAligns(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in.npy");
        String stimulus = "Natural_Images_Lum_Matched_set_training_2017.07.14";
        assertEquals(0, Main.run("align-dff", SAMPLE, "--stimulus", stimulus, "--window=-0.5:0.75", "--out", in.toString()));
        String[] nativeDirs = {System.getProperty("ragtime.native.dir"), tmp.resolve("no-library-here").toString()};
        for (String dir : nativeDirs) {
            Path out = tmp.resolve("out.npy");
            Files.deleteIfExists(out);
            Path jvm = Path.of(System.getProperty("java.home"), "bin", "java");
            Process p = new ProcessBuilder(jvm.toString(), "--enable-native-access=ALL-UNNAMED", "-Dragtime.native.dir=" + dir,
                    "-cp", System.getProperty("java.class.path"), "org.ragtime.cli.Main", "align-dff", SAMPLE,
                    "--stimulus", stimulus, "--window=-0.5:0.75", "--out", out.toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), log);
            boolean native_ = dir.equals(nativeDirs[0]);
            assertTrue(log.contains(native_ ? "native kernel" : "using scalar kernels"), log);
            assertFalse(log.contains("Exception"), log);
            assertTrue(Arrays.equals(Files.readAllBytes(in), Files.readAllBytes(out)), "same bytes either way");
        }
    }

    @Test
    void badInputIsOneLineAndWritesNothing(@TempDir Path tmp) {
        Path out = tmp.resolve("a.npy");
        assertEquals(Main.BAD_INPUT, Main.run("align-dff", SAMPLE, "--stimulus", "nope", "--window=-0.5:0.75", "--out", out.toString()));
        assertEquals(Main.BAD_INPUT, Main.run("align-dff", SAMPLE, "--stimulus", "Natural_Images_Lum_Matched_set_training_2017.07.14",
                "--window=0.5:-0.5", "--out", out.toString()));
        assertEquals(Main.BAD_INPUT, Main.run("align-dff", SAMPLE, "--stimulus", "x", "--window=-0.5:0.75", "--nearest", "--rate", "3",
                "--out", out.toString()));
        assertFalse(Files.exists(out));
    }
}
