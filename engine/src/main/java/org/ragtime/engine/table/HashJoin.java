package org.ragtime.engine.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.agrona.collections.Long2LongHashMap;

/**
 * Inner hash join of a table with a table keyed by unique ids, as AllenSDK's
 * {@code left.merge(right, left_on=key, right_index=True, how="inner", suffixes=...)} with pandas 1.5.3:
 * <ul>
 *   <li>the right key must be unique and present (an index); a duplicate or missing id is refused, naming
 *       both lines;</li>
 *   <li>every left column is kept in order, then every right column except the key;</li>
 *   <li>a name present on both sides gets the suffixes (the left key included when the right has a
 *       column of that name);</li>
 *   <li>row order is pandas 1.5.3's: rows grouped by key in order of the key's first appearance on the
 *       left, left order within a group (pandas sorts the factorized keys; it is the left order whenever
 *       no key repeats);</li>
 *   <li>left rows whose key is null or absent on the right are dropped, as pandas does, and reported in
 *       {@link Joined#danglingRows()} instead of vanishing silently.</li>
 * </ul>
 * The hash index is an Agrona {@link Long2LongHashMap} (no boxing). Output columns are views over the
 * inputs' storage: nothing is copied.
 */
public final class HashJoin {
    private HashJoin() {
    }

    /**
     * The result of a join.
     *
     * @param table        the joined rows
     * @param danglingRows positions in the left table whose key matched nothing (null or unknown id)
     * @param leftKey      name of the left key column (for reports)
     */
    public record Joined(Table table, int[] danglingRows, String leftKey, Table left) {
        /** Number of left rows dropped for lack of a match. */
        public int danglingCount() {
            return danglingRows.length;
        }

        /** ", first at SOURCE line L (KEY)" for the first dropped row, or "" when none was dropped. */
        public String firstDangling() {
            if (danglingRows.length == 0) {
                return "";
            }
            int r = danglingRows[0];
            Column k = left.column(leftKey);
            String key = k.isNull(r) ? "no " + leftKey : leftKey + " " + value(k, r);
            long line = left.line(r);
            return ", first at " + left.source() + (line > 0 ? " line " + line : " row " + r) + " (" + key + ")";
        }

        private static String value(Column c, int r) {
            return switch (c) {
                case LongColumn l -> Long.toString(l.get(r));
                case DoubleColumn d -> Double.toString(d.get(r));
                case StringColumn s -> s.get(r);
            };
        }
    }

    /**
     * Joins {@code left} with {@code right} on {@code left.leftKey == right.rightKey}.
     *
     * @throws TableException when a key column is missing or not integral, or a right id repeats or is null
     */
    public static Joined inner(Table left, String leftKey, Table right, String rightKey,
                               String leftSuffix, String rightSuffix) {
        Column lk = left.column(leftKey);
        Column rk = right.column(rightKey);
        Long2LongHashMap index = index(right, rk);

        int n = left.rowCount();
        int[] matchRight = new int[n];
        for (int r = 0; r < n; r++) {
            matchRight[r] = lk.isNull(r) ? -1 : (int) index.get(key(left, lk, r));
        }
        Pairs pairs = pairs(matchRight, right.rowCount());
        int[] leftRows = pairs.left();
        int[] rightRows = pairs.right();
        int[] lost = pairs.dangling();

        Table l = left.take(leftRows);
        Table r = right.take(rightRows);
        int keyAt = right.columns().indexOf(rk);
        List<String> names = joinedNames(left.columnNames(), right.columnNames(), keyAt, leftSuffix, rightSuffix);
        List<Column> out = new ArrayList<>(names.size());
        int k = 0;
        for (Column c : l.columns()) {
            String name = names.get(k++);
            out.add(name.equals(c.name()) ? c : c.renamed(name));
        }
        for (int i = 0; i < right.columns().size(); i++) {
            if (i == keyAt) {
                continue;
            }
            Column c = r.columns().get(i);
            String name = names.get(k++);
            out.add(name.equals(c.name()) ? c : c.renamed(name));
        }
        Table joined = l.withColumns(out);
        return new Joined(joined, lost, leftKey, left);
    }

