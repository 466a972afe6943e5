package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.testing.Python;

/**
 * Every array command's {@code --out NAME.zarr}, opened by Debian's xarray ({@code xarray.open_zarr} with no
 * arguments) and zarr 2.13, against the same command's {@code .npy} and {@code .coords.json}: dims, dimension and
 * extra coordinates, dtypes, values (bit for bit, NaN where NaN), attributes, consolidated metadata, zlib chunks,
 * no fill value. The extra coordinates are checked against h5py oracles (tools/nwb_units_oracle.py for
 * structure_acronym; the presentations table itself for stimulus_condition_id). spike-times' table store is read
 * with {@code to_dataframe()} and compared with its CSV and tools/allensdk_reference.py.
 */
class ZarrOutputTest {
    static final Path OPHYS = Cli.DATA.resolve("nwb/generated/allensdk_style_behavior_ophys_experiment.nwb");
    static final String IMAGES = "Natural_Images_Lum_Matched_set_training_2017.07.14";

    @TempDir
    Path dir;

    /**
     * Checks one store against its .npy pair. argv: store, npy, coords.json, variable, dims (comma), units, bins
     * ("-" when none), dtype.
     */
    private static final String CHECK = """
            import sys, json, numpy as np, xarray as xr, zarr
            store, npy, cj, var, dims, units, bins, dtype = sys.argv[1:9]
            dims = dims.split(',')
            ds = xr.open_zarr(store)                       # no arguments: consolidated metadata, CF decoding on
            assert list(ds.data_vars) == [var], list(ds.data_vars)
            da = ds[var]
            a = np.load(npy); c = json.load(open(cj))
            assert list(da.dims) == dims == c['dims'], (da.dims, dims, c['dims'])
            assert str(da.dtype) == dtype == str(a.dtype) == c.get('dtype', 'float64'), (da.dtype, a.dtype, dtype)
            v = da.values
            assert v.shape == a.shape and v.dtype == a.dtype
            assert np.array_equal(v, a, equal_nan=(a.dtype.kind == 'f')), 'values differ'
            if a.dtype.kind == 'f':
                assert np.array_equal(np.isnan(v), np.isnan(a))
            for d in dims:
                want = np.array([np.nan if x is None else x for x in c[d]])
                got = ds[d].values
                assert got.shape == want.shape and np.array_equal(got.astype(np.float64), want.astype(np.float64), equal_nan=True), d
                assert got.dtype in (np.int64, np.float64), (d, got.dtype)
                assert 'units' not in ds[d].attrs, (d, ds[d].attrs)   # float seconds, never timedelta
                if 'time' in d or d == 'bin_start':
                    assert got.dtype == np.float64 and 'long_name' in ds[d].attrs, (d, got.dtype, ds[d].attrs)
            at = da.attrs
            assert at['units'] == units, at
            assert bins == '-' or at['bins'] == bins, at
            assert at['source_file'].endswith('.nwb') and at['ragtime_version'] and at['command'].startswith('ragtime '), at
            assert '_FillValue' not in at and '_FillValue' not in da.encoding, da.encoding
            g = zarr.open_consolidated(store, mode='r')
            codecs = set()
            for name, arr in g.arrays():
                assert arr.fill_value is None, (name, arr.fill_value)
                codecs.add(arr.compressor.codec_id)
            assert len(codecs) == 1 and codecs <= {'blosc', 'zlib'}, codecs
            assert g[var].dtype == a.dtype and g[var].nchunks_initialized == g[var].nchunks
            print(codecs.pop())
            extra = sorted(k for k in ds.coords if k not in dims)
            print(' '.join(extra) or '-')
            for k in extra:
                print(k, ds[k].dims[0], json.dumps([x if isinstance(x, str) else int(x) for x in ds[k].values.tolist()]))
            if 'unit_id' in dims:
                print('unit_id', json.dumps(ds.unit_id.values.tolist()))
            """;

