package org.ragtime.io.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NumbersTest {
    private static byte[] seg(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static double parse(String s) {
        boolean[] ok = new boolean[1];
        double v = Numbers.parseDouble(seg(s), 0, s.length(), ok);
        assertTrue(ok[0], s);
        return v;
    }

    private static void same(String s) {
        assertEquals(Double.doubleToRawLongBits(Double.parseDouble(s)), Double.doubleToRawLongBits(parse(s)), s);
    }

    @Test
    void edgeCasesMatchTheJdk() {
        for (String s : new String[] {"0", "-0", "0.0", "-0.0", "1", "1.5", "51.020506686495004", "35.903513811753356",
            "1e-05", "1e+16", "1E22", "1e23", "9007199254740993", "9007199254740992.5", "123456789012345678",
            "1.7976931348623157e308", "1.7976931348623159e308", "2.2250738585072014e-308", "4.9e-324", "5e-324",
            "2.4703282292062327e-324", "1e-400", "1e400", ".5", "5.", "+3.25", "0.30000000000000004",
            "12345678901234567890123", "0.000000000000000000000000000001234567890123456789", "9999999999999998.0",
            "2.9999999999999996", "7.2057594037927933e16", "1.00000000000000011102230246251565404236316680908203125"}) {
            same(s);
        }
        assertEquals(Double.POSITIVE_INFINITY, parse("inf"));
        assertEquals(Double.NEGATIVE_INFINITY, parse("-Infinity"));
    }

    @Test
    void notNumbers() {
        boolean[] ok = new boolean[1];
        for (String s : new String[] {"", "-", ".", "e5", "1e", "1.2.3", "abc", "1,5", "0x10", "1d", "NaN", "1 "}) {
            Numbers.parseDouble(seg(s), 0, s.length(), ok);
            assertFalse(ok[0], s);
        }
        assertEquals(Numbers.NOT_LONG, Numbers.parseLong(seg("1.0"), 0, 3));
        assertEquals(Numbers.NOT_LONG, Numbers.parseLong(seg("99999999999999999999"), 0, 20));
        assertEquals(-42, Numbers.parseLong(seg("-42"), 0, 3));
        assertEquals(Long.MAX_VALUE, Numbers.parseLong(seg("9223372036854775807"), 0, 19));
    }

    @Test
    void randomDoublesRoundTripBitExactly() {
        long seed = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < 2_000_000; i++) {
            double v = switch (i % 4) {
                case 0 -> Double.longBitsToDouble(rnd.nextLong() & 0x7FEFFFFFFFFFFFFFL); // any finite double
                case 1 -> (rnd.nextDouble() - 0.2) * 100;
                case 2 -> Math.scalb(rnd.nextDouble(), rnd.nextInt(-1074, 1024));
                default -> rnd.nextInt(1_000_000) / 1000.0;
            };
            String[] forms = {Double.toString(v), PythonFloat.repr(v), String.format("%.17g", v), String.format("%.15e", v)};
            for (String s : forms) {
                double expected = Double.parseDouble(s);
                double got = parse(s);
                if (Double.doubleToRawLongBits(expected) != Double.doubleToRawLongBits(got)) {
                    throw new AssertionError("seed " + seed + ": " + s + " parsed as " + got + ", JDK says " + expected);
                }
            }
        }
    }

    @Test
    void pythonReprLayout() {
        String[][] cases = {{"1e-05", "1.0E-5"}, {"1e+16", "1.0E16"}, {"123456789.0", "1.23456789E8"}, {"0.1", "0.1"},
            {"1.0", "1.0"}, {"1e+22", "1.0E22"}, {"-0.0", "-0.0"}, {"inf", "Infinity"}, {"-inf", "-Infinity"},
            {"0.0001", "1.0E-4"}, {"1.5e-07", "1.5E-7"}, {"9999999999999998.0", "9.999999999999998E15"},
            {"1.2345678901234568e-300", "1.2345678901234568E-300"}, {"5e-324", "4.9E-324"}, {"0.001", "0.001"},
            {"12345678.5", "1.23456785E7"}, {"-2.5e+20", "-2.5E20"}};
        for (String[] c : cases) {
            assertEquals(c[0], PythonFloat.repr(Double.parseDouble(c[1])), c[1]);
        }
        assertEquals("", PythonFloat.repr(Double.NaN));
    }
}
