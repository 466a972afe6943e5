package org.ragtime.io.table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ragtime.io.Session;

/**
 * Any hdmf DynamicTable of an NWB file as pandas' {@code table.to_dataframe()} shows it, with typed columns:
 * {@code id} first, then the columns in the table's {@code colnames} order; scalar columns as stored (integers,
 * floats, booleans, text), DynamicTableRegion columns as the ids of the referenced rows, hdmf EnumData as their
 * element values, ragged columns ({@code X} + {@code X_index}, also {@code X_index_index}) as offsets over flat
 * values. Only the columns and rows asked for are read. The values are on the heap: the table outlives the file.
 *
 * <pre>{@code
 * NwbTable trials = NwbTable.read(Path.of("session.nwb"), "intervals/trials", List.of("start_time", "go"),
 *         RowSlice.parse("0:100"));
 * double[] start = ((Values.Floats) trials.column("start_time").values()).values();
 * long firstId = ((Values.Ints) trials.ids().values()).values()[0];
 * }</pre>
 *
 * @param file     the NWB file
 * @param path     the table's HDF5 path (with a leading slash)
 * @param type     the table's {@code neurodata_type} (e.g. {@code TimeIntervals}, {@code Units}), or "" if none
 * @param firstRow the table position of this value's first row (the slice's start)
 * @param rowCount rows held
 * @param columns  {@code id}, then the columns asked for in {@code colnames} order
 */
public record NwbTable(Path file, String path, String type, int firstRow, int rowCount, List<TableColumn> columns) {
    public NwbTable {
        columns = List.copyOf(columns);
    }

    /**
     * Reads a table: {@code columns} empty for every column, else these (in {@code colnames} order, as pandas
     * shows them; {@code List.of("id")} for the ids alone), and the rows of {@code rows}.
     *
     * @throws org.ragtime.engine.BadInputException if the file cannot be read, {@code path} is not a DynamicTable
     *         (the message says what is there and lists the file's tables), a column is unknown (the message lists
     *         the table's columns), or a column is malformed
     */
    public static NwbTable read(Path file, String path, List<String> columns, RowSlice rows) {
        try (Session s = Session.open(file, 1)) {
            return s.readTable(path, columns, rows);
        }
    }

    /** The {@code id} column. */
    public TableColumn ids() {
        return columns.get(0);
    }

    /** The column named {@code name}, or an exception listing the names held. */
    public TableColumn column(String name) {
        for (TableColumn c : columns) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no column " + name + " (columns: " + names() + ")");
    }

    /** The column names, {@code id} first. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        columns.forEach(c -> out.add(c.name()));
        return out;
    }

    @Override
    public String toString() {
        return file + ":" + path + " (" + rowCount + " rows from " + firstRow + ", columns " + names() + ")";
    }
}
