package org.ragtime.io.csv;


/**
 * Number syntax of pandas' CSV reader, parsed in place from the tokenizer's byte window: integers,
 * decimals with optional exponent, {@code inf}/{@code Infinity}. Decimals are converted with correct
 * rounding, as {@link Double#parseDouble} does (which pandas' default parser does not: it is off by one
 * unit in the last place on about 1% of 17-digit values): exactly representable ones directly (Clinger's
 * fast path), the rest with the Eisel-Lemire algorithm (128-bit products with a table of powers of five,
 * Lemire 2021, "Number parsing at a gigabyte per second"), and the rare undecidable cases (more than 18
 * significant digits, subnormals) through {@link Double#parseDouble}.
 */
final class Numbers {
    /** Returned by {@link #parseLong} when the text is not an int64 literal. */
    static final long NOT_LONG = Long.MIN_VALUE;

    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private static final int MIN_Q = -342;
    private static final int MAX_Q = 308;
    /**
     * 128-bit truncated normalised 5^q for q in [MIN_Q, MAX_Q]: high word, then low word. In a holder class, built on
     * the first decimal that needs it: building it takes tens of milliseconds of cold BigInteger arithmetic, which a
     * job that parses only integers and short decimals (merge-ccf settling its quoted fields) never pays.
     */
    private static final class Pow5 {
        static final long[] TABLE = new long[2 * (MAX_Q - MIN_Q + 1)];

        static {
            java.math.BigInteger two128 = java.math.BigInteger.ONE.shiftLeft(128);
            java.math.BigInteger two127 = java.math.BigInteger.ONE.shiftLeft(127);
            java.math.BigInteger five = java.math.BigInteger.valueOf(5);
            for (int q = MIN_Q; q <= MAX_Q; q++) {
                java.math.BigInteger c;
                if (q < 0) {
                    java.math.BigInteger p5 = five.pow(-q);
                    int z = p5.subtract(java.math.BigInteger.ONE).bitLength(); // smallest z with 2^z >= 5^-q
                    int b = q >= -27 ? z + 127 : 2 * z + 128;
                    c = java.math.BigInteger.ONE.shiftLeft(b).divide(p5).add(java.math.BigInteger.ONE);
                    while (c.compareTo(two128) >= 0) {
                        c = c.shiftRight(1);
                    }
                } else {
                    c = five.pow(q);
                    int shift = 128 - c.bitLength();
                    c = shift >= 0 ? c.shiftLeft(shift) : c.shiftRight(-shift);
                }
                assert c.compareTo(two127) >= 0 && c.compareTo(two128) < 0;
                int i = 2 * (q - MIN_Q);
                TABLE[i] = c.shiftRight(64).longValue();
                TABLE[i + 1] = c.longValue();
            }
        }
    }

    private Numbers() {
    }

