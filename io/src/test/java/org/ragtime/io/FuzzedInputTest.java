package org.ragtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.engine.BadInputException;
import org.ragtime.engine.align.EventTriggeredResponse;
import org.ragtime.engine.table.StringColumn;
import org.ragtime.io.ophys.OphysExperiment;
import org.ragtime.io.units.UnitsTable;
import org.ragtime.testing.Python;

/**
 * Regression tests for files a fuzzer made (issue 10, reader half): each mutation is made here, with h5py or
 * a byte edit on a copy of a fixture, and must give a one-line bad-input error naming file, HDF5 path and
 * problem (or, where the file is fine, the right answer), never a hang, an Error or another exception.
 */
class FuzzedInputTest {
    private static final String TINY = "generated/pynwb231_tiny_units.nwb";
    private static final String OPHYS = "generated/allensdk_style_behavior_ophys_experiment.nwb";
    private static final Duration BOUNDED = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private Path copy(String fixture) throws IOException {
        Path p = tmp.resolve(Path.of(fixture).getFileName());
        Files.copy(Fixtures.file(fixture), p);
        p.toFile().setWritable(true);
        return p;
    }

    /** Runs {@code code} with {@code f} an h5py File open read-write on {@code file} (numpy as np). */
    private static void h5py(Path file, String code) throws IOException, InterruptedException {
        Python.run("import sys, h5py, numpy as np\nf = h5py.File(sys.argv[1], 'r+')\n" + code + "\nf.close()\n",
                file.toString());
    }

    /** HDF5 object-header address of {@code path} (h5py's view). */
    private static long headerAddress(Path file, String path) throws IOException, InterruptedException {
        return Long.parseLong(Python.run("import sys, h5py\nf = h5py.File(sys.argv[1], 'r')\n"
                + "print(h5py.h5o.get_info(f[sys.argv[2]].id).addr)\n", file.toString(), path).strip());
    }

