package org.ragtime.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.dataset.ContiguousDataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes synthetic sessions and reads them back with h5py (independent) and jhdf's reader. */
class SyntheticSessionTest {
    @TempDir
    Path dir;

    @Test
    void h5pyReadsWhatWasWritten() throws Exception {
        SyntheticSession.Config config = SyntheticSession.Config.small();
        SyntheticSession.Summary summary = SyntheticSession.write(dir.resolve("small.nwb"), config);
        SpikeTrains expected = SpikeTrains.generate(config);
        Map<String, String> py = h5py(summary.file());

        assertEquals("none", py.get("unreadable"), "every object opens and every dataset reads");
        assertTrue(Integer.parseInt(py.get("objects")) > 90, py.get("objects"));
        assertEquals("2.6.0", py.get("nwb_version"));
        assertEquals("NWBFile", py.get("neurodata_type"));
        assertEquals(summary.spikes(), Long.parseLong(py.get("spikes")));
        assertEquals(expected.count(), summary.spikes());
        assertEquals(summary.spikes(), Long.parseLong(py.get("index_last")), "index last == data length");
        assertEquals("float64", py.get("spike_times_dtype"));
        assertEquals("True", py.get("spike_times_contiguous"));
        assertEquals("uint16", py.get("index_dtype"), "hdmf picks uint16 for " + summary.spikes() + " spikes");
        long[] ids = longs(py.get("unit_ids"));
        assertEquals(config.units(), ids.length);
        for (int u = 0; u < ids.length; u++) assertEquals(summary.firstUnitId() + 3L * u, ids[u]);
        assertEquals("peak_channel_id,local_index,cluster_id,quality,firing_rate,isi_violations,presence_ratio,"
                + "amplitude_cutoff,amplitude,snr,spike_times", py.get("colnames"));
        double[] first = doubles(py.get("first_spike_times")), last = doubles(py.get("last_spike_times"));
        for (int u = 0; u < config.units(); u++) {
            assertEquals(expected.times[(int) expected.start(u)], first[u], 0.0, "first spike of unit " + u);
            assertEquals(expected.times[(int) expected.ends[u] - 1], last[u], 0.0, "last spike of unit " + u);
        }
        assertEquals("True", py.get("sorted_per_unit"));
        assertTrue(Double.parseDouble(py.get("spike_time_min")) >= 0);
        assertTrue(Double.parseDouble(py.get("spike_time_max")) < config.durationSeconds());

        assertEquals(summary.electrodes(), Integer.parseInt(py.get("electrodes")));
        assertEquals(2 * 384, summary.electrodes());
        assertEquals("True", py.get("peak_channels_known"));
        assertEquals("bool", py.get("valid_data_dtype"), "booleans as h5py writes them (enum FALSE/TRUE over int8)");
        assertTrue(Set.of(py.get("locations").split(",")).containsAll(List.of("VISp", "VISl", "CA1", "DG", "LGd", "grey")),
                py.get("locations"));

        assertEquals(String.join(",", summary.presentationRows().keySet()), py.get("presentation_tables"));
        int total = 0;
        for (var e : summary.presentationRows().entrySet()) {
            assertEquals(e.getValue(), Integer.parseInt(py.get("rows." + e.getKey())), e.getKey());
            assertEquals(e.getValue(), Integer.parseInt(py.get("tags_last." + e.getKey())), e.getKey());
            total += e.getValue();
        }
        assertEquals(config.presentations(), total);
        assertEquals("start_time,stop_time,stimulus_name,stimulus_block,temporal_frequency,orientation,contrast,"
                + "stimulus_index,tags", py.get("colnames.drifting_gratings_presentations"));
        assertEquals(0.5, Double.parseDouble(py.get("first_start.drifting_gratings_presentations")));
        assertEquals(0.5 + 50 * 0.75, Double.parseDouble(py.get("first_start.flashes_presentations")));
        assertEquals(summary.invalidTimes(), Integer.parseInt(py.get("invalid_times")));
        assertEquals(config.presentations(), Integer.parseInt(py.get("stimulus_timestamps")));
    }

