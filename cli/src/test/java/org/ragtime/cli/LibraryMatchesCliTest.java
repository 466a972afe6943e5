package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.cli.out.Results;
import org.ragtime.engine.BadInputException;
import org.ragtime.engine.BinRule;
import org.ragtime.engine.CountType;
import org.ragtime.io.LabelledArray;
import org.ragtime.io.LabelledTable;
import org.ragtime.io.Note;
import org.ragtime.io.csv.CsvTables;
import org.ragtime.io.ecephys.EcephysSession;
import org.ragtime.io.ecephys.Intervals;
import org.ragtime.io.ecephys.UnitSelection;
import org.ragtime.io.ophys.OphysExperiment;
import org.ragtime.io.ophys.OphysExperiment.Sampling;
import org.ragtime.io.ophys.ResponseCsv;

/**
 * Every analysis of {@link EcephysSession} against the command that calls it: on the sample and on the edge cases
 * the command tests use, the library's array and labels (written the way the command writes them) are the command's
 * output files byte for byte, its notes are the command's warning lines, and its errors are the command's error line.
 */
class LibraryMatchesCliTest {
    private static final Path S = Cli.ECEPHYS;
    private static final double[] EDGES = EcephysSession.edges(-0.1, 0.5, 0.01);
    private static final Intervals GRATINGS = Intervals.ofStimulus("drifting_gratings");
    private static final Intervals FLASHES = Intervals.ofStimulus("flashes");

    @TempDir
    Path dir;

    @Test
    void presentationwiseSpikeCounts() throws Exception {
        array(s -> s.presentationwiseSpikeCounts(EDGES, GRATINGS, UnitSelection.all()),
                "counts", "--stimulus", "drifting_gratings", "--bins", "-0.1:0.5:0.01");
        array(s -> s.presentationwiseSpikeCounts(EDGES, GRATINGS, UnitSelection.all(), null, false, BinRule.HALF_OPEN, null),
                "counts", "--stimulus", "drifting_gratings", "--bins", "-0.1:0.5:0.01", "--half-open");
        array(s -> s.presentationwiseSpikeCounts(EDGES, GRATINGS, UnitSelection.all(), null, true, BinRule.CLOSED, null),
                "counts", "--stimulus", "drifting_gratings", "--bins", "-0.1:0.5:0.01", "--binarize");
        array(s -> s.presentationwiseSpikeCounts(EDGES, GRATINGS.presentations(7, 3, 5), UnitSelection.all(), CountType.INT32, false,
                BinRule.CLOSED, null), "counts", "--stimulus", "drifting_gratings", "--presentations", "7,3,5", "--bins", "-0.1:0.5:0.01",
                "--dtype", "int32");
        array(s -> s.presentationwiseSpikeCounts(EcephysSession.edges(-1, 2.5, 0.5), GRATINGS, UnitSelection.all()),
                "counts", "--stimulus", "drifting_gratings", "--bins", "-1:2.5:0.5"); // overlapping windows: a note
        array(s -> s.presentationwiseSpikeCounts(EcephysSession.edges(0, 0.2, 0.05), FLASHES, UnitSelection.all()),
                "counts", "--stimulus", "flashes", "--bins", "0:0.2:0.05"); // windows after the last spike: a warning
        array(s -> s.presentationwiseSpikeCounts(EcephysSession.edges(0, 0.2, 0.05), FLASHES, UnitSelection.all().filter("vc-default")),
                "counts", "--stimulus", "flashes", "--bins", "0:0.2:0.05", "--filter", "vc-default"); // empty selection
        long[] ids = unitIds();
        array(s -> s.presentationwiseSpikeCounts(new double[] {-0.1, 0, 0.25, 0.5}, GRATINGS,
                UnitSelection.ids(ids[5], ids[1], ids[30], ids[2]).structures("VISp", "CA1")), "counts", "--stimulus", "drifting_gratings",
                "--edges", "-0.1,0,0.25,0.5", "--units", ids[5] + "," + ids[1] + "," + ids[30] + "," + ids[2], "--structure", "VISp,CA1");
        array(s -> s.presentationwiseSpikeCounts(EDGES, Intervals.ofPresentations(0, 1, 2), UnitSelection.all().probes("probeA")),
                "counts", "--presentations", "0,1,2", "--bins", "-0.1:0.5:0.01", "--probe", "probeA");
        error(s -> s.presentationwiseSpikeCounts(new double[] {-1000, 1000}, FLASHES, UnitSelection.all(), CountType.UINT8, false,
                BinRule.CLOSED, null), "counts", "--stimulus", "flashes", "--edges", "-1000,1000", "--dtype", "uint8");
        error(s -> s.presentationwiseSpikeCounts(EDGES, Intervals.ofStimulus("nope"), UnitSelection.all()),
                "counts", "--stimulus", "nope", "--bins", "-0.1:0.5:0.01");
        error(s -> s.presentationwiseSpikeCounts(EDGES, FLASHES, UnitSelection.ids(1, 2)),
                "counts", "--stimulus", "flashes", "--units", "1,2", "--bins", "-0.1:0.5:0.01");
        error(s -> s.presentationwiseSpikeCounts(EDGES, FLASHES.presentations(99999), UnitSelection.all()),
                "counts", "--stimulus", "flashes", "--presentations", "99999", "--bins", "-0.1:0.5:0.01");
        error(s -> s.presentationwiseSpikeCounts(EDGES, Intervals.select(null, null), UnitSelection.all()),
                "counts", "--bins", "-0.1:0.5:0.01");
    }

