package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.io.NwbException;
import org.ragtime.io.Session;
import org.ragtime.testing.Python;

/**
 * {@code ragtime table} against the independent h5py/pandas reference {@code tools/table_reference.py}: every table
 * of every bundled NWB file (the real files of {@code data/nwb/real}, which are {@code /work/shared/data/nwb/real}'s,
 * plus any file found there that is not bundled), a generated file of every column kind, column and row selections,
 * byte for byte; the reference itself against hdmf's {@code to_dataframe()} on tables hdmf wrote
 * ({@code tools/hdmf_table_check.py}); and the refusals.
 */
class TableCommandTest {
    private static final Path SHARED_REAL = Path.of("/work/shared/data/nwb/real");

    @TempDir
    Path tmp;

    /** Every NWB file of the repository's data/nwb, plus shared real files not bundled under the same name and size. */
    private static List<Path> files() throws IOException {
        Map<String, Path> byName = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(Cli.DATA.resolve("nwb"))) {
            s.filter(p -> p.toString().endsWith(".nwb")).sorted().forEach(p -> byName.put(p.getFileName().toString(), p));
        }
        if (Files.isDirectory(SHARED_REAL)) {
            try (Stream<Path> s = Files.list(SHARED_REAL)) {
                for (Path p : s.filter(q -> q.toString().endsWith(".nwb")).sorted().toList()) {
                    Path bundled = byName.get(p.getFileName().toString());
                    if (bundled == null || Files.size(bundled) != Files.size(p)) {
                        byName.put("shared:" + p.getFileName(), p);
                    }
                }
            }
        }
        return List.copyOf(byName.values());
    }

    @Test
    void everyTableOfEveryFileMatchesTheReference() throws Exception {
        List<Path> files = files();
        Path ref = tmp.resolve("ref");
        List<String> args = new ArrayList<>(List.of("--all", ref.toString()));
        files.forEach(f -> args.add(f.toString()));
        Python.tool("table_reference.py", args.toArray(String[]::new));
        int tables = 0;
        for (int k = 0; k < files.size(); k++) {
            Path file = files.get(k);
            List<String> expected = Files.readAllLines(ref.resolve(k + "/tables.txt"));
            List<String> found;
            try (Session s = Session.open(file)) {
                found = new ArrayList<>(s.tables());
            } catch (NwbException e) {
                // NWB 1 files: Ragtime reads NWB 2 only; the command says so (exit 2)
                assertTrue(e.getMessage().contains("NWB 2 only"), e.getMessage());
                Cli r = Cli.run("table", file, "/units", "--out", tmp.resolve("nwb1.csv"));
                assertEquals(2, r.status(), r.err());
                continue;
            }
            found.sort(null);
            assertEquals(expected, found, "tables of " + file);
            for (String table : found) {
                Path out = tmp.resolve("t" + tables++ + ".csv");
                Cli r = Cli.run("table", file, table, "--out", out);
                assertEquals(0, r.status(), r.err());
                Path want = ref.resolve(k + "/" + table.substring(1).replace("/", "__") + ".csv");
                assertSameCsv(want, out, file + " " + table);
            }
        }
        assertTrue(tables >= 30, "only " + tables + " tables compared");
    }

    private static void assertSameCsv(Path want, Path got, String what) throws IOException {
        byte[] w = Files.readAllBytes(want);
        byte[] g = Files.readAllBytes(got);
        if (!java.util.Arrays.equals(w, g)) {
            List<String> wl = Files.readAllLines(want);
            List<String> gl = Files.readAllLines(got);
            for (int i = 0; i < Math.min(wl.size(), gl.size()); i++) {
                String a = wl.get(i);
                String b = gl.get(i);
                assertEquals(a.substring(0, Math.min(a.length(), 2000)), b.substring(0, Math.min(b.length(), 2000)),
                        what + ": line " + (i + 1));
                assertEquals(a, b, what + ": line " + (i + 1));
            }
            assertEquals(wl.size(), gl.size(), what + ": lines");
            assertTrue(false, what + ": bytes differ");
        }
    }

    private Path edgeFile() throws Exception {
        Path f = tmp.resolve("edge.nwb");
        Python.tool("make_table_fixture.py", f.toString());
        return f;
    }

    /** Selections of tables, each made by the reference (all in one Python run) and by the command, compared. */
    private final class Selections {
        private final List<String> jobs = new ArrayList<>();
        private final List<Path[]> pairs = new ArrayList<>();
        private final List<String> names = new ArrayList<>();

        Selections add(Path file, String table, String... selection) {
            int k = pairs.size();
            Path want = tmp.resolve("want" + k + ".csv");
            Path got = tmp.resolve("got" + k + ".csv");
            List<String> job = new ArrayList<>(List.of(file.toString(), table, want.toString()));
            job.addAll(List.of(selection));
            jobs.add(String.join("\t", job));
            List<Object> cmd = new ArrayList<>(List.of("table", file, table));
            cmd.addAll(List.of(selection));
            cmd.addAll(List.of("--out", got));
            Cli r = Cli.run(cmd.toArray());
            assertEquals(0, r.status(), r.err());
            pairs.add(new Path[] {want, got});
            names.add(file.getFileName() + " " + table + " " + String.join(" ", selection));
            return this;
        }

        void check() throws Exception {
            Path list = tmp.resolve("jobs.txt");
            Files.write(list, jobs);
            Python.tool("table_reference.py", "--jobs", list.toString());
            for (int k = 0; k < pairs.size(); k++) {
                assertSameCsv(pairs.get(k)[0], pairs.get(k)[1], names.get(k));
            }
        }
    }

    @Test
    void everyColumnKindMatchesTheReference() throws Exception {
        Path edge = edgeFile();
        new Selections().add(edge, "/intervals/edge").add(edge, "general/targets").check();
        String body = Files.readString(tmp.resolve("got0.csv"));
        assertTrue(body.startsWith("id,f64,f32,i8,u64,flag,text,ragged_f,"), body); // colnames order, id first
        assertFalse(body.contains("hidden"), "a dataset outside colnames is not a column");
        assertTrue(body.contains("\"[[1, 2], [3]]\""), "doubly ragged as nested lists: " + body);
        assertTrue(body.contains(",\"[30, 20]\","), "a ragged region as the referenced rows' ids: " + body);
    }

    @Test
    void theReferenceAgreesWithHdmfAndTheCommandWithTheReference() throws Exception {
        // hdmf 3.5 writes and reads its own tables: the reference's frame is checked cell by cell against hdmf's
        // to_dataframe() (the script exits 1 on any difference), then the command against the reference
        Path f = tmp.resolve("hdmf.nwb");
        String log = Python.tool("hdmf_table_check.py", f.toString());
        assertTrue(log.contains("edge: 11 columns x 4 rows checked against hdmf"), log);
        try (Session s = Session.open(f)) {
            assertEquals(List.of("/edge", "/targets"), s.tables().stream().sorted().toList());
        }
        new Selections().add(f, "edge").add(f, "targets").add(f, "edge", "--columns", "regr,rr", "--rows", "1:").check();
    }

    @Test
    void columnsAndRowsSelectAsPandasWould() throws Exception {
        Path edge = edgeFile();
        Selections s = new Selections();
        for (String rows : List.of("0:2", "2:", ":3", "-2:", "-100:1", "5:2", "100:", ":-1", ":")) {
            s.add(edge, "intervals/edge", "--rows", rows);
        }
        s.add(edge, "intervals/edge", "--columns", "comp,dbl,f32", "--rows", "1:4")
                .add(edge, "intervals/edge", "--columns", "region_r,ragged_s", "--rows", "-3:")
                .add(edge, "intervals/edge", "--columns", "id")
                .add(Cli.ECEPHYS, "units", "--columns", "spike_times,waveform_mean,quality", "--rows", "37:")
                .add(Cli.ECEPHYS, "/intervals/drifting_gratings_presentations", "--rows", "10:12")
                .add(Cli.DATA.resolve("nwb/generated/pynwb231_tiny_units.nwb"), "units", "--columns", "electrodes", "--rows", "1:")
                .check();
        assertEquals("id\n5\n3\n100\n-1\n7\n0\n", Files.readString(tmp.resolve("got11.csv")));
    }

    @Test
    void onlyTheColumnsAskedForAreRead() throws Exception {
        // a column whose data is broken (its index points past the data) fails when read, and only then
        Path edge = edgeFile();
        Python.run("""
                import sys, h5py, numpy as np
                with h5py.File(sys.argv[1], "a") as f:
                    f["intervals/edge/ragged_f_index"][5] = 200
                """, edge.toString());
        Cli ok = Cli.run("table", edge, "intervals/edge", "--columns", "f64,text", "--out", tmp.resolve("a.csv"));
        assertEquals(0, ok.status(), ok.err());
        Cli bad = Cli.run("table", edge, "intervals/edge", "--out", tmp.resolve("b.csv"));
        assertEquals(2, bad.status(), bad.err());
        assertTrue(bad.err().contains("/intervals/edge/ragged_f_index"), bad.err());
        assertFalse(Files.exists(tmp.resolve("b.csv")));
    }

    @Test
    void aRegionOrEnumPointingNowhereIsBadInput() throws Exception {
        Path edge = edgeFile();
        Python.run("""
                import sys, h5py
                with h5py.File(sys.argv[1], "a") as f:
                    f["intervals/edge/region"][2] = 9
                    f["intervals/edge/enum"][4] = 3
                """, edge.toString());
        refused("/intervals/edge/region: element 2 refers to row 9 of /general/targets, which has 4 rows", edge,
                "intervals/edge", "--columns", "region");
        refused("/intervals/edge/enum: element 4 is code 3 but /intervals/edge/enum_elements holds 3 elements", edge,
                "intervals/edge", "--columns", "enum");
        Cli ok = Cli.run("table", edge, "intervals/edge", "--columns", "region,enum", "--rows", ":2", "--out", tmp.resolve("ok.csv"));
        assertEquals(0, ok.status(), ok.err()); // only the rows asked for are looked up
    }

    private void refused(String expected, Object... args) {
        Path out = tmp.resolve("refused.csv");
        List<Object> cmd = new ArrayList<>(List.of("table"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--out", out));
        Cli r = Cli.run(cmd.toArray());
        assertEquals(2, r.status(), r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertFalse(err.contains("Exception"), err);
        assertTrue(err.contains(expected), "expected '" + expected + "' in: " + err);
        assertFalse(Files.exists(out), "no output after a refusal");
    }

    @Test
    void refusalsSayWhatIsThereAndWhatThereIs() {
        String tables = "the file's tables: /general/extracellular_ephys/electrodes, /intervals/drifting_gratings_presentations";
        refused("/intervals/nope: nothing there; " + tables, Cli.ECEPHYS, "intervals/nope");
        refused("/intervals/flashes_presentations/start_time: is a dataset, not a DynamicTable; " + tables, Cli.ECEPHYS,
                "intervals/flashes_presentations/start_time");
        refused("/processing/stimulus/timestamps: is a group of type TimeSeries, not a DynamicTable (no id dataset); "
                + tables, Cli.ECEPHYS, "processing/stimulus/timestamps");
        refused("/units: no column 'firing_rat'; its columns: id, peak_channel_id, local_index", Cli.ECEPHYS, "units",
                "--columns", "firing_rate,firing_rat");
        refused("--rows 1:x: 'x' is not an integer", Cli.ECEPHYS, "units", "--rows", "1:x");
        refused("--rows 3: expected I:J", Cli.ECEPHYS, "units", "--rows", "3");
        Cli zarr = Cli.run("table", Cli.ECEPHYS, "units", "--out", tmp.resolve("t.zarr"));
        assertEquals(2, zarr.status(), zarr.err());
        assertTrue(zarr.err().contains("--out " + tmp.resolve("t.zarr") + ": Zarr output of tables is not available yet"),
                zarr.err());
        assertFalse(Files.exists(tmp.resolve("t.zarr")));
    }
}