    @Test
    void jhdfReadsWhatWasWritten() throws Exception {
        SyntheticSession.Config config = SyntheticSession.Config.small().withIndexType(SyntheticSession.IndexType.INT64);
        SyntheticSession.Summary summary = SyntheticSession.write(dir.resolve("small.nwb"), config);
        SpikeTrains expected = SpikeTrains.generate(config);
        try (HdfFile f = new HdfFile(summary.file())) {
            assertEquals("2.6.0", f.getAttribute("nwb_version").getData());
            Dataset times = f.getDatasetByPath("/units/spike_times");
            assertTrue(times instanceof ContiguousDataset, "spike_times must be contiguous");
            assertTrue(times.getFilters().isEmpty(), "spike_times must be unfiltered");
            assertArrayEquals(expected.times, (double[]) times.getData());
            assertArrayEquals(expected.ends, (long[]) f.getDatasetByPath("/units/spike_times_index").getData());
            long[] ids = (long[]) f.getDatasetByPath("/units/id").getData();
            assertEquals(summary.firstUnitId(), ids[0]);
            assertEquals(config.units(), ids.length);
            Group units = (Group) f.getByPath("/units");
            List<String> colnames = List.of((String[]) units.getAttribute("colnames").getData());
            assertEquals("spike_times", colnames.getLast());
            for (String c : colnames) assertTrue(units.getChildren().containsKey(c), "column " + c + " is in colnames but missing");
            assertEquals("Units", units.getAttribute("neurodata_type").getData());
            Set<String> objectIds = new HashSet<>();
            collectObjectIds(f, objectIds);
            assertTrue(objectIds.size() > 50, "every typed object has an object_id: " + objectIds.size());

            for (var e : summary.presentationRows().entrySet()) {
                Group t = (Group) f.getByPath("/intervals/" + e.getKey());
                double[] start = (double[]) t.getDatasetByPath("start_time").getData();
                double[] stop = (double[]) t.getDatasetByPath("stop_time").getData();
                assertEquals(e.getValue(), start.length);
                for (int i = 0; i < start.length; i++) assertEquals(config.onSeconds(), stop[i] - start[i], 1e-12);
                String[] names = (String[]) t.getDatasetByPath("stimulus_name").getData();
                assertEquals(e.getKey(), names[0] + "_presentations");
            }
            // conditions repeat: 50 drifting-grating presentations over 40 conditions, values from the grid
            double[] orientation = (double[]) f.getDatasetByPath("/intervals/drifting_gratings_presentations/orientation").getData();
            for (double o : orientation) assertEquals(0, o % 45, 0.0);
            assertTrue(Arrays.stream(orientation).distinct().count() > 4);

            Group electrodes = (Group) f.getByPath("/general/extracellular_ephys/electrodes");
            String[] location = (String[]) electrodes.getDatasetByPath("location").getData();
            double[] x = (double[]) electrodes.getDatasetByPath("x").getData();
            for (int i = 0; i < location.length; i++) {
                assertEquals(location[i].isEmpty(), Double.isNaN(x[i]), "CCF NaN exactly outside the brain, row " + i);
            }
            Dataset valid = electrodes.getDatasetByPath("valid_data");
            assertEquals(8, valid.getDataType().getDataClass(), "valid_data is an HDF5 enum (class 8), as h5py writes bool");
            Object validData = valid.getData();
            assertEquals(location.length, java.lang.reflect.Array.getLength(validData));
            Group probeA = (Group) f.getByPath("/general/extracellular_ephys/probeA");
            assertEquals("EcephysElectrodeGroup", probeA.getAttribute("neurodata_type").getData());
            assertTrue(f.getByPath("/acquisition") instanceof Group);
            assertTrue(f.getByPath("/stimulus/templates") instanceof Group);
        }
    }

    private static void collectObjectIds(Group g, Set<String> into) {
        Attribute id = g.getAttribute("object_id");
        if (id != null) assertTrue(into.add((String) id.getData()), "object_id repeats at " + g.getPath());
        for (var child : g.getChildren().values()) {
            if (child.isLink()) continue; // a soft link (an electrode group's device) is not an object of its own
            if (child instanceof Group sub) collectObjectIds(sub, into);
            else if (child.getAttribute("object_id") != null) {
                assertTrue(into.add((String) child.getAttribute("object_id").getData()), "object_id repeats at " + child.getPath());
            }
        }
    }

