package org.ragtime.cli.out;

import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * Writes analysis results the one way every command writes them: a {@link LabelledArray}'s labels as
 * {@code OUT.coords.json} (its array is already in the .npy, see {@link Npy#into}), a numeric table as CSV.
 */
public final class Results {
    private Results() {
    }

    /** The coordinates, then the attributes, as one JSON object (numpy, xarray and pandas read it). */
    public static void writeCoords(Path file, LabelledArray a) {
        Map<String, Object> all = new LinkedHashMap<>(a.coords());
        all.putAll(a.attrs());
        Json.write(file, all, false);
    }

    /** OUT.npy -> OUT.coords.json. */
    public static Path coordsPath(Path out) {
        String name = out.getFileName().toString();
        String base = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        return out.resolveSibling(base + ".coords.json");
    }

    /** OUT.npy -> OUT.png, the default picture beside an array. */
    public static Path pngPath(Path out) {
        String name = out.getFileName().toString();
        String base = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        return out.resolveSibling(base + ".png");
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