    /**
     * Runs a command twice, to OUT.npy and to OUT.zarr, and checks the store; returns the codec, the extra coordinates'
     * names and lines, and the unit ids.
     */
    private List<String> both(String var, String dims, String units, String bins, String dtype, Object... args) throws Exception {
        Path npy = dir.resolve(var + ".npy");
        Path zarr = dir.resolve(var + ".zarr");
        for (Path out : List.of(npy, zarr)) {
            List<Object> a = new ArrayList<>(List.of(args));
            a.add("--out");
            a.add(out);
            Cli r = Cli.run(a.toArray());
            assertEquals(0, r.status(), r.err());
        }
        String out = Python.run(CHECK, zarr.toString(), npy.toString(), dir.resolve(var + ".coords.json").toString(), var, dims,
                units, bins, dtype);
        return out.strip().lines().toList();
    }

    /** structure_acronym per unit id (JSON: {"id": "acronym"}, "" where unknown) from tools/nwb_units_oracle.py (h5py). */
    private static String oracle;

    private static synchronized String structuresByUnit(Path dir) throws Exception {
        if (oracle == null) {
            Path csv = dir.resolve("oracle_units.csv");
            Python.tool("nwb_units_oracle.py", Cli.ECEPHYS.toString(), csv.toString());
            oracle = Python.run("""
                    import sys, json, pandas as pd
                    u = pd.read_csv(sys.argv[1], keep_default_na=False)
                    print(json.dumps({str(i): str(s) for i, s in zip(u.unit_id, u.structure_acronym)}))
                    """, csv.toString()).strip();
        }
        return oracle;
    }

    /** The store's structure_acronym along unit_id equals the h5py oracle's, unit by unit. */
    private void checkStructures(List<String> lines) throws Exception {
        String line = lines.stream().filter(l -> l.startsWith("structure_acronym unit_id ")).findFirst().orElseThrow(() ->
                new AssertionError("no structure_acronym along unit_id: " + lines));
        String got = line.substring("structure_acronym unit_id ".length());
        String ids = lines.stream().filter(l -> l.startsWith("unit_id ")).findFirst().orElseThrow().substring("unit_id ".length());
        String[] idList = ids.replaceAll("[\\[\\] ]", "").split(",");
        String[] acronyms = got.replaceAll("[\\[\\] \"]", "").split(",", -1);
        assertEquals(idList.length, acronyms.length, got);
        String byUnit = structuresByUnit(dir);
        for (int i = 0; i < idList.length; i++) {
            assertTrue(byUnit.contains("\"" + idList[i] + "\": \"" + acronyms[i] + "\""), idList[i] + " " + acronyms[i] + " in " + byUnit);
        }
        assertTrue(got.contains("\"VIS"), got);
    }

    @Test
    void countsStoreEqualsNpyWithConditionsAndStructures() throws Exception {
        List<String> lines = both("spike_counts", "stimulus_presentation_id,time_relative_to_stimulus_onset,unit_id", "spikes", "closed",
                "uint16", "counts", Cli.ECEPHYS, "--stimulus", "drifting_gratings", "--bins", "-0.1:0.5:0.01");
        assertEquals("stimulus_condition_id structure_acronym", lines.get(1));
        checkStructures(lines);
        // AllenSDK's condition ids: presentations with equal stimulus parameters share one id, different ones do not
        String check = Python.run("""
                import sys, h5py, numpy as np, xarray as xr
                ds = xr.open_zarr(sys.argv[1]); f = h5py.File(sys.argv[2], 'r')
                rows = []
                for name in sorted(f['intervals']):
                    if name.endswith('_presentations'):
                        g = f['intervals'][name]
                        for r in range(len(g['start_time'])):
                            rows.append((g['start_time'][r], name, r))
                rows.sort(key=lambda x: (x[0], x[1], x[2]))
                g = f['intervals/drifting_gratings_presentations']
                params = [k for k in g if k not in ('id', 'start_time', 'stop_time', 'tags', 'tags_index', 'timeseries', 'timeseries_index')
                          and not k.endswith('_index') and g[k].ndim == 1]
                pairs = set()
                for pid, cond in zip(ds.stimulus_presentation_id.values, ds.stimulus_condition_id.values):
                    _, name, r = rows[pid]
                    assert name == 'drifting_gratings_presentations'
                    pairs.add((int(cond), tuple(str(g[k][r]) for k in params)))
                conds = {c for c, _ in pairs}; values = {v for _, v in pairs}
                assert len(pairs) == len(conds) == len(values), (len(pairs), len(conds), len(values))
                assert ds.stimulus_condition_id.dtype == np.int64 and ds.stimulus_condition_id.dims == ('stimulus_presentation_id',)
                print(len(conds), len(params))
                """, dir.resolve("spike_counts.zarr").toString(), Cli.ECEPHYS.toString());
        assertTrue(Integer.parseInt(check.strip().split(" ")[0]) > 1, "several conditions: " + check);
    }

