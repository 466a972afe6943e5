package org.ragtime.engine.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HashJoinTest {
    @Test
    void randomJoinsMatchABruteForceReference() {
        long seed = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int round = 0; round < 200; round++) {
            int nr = rnd.nextInt(0, 50);
            int nl = rnd.nextInt(0, 200);
            long[] rkeys = rnd.longs(nr * 3L, -1000, 1000).distinct().limit(nr).toArray();
            nr = rkeys.length;
            LongColumn.Builder lk = new LongColumn.Builder(nl);
            long[] lraw = new long[nl];
            boolean[] lnull = new boolean[nl];
            for (int i = 0; i < nl; i++) {
                int pick = rnd.nextInt(10);
                if (pick == 0) {
                    lk.addNull();
                    lnull[i] = true;
                } else {
                    lraw[i] = pick == 1 || nr == 0 ? 5000 + rnd.nextInt(5) : rkeys[rnd.nextInt(nr)];
                    lk.add(lraw[i]);
                }
            }
            double[] rv = new double[nr];
            for (int i = 0; i < nr; i++) {
                rv[i] = rnd.nextDouble();
            }
            Table left = Table.of("left", List.of(lk.build("k"), DoubleColumn.of("v", new double[nl])));
            Table right = Table.of("right", List.of(LongColumn.of("id", rkeys), DoubleColumn.of("v", rv)));
            HashJoin.Joined j = HashJoin.inner(left, "k", right, "id", "_l", "_r");

            // reference: groups in order of the key's first appearance on the left, left order within
            Map<Long, List<Integer>> groups = new LinkedHashMap<>();
            List<Integer> dangling = new ArrayList<>();
            for (int i = 0; i < nl; i++) {
                int r = lnull[i] ? -1 : indexOf(rkeys, lraw[i]);
                if (r < 0) {
                    dangling.add(i);
                } else {
                    groups.computeIfAbsent(lraw[i], x -> new ArrayList<>()).add(i);
                }
            }
            List<Integer> order = new ArrayList<>();
            groups.values().forEach(order::addAll);
            Table t = j.table();
            assertEquals(List.of("k", "v_l", "v_r"), t.columnNames(), "seed " + seed);
            assertEquals(order.size(), t.rowCount(), "seed " + seed);
            LongColumn k = (LongColumn) t.column("k");
            DoubleColumn v = (DoubleColumn) t.column("v_r");
            for (int i = 0; i < order.size(); i++) {
                long key = lraw[order.get(i)];
                assertEquals(key, k.get(i), "seed " + seed);
                assertEquals(rv[indexOf(rkeys, key)], v.get(i), "seed " + seed);
            }
            assertArrayEquals(dangling.stream().mapToInt(Integer::intValue).toArray(), j.danglingRows(), "seed " + seed);
        }
    }

    private static int indexOf(long[] a, long v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