    @Test
    void widenedCounts() throws Exception {
        // 2 units firing at ~1 kHz for 100 s (SpikeCommandsTest's case): one bin holds more than 65535 spikes
        Path nwb = dir.resolve("busy.nwb");
        var small = org.ragtime.synth.SyntheticSession.Config.small();
        org.ragtime.synth.SyntheticSession.write(nwb, new org.ragtime.synth.SyntheticSession.Config(2, 100, 1000, 0.1,
                small.presentations() / 3, small.periodSeconds(), small.firstOnsetSeconds(), small.onSeconds(),
                List.of("flashes"), 1, false, small.indexType(), 11));
        LabelledArray.Dtype dtype = array(nwb, s -> s.presentationwiseSpikeCounts(new double[] {-1000, 1000}, FLASHES.presentations(0),
                UnitSelection.all()), "counts", "--stimulus", "flashes", "--presentations", "0", "--edges", "-1000,1000");
        assertEquals(LabelledArray.Dtype.INT32, dtype);
    }

    @Test
    void psth() throws Exception {
        array(s -> s.psth(EDGES, GRATINGS, UnitSelection.all(), BinRule.CLOSED, false, null),
                "psth", "--stimulus", "drifting_gratings", "--bins", "-0.1:0.5:0.01");
        array(s -> s.psth(EDGES, GRATINGS, UnitSelection.all().structures("VISp"), BinRule.HALF_OPEN, true, null),
                "psth", "--stimulus", "drifting_gratings", "--bins", "-0.1:0.5:0.01", "--half-open", "--rate", "--structure", "VISp");
        array(s -> s.psth(EcephysSession.edges(0, 0.2, 0.05), FLASHES, UnitSelection.all(), BinRule.CLOSED, false, null),
                "psth", "--stimulus", "flashes", "--bins", "0:0.2:0.05");
        array(s -> s.psth(EDGES, GRATINGS, UnitSelection.all().filter("vc-default"), BinRule.CLOSED, false, null),
                "psth", "--stimulus", "drifting_gratings", "--bins", "-0.1:0.5:0.01", "--filter", "vc-default", "--sort", "none");
    }

    @Test
    void binnedSpikeCounts() throws Exception {
        array(s -> s.binnedSpikeCounts(0.01, 0, null, UnitSelection.all(), null, null), "bin", "--bin-size", "0.01");
        array(s -> s.binnedSpikeCounts(0.5, 10, 60.0, UnitSelection.all().structures("VISp"), CountType.UINT16, null),
                "bin", "--bin-size", "0.5", "--start", "10", "--stop", "60", "--structure", "VISp", "--dtype", "uint16");
        error(s -> s.binnedSpikeCounts(100, 0, null, UnitSelection.all(), CountType.UINT8, null),
                "bin", "--bin-size", "100", "--dtype", "uint8");
        error(s -> s.binnedSpikeCounts(0.01, 10, 5.0, UnitSelection.all(), null, null),
                "bin", "--bin-size", "0.01", "--start", "10", "--stop", "5");
    }

    @Test
    void presentationwiseSpikeTimes() throws Exception {
        table(s -> s.presentationwiseSpikeTimes(GRATINGS, UnitSelection.all()), false, "spike-times", "--stimulus", "drifting_gratings");
        table(s -> s.presentationwiseSpikeTimes(FLASHES, UnitSelection.ids(9995001)), false,
                "spike-times", "--stimulus", "flashes", "--units", "9995001");
        table(s -> s.presentationwiseSpikeTimes(GRATINGS.presentations(3, 4, 9), UnitSelection.all().probes("probeA")), false,
                "spike-times", "--stimulus", "drifting_gratings", "--presentations", "3,4,9", "--probe", "probeA");
        errorTable(s -> s.presentationwiseSpikeTimes(Intervals.ofPresentations(5, 1), UnitSelection.all()),
                "spike-times", "--presentations", "5,1");
    }