    /**
     * Electrode groups carry the {@code device} soft link pynwb writes (as in the pynwb-made
     * allensdk_style_ecephys_session.nwb fixture), so Ragtime reads back what it generates: `ragtime units`
     * failed on every generated file with ".../probeA/device: missing".
     */
    @Test
    void electrodeGroupsLinkTheirDeviceAsPynwbDoes() throws Exception {
        Path file = SyntheticSession.write(dir.resolve("s.nwb"), SyntheticSession.Config.small()).file();
        String script = "import sys, h5py\nf = h5py.File(sys.argv[1], 'r')\ne = f['general/extracellular_ephys']\n"
                + "for k in sorted(e):\n    if k != 'electrodes':\n        l = e[k].get('device', getlink=True)\n"
                + "        t = e[k]['device'].attrs['neurodata_type']\n"
                + "        print(k, type(l).__name__, l.path, t.decode() if isinstance(t, bytes) else t)\n";
        String pynwb = org.ragtime.testing.Python.run(script, Path.of(System.getProperty("ragtime.data.dir"))
                .resolve("nwb/generated/allensdk_style_ecephys_session.nwb").toString());
        assertEquals("probeA SoftLink /general/devices/probeA EcephysProbe\n"
                + "probeB SoftLink /general/devices/probeB EcephysProbe\n", pynwb, "the pynwb-made layout");
        assertEquals(pynwb, org.ragtime.testing.Python.run(script, file.toString()), "the generated layout");
        try (org.ragtime.io.Session s = org.ragtime.io.Session.open(file)) {
            var t = org.ragtime.io.units.UnitsTable.of(s).table();
            Set<String> probes = new HashSet<>();
            for (int u = 0; u < t.rowCount(); u++) {
                assertEquals(29999.9, t.column("probe_sampling_rate").doubleValue(u), "unit row " + u);
                assertEquals(1249.99, t.column("probe_lfp_sampling_rate").doubleValue(u), "unit row " + u);
                probes.add(t.strings("probe").get(u));
            }
            assertEquals(Set.of("probeA", "probeB"), probes);
        }
    }

