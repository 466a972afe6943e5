package org.ragtime.engine.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The bulk exports ({@code toArray}, {@code codes}, {@code nullRows}) agree with the row getters, views included. */
class ColumnExportTest {
    @Test
    void bulkExportsMatchTheRowGettersOnStorageAndOnViews() {
        long seed = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int round = 0; round < 40; round++) {
            int n = rnd.nextInt(0, 3000);
            LongColumn.Builder lb = new LongColumn.Builder(4);
            double[] d = new double[n];
            List<String> s = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (rnd.nextInt(7) == 0) {
                    lb.addNull();
                } else {
                    lb.add(rnd.nextLong());
                }
                d[i] = rnd.nextInt(9) == 0 ? Double.NaN : rnd.nextDouble();
                s.add(rnd.nextInt(5) == 0 ? null : "v" + rnd.nextInt(4));
            }
            LongColumn l = lb.build("l");
            DoubleColumn dc = DoubleColumn.of("d", d);
            StringColumn sc = StringColumn.of("s", s);
            int[] view = IntStream.range(0, rnd.nextInt(0, 2 * n + 1)).map(i -> n == 0 ? 0 : rnd.nextInt(n)).toArray();
            if (n == 0) {
                view = new int[0];
            }
            String msg = "seed " + seed;
            for (LongColumn c : List.of(l, l.take(view))) {
                long[] a = c.toArray();
                assertEquals(c.size(), a.length, msg);
                for (int i = 0; i < a.length; i++) {
                    assertEquals(c.get(i), a[i], msg);
                }
                LongColumn cc = c;
                assertArrayEquals(IntStream.range(0, c.size()).filter(cc::isNull).toArray(), c.nullRows(), msg);
            }
            for (DoubleColumn c : List.of(dc, dc.take(view))) {
                double[] a = c.toArray();
                assertEquals(c.size(), a.length, msg);
                for (int i = 0; i < a.length; i++) {
                    assertEquals(Double.doubleToRawLongBits(c.get(i)), Double.doubleToRawLongBits(a[i]), msg);
                }
            }
            for (StringColumn c : List.of(sc, sc.take(view))) {
                int[] codes = c.codes();
                assertEquals(c.size(), codes.length, msg);
                for (int i = 0; i < codes.length; i++) {
                    assertEquals(c.get(i), codes[i] == StringColumn.NULL ? null : c.dictionary()[codes[i]], msg);
                }
            }
        }
    }
}
