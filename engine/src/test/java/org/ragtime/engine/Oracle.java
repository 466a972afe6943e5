package org.ragtime.engine;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Brute-force references, deliberately independent of the kernels: every cell is computed by a plain
 * loop over every spike of its unit, with the edges computed from their definitions.
 */
final class Oracle {
    private Oracle() {
    }

    /** Raw counts, shape (P, B, U) flattened in C order. */
    static long[] counts(double[][] trains, double[] starts, double[] edges, BinRule rule) {
        int np = starts.length;
        int nb = edges.length - 1;
        int nu = trains.length;
        long[] out = new long[np * nb * nu];
        for (int p = 0; p < np; p++) {
            for (int j = 0; j < nb; j++) {
                double a = starts[p] + edges[j];
                double b = starts[p] + edges[j + 1];
                for (int u = 0; u < nu; u++) {
                    long c = 0;
                    for (double t : trains[u]) {
                        boolean in = rule == BinRule.CLOSED ? (a <= t && t <= b) : (a <= t && t < b);
                        if (in) {
                            c++;
                        }
                    }
                    out[(p * nb + j) * nu + u] = c;
                }
            }
        }
        return out;
    }

    /** What a count array of {@code type} holds for raw counts. */
    static long[] stored(long[] raw, CountType type, boolean binarize) {
        long[] s = new long[raw.length];
        for (int i = 0; i < raw.length; i++) {
            s[i] = binarize ? (raw[i] > 0 ? 1 : 0) : Math.min(raw[i], type.max());
        }
        return s;
    }

    static long max(long[] raw) {
        long m = 0;
        for (long v : raw) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** Mean PSTH (U, B): the sum over presentations of the raw counts, divided by P. */
    static double[] psth(double[][] trains, double[] starts, double[] edges, BinRule rule) {
        long[] raw = counts(trains, starts, edges, rule);
        int np = starts.length;
        int nb = edges.length - 1;
        int nu = trains.length;
        double[] out = new double[nu * nb];
        for (int u = 0; u < nu; u++) {
            for (int j = 0; j < nb; j++) {
                long sum = 0;
                for (int p = 0; p < np; p++) {
                    sum += raw[(p * nb + j) * nu + u];
                }
                out[u * nb + j] = np == 0 ? Double.NaN : (double) sum / np;
            }
        }
        return out;
    }

    /** Whole-session bins (U, n): bin k holds spikes with start + k*w <= t < start + (k+1)*w. */
    static long[] bins(double[][] trains, double start, double width, int n) {
        long[] out = new long[trains.length * n];
        for (int u = 0; u < trains.length; u++) {
            for (double t : trains[u]) {
                for (int k = 0; k < n; k++) {
                    double lo = start + k * width;
                    double hi = start + (k + 1) * width;
                    if (lo <= t && t < hi) {
                        out[u * n + k]++;
                    }
                }
            }
        }
        return out;
    }

    /** The cells of a count array as longs. */
    static long[] read(MemorySegment out, CountType type, long cells) {
        long[] v = new long[Math.toIntExact(cells)];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (type) {
                case UINT8 -> Byte.toUnsignedLong(out.get(ValueLayout.JAVA_BYTE, i));
                case UINT16 -> Short.toUnsignedLong(out.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i));
                case INT32 -> out.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i);
            };
        }
        return v;
    }
}