    @Test
    void spikeStatisticsMatchConfigA() {
        SyntheticSession.Config a = SyntheticSession.Config.configA();
        SpikeTrains s = SpikeTrains.generate(a); // no file: 12 M spikes in memory
        double expected = a.expectedSpikes();
        assertEquals(12_000_000, expected);
        assertEquals(expected, s.count(), expected * 0.01, "total spikes within 1% of units x rate x duration");
        double meanRate = Arrays.stream(s.rates).average().orElseThrow();
        assertEquals(8.0, meanRate, 1e-9, "rates rescaled to the configured mean");
        // lognormal sigma 0.8: the log-rates have sd 0.8 (500 draws: standard error of the sd about 0.025)
        double[] logs = Arrays.stream(s.rates).map(Math::log).toArray();
        double m = Arrays.stream(logs).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(logs).map(v -> (v - m) * (v - m)).sum() / (logs.length - 1));
        assertEquals(0.8, sd, 0.1);
        for (int u = 0; u < a.units(); u++) {
            long start = s.start(u), end = s.ends[u];
            double n = end - start, lambda = s.rates[u] * a.durationSeconds();
            assertEquals(lambda, n, 6 * Math.sqrt(lambda) + 1, "unit " + u + " spike count vs its Poisson mean");
            double previous = 0;
            for (long i = start; i < end; i++) {
                double t = s.times[(int) i];
                if (t < previous || t >= a.durationSeconds()) fail("unit " + u + " spike " + i + " at " + t + " after " + previous);
                previous = t;
            }
        }
    }

    @Test
    void sameConfigGivesSameBytesAndSeedChangesData() throws Exception {
        SyntheticSession.Config c = SyntheticSession.Config.small();
        Path one = SyntheticSession.write(dir.resolve("one.nwb"), c).file();
        Path two = SyntheticSession.write(dir.resolve("two.nwb"), c).file();
        Path other = SyntheticSession.write(dir.resolve("other.nwb"), c.withSeed(8)).file();
        assertEquals(sha256(one), sha256(two));
        assertNotEquals(sha256(one), sha256(other));
        assertFalse(Arrays.equals(SpikeTrains.generate(c).times, SpikeTrains.generate(c.withSeed(8)).times));
    }

    @Test
    void indexTypesFollowTheWriterEra() throws Exception {
        Map<SyntheticSession.IndexType, String> expected = Map.of(SyntheticSession.IndexType.INT64, "int64",
                SyntheticSession.IndexType.UINT32, "uint32", SyntheticSession.IndexType.SMALLEST, "uint16",
                SyntheticSession.IndexType.UINT64, "uint64");
        for (var e : expected.entrySet()) {
            Path p = SyntheticSession.write(dir.resolve(e.getKey() + ".nwb"),
                    SyntheticSession.Config.small().withIndexType(e.getKey())).file();
            Map<String, String> py = h5py(p);
            assertEquals(e.getValue(), py.get("index_dtype"), e.getKey().toString());
            assertEquals(py.get("spikes"), py.get("index_last"));
        }
        IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class,
                () -> SyntheticSession.write(dir.resolve("u8.nwb"), SyntheticSession.Config.small().withIndexType(SyntheticSession.IndexType.UINT8)));
        assertTrue(tooSmall.getMessage().contains("UINT8"), tooSmall.getMessage());
        assertFalse(Files.exists(dir.resolve("u8.nwb")), "nothing written on failure");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "temporary file removed");
        }
    }

    @Test
    void badConfigsAreRefusedWithAClearMessage() {
        var a = SyntheticSession.Config.configA();
        var e = assertThrows(IllegalArgumentException.class, () -> new SyntheticSession.Config(a.units(), 100, 8, 0.8,
                5000, 0.6, 0.1, 0.25, a.stimuli(), 6, false, a.indexType(), 1));
        assertTrue(e.getMessage().contains("last onset"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.withUnits(0));
        assertTrue(e.getMessage().contains("units"), e.getMessage());
    }

    /** Runs tools/check_synth.py with Debian's python3 (which has h5py) and parses its `key value` lines. */
    static Map<String, String> h5py(Path file) throws IOException, InterruptedException {
        return checkSynth(file, false);
    }

    /** Only the first two facts of check_synth.py (objects opened, unreadable ones), for any HDF5 file. */
    static Map<String, String> h5pyObjects(Path file) throws IOException, InterruptedException {
        return checkSynth(file, true);
    }

    private static Map<String, String> checkSynth(Path file, boolean objectsOnly) throws IOException, InterruptedException {
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python)) fail("/usr/bin/python3 is missing: install python3 and python3-h5py to run this check");
        String data = System.getProperty("ragtime.data.dir");
        if (data == null) fail("system property ragtime.data.dir is not set (surefire sets it in the root pom)");
        Path script = Path.of(data).toAbsolutePath().resolveSibling("tools").resolve("check_synth.py");
        var command = new java.util.ArrayList<>(List.of(python.toString(), script.toString()));
        if (objectsOnly) command.add("--objects-only");
        command.add(file.toString());
        Process p = new ProcessBuilder(command).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) fail("check_synth.py did not finish");
        if (p.exitValue() == 3) fail("python3 lacks h5py/numpy (apt-get install python3-h5py): " + err.strip());
        if (p.exitValue() != 0) fail("check_synth.py failed (" + p.exitValue() + ") on " + file + ": " + err.strip());
        Map<String, String> facts = new HashMap<>();
        for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0) facts.put(line.substring(0, space), line.substring(space + 1));
        }
        return facts;
    }

    private static long[] longs(String csv) {
        return Arrays.stream(csv.split(",")).mapToLong(Long::parseLong).toArray();
    }

    private static double[] doubles(String csv) {
        return Arrays.stream(csv.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    private static String sha256(Path p) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
