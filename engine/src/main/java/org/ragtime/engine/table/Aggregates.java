package org.ragtime.engine.table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Group counts over a table, like pandas' {@code df.groupby(cols, dropna=False).size()}: one row per
 * distinct combination of the key columns (null is its own group, written empty), sorted by the keys
 * (nulls last), with a {@code count} column.
 */
public final class Aggregates {
    private Aggregates() {
    }

    /** Counts rows per distinct combination of {@code keys}. */
    public static Table countBy(Table t, String... keys) {
        Column[] cols = new Column[keys.length];
        for (int i = 0; i < keys.length; i++) {
            cols[i] = t.column(keys[i]);
        }
        Map<List<Object>, int[]> counts = new HashMap<>();
        for (int r = 0; r < t.rowCount(); r++) {
            List<Object> k = new ArrayList<>(keys.length);
            for (Column c : cols) {
                k.add(value(c, r));
            }
            counts.computeIfAbsent(k, x -> new int[1])[0]++;
        }
        List<List<Object>> order = new ArrayList<>(counts.keySet());
        order.sort(Aggregates::compareKeys);
        List<Column> out = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            out.add(column(keys[i], cols[i].type(), order, i));
        }
        long[] n = new long[order.size()];
        for (int g = 0; g < n.length; g++) {
            n[g] = counts.get(order.get(g))[0];
        }
        out.add(LongColumn.of("count", n));
        return Table.of(t.source(), out);
    }

    private static Object value(Column c, int r) {
        if (c.isNull(r)) {
            return null;
        }
        return switch (c) {
            case LongColumn l -> l.get(r);
            case DoubleColumn d -> d.get(r);
            case StringColumn s -> s.get(r);
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(List<Object> a, List<Object> b) {
        for (int i = 0; i < a.size(); i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            if (Objects.equals(x, y)) {
                continue;
            }
            if (x == null) {
                return 1;
            }
            if (y == null) {
                return -1;
            }
            return ((Comparable) x).compareTo(y);
        }
        return 0;
    }

    private static Column column(String name, ColumnType type, List<List<Object>> rows, int i) {
        switch (type) {
            case LONG -> {
                LongColumn.Builder b = new LongColumn.Builder(rows.size());
                for (List<Object> k : rows) {
                    if (k.get(i) == null) {
                        b.addNull();
                    } else {
                        b.add((Long) k.get(i));
                    }
                }
                return b.build(name);
            }
            case DOUBLE -> {
                double[] v = new double[rows.size()];
                for (int g = 0; g < v.length; g++) {
                    v[g] = rows.get(g).get(i) == null ? Double.NaN : (Double) rows.get(g).get(i);
                }
                return DoubleColumn.of(name, v);
            }
            default -> {
                List<String> v = new ArrayList<>(rows.size());
                for (List<Object> k : rows) {
                    v.add((String) k.get(i));
                }
                return StringColumn.of(name, v);
            }
        }
    }
}