    @Test
    void conditionwiseSpikeStatistics() throws Exception {
        table(s -> s.conditionwiseSpikeStatistics(GRATINGS, UnitSelection.all(), false), false,
                "condition-stats", "--stimulus", "drifting_gratings");
        table(s -> s.conditionwiseSpikeStatistics(GRATINGS, UnitSelection.all().structures("VISp"), true), false,
                "condition-stats", "--stimulus", "drifting_gratings", "--rates", "--structure", "VISp");
        table(s -> s.conditionwiseSpikeStatistics(FLASHES, UnitSelection.all(), false), false,
                "condition-stats", "--stimulus", "flashes");
    }

    @Test
    void units() throws Exception {
        table(s -> s.units(UnitSelection.all()), true, "units");
        table(s -> s.units(UnitSelection.all().structures("VISp").filter("vbn-default")), true,
                "units", "--structure", "VISp", "--filter", "vbn-default");
        table(s -> s.units(UnitSelection.all().filter("vc-default")), true, "units", "--filter", "vc-default");
        errorTable(s -> s.units(UnitSelection.all().structures("XYZ")), "units", "--structure", "XYZ");
        errorTable(s -> s.units(UnitSelection.all().filter("nope")), "units", "--filter", "nope");
    }

    private static long[] unitIds() {
        try (EcephysSession s = EcephysSession.open(S)) {
            return s.session().units().ids().clone();
        }
    }

    @Test
    void eventTriggeredResponse() throws Exception {
        Path ophys = OutputSafetyTest.OPHYS;
        String images = OutputSafetyTest.IMAGES;
        Sampling interp = Sampling.interpolated();
        response(ophys, x -> x.eventTriggeredResponse(null, x.stimulusStartTimes(images), -0.5, 0.75, interp, LabelledArray.ownedMemory()),
                "image_name", "--stimulus", images, "--window=-0.5:0.75");
        response(ophys, x -> x.eventTriggeredResponse(null, x.stimulusStartTimes(images), -0.5, 0.75, interp.atRate(50).excludingEndpoint(),
                LabelledArray.ownedMemory()), "image_name", "--stimulus", images, "--window=-0.5:0.75", "--rate", "50", "--exclude-endpoint");
        response(ophys, x -> x.eventTriggeredResponse("processing/ophys/event_detection", x.stimulusStartTimes(images), -0.2, 0.3,
                Sampling.nearest(), LabelledArray.ownedMemory()), "image_name", "--stimulus", images, "--window=-0.2:0.3", "--nearest",
                "--series", "processing/ophys/event_detection");
        Path events = dir.resolve("events.txt");
        Files.writeString(events, "12.5\n3\n-100\n1e9\n");
        response(ophys, x -> x.eventTriggeredResponse(null, Intervals.ofEventTimes(new double[] {12.5, 3, -100, 1e9}), -0.5, 0.75, interp,
                LabelledArray.ownedMemory()), null, "--event-times", events.toString(), "--window=-0.5:0.75");
        try (OphysExperiment x = OphysExperiment.open(ophys)) {
            BadInputException e = assertThrows(BadInputException.class, () -> x.stimulusStartTimes("nope"));
            Cli r = Cli.run("align-dff", ophys, "--stimulus", "nope", "--window=-0.5:0.75", "--out", dir.resolve("x.npy"));
            assertEquals(Main.BAD_INPUT, r.status(), r.err());
            assertEquals(List.of("ragtime: " + e.getMessage()), lines(r));
            BadInputException w = assertThrows(BadInputException.class, () -> x.eventTriggeredResponse(null, x.stimulusStartTimes(images),
                    0.5, -0.5, interp, LabelledArray.ownedMemory()).close());
            r = Cli.run("align-dff", ophys, "--stimulus", images, "--window=0.5:-0.5", "--out", dir.resolve("x.npy"));
            assertEquals(Main.BAD_INPUT, r.status(), r.err());
            assertEquals(List.of("ragtime: " + w.getMessage()), lines(r));
        }
    }

