package org.ragtime.engine.table;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A columnar table: named, typed columns of equal length whose values live off-heap (a units,
 * channels or probes manifest, or the units of an NWB file joined with its electrodes). Row views
 * ({@link #take(int[])}, {@link #select(Selection)}) share column storage. A table remembers where
 * its rows came from (the file and, for CSV input, each row's line) so that errors can name them.
 * Immutable and thread-safe.
 */
public final class Table {
    private final String source;
    private final List<Column> columns;
    private final Map<String, Integer> byName;
    private final int rowCount;
    private final int[] lines; // source line of each row, or null when unknown

    private Table(String source, List<Column> columns, int rowCount, int[] lines) {
        this.source = source;
        this.columns = List.copyOf(columns);
        this.rowCount = rowCount;
        this.lines = lines;
        this.byName = new HashMap<>();
        for (int i = 0; i < this.columns.size(); i++) {
            Column c = this.columns.get(i);
            if (c.size() != rowCount) {
                throw new IllegalArgumentException(source + ": column '" + c.name() + "' has " + c.size()
                        + " rows, expected " + rowCount);
            }
            byName.putIfAbsent(c.name(), i); // first wins, like pandas' df[name] on unique names
        }
    }

    /** A table of the given columns (all of one length; an empty list gives zero rows). */
    public static Table of(String source, List<? extends Column> columns) {
        return new Table(source, List.copyOf(columns), columns.isEmpty() ? 0 : columns.get(0).size(), null);
    }

    /** A table whose row {@code r} came from line {@code lines[r]} of {@code source}. */
    public static Table of(String source, List<? extends Column> columns, int[] lines) {
        Table t = of(source, columns);
        if (lines.length != t.rowCount) {
            throw new IllegalArgumentException("one line number per row expected");
        }
        return new Table(source, t.columns, t.rowCount, lines);
    }

    /** Where the rows came from (a file name), for messages. */
    public String source() {
        return source;
    }

    /** Number of rows. */
    public int rowCount() {
        return rowCount;
    }

    /** The columns in order. */
    public List<Column> columns() {
        return columns;
    }

    /** Column names in order. */
    public List<String> columnNames() {
        List<String> names = new ArrayList<>(columns.size());
        for (Column c : columns) {
            names.add(c.name());
        }
        return names;
    }

    /** True when a column of that name exists. */
    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /** The column of that name; a {@link TableException} naming the source when it is missing. */
    public Column column(String name) {
        Integer i = byName.get(name);
        if (i == null) {
            throw TableException.at(source, 0, name, "no such column (columns: " + String.join(", ", columnNames()) + ")");
        }
        return columns.get(i);
    }

    /** The text column of that name; throws when missing or not text. */
    public StringColumn strings(String name) {
        if (column(name) instanceof StringColumn s) {
            return s;
        }
        throw TableException.at(source, 0, name, "expected text, found " + column(name).type());
    }

    /** Line of {@link #source()} that row {@code row} came from, or 0 when unknown. */
    public long line(int row) {
        return lines == null ? 0 : lines[row];
    }

    /** The rows at the given positions, in that order; shares storage. */
    public Table take(int[] positions) {
        int[] pos = positions.clone();
        // columns that share a row map (all of one input) share the composed one too
        java.util.IdentityHashMap<int[], int[]> composed = new java.util.IdentityHashMap<>();
        List<Column> out = new ArrayList<>(columns.size());
        for (Column c : columns) {
            int[] rows = c.rowMap() == null ? pos : composed.computeIfAbsent(c.rowMap(), r -> Column.compose(r, pos));
            out.add(c.withRows(rows, pos.length));
        }
        int[] l = null;
        if (lines != null) {
            l = new int[positions.length];
            for (int i = 0; i < l.length; i++) {
                l[i] = lines[positions[i]];
            }
        }
        return new Table(source, out, positions.length, l);
    }

    /** The selected rows in ascending order. */
    public Table select(Selection selection) {
        if (selection.universe() != rowCount) {
            throw new IllegalArgumentException("selection over " + selection.universe() + " rows applied to "
                    + rowCount + " rows");
        }
        return take(selection.rows());
    }

    /** This table with other columns (same row count), keeping the source and lines. */
    public Table withColumns(List<? extends Column> newColumns) {
        int n = newColumns.isEmpty() ? rowCount : newColumns.get(0).size();
        return new Table(source, List.copyOf(newColumns), n, n == rowCount ? lines : null);
    }

    /** This table without the named columns (names not present are ignored, as pandas' errors="ignore"). */
    public Table drop(Collection<String> names) {
        Set<String> drop = Set.copyOf(names);
        List<Column> out = new ArrayList<>();
        for (Column c : columns) {
            if (!drop.contains(c.name())) {
                out.add(c);
            }
        }
        return withColumns(out);
    }

    /** This table with columns renamed by {@code renames} (old -> new); other columns unchanged. */
    public Table rename(Map<String, String> renames) {
        List<Column> out = new ArrayList<>(columns.size());
        for (Column c : columns) {
            String to = renames.get(c.name());
            out.add(to == null ? c : c.renamed(to));
        }
        return withColumns(out);
    }
}
