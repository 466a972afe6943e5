package org.ragtime.io.ophys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.StringWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.ragtime.engine.align.NpyFile;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.engine.BadInputException;
import org.ragtime.engine.align.AlignKernel;
import org.ragtime.engine.align.ConditionMeans;
import org.ragtime.engine.align.EventTriggeredResponse;
import org.ragtime.engine.align.Traces;
import org.ragtime.io.VectorData;
import org.ragtime.io.DynamicTable;

/**
 * Reads the AllenSDK-style ophys sample and the neuroconv RoiResponseSeries file, checked against pynwb's
 * EXPECTED.json values, h5py (a transposed copy written by the test) and the numpy reference's aligned
 * arrays committed in data/expected/ophys (tools/ophys_reference.py sample ...).
 */
class OphysExperimentTest {
    static final Path DATA = Path.of(System.getProperty("ragtime.data.dir", "../data"));
    static final Path SAMPLE = DATA.resolve("nwb/generated/allensdk_style_behavior_ophys_experiment.nwb");
    static final Path EXPECTED = DATA.resolve("expected/ophys");

    @Test
    void readsTheAllenSdkLayout() {
        try (OphysExperiment x = OphysExperiment.open(SAMPLE)) {
            Traces dff = x.dff();
            assertEquals(600, dff.frames());
            assertEquals(12, dff.rois());
            assertEquals(Traces.Orientation.TIME_MAJOR, dff.orientation());
            assertEquals(-0.14687849791836205, dff.value(0, 0)); // EXPECTED.json data00
            assertEquals(0.03225806451612903, dff.timestamp(1));
            // timestamps of the other series are soft links to dF/F's
            Traces corrected = x.correctedFluorescence();
            assertEquals(102.14481570979207, corrected.value(0, 0));
            assertEquals(dff.timestamps().asByteBuffer(), corrected.timestamps().asByteBuffer());
            assertEquals(92.48854547031945, x.demixed().orElseThrow().value(0, 0));
            assertEquals(95.11156417791355, x.neuropil().orElseThrow().value(0, 0));
            // event detection is gzip-chunked (150 x 6 chunks)
            Traces events = x.events();
            assertEquals(0.04797688322316995, events.value(0, 0));
            assertEquals(12, x.eventLambdas().length);
            assertEquals(12, x.eventNoiseStds().length);
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, x.roiRows("/processing/ophys/dff/traces"));

            CellSpecimens cells = x.cellSpecimens();
            assertEquals(12, cells.size());
            assertEquals(9996000L, cells.cellRoiId()[0]);
            assertEquals(CellSpecimens.NO_CELL, cells.cellSpecimenId()[0]);
            assertEquals(9997001L, cells.cellSpecimenId()[1]);
            assertEquals(false, cells.validRoi()[6]);
            assertEquals(true, cells.validRoi()[7]);

            DynamicTable presentations = x.stimulusPresentations().get("Natural_Images_Lum_Matched_set_training_2017.07.14");
            assertEquals(24, presentations.rowCount());
            assertEquals(0.5, presentations.column("start_time").getDouble(0));
            assertEquals(6, x.trials().orElseThrow().rowCount());
        }
    }

    @Test
    void alignedSampleMatchesTheNumpyReference() throws IOException {
        try (OphysExperiment x = OphysExperiment.open(SAMPLE); Arena arena = Arena.ofShared()) {
            DynamicTable p = x.stimulusPresentations().values().iterator().next();
            double[] starts = p.column("start_time").array().toDoubleArray();
            for (AlignKernel k : List.of(AlignKernel.scalar(), AlignKernel.vector())) {
                check(EventTriggeredResponse.interpolated(x.dff(), -0.5, 0.75, 31.0, true), k, starts,
                        EXPECTED.resolve("sample_dff_interp"), arena);
                check(EventTriggeredResponse.nearest(x.dff(), -0.5, 0.75), k, starts,
                        EXPECTED.resolve("sample_dff_nearest"), arena);
                check(EventTriggeredResponse.interpolated(x.events(), -0.25, 1.0, Double.NaN, true), k, starts,
                        EXPECTED.resolve("sample_events_interp"), arena);
            }
        }
    }

    static MemorySegment check(EventTriggeredResponse etr, AlignKernel k, double[] events, Path dir, Arena arena)
            throws IOException {
        assertArrayEquals(NpyFile.read(dir.resolve("events.npy")).data(), events);
        assertArrayEquals(NpyFile.read(dir.resolve("time.npy")).data(), etr.time(), dir + ": time");
        MemorySegment out = arena.allocate(etr.outputBytes(events.length));
        etr.compute(k, events, out, 2);
        double[] want = NpyFile.read(dir.resolve("expected.npy")).data();
        double[] got = out.toArray(Traces.VALUE);
        for (int i = 0; i < want.length; i++) {
            if (Double.doubleToLongBits(want[i]) != Double.doubleToLongBits(got[i])) {
                fail(dir + " " + k.name() + ": element " + i + ": numpy " + want[i] + ", ragtime " + got[i]);
            }
        }
        return out;
    }

    @Test
    void conditionMeansAndTidyCsv() throws IOException {
        try (OphysExperiment x = OphysExperiment.open(SAMPLE); Arena arena = Arena.ofConfined()) {
            DynamicTable p = x.stimulusPresentations().values().iterator().next();
            double[] starts = p.column("start_time").array().toDoubleArray();
            VectorData image = p.column("image_name");
            List<String> names = List.of("im065", "im077", "omitted");
            int[] cond = new int[starts.length];
            for (int e = 0; e < cond.length; e++) {
                cond[e] = names.indexOf(image.getString(e));
            }
            EventTriggeredResponse etr = EventTriggeredResponse.interpolated(x.dff(), -0.5, 0.75, 31.0, true);
            MemorySegment out = arena.allocate(etr.outputBytes(starts.length));
            etr.compute(AlignKernel.vector(), starts, out);
            int n = x.dff().rois() * names.size() * etr.samples();
            MemorySegment means = arena.allocate((long) n * Double.BYTES);
            MemorySegment counts = arena.allocate((long) n * Integer.BYTES);
            ConditionMeans.compute(out, x.dff().rois(), etr.samples(), cond, names.size(), means, counts);
            double[] want = NpyFile.read(EXPECTED.resolve("sample_dff_interp/means.npy")).data();
            for (int i = 0; i < n; i++) {
                assertEquals(want[i], means.getAtIndex(Traces.VALUE, i), 1e-12, "mean " + i);
                assertEquals(8, counts.getAtIndex(ConditionMeans.COUNT, i));
            }
            CellSpecimens cells = x.cellSpecimens();
            StringWriter w = new StringWriter();
            ResponseCsv.writeMeans(w, cells.cellSpecimenId(), cells.cellRoiId(), names, etr.time(), means, counts, "mean_dff");
            String[] lines = w.toString().split("\r?\n");
            assertEquals("cell_specimen_id,cell_roi_id,condition,time,mean_dff,n_events", lines[0]);
            assertEquals(1 + n, lines.length);
            assertTrue(lines[1].startsWith(",9996000,im065,-0.5,"), lines[1]); // cell -1 -> empty field
            assertEquals(Double.toString(want[0]), lines[1].split(",")[4]);
            assertTrue(lines[1].endsWith(",8"));
        }
    }

    @Test
    void readsStartingTimeAndRateSeries() {
        Path file = DATA.resolve("nwb/real/neuroconv_ophys_segmentation_nwb_test.nwb");
        try (OphysExperiment x = OphysExperiment.open(file)) {
            Traces t = x.traces("/processing/ophys/Fluorescence/RoiResponseSeries");
            assertEquals(250, t.frames());
            assertEquals(15, t.rois());
            assertEquals(489.09222412109375, t.value(0, 0)); // float32 widened exactly
            assertEquals(0.0, t.timestamp(0));
            assertEquals(1 / 10.0, t.timestamp(1));
            assertEquals(249 / 10.0, t.timestamp(249));
            assertEquals(10.0, EventTriggeredResponse.meanRate(t), 1e-9);
            BadInputException e = assertThrows(BadInputException.class, x::dff);
            assertTrue(e.getMessage().contains("neuroconv_ophys_segmentation_nwb_test.nwb"), e.getMessage());
        }
    }

    @Test
    void transposedDataGiveTheSameResponses(@TempDir Path tmp) throws IOException, InterruptedException {
        // the sample with dF/F rewritten as (rois, frames), as pre-2020 AllenSDK files store it
        Path copy = tmp.resolve("transposed.nwb");
        Files.copy(SAMPLE, copy);
        python("""
                import h5py, sys
                with h5py.File(sys.argv[1], 'r+') as f:
                    g = f['processing/ophys/dff/traces']
                    d = g['data'][:]
                    attrs = dict(g['data'].attrs)
                    del g['data']
                    g.create_dataset('data', data=d.T.copy())
                    for k, v in attrs.items():
                        g['data'].attrs[k] = v
                """, copy.toString());
        try (OphysExperiment a = OphysExperiment.open(SAMPLE); OphysExperiment b = OphysExperiment.open(copy);
             Arena arena = Arena.ofShared()) {
            Traces t = b.dff();
            assertEquals(Traces.Orientation.ROI_MAJOR, t.orientation());
            assertEquals(600, t.frames());
            assertEquals(12, t.rois());
            double[] starts = a.stimulusPresentations().values().iterator().next().column("start_time").array().toDoubleArray();
            for (AlignKernel k : List.of(AlignKernel.scalar(), AlignKernel.vector())) {
                check(EventTriggeredResponse.interpolated(t, -0.5, 0.75, 31.0, true), k, starts,
                        EXPECTED.resolve("sample_dff_interp"), arena);
            }
        }
    }

    static void python(String script, String... args) throws IOException, InterruptedException {
        String py = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        List<String> cmd = new java.util.ArrayList<>(List.of(py, "-c", script));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("python3 with h5py failed (install Debian's python3-h5py): " + out);
        }
    }
}