    private static void patch(Path file, long offset, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    private static <E extends BadInputException> E refused(Class<E> type, Path file, String hdf5Path, String problem,
            Executable action) {
        E e = assertThrows(type, action);
        String m = e.getMessage();
        assertFalse(m.contains("\n"), "one line: " + m);
        assertTrue(m.startsWith(file + ": " + hdf5Path + ": "), m);
        assertTrue(m.contains(problem), m);
        return e;
    }

    // ---- item 10: cycles of hard links -------------------------------------------------------------------

    @Test
    void hardLinkFromProcessingBackToTheRootEndsTheTraceWalk() throws Exception {
        Path p = copy(OPHYS);
        h5py(p, "f['processing/loop'] = f['/']"); // `info` ran for minutes on this file
        assertTimeoutPreemptively(BOUNDED, () -> {
            try (Session s = Session.open(p)) {
                List<String> paths = s.traces().stream().map(TraceInfo::path).toList();
                assertTrue(paths.contains("/processing/ophys/dff/traces"), paths.toString());
                assertTrue(paths.stream().noneMatch(t -> t.contains("/loop")), paths.toString());
            }
        });
    }

    @Test
    void hardLinkCycleOnTheWayToAReferencedObject() throws Exception {
        Path p = copy(TINY);
        // object references are resolved by walking the tree; /acquisition comes before /general, so the walk
        // meets the cycle before the electrode group the `group` column points to (StackOverflowError before)
        h5py(p, "f['acquisition/loop'] = f['/']\nf['acquisition/deeper'] = f['acquisition']");
        assertTimeoutPreemptively(BOUNDED, () -> {
            try (Session s = Session.open(p)) {
                StringColumn probe = UnitsTable.of(s).table().strings("probe");
                assertEquals("probeA", probe.get(0));
            }
        });
    }

    // ---- item 11: sizes, addresses, types and values that escaped as Errors or stray exceptions ----------

    @Test
    void objectHeaderSizeOfTwoToThe31IsRefusedBeforeAnythingIsAllocated() throws Exception {
        Path p = copy(TINY);
        long units = headerAddress(p, "units");
        assertEquals(1, Files.readAllBytes(p)[(int) units], "a version 1 object header");
        patch(p, units + 8, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(Integer.MAX_VALUE).array());
        try (Session s = Session.open(p)) { // was OutOfMemoryError inside jhdf
            // the group's children are read when /units/id is looked up: the error names that path
            refused(NwbException.class, p, "/units/id", "2147483647 bytes at byte " + (units + 16) // after the 16-byte prefix
                    + " would lie beyond the end of the file", s::units);
        }
    }

    @Test
    void undefinedDataAddressOfATextColumn() throws Exception {
        Path p = copy(TINY);
        // the contiguous layout message holds the data address: make it HDF5's undefined address (2^64-1)
        Python.run("import sys, h5py, struct\nf = h5py.File(sys.argv[1], 'r')\n"
                + "d = f['general/extracellular_ephys/electrodes/location']\n"
                + "off, hdr = d.id.get_offset(), h5py.h5o.get_info(d.id).addr\nf.close()\n"
                + "b = bytearray(open(sys.argv[1], 'rb').read())\ni = b.find(struct.pack('<Q', off), hdr, hdr + 2048)\n"
                + "assert i > 0\nb[i:i + 8] = b'\\xff' * 8\nopen(sys.argv[1], 'wb').write(b)\n", p.toString());
        try (Session s = Session.open(p)) { // was NullPointerException in `units`
            refused(NwbException.class, p, "/general/extracellular_ephys/electrodes/location",
                    "data never written (undefined address)", () -> UnitsTable.of(s));
        }
    }

    @Test
    void startTimesStoredAsText() throws Exception {
        Path p = copy(TINY);
        h5py(p, "t = f['intervals/trials']\nv = t['start_time'][:]\ndel t['start_time']\n"
                + "t['start_time'] = np.array([str(x) for x in v], dtype=object)");
        try (Session s = Session.open(p)) { // was IllegalStateException "holds STRING values"
            refused(NwbException.class, p, "/intervals/trials/start_time", "holds text (HDF5 strings), expected numbers",
                    () -> s.table("/intervals/trials").column("start_time").array());
        }
    }

    @Test
    void roisRegionHoldingARowFarOutsideTheTable() throws Exception {
        Path p = copy(OPHYS);
        h5py(p, "r = f['processing/ophys/dff/traces/rois']\nv = r[:]\nv[0] = 2**62\nr[...] = v");
        try (OphysExperiment x = OphysExperiment.open(p)) { // was ArithmeticException: integer overflow
            refused(NwbException.class, p, "/processing/ophys/dff/traces/rois", "entry 0 is row 4611686018427387904 but "
                    + "/processing/ophys/image_segmentation/cell_specimen_table has 12 rows",
                    () -> x.roiRows("/processing/ophys/dff/traces"));
        }
    }

    @Test
    void timestampsOneNanosecondApartDoNotBuildAGiantGrid() throws Exception {
        Path p = copy(OPHYS);
        h5py(p, "ts = f['processing/ophys/dff/traces/timestamps']\nts[...] = ts[0] + np.arange(ts.shape[0]) * 1e-9");
        try (OphysExperiment x = OphysExperiment.open(p)) { // was OutOfMemoryError in linspace
            var traces = x.dff();
            refused(BadInputException.class, p, "/processing/ophys/dff/traces", "samples per event, more than 16777216",
                    () -> EventTriggeredResponse.interpolated(traces, -0.5, 0.75, Double.NaN, true));
            refused(BadInputException.class, p, "/processing/ophys/dff/traces", "more than 16777216 samples per event",
                    () -> EventTriggeredResponse.nearest(traces, -0.5, 0.75));
        }
    }

    @Test
    void chunkedDatasetWhoseShapeNoFileCouldHold() throws Exception {
        Path p = copy(TINY);
        h5py(p, "f.create_dataset('processing/big', data=np.arange(1000.0), chunks=(100,), compression='gzip')");
        // the dataspace message's first dimension (1000, 8 bytes) becomes 2^40: 8 TiB to decode
        Python.run("import sys, h5py, struct\nf = h5py.File(sys.argv[1], 'r')\n"
                + "hdr = h5py.h5o.get_info(f['processing/big'].id).addr\nf.close()\n"
                + "b = bytearray(open(sys.argv[1], 'rb').read())\ni = b.find(struct.pack('<Q', 1000), hdr, hdr + 512)\n"
                + "assert i > 0\nb[i:i + 8] = struct.pack('<Q', 1 << 40)\nopen(sys.argv[1], 'wb').write(b)\n", p.toString());
        try (Session s = Session.open(p)) { // was an OutOfMemoryError allocating the output
            refused(NwbException.class, p, "/processing/big", "decodes to 8796093022208 bytes, more than a file of",
                    () -> s.array("/processing/big"));
        }
    }

    // ---- item 12: bad values that were accepted silently -------------------------------------------------

    /** Adds /intervals/flashes_presentations (5 rows, start times 1..5) to the file. */
    private static String presentations(String startTimes) {
        return "g = f['intervals'].create_group('flashes_presentations')\n"
                + "g.attrs['colnames'] = np.array(['start_time', 'stop_time', 'stimulus_name'], dtype=object)\n"
                + "g['id'] = np.arange(5)\ng['start_time'] = np.array(" + startTimes + ", dtype=float)\n"
                + "g['stop_time'] = np.arange(5) + 1.25\n"
                + "g['stimulus_name'] = np.array(['flashes'] * 5, dtype=object)\n";
    }

    @Test
    void nonFinitePresentationStartTimesAreRefused() throws Exception {
        for (String bad : List.of("nan", "inf", "-inf")) {
            Path p = copy(TINY);
            h5py(p, presentations("[1, 2, float('" + bad + "'), 4, 5]"));
            try (Session s = Session.open(p)) { // a NaN was counted as all zeros and shifted later ids
                refused(NwbException.class, p, "/intervals/flashes_presentations/start_time", "row 2 (id 2): start_time is "
                        + Double.parseDouble(bad.replace("inf", "Infinity").replace("nan", "NaN")) + "; presentation start times must be finite",
                        () -> Presentations.of(s));
            }
            Files.delete(p);
        }
        Path ok = copy(TINY);
        h5py(ok, presentations("[1, 2, 3, 4, 5]"));
        try (Session s = Session.open(ok)) {
            Presentations pr = Presentations.of(s);
            assertArrayEquals(new int[] {0, 1, 2, 3, 4}, pr.ofStimulus("flashes"));
        }
    }

    @Test
    void stopTimeThatIsNotANumberIsRefusedNamingTableAndRow() throws Exception {
        Path p = copy(TINY);
        h5py(p, presentations("[1, 2, 3, 4, 5]") + "g['stop_time'][1] = np.nan");
        try (Session s = Session.open(p)) { // the engine refused it without naming the file
            Presentations pr = Presentations.of(s);
            assertArrayEquals(new double[] {1.25, 3.25}, pr.stops(new int[] {0, 2}));
            refused(NwbException.class, p, "/intervals/flashes_presentations/stop_time",
                    "row 1 (stimulus presentation 1): stop_time NaN is not a finite number at or after start_time 2.0",
                    () -> pr.stops(new int[] {0, 1}));
        }
    }

    @Test
    void invalidUtf8InATextColumnIsRefusedNamingColumnAndRow() throws Exception {
        Path p = copy(TINY);
        h5py(p, "e = f['general/extracellular_ephys/electrodes']\ndel e['location']\n"
                + "e['location'] = np.array([b'VISp', b'VISp', b'VI\\xffSp', b'VISp'], dtype=h5py.string_dtype('utf-8'))");
        try (Session s = Session.open(p)) { // reached CSVs as U+FFFD
            refused(NwbException.class, p, "/general/extracellular_ephys/electrodes/location",
                    "row 2: invalid UTF-8 text", () -> UnitsTable.of(s));
        }
    }

    // ---- anticipating the fuzzer: random damage to object headers of the ecephys and ophys fixtures --------

    /**
     * Bytes flipped inside object headers (where the structure is, so nearly every round damages something)
     * of the AllenSDK-style ecephys and ophys fixtures; then everything the commands read is read: units,
     * spike-time validation, electrodes, presentations, the units join, traces, dF/F and its ROIs. Only
     * success or bad input may come out. 40 rounds per fixture per build (-Dragtime.fuzz.rounds=N for more;
     * 1 500 and 3 000 per fixture were run by hand), the seed printed on failure.
     */
    @Test
    void randomHeaderDamageGivesOnlySuccessOrBadInput() throws Exception {
        long seed = System.nanoTime();
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        int rounds = Integer.getInteger("ragtime.fuzz.rounds", 40);
        for (String fixture : List.of("generated/allensdk_style_ecephys_session.nwb", OPHYS)) {
            byte[] original = Files.readAllBytes(Fixtures.file(fixture));
            long[] headers = java.util.Arrays.stream(Python.run("import sys, h5py\nf = h5py.File(sys.argv[1], 'r')\n"
                    + "s = {h5py.h5o.get_info(f.id).addr}\nf.visititems(lambda n, o: s.add(h5py.h5o.get_info(o.id).addr))\n"
                    + "print(' '.join(map(str, sorted(s))))\n", Fixtures.file(fixture).toString()).strip().split(" "))
                    .mapToLong(Long::parseLong).toArray();
            Path p = tmp.resolve("damaged.nwb");
            for (int round = 0; round < rounds; round++) {
                byte[] b = original.clone();
                long at = headers[r.nextInt(headers.length)] + r.nextInt(200);
                for (int k = 0; k < 1 + r.nextInt(4) && at + k < b.length; k++) {
                    b[(int) (at + k)] = (byte) (r.nextBoolean() ? r.nextInt(256) : new int[] {0, 0xff, 0x7f, 0x80, 1}[r.nextInt(5)]);
                }
                Files.write(p, b);
                String where = "seed " + seed + " round " + round + " " + fixture + " damage at " + at;
                assertTimeoutPreemptively(BOUNDED, () -> {
                    try (Session s = Session.open(p)) {
                        readAsTheCommandsDo(s);
                    } catch (BadInputException e) {
                        assertFalse(e.getMessage().contains("\n"), where + ": " + e.getMessage());
                        assertTrue(e.getMessage().startsWith(p.toString()), where + ": " + e.getMessage());
                    } catch (Throwable t) {
                        throw new AssertionError(where + ": " + t, t);
                    }
                }, where);
            }
        }
    }

    private static void readAsTheCommandsDo(Session s) {
        if (s.hasUnits()) {
            Units u = s.units();
            u.validateSpikeTimes();
            u.spikeTrains();
            UnitsTable.of(s);
        }
        s.electrodes().ifPresent(t -> t.columnNames().forEach(c -> t.column(c).get(0)));
        Presentations p = Presentations.of(s);
        for (int id = 0; id < p.size(); id++) {
            p.start(id);
            p.conditionId(id);
            p.stimulusName(id);
        }
        for (TraceInfo t : s.traces()) {
            t.path();
        }
        if (s.exists("/processing/ophys")) {
            OphysExperiment x = OphysExperiment.of(s);
            var dff = x.dff();
            x.roiRows("/processing/ophys/dff/traces");
            x.cellSpecimens();
            EventTriggeredResponse.interpolated(dff, -0.5, 0.75, Double.NaN, true);
        }
    }

    // ---- item 3: electrode groups by reference, a group without a device ----------------------------------

    @Test
    void electrodeGroupWithoutADeviceHasNoSamplingRateAndIsNoError() throws Exception {
        Path p = copy(TINY);
        // and a group_name that names no group: the `group` reference is what counts, as in pynwb
        h5py(p, "del f['general/extracellular_ephys/probeA/device']\n"
                + "e = f['general/extracellular_ephys/electrodes']\ndel e['group_name']\n"
                + "e['group_name'] = np.array(['micros'] * 4, dtype=object)");
        try (Session s = Session.open(p)) { // was "/general/extracellular_ephys/micros/device: missing"
            var t = UnitsTable.of(s).table();
            assertEquals("probeA", t.strings("probe").get(0));
            assertFalse(t.has("probe_sampling_rate"), "no device, no lfp rate: no rate columns");
        }
        Path dangling = tmp.resolve("dangling.nwb");
        Files.copy(Fixtures.file(TINY), dangling);
        dangling.toFile().setWritable(true);
        h5py(dangling, "g = f['general/extracellular_ephys/probeA']\ndel g['device']\n"
                + "g['device'] = h5py.SoftLink('/general/devices/nothing')");
        try (Session s = Session.open(dangling)) { // a device link to nothing: no device, not an error
            assertFalse(s.exists("/general/extracellular_ephys/probeA/device"));
            var t = UnitsTable.of(s).table();
            assertEquals("probeA", t.strings("probe").get(0));
            assertFalse(t.has("probe_sampling_rate"));
        }
    }
}
