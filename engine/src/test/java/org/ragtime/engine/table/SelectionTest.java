package org.ragtime.engine.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SelectionTest {
    @Test
    void predicatesAndCompositionMatchAScalarReference() {
        long seed = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int round = 0; round < 50; round++) {
            int n = rnd.nextInt(0, 5000);
            double[] x = new double[n];
            List<String> s = new ArrayList<>();
            String[] vocab = {"VISp", "CA1", "grey", "LGd"};
            for (int i = 0; i < n; i++) {
                x[i] = rnd.nextInt(8) == 0 ? Double.NaN : rnd.nextInt(5) == 0 ? 0.5 : rnd.nextDouble();
                s.add(rnd.nextInt(6) == 0 ? null : vocab[rnd.nextInt(vocab.length)]);
            }
            DoubleColumn dx = DoubleColumn.of("x", x);
            StringColumn st = StringColumn.of("s", s);
            Selection le = Selection.atMost(dx, 0.5);
            Selection ge = Selection.atLeast(dx, 0.5);
            Selection in = Selection.in(st, Set.of("VISp", "grey"));
            int[] refLe = IntStream.range(0, n).filter(i -> x[i] <= 0.5).toArray();
            int[] refGe = IntStream.range(0, n).filter(i -> x[i] >= 0.5).toArray();
            int[] refIn = IntStream.range(0, n).filter(i -> "VISp".equals(s.get(i)) || "grey".equals(s.get(i))).toArray();
            String msg = "seed " + seed;
            assertArrayEquals(refLe, le.rows(), msg);
            assertArrayEquals(refGe, ge.rows(), msg);
            assertArrayEquals(refIn, in.rows(), msg);
            assertArrayEquals(IntStream.range(0, n).filter(i -> x[i] <= 0.5 && "VISp".equals(s.get(i)) || "grey".equals(s.get(i)))
                    .toArray(), le.and(in).or(Selection.in(st, Set.of("grey"))).rows(), msg);
            assertArrayEquals(IntStream.range(0, n).filter(i -> !(x[i] >= 0.5)).toArray(), ge.not().rows(), msg);
            assertArrayEquals(IntStream.range(0, n).filter(i -> Double.isNaN(x[i])).toArray(), Selection.isNull(dx).rows(), msg);
            assertArrayEquals(IntStream.range(0, n).filter(i -> x[i] <= 0.5 && !(x[i] >= 0.5)).toArray(), le.andNot(ge).rows(), msg);
        }
    }
}
