package org.ragtime.cli.out;

import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ragtime.engine.table.Column;
import org.ragtime.engine.table.DoubleColumn;
import org.ragtime.engine.table.LongColumn;
import org.ragtime.engine.table.Table;
import org.ragtime.io.LabelledArray;

/**
 * Writes analysis results the one way every command writes them. An array result goes to {@code --out OUT.npy}
 * (the kernels write into the .npy's mapped data region, {@link Npy#into}; the labels go to {@code OUT.coords.json})
 * or to {@code --out OUT.zarr} (the kernels write into off-heap memory, {@link Zarr#memory}, compressed into a Zarr
 * store with its labels and attributes, {@link Zarr#writeArray}): a command declares {@link #declare}, computes into
 * {@link #memory} and finishes with {@link #write}. A numeric table goes to CSV, or to a Zarr store
 * ({@link Zarr#writeTable}).
 */
public final class Results {
    /** The command line of this run, as given (recorded in Zarr stores); set by {@code Main.run}. */
    private static volatile String commandLine = "ragtime";

    private Results() {
    }

    /** Records the arguments of this run for the {@code command} attribute of the stores it writes. */
    public static void invocation(String... args) {
        StringBuilder b = new StringBuilder("ragtime");
        for (String a : args) {
            b.append(' ').append(a.isEmpty() || !a.matches("[A-Za-z0-9_./:,=+@%-]+") ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        commandLine = b.toString();
    }

    /** Whether {@code out} names a Zarr store ({@code NAME.zarr}) rather than a file. */
    public static boolean isZarr(Path out) {
        return out.getFileName() != null && out.getFileName().toString().endsWith(".zarr");
    }

    /** Declares the outputs of an array {@code --out}: a store, or the .npy and its sidecar (the sidecar first). */
    public static AtomicOutputs.Builder declare(AtomicOutputs.Builder b, Path out) {
        return isZarr(out) ? b.store(out) : b.output(coordsPath(out), out);
    }

    /** Where the kernels write the array of {@code out}: the .npy's mapped data region, or off-heap memory for a store. */
    public static LabelledArray.Memory memory(AtomicOutputs outs, Path out, Arena arena) {
        return isZarr(out) ? Zarr.memory(arena) : Npy.into(outs.open(out), arena);
    }

    /**
     * Finishes an array output: for a .npy, its {@code OUT.coords.json}; for a store, the whole store, the data
     * variable named {@code variable} with the result's attributes, {@code extra} ({@code units}, ...) and where it
     * came from ({@link #provenance}), chunks compressed on {@code threads} threads.
     */
    public static void write(AtomicOutputs outs, Path out, LabelledArray a, String variable, Map<String, Object> extra, Path source,
            int threads) {
        if (!isZarr(out)) {
            writeCoords(outs.open(coordsPath(out)), a);
            return;
        }
        Map<String, Object> attrs = new LinkedHashMap<>(extra);
        a.attrs().forEach(attrs::putIfAbsent);
        attrs.putAll(provenance(source));
        Zarr.writeArray(outs.open(out), variable, a, attrs, threads);
    }

    /** A table to {@code out}: CSV, or a Zarr store of one variable per column ({@link Zarr#writeTable}). */
    public static void writeTable(AtomicOutputs outs, Path out, Table t, Path source, int threads) {
        if (isZarr(out)) {
            Zarr.writeTable(outs.open(out), t, provenance(source), threads);
        } else {
            writeCsv(outs.open(out), out, t);
        }
    }

    /** Where a stored result came from: {@code source_file} (absolute), {@code ragtime_version}, {@code command}. */
    public static Map<String, Object> provenance(Path source) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("source_file", source.toAbsolutePath().normalize().toString());
        String v = Results.class.getPackage().getImplementationVersion();
        p.put("ragtime_version", v == null ? "development build" : v);
        p.put("command", commandLine);
        return p;
    }

    /**
     * {@code "dims"} (the dimension names in array order), the coordinates (one list per dimension, then the extra
     * coordinates along a dimension, unknown values null), then the attributes, as one JSON object (numpy, xarray and
     * pandas read it).
     */
    public static void writeCoords(Path file, LabelledArray a) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("dims", a.dims());
        all.putAll(a.coords());
        a.extraCoords().forEach((k, c) -> all.put(k, c.values()));
        all.putAll(a.attrs());
        Json.write(file, all, false);
    }

    /** OUT.npy -> OUT.coords.json. */
    public static Path coordsPath(Path out) {
        String name = out.getFileName().toString();
        String base = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        return out.resolveSibling(base + ".coords.json");
    }

    /** OUT.npy or OUT.zarr -> OUT.png, the default picture beside an array. */
    public static Path pngPath(Path out) {
        return out.resolveSibling(out.getFileName().toString().replaceFirst("\\.(npy|zarr)$", "") + ".png");
    }

    /**
     * A table of integer and float columns as CSV to {@code file} (the temporary of the output {@code given}):
     * integers as written, floats as the shortest text that reads back exactly, NaN as an empty field (as pandas).
     */
    public static void writeCsv(Path file, Path given, Table t) {
        List<Column> columns = t.columns();
        try (CsvWriter w = CsvWriter.builder().build(file)) {
            w.writeRecord(t.columnNames());
            List<String> row = new ArrayList<>(columns.size());
            for (int r = 0; r < t.rowCount(); r++) {
                row.clear();
                for (Column c : columns) {
                    row.add(switch (c) {
                        case LongColumn l -> Long.toString(l.get(r));
                        case DoubleColumn d -> Double.isNaN(d.get(r)) ? "" : Double.toString(d.get(r));
                        default -> throw new IllegalArgumentException("column " + c.name() + " is not numeric");
                    });
                }
                w.writeRecord(row);
            }
        } catch (IOException e) {
            throw AtomicOutputs.writeFailed(given, e);
        } catch (UncheckedIOException e) {
            throw AtomicOutputs.writeFailed(given, e.getCause());
        }
    }
}
