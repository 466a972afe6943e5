package org.ragtime.cli.out;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.engine.table.DoubleColumn;
import org.ragtime.engine.table.LongColumn;
import org.ragtime.engine.table.Table;
import org.ragtime.io.LabelledArray;
import org.ragtime.io.LabelledArray.Dtype;

/**
 * The Zarr writer's metadata and chunk bytes, read back here with java.util.zip.Inflater and the v2 spec's rules (the
 * xarray/zarr-python reading is {@code ZarrOutputTest}'s), and the atomic publication of a store.
 */
class ZarrTest {
    @TempDir
    Path dir;

    /** JSON text without whitespace, for comparing fields regardless of the pretty printer. */
    private static String json(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8).replaceAll("\\s", "");
    }

    private static byte[] inflate(Path chunk, int size) throws IOException, DataFormatException {
        Inflater inf = new Inflater();
        inf.setInput(Files.readAllBytes(chunk));
        byte[] out = new byte[size + 1];
        int n = 0;
        while (!inf.finished()) {
            int k = inf.inflate(out, n, out.length - n);
            assertFalse(k == 0 && inf.needsInput(), "truncated stream " + chunk);
            n += k;
        }
        inf.end();
        assertEquals(size, n, "every chunk is stored at the full chunk shape: " + chunk);
        return java.util.Arrays.copyOf(out, n);
    }

    private static LabelledArray cube(Arena arena, long n0, long n1, long n2) {
        MemorySegment seg = Zarr.memory(arena).allocate(Dtype.UINT16, n0, n1, n2);
        for (long i = 0; i < n0 * n1 * n2; i++) {
            seg.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, (short) (i * 7 % 65_521)); // values above 32767 too
        }
        Map<String, Object> coords = new LinkedHashMap<>();
        coords.put("stimulus_presentation_id", java.util.stream.LongStream.range(0, n0).toArray());
        coords.put("time_relative_to_stimulus_onset", java.util.stream.DoubleStream.iterate(0.005, t -> t + 0.01).limit(n1).toArray());
        coords.put("unit_id", java.util.stream.LongStream.range(100, 100 + n2).toArray());
        String[] structures = new String[(int) n2];
        for (int i = 0; i < n2; i++) {
            structures[i] = i == 0 ? null : i == 1 ? "CA1" : "VISp";
        }
        Map<String, LabelledArray.Coordinate> extra = new LinkedHashMap<>();
        extra.put("stimulus_condition_id", new LabelledArray.Coordinate("stimulus_presentation_id", new long[(int) n0]));
        extra.put("structure_acronym", new LabelledArray.Coordinate("unit_id", structures));
        return LabelledArray.of(seg, Dtype.UINT16, new long[] {n0, n1, n2}, coords, extra, Map.of("bins", "closed"), List.of(), null);
    }

    @Test
    void metadataFollowsTheV2SpecAndXarraysConventions() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            LabelledArray a = cube(arena, 5, 3, 4);
            Zarr.writeArray(dir, "spike_counts", a, Map.of("units", "spikes"), 2, 2 * 3 * 4 * 2); // two rows per chunk
        }
        assertEquals("{\"zarr_format\":2}", json(dir.resolve(".zgroup")));
        assertEquals("{}", json(dir.resolve(".zattrs")));
        String zarray = json(dir.resolve("spike_counts/.zarray"));
        for (String field : List.of("\"chunks\":[2,3,4]", "\"dtype\":\"<u2\"", "\"fill_value\":null", "\"filters\":null",
                "\"order\":\"C\"", "\"shape\":[5,3,4]", "\"zarr_format\":2", "\"dimension_separator\":\".\"")) {
            assertTrue(zarray.contains(field), field + " in " + zarray);
        }
        assertTrue(zarray.contains("\"compressor\":{\"id\":\"blosc\",\"cname\":\"lz4\",\"clevel\":5,\"shuffle\":1,\"blocksize\":0}")
                || !Blosc.available() && zarray.contains("\"compressor\":{\"id\":\"zlib\",\"level\":2}"), zarray);
        String attrs = json(dir.resolve("spike_counts/.zattrs"));
        assertTrue(attrs.startsWith("{\"_ARRAY_DIMENSIONS\":[\"stimulus_presentation_id\",\"time_relative_to_stimulus_onset\",\"unit_id\"],"
                + "\"coordinates\":\"stimulus_condition_idstructure_acronym\",\"units\":\"spikes\""), attrs);
        assertTrue(Files.readString(dir.resolve("spike_counts/.zattrs")).contains("\"stimulus_condition_id structure_acronym\""), "CF: space-separated");
        assertEquals("{\"_ARRAY_DIMENSIONS\":[\"unit_id\"]}", json(dir.resolve("unit_id/.zattrs")));
        assertEquals("{\"_ARRAY_DIMENSIONS\":[\"unit_id\"]}", json(dir.resolve("structure_acronym/.zattrs")));
        assertEquals("{\"_ARRAY_DIMENSIONS\":[\"stimulus_presentation_id\"]}", json(dir.resolve("stimulus_condition_id/.zattrs")));
        String time = json(dir.resolve("time_relative_to_stimulus_onset/.zattrs"));
        assertTrue(time.contains("long_name") && !time.contains("\"units\""), "float seconds, no CF units: " + time);
        assertTrue(json(dir.resolve("time_relative_to_stimulus_onset/.zarray")).contains("\"dtype\":\"<f8\""));
        assertTrue(json(dir.resolve("structure_acronym/.zarray")).contains("\"dtype\":\"<U4\""));
        // consolidated: every metadata document of the store, verbatim
        String meta = json(dir.resolve(".zmetadata"));
        assertTrue(meta.endsWith(",\"zarr_consolidated_format\":1}"), meta);
        for (String key : List.of(".zgroup", ".zattrs", "spike_counts/.zarray", "spike_counts/.zattrs", "unit_id/.zarray",
                "structure_acronym/.zarray", "stimulus_condition_id/.zattrs", "time_relative_to_stimulus_onset/.zarray")) {
            String doc = json(dir.resolve(key));
            assertTrue(meta.contains("\"" + key + "\":" + doc), key + " consolidated");
        }
    }

    /** The zlib fallback's chunks, read back with java.util.zip.Inflater. */
    @Test
    void chunksAreCompressedSlabsWithThePaddedEdge() throws Exception {
        System.setProperty("ragtime.zarr.codec", "zlib");
        try {
            zlibChunks();
        } finally {
            System.clearProperty("ragtime.zarr.codec");
        }
    }

    /** Blosc chunks: the header numcodecs reads (version, shuffle flag, type size, sizes), LZ4 inside. */
    @Test
    void bloscChunksCarryTheirHeader() throws Exception {
        assertTrue(Blosc.available(), "libblosc.so.1 (Debian libblosc1) loads here: " + Blosc.problem());
        try (Arena arena = Arena.ofShared()) {
            Zarr.writeArray(dir, "spike_counts", cube(arena, 5, 3, 4), Map.of(), 2, 2 * 3 * 4 * 2);
        }
        assertTrue(json(dir.resolve("spike_counts/.zarray")).contains("\"id\":\"blosc\""));
        for (int k = 0; k < 3; k++) {
            ByteBuffer h = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("spike_counts/" + k + ".0.0"))).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(2, h.get(0), "Blosc format version");
            assertEquals(1, h.get(2) & 1, "byte shuffle flag");
            assertEquals(2, h.get(3), "type size: uint16");
            assertEquals(2 * 3 * 4 * 2, h.getInt(4), "uncompressed size: the full chunk, the edge chunk too");
            assertEquals(h.capacity(), h.getInt(12), "compressed size: the whole file");
        }
    }

    private void zlibChunks() throws Exception {
        byte[] expected;
        try (Arena arena = Arena.ofShared()) {
            LabelledArray a = cube(arena, 5, 3, 4);
            expected = a.toByteArray();
            Zarr.writeArray(dir, "spike_counts", a, Map.of(), 3, 2 * 3 * 4 * 2);
        }
        try (Stream<Path> s = Files.list(dir.resolve("spike_counts"))) {
            assertEquals(List.of(".zarray", ".zattrs", "0.0.0", "1.0.0", "2.0.0"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        int chunk = 2 * 3 * 4 * 2;
        for (int k = 0; k < 3; k++) {
            byte[] raw = inflate(dir.resolve("spike_counts/" + k + ".0.0"), chunk);
            int len = Math.min(chunk, expected.length - k * chunk);
            assertArrayEquals(java.util.Arrays.copyOfRange(expected, k * chunk, k * chunk + len), java.util.Arrays.copyOf(raw, len));
            for (int i = len; i < chunk; i++) {
                assertEquals(0, raw[i], "padding past the array's end");
            }
        }
        // the coordinates: int64, float64 and NumPy's UTF-32LE fixed-width strings, little-endian
        ByteBuffer ids = ByteBuffer.wrap(inflate(dir.resolve("unit_id/0"), 4 * 8)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 4; i++) {
            assertEquals(100 + i, ids.getLong());
        }
        ByteBuffer t = ByteBuffer.wrap(inflate(dir.resolve("time_relative_to_stimulus_onset/0"), 3 * 8)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0.005, t.getDouble());
        ByteBuffer st = ByteBuffer.wrap(inflate(dir.resolve("structure_acronym/0"), 4 * 4 * 4)).order(ByteOrder.LITTLE_ENDIAN);
        int[] cps = new int[16];
        st.asIntBuffer().get(cps);
        assertArrayEquals(new int[] {0, 0, 0, 0, 'C', 'A', '1', 0, 'V', 'I', 'S', 'p', 'V', 'I', 'S', 'p'}, cps, "null as empty, zero-padded");
    }

    @Test
    void emptyDimensionsWriteMetadataButNoChunks() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            Zarr.writeArray(dir, "spike_counts", cube(arena, 0, 3, 4), Map.of(), 2);
        }
        assertTrue(json(dir.resolve("spike_counts/.zarray")).contains("\"shape\":[0,3,4]"));
        assertTrue(json(dir.resolve("spike_counts/.zarray")).contains("\"chunks\":[1,3,4]"), "chunk sizes are at least 1");
        try (Stream<Path> s = Files.list(dir.resolve("spike_counts"))) {
            assertEquals(2, s.count());
        }
    }

    @Test
    void tableColumnsAreOneDimensionalVariables() throws Exception {
        int n = 1000;
        double[] times = new double[n];
        long[] units = new long[n];
        for (int i = 0; i < n; i++) {
            times[i] = i / 3.0;
            units[i] = i % 7 == 0 ? Long.MAX_VALUE : i;
        }
        times[5] = Double.NaN;
        Table t = Table.of("t", List.of(DoubleColumn.of("spike_time", times), LongColumn.of("unit_id", units)));
        System.setProperty("ragtime.zarr.codec", "zlib");
        try {
            Zarr.writeTable(dir, t, Map.of("command", "ragtime x"), 2, 300 * 8); // 4 chunks, the last partial
        } finally {
            System.clearProperty("ragtime.zarr.codec");
        }
        String g = json(dir.resolve(".zattrs"));
        assertEquals("{\"columns\":[\"spike_time\",\"unit_id\"],\"command\":\"ragtimex\"}", g);
        assertTrue(json(dir.resolve("unit_id/.zarray")).contains("\"dtype\":\"<i8\""));
        assertTrue(json(dir.resolve("spike_time/.zarray")).contains("\"chunks\":[300]"));
        assertEquals("{\"_ARRAY_DIMENSIONS\":[\"row\"]}", json(dir.resolve("unit_id/.zattrs")));
        ByteBuffer all = ByteBuffer.allocate(4 * 300 * 8).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer allU = ByteBuffer.allocate(4 * 300 * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < 4; k++) {
            all.put(inflate(dir.resolve("spike_time/" + k), 300 * 8));
            allU.put(inflate(dir.resolve("unit_id/" + k), 300 * 8));
        }
        all.flip();
        allU.flip();
        for (int i = 0; i < n; i++) {
            assertEquals(Double.doubleToRawLongBits(times[i]), Double.doubleToRawLongBits(all.getDouble()), "row " + i);
            assertEquals(units[i], allU.getLong(), "row " + i);
        }
        assertFalse(Files.exists(dir.resolve("spike_time/4")));
    }

    @Test
    void extraCoordinatesMustFitTheirDimension() {
        assertThrows(IllegalArgumentException.class, () -> LabelledArray.of(MemorySegment.NULL, Dtype.UINT8, new long[] {0, 2},
                Map.of("a", new long[0], "b", new long[2]), Map.of("c", new LabelledArray.Coordinate("b", new long[3])), Map.of(), List.of(), null));
        assertThrows(IllegalArgumentException.class, () -> LabelledArray.of(MemorySegment.NULL, Dtype.UINT8, new long[] {2},
                Map.of("a", new long[2]), Map.of("c", new LabelledArray.Coordinate("nope", new long[2])), Map.of(), List.of(), null));
    }

    /** A store is published whole: a temporary directory renamed into place on commit, deleted otherwise. */
    @Test
    void storesArePublishedAtomically() throws Exception {
        Path target = dir.resolve("x.zarr");
        try (AtomicOutputs outs = AtomicOutputs.builder().store(target).prepare()) {
            Path tmp = outs.open(target);
            assertTrue(Files.isDirectory(tmp) && tmp.getFileName().toString().startsWith(".x.zarr.ragtime-"), tmp.toString());
            Files.writeString(tmp.resolve(".zgroup"), "{\"zarr_format\": 2}");
            // not committed: nothing appears, the temporary goes
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.toList());
        }
        for (String version : List.of("one", "two")) {
            try (AtomicOutputs outs = AtomicOutputs.builder().store(target).prepare()) {
                Path tmp = outs.open(target);
                Files.writeString(tmp.resolve(".zgroup"), "{\"zarr_format\": 2}");
                Files.createDirectory(tmp.resolve(version));
                Files.writeString(tmp.resolve(version).resolve("0"), version);
                outs.commit();
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("x.zarr"), s.map(p -> p.getFileName().toString()).toList(), "the replaced store is deleted");
        }
        assertEquals("two", Files.readString(target.resolve("two/0")));
        assertFalse(Files.exists(target.resolve("one")), "replaced whole, not merged");
        // a killed run's temporary directory (a process that is gone) is removed by the next run
        Path stale = dir.resolve(".x.zarr.ragtime-" + AtomicOutputs.tag() + "-999999-1-abc.tmp");
        Files.createDirectories(stale.resolve("spike_counts"));
        Files.writeString(stale.resolve("spike_counts/0.0.0"), "half");
        try (AtomicOutputs outs = AtomicOutputs.builder().store(target).prepare()) {
            assertFalse(Files.exists(stale), "stale temporary store removed");
        }
        assertTrue(AtomicOutputs.isZarrStore(target));
    }
}