    @Test
    void countsVariantsKeepTheirDtype() throws Exception {
        List<String> lines = both("spike_counts", "stimulus_presentation_id,time_relative_to_stimulus_onset,unit_id", "spikes", "half-open",
                "uint8", "counts", Cli.ECEPHYS, "--stimulus", "flashes", "--bins", "0:0.25:0.05", "--binarize", "--half-open");
        assertEquals("blosc", lines.getFirst(), "libblosc is installed here (libblosc1, a dependency of python3-numcodecs)");
        Files.delete(dir.resolve("spike_counts.npy"));
        // the zlib fallback (no libblosc, or asked for), written through libdeflate
        System.setProperty("ragtime.zarr.codec", "zlib");
        try {
            lines = both("spike_counts", "stimulus_presentation_id,time_relative_to_stimulus_onset,unit_id", "spikes", "closed",
                    "int32", "counts", Cli.ECEPHYS, "--stimulus", "flashes", "--bins", "0:0.25:0.05", "--dtype", "int32", "--units", "9995003,9995001");
        } finally {
            System.clearProperty("ragtime.zarr.codec");
        }
        assertEquals("zlib", lines.getFirst());
    }

    @Test
    void psthStoreEqualsNpy() throws Exception {
        List<String> lines = both("psth", "unit_id,time_relative_to_stimulus_onset", "spikes/s", "closed", "float64",
                "psth", Cli.ECEPHYS, "--stimulus", "drifting_gratings", "--bins", "-0.1:0.5:0.01", "--rate", "--png", dir.resolve("p.png"));
        assertEquals("structure_acronym", lines.get(1));
        checkStructures(lines);
    }

    @Test
    void binStoreEqualsNpyAndTheReference() throws Exception {
        List<String> lines = both("spike_counts", "unit_id,bin_start", "spikes", "half-open", "int32",
                "bin", Cli.ECEPHYS, "--bin-size", "0.01");
        checkStructures(lines);
        Path ref = dir.resolve("ref.npy");
        Python.tool("allensdk_reference.py", "bin", Cli.ECEPHYS.toString(), "0.01", ref.toString());
        String check = Python.run("""
                import sys, numpy as np, xarray as xr
                a = xr.open_zarr(sys.argv[1]).spike_counts.values; r = np.load(sys.argv[2])
                print(int((a != r).sum()), int(a.sum()))
                """, dir.resolve("spike_counts.zarr").toString(), ref.toString());
        assertTrue(check.startsWith("0 "), check);
    }

    @Test
    void alignDffStoreEqualsNpy() throws Exception {
        List<String> lines = both("response", "cell_specimen_id,event_time,time", "dF/F", "-", "float64",
                "align-dff", OPHYS, "--stimulus", IMAGES, "--window=-0.5:0.75");
        assertEquals("cell_roi_id", lines.get(1));
        String check = Python.run("""
                import sys, json, numpy as np, xarray as xr
                ds = xr.open_zarr(sys.argv[1]); c = json.load(open(sys.argv[2]))
                assert ds.cell_roi_id.values.tolist() == c['cell_roi_id'] and ds.cell_roi_id.dtype == np.int64
                assert np.isnan(ds.cell_specimen_id.values[0]) and c['cell_specimen_id'][0] is None
                print(int(np.isnan(ds.response.values).sum()), ds.response.size)
                """, dir.resolve("response.zarr").toString(), dir.resolve("response.coords.json").toString());
        assertEquals(2, check.strip().split(" ").length, check);
    }