    /**
     * Matched rows in pandas 1.5.3's inner-merge order, and the left rows that matched nothing.
     *
     * @param left     left rows, in output order
     * @param right    the matching right row of each
     * @param dangling left rows without a match, ascending
     */
    public record Pairs(int[] left, int[] right, int[] dangling) {
    }

    /**
     * The output rows of an inner merge from each left row's match ({@code matchRight[r]}, -1 for none):
     * grouped by key in order of the key's first appearance on the left, left order within a group (right
     * ids are unique, so a group is identified by its right row).
     */
    public static Pairs pairs(int[] matchRight, int rightCount) {
        int n = matchRight.length;
        int dangling = 0;
        int[] group = new int[rightCount];
        Arrays.fill(group, -1);
        int groups = 0;
        int[] groupSize = new int[Math.min(n, rightCount) + 1];
        for (int r = 0; r < n; r++) {
            int rr = matchRight[r];
            if (rr >= 0) {
                if (group[rr] < 0) {
                    group[rr] = groups++;
                }
                groupSize[group[rr]]++;
            } else {
                dangling++;
            }
        }
        int[] start = new int[groups + 1];
        for (int g = 0; g < groups; g++) {
            start[g + 1] = start[g] + groupSize[g];
        }
        int m = n - dangling;
        int[] leftRows = new int[m];
        int[] rightRows = new int[m];
        int[] lost = new int[dangling];
        int d = 0;
        for (int r = 0; r < n; r++) {
            int rr = matchRight[r];
            if (rr < 0) {
                lost[d++] = r;
            } else {
                int at = start[group[rr]]++;
                leftRows[at] = r;
                rightRows[at] = rr;
            }
        }
        return new Pairs(leftRows, rightRows, lost);
    }

    /**
     * Column names of the merge: every left name, then every right name but the key's ({@code rightKey});
     * a name present on both sides (the right key excluded) takes the suffixes.
     */
    public static List<String> joinedNames(List<String> left, List<String> right, int rightKey, String leftSuffix,
                                           String rightSuffix) {
        Set<String> leftNames = new HashSet<>(left);
        Set<String> rightNames = new HashSet<>();
        for (int i = 0; i < right.size(); i++) {
            if (i != rightKey) {
                rightNames.add(right.get(i));
            }
        }
        List<String> out = new ArrayList<>(left.size() + right.size());
        for (String name : left) {
            out.add(rightNames.contains(name) ? name + leftSuffix : name);
        }
        for (int i = 0; i < right.size(); i++) {
            if (i != rightKey) {
                String name = right.get(i);
                out.add(leftNames.contains(name) ? name + rightSuffix : name);
            }
        }
        return out;
    }

    /** Right id -> right row; refuses null, non-integral and repeated ids. */
    private static Long2LongHashMap index(Table right, Column rk) {
        Long2LongHashMap index = new Long2LongHashMap(Math.max(16, right.rowCount() * 2), 0.65f, -1L);
        for (int r = 0; r < right.rowCount(); r++) {
            if (rk.isNull(r)) {
                throw TableException.at(right.source(), right.line(r), rk.name(), "missing id");
            }
            long id = key(right, rk, r);
            long prev = index.put(id, r);
            if (prev >= 0) {
                String first = right.line((int) prev) > 0 ? " (first at line " + right.line((int) prev) + ")" : "";
                throw TableException.at(right.source(), right.line(r), rk.name(), "duplicate id " + id + first);
            }
        }
        return index;
    }

    private static long key(Table t, Column c, int r) {
        return switch (c) {
            case LongColumn l -> l.get(r);
            case DoubleColumn d -> {
                double v = d.get(r);
                if (v != Math.rint(v) || Math.abs(v) > 0x1p53) {
                    throw TableException.at(t.source(), t.line(r), c.name(), "id " + v + " is not an integer");
                }
                yield (long) v;
            }
            case StringColumn s -> {
                int bad = r; // name the first value that is not an integer, not merely this one
                for (int i = 0; i < s.size(); i++) {
                    if (!s.isNull(i) && !s.get(i).matches("[-+]?\\d{1,18}")) {
                        bad = i;
                        break;
                    }
                }
                throw TableException.at(t.source(), t.line(bad), c.name(), "id '" + s.get(bad) + "' is not an integer");
            }
        };
    }
}
