package org.ragtime.cli.batch;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ragtime.cli.out.AtomicOutputs;
import org.ragtime.cli.out.Json;
import org.ragtime.cli.out.Npy;
import org.ragtime.cli.out.Zarr;
import org.ragtime.io.LabelledArray;
import org.ragtime.io.LabelledArray.Dtype;

/**
 * The project-level outputs of a batch, written after its sessions and published together (each atomically):
 * {@code batch.csv}, and {@code combined.csv} (tables: a leading {@code session} column, then the union of the
 * sessions' columns) or {@code combined.npy} with {@code combined.coords.json} (psth, bin: the sessions' arrays
 * stacked along {@code unit_id}, a {@code session} coordinate along it, when every session has the same bins).
 */
final class Report {
    private static final Pattern DESCR = Pattern.compile("'descr': '([^']+)'");
    private static final Pattern SHAPE = Pattern.compile("'shape': \\(([^)]*)\\)");

    private Report() {
    }

    /** Writes batch.csv and the combined outputs; returns the notes to print (e.g. why no combined array). */
    static List<String> write(Plan plan, List<Row> rows) {
        Path out = plan.outPath();
        Path batchCsv = out.resolve("batch.csv");
        List<Row> done = rows.stream().filter(Row::hasOutput).toList();
        boolean table = Plan.COMBINED_TABLES.contains(plan.subcommand()) && !done.isEmpty();
        boolean array = Plan.COMBINED_ARRAYS.contains(plan.subcommand()) && plan.output().endsWith(".npy") && !done.isEmpty();
        List<String> notes = new ArrayList<>();
        boolean stores = Plan.COMBINED_ARRAYS.contains(plan.subcommand()) && plan.output().endsWith(".zarr") && !done.isEmpty();
        if (stores) {
            String why = combineStores(plan, out, done, null); // checked before anything is written
            if (why != null) {
                notes.add("ragtime: note: no combined array: " + why);
                stores = false;
            }
        }
        if (array) {
            String why = combineArrays(out, done, null, null); // checked before anything is written
            if (why != null) {
                notes.add("ragtime: note: no combined array: " + why);
                array = false;
            }
        }
        Path combinedCsv = table ? out.resolve("combined.csv") : null;
        Path combinedNpy = array ? out.resolve("combined.npy") : null;
        Path combinedCoords = array ? out.resolve("combined.coords.json") : null;
        AtomicOutputs.Builder b = AtomicOutputs.builder().output(combinedCsv, combinedCoords, combinedNpy);
        if (array || stores) {
            b.store(out.resolve("combined.zarr"));
        }
        try (AtomicOutputs outs = b.output(batchCsv).prepare()) {
            if (table) {
                combineTables(out, done, outs.open(combinedCsv));
            }
            if (array) {
                combineArrays(out, done, outs.open(combinedNpy), outs.open(combinedCoords));
                combinedStore(plan, outs.open(combinedNpy), outs.open(combinedCoords), outs.open(out.resolve("combined.zarr")));
            }
            if (stores) {
                combineStores(plan, out, done, outs.open(out.resolve("combined.zarr")));
            }
            writeBatchCsv(outs.open(batchCsv), rows);
            outs.commit();
        }
        return notes;
    }