    /**
     * w * 10^q correctly rounded (w nonzero, exact decimal significand), or NaN when this method cannot
     * decide (subnormal results), leaving it to {@link Double#parseDouble}.
     */
    static double eiselLemire(long w, int q, boolean neg) {
        if (q < MIN_Q) {
            return neg ? -0.0 : 0.0;
        }
        if (q > MAX_Q) {
            return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        int lz = Long.numberOfLeadingZeros(w);
        w <<= lz;
        long[] pow5 = Pow5.TABLE;
        int idx = 2 * (q - MIN_Q);
        long hi = Math.unsignedMultiplyHigh(w, pow5[idx]);
        long lo = w * pow5[idx];
        final long precisionMask = 0xFFFFFFFFFFFFFFFFL >>> 55;
        if ((hi & precisionMask) == precisionMask) {
            long hi2 = Math.unsignedMultiplyHigh(w, pow5[idx + 1]);
            long lo2 = lo + hi2;
            if (Long.compareUnsigned(hi2, lo2) > 0) {
                hi++;
            }
            lo = lo2;
        }
        int upperbit = (int) (hi >>> 63);
        long mantissa = hi >>> (upperbit + 64 - 52 - 3);
        int power2 = (((152170 + 65536) * q) >> 16) + 63 + upperbit - lz + 1023;
        if (power2 <= 0) {
            return Double.NaN; // subnormal or underflow: let the JDK decide
        }
        if (Long.compareUnsigned(lo, 1) <= 0 && q >= -4 && q <= 23 && (mantissa & 3) == 1
                && (mantissa << (upperbit + 64 - 52 - 3)) == hi) {
            mantissa &= ~1L; // exactly halfway: round to even
        }
        mantissa += mantissa & 1;
        mantissa >>>= 1;
        if (mantissa >= (2L << 52)) {
            mantissa = 1L << 52;
            power2++;
        }
        mantissa &= ~(1L << 52);
        if (power2 >= 0x7FF) {
            return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        long bits = mantissa | ((long) power2 << 52) | (neg ? 1L << 63 : 0);
        return Double.longBitsToDouble(bits);
    }

    /** The int64 value of {@code [-+]?[0-9]+}, or {@link #NOT_LONG} (also for overflow and Long.MIN_VALUE). */
    static long parseLong(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        boolean neg = false;
        if (i < end && (at(b, i) == '-' || at(b, i) == '+')) {
            neg = at(b, i) == '-';
            i++;
        }
        if (i == end || end - i > 19) {
            return NOT_LONG;
        }
        long v = 0;
        for (; i < end; i++) {
            int d = at(b, i) - '0';
            if (d < 0 || d > 9) {
                return NOT_LONG;
            }
            if (v > (Long.MAX_VALUE - d) / 10) {
                return NOT_LONG;
            }
            v = v * 10 + d;
        }
        return neg ? -v : v;
    }

    /** The float64 value of a decimal or infinity literal; NaN (with {@code ok[0] = false}) when not a number. */
    static double parseDouble(byte[] b, int off, int len, boolean[] ok) {
        ok[0] = true;
        int i = off;
        int end = off + len;
        boolean neg = false;
        if (i < end && (at(b, i) == '-' || at(b, i) == '+')) {
            neg = at(b, i) == '-';
            i++;
        }
        if (i < end && (at(b, i) == 'i' || at(b, i) == 'I')) {
            String rest = text(b, i, end - i);
            if (rest.equalsIgnoreCase("inf") || rest.equalsIgnoreCase("infinity")) {
                return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            ok[0] = false;
            return Double.NaN;
        }
        long mant = 0;
        int sig = 0; // significant digits accumulated into mant
        int dropped = 0; // integer digits not accumulated (beyond 18 significant)
        int digits = 0;
        int fracDigits = 0;
        boolean inexact = false;
        for (; i < end && at(b, i) >= '0' && at(b, i) <= '9'; i++, digits++) {
            if (sig < 18) {
                mant = mant * 10 + (at(b, i) - '0');
                if (mant != 0) {
                    sig++;
                }
            } else {
                dropped++;
                inexact |= at(b, i) != '0';
            }
        }
        if (i < end && at(b, i) == '.') {
            i++;
            // eight fraction digits per step while they fit the 18 significant digits
            while (i + 8 <= end && sig + 8 <= 18) {
                long w = (long) LONGS.get(b, i);
                if ((((w + 0x4646464646464646L) | (w - 0x3030303030303030L)) & 0x8080808080808080L) != 0) {
                    break;
                }
                long v = eightDigits(w);
                boolean wasZero = mant == 0;
                mant = mant * 100_000_000L + v;
                sig = wasZero ? (mant == 0 ? 0 : digitCount(mant)) : sig + 8;
                fracDigits += 8;
                digits += 8;
                i += 8;
            }
            for (; i < end && at(b, i) >= '0' && at(b, i) <= '9'; i++, digits++) {
                if (sig < 18) {
                    mant = mant * 10 + (at(b, i) - '0');
                    fracDigits++;
                    if (mant != 0) {
                        sig++;
                    }
                } else {
                    inexact |= at(b, i) != '0';
                }
            }
        }
        if (digits == 0) {
            ok[0] = false;
            return Double.NaN;
        }
        int exp = 0;
        if (i < end && (at(b, i) == 'e' || at(b, i) == 'E')) {
            i++;
            boolean eneg = false;
            if (i < end && (at(b, i) == '-' || at(b, i) == '+')) {
                eneg = at(b, i) == '-';
                i++;
            }
            int start = i;
            for (; i < end && at(b, i) >= '0' && at(b, i) <= '9'; i++) {
                if (exp < 100000) {
                    exp = exp * 10 + (at(b, i) - '0');
                }
            }
            if (i == start) {
                ok[0] = false;
                return Double.NaN;
            }
            if (eneg) {
                exp = -exp;
            }
        }
        if (i != end) {
            ok[0] = false;
            return Double.NaN;
        }
        int e10 = exp + dropped - fracDigits;
        if (!inexact && mant != 0 && (mant > (1L << 53) || e10 > 22 || e10 < -22)) {
            double v = eiselLemire(mant, e10, neg);
            if (!Double.isNaN(v)) {
                return v;
            }
        }
        if (!inexact && mant <= (1L << 53)) {
            double m = mant;
            if (e10 == 0 || mant == 0) {
                return neg ? -m : m;
            }
            if (e10 > 0 && e10 <= 22) {
                return neg ? -(m * POW10[e10]) : m * POW10[e10];
            }
            if (e10 < 0 && e10 >= -22) {
                return neg ? -(m / POW10[-e10]) : m / POW10[-e10];
            }
        }
        return Double.parseDouble(text(b, off, len));
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** The value of eight ASCII digits (first digit in the lowest byte); SWAR, as in simdjson and fast_float. */
    static long eightDigits(long w) {
        long v = w - 0x3030303030303030L;
        v = v * 10 + (v >>> 8);
        return (((v & 0x000000FF000000FFL) * 0x000F424000000064L)
                + (((v >>> 16) & 0x000000FF000000FFL) * 0x0000271000000001L)) >>> 32;
    }

    private static int digitCount(long v) {
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }

    private static char at(byte[] b, int i) {
        return (char) (b[i] & 0xFF);
    }

    /** The ASCII/Latin-1 text of a short field (numbers only). */
    static String text(byte[] b, int off, int len) {
        return new String(b, off, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