    @Test
    void spikeTimesStoreIsTheTable() throws Exception {
        Path csv = dir.resolve("st.csv");
        Path zarr = dir.resolve("st.zarr");
        Path ref = dir.resolve("ref.csv");
        assertEquals(0, Cli.run("spike-times", Cli.ECEPHYS, "--stimulus", "drifting_gratings", "--out", csv).status());
        Cli r = Cli.run("spike-times", Cli.ECEPHYS, "--stimulus", "drifting_gratings", "--out", zarr);
        assertEquals(0, r.status(), r.err());
        Python.tool("allensdk_reference.py", "spike-times", Cli.ECEPHYS.toString(), "drifting_gratings", ref.toString());
        String check = Python.run("""
                import sys, numpy as np, pandas as pd, xarray as xr
                ds = xr.open_zarr(sys.argv[1]); df = ds.to_dataframe()
                a = pd.read_csv(sys.argv[2], float_precision='round_trip'); b = pd.read_csv(sys.argv[3], float_precision='round_trip')
                assert df.index.name == 'row' and list(ds.dims) == ['row'], (df.index.name, ds.dims)
                assert ds.attrs['columns'] == list(a.columns), ds.attrs
                df = df[ds.attrs['columns']].reset_index(drop=True)
                assert df.dtypes.tolist() == a.dtypes.tolist() == [np.float64, np.int64, np.int64, np.float64], df.dtypes
                assert df.equals(a) and df.equals(b)
                print(len(df))
                """, zarr.toString(), csv.toString(), ref.toString());
        assertTrue(Integer.parseInt(check.strip()) > 1000, check);
    }

    @Test
    void storeIsReplacedWholeAndNeverHalfWritten() throws Exception {
        Path zarr = dir.resolve("c.zarr");
        assertEquals(0, Cli.run("counts", Cli.ECEPHYS, "--stimulus", "flashes", "--bins", "0:0.25:0.05", "--out", zarr).status());
        Files.writeString(zarr.resolve("stale-file"), "from before");
        assertEquals(0, Cli.run("counts", Cli.ECEPHYS, "--stimulus", "drifting_gratings", "--bins", "0:0.5:0.05", "--out", zarr).status());
        assertFalse(Files.exists(zarr.resolve("stale-file")), "the old store is gone, not merged");
        // a failing run (unknown stimulus) leaves the published store as it was and no temporary beside it
        byte[] meta = Files.readAllBytes(zarr.resolve(".zmetadata"));
        assertEquals(2, Cli.run("counts", Cli.ECEPHYS, "--stimulus", "nope", "--bins", "0:0.5:0.05", "--out", zarr).status());
        assertTrue(java.util.Arrays.equals(meta, Files.readAllBytes(zarr.resolve(".zmetadata"))));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("c.zarr"), s.map(p -> p.getFileName().toString()).toList());
        }
        // a directory that is not a Zarr store, and a regular file, are refused before any work
        Path plain = Files.createDirectory(dir.resolve("mine.zarr"));
        Files.writeString(plain.resolve("notes.txt"), "mine");
        Cli r = Cli.run("counts", Cli.ECEPHYS, "--stimulus", "flashes", "--bins", "0:0.25:0.05", "--out", plain);
        assertEquals(2, r.status());
        assertTrue(r.err().contains("not a Zarr store"), r.err());
        assertTrue(Files.exists(plain.resolve("notes.txt")));
        Path file = Files.writeString(dir.resolve("f.zarr"), "a file");
        r = Cli.run("spike-times", Cli.ECEPHYS, "--stimulus", "flashes", "--out", file);
        assertEquals(2, r.status());
        assertTrue(r.err().contains("is a file, not a Zarr store"), r.err());
    }
}