    /** {@code session,path,status,seconds,output,error}, one row per session in listing order. */
    static void writeBatchCsv(Path file, List<Row> rows) {
        try (CsvWriter w = CsvWriter.builder().build(file)) {
            w.writeRecord("session", "path", "status", "seconds", "output", "error");
            for (Row r : rows) {
                w.writeRecord(r.session(), r.path(), r.status(), String.format(Locale.ROOT, "%.3f", r.seconds()), r.output(), r.error());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The sessions' tables one after the other, a {@code session} column first; columns are the union, in order seen. */
    static void combineTables(Path out, List<Row> done, Path file) {
        List<List<String>> headers = new ArrayList<>();
        List<List<CsvRecord>> bodies = new ArrayList<>();
        LinkedHashSet<String> columns = new LinkedHashSet<>();
        for (Row r : done) {
            try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(out.resolve(r.output()))) {
                List<CsvRecord> records = reader.stream().toList();
                List<String> header = records.isEmpty() ? List.of() : records.getFirst().getFields();
                headers.add(header);
                bodies.add(records.isEmpty() ? List.of() : records.subList(1, records.size()));
                columns.addAll(header);
            } catch (IOException e) {
                throw new UncheckedIOException(out.resolve(r.output()) + ": " + e.getMessage(), e);
            }
        }
        List<String> all = new ArrayList<>(columns);
        try (CsvWriter w = CsvWriter.builder().build(file)) {
            List<String> head = new ArrayList<>();
            head.add("session");
            head.addAll(all);
            w.writeRecord(head);
            for (int s = 0; s < done.size(); s++) {
                int[] at = new int[all.size()];
                for (int c = 0; c < all.size(); c++) {
                    at[c] = headers.get(s).indexOf(all.get(c));
                }
                for (CsvRecord rec : bodies.get(s)) {
                    List<String> row = new ArrayList<>(all.size() + 1);
                    row.add(done.get(s).session());
                    for (int c = 0; c < all.size(); c++) {
                        row.add(at[c] < 0 || at[c] >= rec.getFieldCount() ? "" : rec.getField(at[c]));
                    }
                    w.writeRecord(row);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stacks the sessions' (unit_id, X) arrays along unit_id when dtype and the X coordinate agree, or returns why not
     * (writing nothing); with {@code npy} null, only checks.
     */
    static String combineArrays(Path out, List<Row> done, Path npy, Path coordsFile) {
        List<Map<String, Object>> coords = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        String descr = null;
        String second = null;
        for (Row r : done) {
            Path file = out.resolve(r.output());
            String name = file.getFileName().toString();
            Map<String, Object> c = readJson(file.resolveSibling(name.substring(0, name.length() - 4) + ".coords.json"));
            String[] header = header(file);
            long[] shape = Arrays.stream(header[1].split(",")).map(String::strip).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
            if (shape.length != 2) {
                return r.session() + " holds a " + shape.length + "-d array, not (unit_id, bins)";
            }
            if (second == null) {
                second = c.keySet().stream().filter(k -> !k.equals("unit_id") && !k.equals("dims") && c.get(k) instanceof List<?> l
                        && l.size() == shape[1]).findFirst().orElse(null);
                descr = header[0];
                if (second == null) {
                    return r.session() + ": no bin coordinate in its coords.json";
                }
            } else if (!header[0].equals(descr)) {
                return r.session() + " is " + header[0] + ", " + done.getFirst().session() + " is " + descr;
            } else if (!Objects.equals(c.get(second), coords.getFirst().get(second))) {
                return r.session() + " has other bins (" + second + ") than " + done.getFirst().session();
            }
            coords.add(c);
            shapes.add(shape);
            offsets.add(Long.parseLong(header[2]));
        }
        if (npy == null) {
            return null;
        }
        long units = shapes.stream().mapToLong(s -> s[0]).sum();
        long bins = shapes.getFirst()[1];
        String type = descr;
        Dtype dtype = Arrays.stream(Dtype.values()).filter(d -> d.descr().equals(type)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown dtype " + type));
        List<Object> unitIds = new ArrayList<>();
        List<String> sessions = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dst = Npy.create(npy, arena, dtype, units, bins);
            long at = 0;
            for (int s = 0; s < done.size(); s++) {
                long bytes = shapes.get(s)[0] * bins * dtype.bytes();
                try (FileChannel ch = FileChannel.open(out.resolve(done.get(s).output()), StandardOpenOption.READ)) {
                    MemorySegment src = ch.map(FileChannel.MapMode.READ_ONLY, offsets.get(s), bytes, arena);
                    MemorySegment.copy(src, 0, dst, at, bytes);
                }
                at += bytes;
                for (Object id : (List<?>) coords.get(s).get("unit_id")) {
                    unitIds.add(id);
                    sessions.add(done.get(s).session());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(npy + ": " + e.getMessage(), e);
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("dims", List.of("unit_id", second));
        all.put("unit_id", unitIds);
        all.put(second, coords.getFirst().get(second));
        all.put("session", sessions);
        for (Map.Entry<String, Object> e : coords.getFirst().entrySet()) { // attributes every session shares
            if (!all.containsKey(e.getKey()) && !(e.getValue() instanceof List<?>)
                    && coords.stream().allMatch(c -> Objects.equals(c.get(e.getKey()), e.getValue()))) {
                all.put(e.getKey(), e.getValue());
            }
        }
        Json.write(coordsFile, all, false);
        return null;
    }

    /**
     * combined.zarr from combined.npy and its coordinates, through the Zarr writer: the data variable named as the
     * subcommand's store names it ({@code psth}, {@code spike_counts} for bin), {@code session} along {@code unit_id}.
     */
    @SuppressWarnings("unchecked")
    static void combinedStore(Plan plan, Path npy, Path coordsFile, Path store) {
        Map<String, Object> c = readJson(coordsFile);
        List<String> dims = (List<String>) c.get("dims");
        String[] header = header(npy);
        Dtype dtype = Arrays.stream(Dtype.values()).filter(d -> d.descr().equals(header[0])).findFirst().orElseThrow();
        long[] shape = Arrays.stream(header[1].split(",")).map(String::strip).filter(x -> !x.isEmpty()).mapToLong(Long::parseLong).toArray();
        Map<String, Object> coords = new LinkedHashMap<>();
        coords.put(dims.get(0), ((List<Object>) c.get(dims.get(0))).stream().mapToLong(o -> ((Number) o).longValue()).toArray());
        coords.put(dims.get(1), ((List<Object>) c.get(dims.get(1))).stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray());
        coords.put("session", new LabelledArray.Coordinate(dims.get(0), ((List<Object>) c.get("session")).toArray(String[]::new)));
        Map<String, Object> attrs = new LinkedHashMap<>();
        c.forEach((k, v) -> {
            if (!(v instanceof List<?>)) {
                attrs.put(k, v);
            }
        });
        attrs.put("command", "ragtime batch ... -- " + plan.subcommand() + " " + String.join(" ", plan.flags()));
        try (Arena arena = Arena.ofConfined(); FileChannel ch = FileChannel.open(npy, StandardOpenOption.READ)) {
            long offset = Long.parseLong(header[2]);
            MemorySegment data = ch.map(FileChannel.MapMode.READ_ONLY, offset, ch.size() - offset, arena);
            LabelledArray a = LabelledArray.of(data, dtype, shape, coords, Map.of(), List.of(), null);
            Zarr.writeArray(store, plan.subcommand().equals("psth") ? "psth" : "spike_counts", a, attrs,
                    Runtime.getRuntime().availableProcessors());
        } catch (IOException e) {
            throw new UncheckedIOException(npy + ": " + e.getMessage(), e);
        }
    }

    /** descr, shape text and data offset of a .npy file. */
    private static String[] header(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ch.read(b, 0);
            int version = b.get(6);
            int len;
            int start;
            if (version == 1) {
                len = Short.toUnsignedInt(b.getShort(8));
                start = 10;
            } else {
                java.nio.ByteBuffer l = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                ch.read(l, 8);
                len = l.getInt(0);
                start = 12;
            }
            java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate(len);
            ch.read(h, start);
            String dict = new String(h.array(), StandardCharsets.US_ASCII);
            Matcher d = DESCR.matcher(dict);
            Matcher s = SHAPE.matcher(dict);
            if (!d.find() || !s.find()) {
                throw new IllegalStateException(file + ": not a .npy header: " + dict.strip());
            }
            return new String[] {d.group(1), s.group(1), Long.toString(start + len)};
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stacks the sessions' Zarr stores (psth, bin: (unit_id, bins)) along unit_id into {@code store}, with {@code session}
     * along unit_id, when dtype and bins agree, or returns why not (with {@code store} null, only checks). The sessions'
     * arrays are read back chunk by chunk into a temporary mapped file beside the outputs, so memory stays bounded.
     */
    @SuppressWarnings("unchecked")
    static String combineStores(Plan plan, Path out, List<Row> done, Path store) {
        String variable = plan.subcommand().equals("psth") ? "psth" : "spike_counts";
        List<Map<String, Object>> metas = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        List<long[]> unitIds = new ArrayList<>();
        double[] bins = null;
        String descr = null;
        List<String> dims = null;
        for (Row r : done) {
            Path s = out.resolve(r.output());
            Map<String, Object> meta = Zarr.metadata(s);
            Map<String, Object> zarray = (Map<String, Object>) meta.get(variable + "/.zarray");
            if (zarray == null) {
                return r.session() + " has no " + variable + " in " + r.output();
            }
            long[] shape = ((List<Number>) zarray.get("shape")).stream().mapToLong(Number::longValue).toArray();
            List<String> d = (List<String>) ((Map<String, Object>) meta.get(variable + "/.zattrs")).get("_ARRAY_DIMENSIONS");
            if (shape.length != 2) {
                return r.session() + " holds a " + shape.length + "-d array, not (unit_id, bins)";
            }
            double[] b = new double[(int) shape[1]];
            Zarr.readInto(s, meta, d.get(1), MemorySegment.ofArray(b));
            long[] ids = new long[(int) shape[0]];
            Zarr.readInto(s, meta, d.get(0), MemorySegment.ofArray(ids));
            if (bins == null) {
                bins = b;
                descr = (String) zarray.get("dtype");
                dims = d;
            } else if (!zarray.get("dtype").equals(descr)) {
                return r.session() + " is " + zarray.get("dtype") + ", " + done.getFirst().session() + " is " + descr;
            } else if (!Arrays.equals(b, bins)) {
                return r.session() + " has other bins (" + d.get(1) + ") than " + done.getFirst().session();
            }
            metas.add(meta);
            shapes.add(shape);
            unitIds.add(ids);
        }
        if (store == null) {
            return null;
        }
        String type = descr;
        Dtype dtype = Arrays.stream(Dtype.values()).filter(x -> x.descr().equals(type)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown dtype " + type));
        long units = shapes.stream().mapToLong(x -> x[0]).sum();
        long[] allIds = new long[(int) units];
        String[] sessions = new String[(int) units];
        Path tmp = out.resolve(".combined-" + ProcessHandle.current().pid() + ".npy");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = Npy.create(tmp, arena, dtype, units, bins.length);
            long at = 0;
            int u = 0;
            for (int s = 0; s < done.size(); s++) {
                long bytes = shapes.get(s)[0] * bins.length * dtype.bytes();
                Zarr.readInto(out.resolve(done.get(s).output()), metas.get(s), variable, data.asSlice(at, bytes));
                at += bytes;
                for (long id : unitIds.get(s)) {
                    allIds[u] = id;
                    sessions[u++] = done.get(s).session();
                }
            }
            Map<String, Object> coords = new LinkedHashMap<>();
            coords.put(dims.get(0), allIds);
            coords.put(dims.get(1), bins);
            coords.put("session", new LabelledArray.Coordinate(dims.get(0), sessions));
            Map<String, Object> attrs = new LinkedHashMap<>((Map<String, Object>) metas.getFirst().get(variable + "/.zattrs"));
            attrs.keySet().removeAll(List.of("_ARRAY_DIMENSIONS", "coordinates", "source_file"));
            attrs.put("command", "ragtime batch ... -- " + plan.subcommand() + " " + String.join(" ", plan.flags()));
            LabelledArray a = LabelledArray.of(data, dtype, new long[] {units, bins.length}, coords, Map.of(), List.of(), null);
            Zarr.writeArray(store, variable, a, attrs, Runtime.getRuntime().availableProcessors());
        } finally {
            try {
                java.nio.file.Files.deleteIfExists(tmp);
            } catch (IOException e) {
                throw new UncheckedIOException(tmp + ": " + e.getMessage(), e);
            }
        }
        return null;
    }

    /** A JSON object as maps, lists, longs, doubles, strings, booleans and nulls. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> readJson(Path file) {
        return (Map<String, Object>) Json.read(file);
    }
}
