package org.ragtime.io.csv;

/**
 * Python's {@code repr(float)} (what pandas' {@code to_csv} writes): the shortest digits that read back
 * as the same double, in fixed notation when the decimal exponent is in [-4, 16), else as
 * {@code d.ddde+XX}. The digits come from {@link Double#toString(double)}, which has produced the
 * shortest round-tripping digits since JDK 19; only the layout differs from Java's.
 */
final class PythonFloat {
    private PythonFloat() {
    }

    /**
     * Appends the repr of {@code v} to {@code out} at {@code pos}; returns the new position (NaN writes
     * nothing). {@code sb} is scratch space, reused across calls so that no String is made per value.
     */
    static int write(double v, byte[] out, int pos, StringBuilder sb) {
        if (Double.isNaN(v)) {
            return pos;
        }
        if (Double.isInfinite(v)) {
            return ascii(v > 0 ? "inf" : "-inf", out, pos);
        }
        sb.setLength(0);
        return layout(sb.append(v), v, false, out, pos); // same digits as Double.toString, without a String
    }

    /**
     * As {@link #write(double, byte[], int, StringBuilder)} for a float32 value: the shortest digits that read back
     * as the same float32, as numpy prints a float32 (pandas' {@code to_csv} of a float32 column, numpy 1.x's repr
     * of a float32 scalar), not the longer repr of the double it widens to. numpy also chooses the scientific layout by
     * the value (below 1e-4 or from 1e16 on), not by the digits: float32 {@code 1e-4} (9.99999974e-05) prints as
     * {@code 1e-04}.
     */
    static int writeFloat32(float v, byte[] out, int pos, StringBuilder sb) {
        if (Float.isNaN(v)) {
            return pos;
        }
        if (Float.isInfinite(v)) {
            return ascii(v > 0 ? "inf" : "-inf", out, pos);
        }
        sb.setLength(0);
        return layout(sb.append(v), v, true, out, pos); // Float.toString's shortest float digits
    }

    private static int layout(StringBuilder j, double v, boolean single, byte[] out, int pos) {
        int n = j.length();
        int ePos = j.indexOf("E");
        if (ePos < 0) {
            // Java fixed notation covers [1e-3, 1e7): exactly Python's form there
            return ascii(j, out, pos);
        }
        // Java: [-]d.dddE[-]x ; collect digits and exponent
        int i = 0;
        if (j.charAt(0) == '-') {
            out[pos++] = '-';
            i = 1;
        }
        char[] digits = new char[20];
        int nd = 0;
        for (int k = i; k < ePos; k++) {
            char c = j.charAt(k);
            if (c != '.') {
                digits[nd++] = c;
            }
        }
        while (nd > 1 && digits[nd - 1] == '0') {
            nd--; // "1.0E-5" -> digits "1"
        }
        if (nd == 2 && Math.abs(v) < (single ? Float.MIN_NORMAL : Double.MIN_NORMAL)) {
            nd = oneDigit(v, single, digits, j, ePos); // Java keeps 2 digits where 1 would do; Python does not
        }
        int exp = 0;
        boolean eneg = j.charAt(ePos + 1) == '-';
        for (int k = eneg ? ePos + 2 : ePos + 1; k < n; k++) {
            exp = exp * 10 + (j.charAt(k) - '0');
        }
        if (eneg) {
            exp = -exp;
        }
        // Python picks the layout from the digits' exponent; numpy (float32) from the value: x < 1e-4 or x >= 1e16
        if (single ? Math.abs(v) >= 1e-4 && Math.abs(v) < 1e16 : exp >= -4 && exp < 16) {
            if (exp < 0) {
                out[pos++] = '0';
                out[pos++] = '.';
                for (int k = 0; k < -exp - 1; k++) {
                    out[pos++] = '0';
                }
                for (int k = 0; k < nd; k++) {
                    out[pos++] = (byte) digits[k];
                }
            } else {
                for (int k = 0; k <= exp; k++) {
                    out[pos++] = (byte) (k < nd ? digits[k] : '0');
                }
                out[pos++] = '.';
                if (nd > exp + 1) {
                    for (int k = exp + 1; k < nd; k++) {
                        out[pos++] = (byte) digits[k];
                    }
                } else {
                    out[pos++] = '0';
                }
            }
            return pos;
        }
        out[pos++] = (byte) digits[0];
        if (nd > 1) {
            out[pos++] = '.';
            for (int k = 1; k < nd; k++) {
                out[pos++] = (byte) digits[k];
            }
        }
        out[pos++] = 'e';
        out[pos++] = (byte) (exp < 0 ? '-' : '+');
        int a = Math.abs(exp);
        if (a < 10) {
            out[pos++] = '0';
        }
        return ascii(Integer.toString(a), out, pos);
    }

    /**
     * Java's rule picks the closest 2-digit decimal when the shortest has 1 digit, which for normal
     * doubles is d.0; only imprecise subnormals (e.g. 4.9E-324, Python's 5e-324) can differ. Returns the
     * digit count after trying both 1-digit neighbours.
     */
    private static int oneDigit(double v, boolean single, char[] digits, CharSequence j, int ePos) {
        String e = j.subSequence(ePos, j.length()).toString();
        int d0 = digits[0] - '0';
        boolean up = digits[1] >= '5'; // the closer neighbour first, as Python's repr picks the closest shortest
        for (int cand : up ? new int[] {d0 + 1, d0} : new int[] {d0, d0 + 1}) {
            if (cand >= 1 && cand <= 9 && (single ? Float.parseFloat(cand + e) : Double.parseDouble(cand + e)) == Math.abs(v)) {
                digits[0] = (char) ('0' + cand);
                return 1;
            }
        }
        return 2;
    }

    /** Convenience for tests: the float32 repr as a String ("" for NaN). */
    static String repr32(float v) {
        byte[] b = new byte[32];
        int n = writeFloat32(v, b, 0, new StringBuilder());
        return new String(b, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Convenience for tests: the repr as a String. */
    static String repr(double v) {
        byte[] b = new byte[32];
        int n = write(v, b, 0, new StringBuilder());
        return new String(b, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static int ascii(CharSequence s, byte[] out, int pos) {
        for (int k = 0; k < s.length(); k++) {
            out[pos++] = (byte) s.charAt(k);
        }
        return pos;
    }
}
