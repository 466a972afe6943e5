package org.ragtime.engine.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the independent numpy reference (tools/ophys_reference.py, Debian's python3 with numpy and
 * pandas) and checks every backend, both matrix orientations and 1 or 3 threads against its arrays:
 * responses bit-identical, per-condition means within 1e-12.
 */
class NumpyReferenceTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void runReference() throws IOException, InterruptedException {
        runPython(root().resolve("tools/ophys_reference.py").toString(), "cases", dir.toString());
    }

    static Path root() {
        String data = System.getProperty("ragtime.data.dir");
        return data == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(data).getParent();
    }

    static void runPython(String... args) throws IOException, InterruptedException {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        List<String> cmd = new ArrayList<>(List.of(python));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("numpy reference failed (needs Debian's python3-numpy and python3-pandas): " + out);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesNumpy() throws IOException {
        List<Path> cases;
        try (Stream<Path> s = Files.list(dir)) {
            cases = s.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(cases.size() >= 10, "the reference wrote only " + cases.size() + " cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> check(c)));
    }

    static void check(Path c) throws IOException {
        String params = Files.readString(c.resolve("params.json"));
        double tStart = number(params, "t_start");
        double tEnd = number(params, "t_end");
        double rate = number(params, "rate");
        boolean endpoint = params.contains("\"include_endpoint\": true");
        boolean interpolate = params.contains("\"interpolate\": true");
        NpyFile traces = NpyFile.read(c.resolve("traces.npy"));
        double[] ts = NpyFile.read(c.resolve("timestamps.npy")).data();
        double[] events = NpyFile.read(c.resolve("events.npy")).data();
        double[] time = NpyFile.read(c.resolve("time.npy")).data();
        NpyFile expected = NpyFile.read(c.resolve("expected.npy"));
        int frames = (int) traces.shape()[0];
        int rois = (int) traces.shape()[1];
        for (Traces tr : List.of(timeMajor(traces.data(), frames, rois, ts), roiMajor(traces.data(), frames, rois, ts))) {
            EventTriggeredResponse etr = interpolate
                    ? EventTriggeredResponse.interpolated(tr, tStart, tEnd, rate, endpoint)
                    : EventTriggeredResponse.nearest(tr, tStart, tEnd);
            assertArrayEquals(time, etr.time(), c + ": time grid");
            assertEquals(expected.shape()[2], etr.samples());
            for (AlignKernel k : List.of(AlignKernel.scalar(), AlignKernel.vector(), AlignKernel.nativeKernel())) {
                for (int threads : new int[] {1, 3}) {
                    try (Arena arena = Arena.ofShared()) {
                        MemorySegment out = arena.allocate(etr.outputBytes(events.length));
                        etr.compute(k, events, out, threads);
                        double[] got = out.toArray(Traces.VALUE);
                        String where = c.getFileName() + " " + tr.orientation() + " " + k.name() + " threads=" + threads;
                        assertBitIdentical(expected.data(), got, where, events.length, etr.samples());
                        if (Files.exists(c.resolve("means.npy"))) {
                            checkMeans(c, out, rois, etr.samples(), (int) number(params, "conditions"), where);
                        }
                    }
                }
            }
        }
    }

    static void checkMeans(Path c, MemorySegment responses, int rois, int samples, int conditions, String where)
            throws IOException {
        double[] cond = NpyFile.read(c.resolve("condition.npy")).data();
        int[] condition = new int[cond.length];
        for (int i = 0; i < cond.length; i++) {
            condition[i] = (int) cond[i];
        }
        double[] means = NpyFile.read(c.resolve("means.npy")).data();
        double[] counts = NpyFile.read(c.resolve("counts.npy")).data();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate((long) means.length * Double.BYTES);
            MemorySegment n = arena.allocate((long) means.length * Integer.BYTES);
            ConditionMeans.compute(responses, rois, samples, condition, conditions, m, n);
            for (int i = 0; i < means.length; i++) {
                double got = m.getAtIndex(Traces.VALUE, i);
                assertEquals(counts[i], n.getAtIndex(ConditionMeans.COUNT, i), where + ": count " + i);
                if (Double.isNaN(means[i])) {
                    assertTrue(Double.isNaN(got), where + ": mean " + i + " should be NaN, got " + got);
                } else {
                    assertEquals(means[i], got, 1e-12 * Math.max(1, Math.abs(means[i])), where + ": mean " + i);
                }
            }
        }
    }

    static void assertBitIdentical(double[] want, double[] got, String where, int events, int samples) {
        assertEquals(want.length, got.length, where + ": size");
        for (int i = 0; i < want.length; i++) {
            if (Double.doubleToLongBits(want[i]) != Double.doubleToLongBits(got[i])) {
                int roi = i / (events * samples);
                int e = i / samples % events;
                fail(where + ": roi " + roi + " event " + e + " sample " + i % samples + ": numpy " + want[i]
                        + ", ragtime " + got[i]);
            }
        }
    }

    static Traces timeMajor(double[] data, int frames, int rois, double[] ts) {
        return Traces.of("time-major", MemorySegment.ofArray(data.clone()), Traces.Orientation.TIME_MAJOR, frames, rois,
                MemorySegment.ofArray(ts.clone()));
    }

    static Traces roiMajor(double[] data, int frames, int rois, double[] ts) {
        double[] t = new double[data.length];
        for (int f = 0; f < frames; f++) {
            for (int r = 0; r < rois; r++) {
                t[r * frames + f] = data[f * rois + r];
            }
        }
        return Traces.of("roi-major", MemorySegment.ofArray(t), Traces.Orientation.ROI_MAJOR, frames, rois,
                MemorySegment.ofArray(ts.clone()));
    }

    /** A number from the flat params.json the reference writes; null becomes NaN. */
    static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":\\s*([^,}]+)").matcher(json);
        if (!m.find()) {
            throw new AssertionError("params.json lacks " + key + ": " + json);
        }
        String v = m.group(1).trim();
        return v.equals("null") ? Double.NaN : Double.parseDouble(v);
    }
}