    /** align-dff's array, coordinates and --means CSV against the library's response and mean responses. */
    private void response(Path file, Function<OphysExperiment, LabelledArray> call, String condition, String... flags) throws IOException {
        Path out = dir.resolve("cli.npy");
        Path means = dir.resolve("cli-means.csv");
        List<Object> args = new ArrayList<>(List.of("align-dff", file));
        args.addAll(List.of(flags));
        args.addAll(List.of("--out", out, "--means", means));
        Cli r = Cli.run(args.toArray());
        assertEquals(0, r.status(), r.err());
        try (OphysExperiment x = OphysExperiment.open(file); LabelledArray a = call.apply(x)) {
            byte[] npy = Files.readAllBytes(out);
            int header = 10 + (npy[8] & 0xff) + ((npy[9] & 0xff) << 8);
            assertArrayEquals(Arrays.copyOfRange(npy, header, npy.length), a.toByteArray(), List.of(flags).toString());
            Path coords = dir.resolve("lib.coords.json");
            Results.writeCoords(coords, a);
            assertEquals(Files.readString(Results.coordsPath(out)), Files.readString(coords), List.of(flags).toString());
            int n = Math.toIntExact(a.shape()[1]);
            String images = OutputSafetyTest.IMAGES;
            List<String> labels = condition == null ? java.util.Collections.nCopies(n, "all") : x.stimulusColumn(images, condition);
            Path lib = dir.resolve("lib-means.csv");
            try (OphysExperiment.ConditionResponses m = OphysExperiment.meanResponses(a, labels);
                 java.io.Writer w = Files.newBufferedWriter(lib)) {
                ResponseCsv.writeMeans(w, m, "mean_dff");
            }
            assertEquals(Files.readString(means), Files.readString(lib), List.of(flags).toString());
        }
    }

    private void array(Function<EcephysSession, LabelledArray> call, String command, String... flags) throws IOException {
        array(S, call, command, flags);
    }

    /** The command's .npy data region and OUT.coords.json against the library's array and labels; notes against stderr. */
    private LabelledArray.Dtype array(Path file, Function<EcephysSession, LabelledArray> call, String command, String... flags)
            throws IOException {
        Path out = dir.resolve("cli.npy");
        Cli r = cli(command, file, out, flags);
        assertEquals(0, r.status(), r.err());
        try (EcephysSession s = EcephysSession.open(file); LabelledArray a = call.apply(s)) {
            byte[] npy = Files.readAllBytes(out);
            int header = 10 + (npy[8] & 0xff) + ((npy[9] & 0xff) << 8);
            assertArrayEquals(Arrays.copyOfRange(npy, header, npy.length), a.toByteArray(), command + " " + List.of(flags));
            Path coords = dir.resolve("lib.coords.json");
            Results.writeCoords(coords, a);
            assertEquals(Files.readString(Results.coordsPath(out)), Files.readString(coords), command + " " + List.of(flags));
            assertNotes(r, a.notes(), command, flags);
            return a.dtype();
        }
    }

    /** The command's CSV against the library's table written the way the command writes it. */
    private void table(Function<EcephysSession, LabelledTable> call, boolean units, String command, String... flags) throws IOException {
        Path out = dir.resolve("cli.csv");
        Cli r = cli(command, S, out, flags);
        assertEquals(0, r.status(), r.err());
        try (EcephysSession s = EcephysSession.open(S)) {
            LabelledTable t = call.apply(s);
            Path lib = dir.resolve("lib.csv");
            if (units) {
                CsvTables.write(t.table(), lib);
            } else {
                Results.writeCsv(lib, lib, t.table());
            }
            assertEquals(Files.readString(out), Files.readString(lib), command + " " + List.of(flags));
            assertNotes(r, t.notes(), command, flags);
        }
    }

    private void error(Function<EcephysSession, LabelledArray> call, String command, String... flags) {
        errorTable(s -> {
            call.apply(s).close();
            return null;
        }, command, flags);
    }

    /** The command's one error line is the library's exception message. */
    private void errorTable(Function<EcephysSession, LabelledTable> call, String command, String... flags) {
        Cli r = cli(command, S, dir.resolve("x.out"), flags);
        assertEquals(Main.BAD_INPUT, r.status(), r.err());
        try (EcephysSession s = EcephysSession.open(S)) {
            BadInputException e = assertThrows(BadInputException.class, () -> call.apply(s), command + " " + List.of(flags));
            assertEquals(List.of("ragtime: " + e.getMessage()), lines(r), command + " " + List.of(flags));
        }
    }

    private static Cli cli(String command, Path file, Path out, String... flags) {
        List<Object> args = new ArrayList<>(List.of(command, file));
        args.addAll(List.of(flags));
        args.addAll(List.of("--out", out));
        return Cli.run(args.toArray());
    }

    /** The command's stderr lines less its "wrote" line: the library's notes, as the command words them. */
    private static void assertNotes(Cli r, List<Note> notes, String command, String... flags) {
        List<String> said = new ArrayList<>(lines(r).stream().filter(l -> !l.startsWith("ragtime: wrote ")).toList());
        List<String> expected = new ArrayList<>(notes.stream().map(Note::line).toList());
        said.sort(null);
        expected.sort(null); // a widened dtype is said at once, the rest when the outputs are published
        assertEquals(expected, said, command + " " + List.of(flags) + ": " + r.err());
    }

    /** stderr without the JVM's own warnings and a kernel fall-back notice (the library has neither). */
    private static List<String> lines(Cli r) {
        return r.err().lines().filter(l -> !l.startsWith("WARNING:") && !l.matches("ragtime: .* kernels unavailable .*")).toList();
    }
}
