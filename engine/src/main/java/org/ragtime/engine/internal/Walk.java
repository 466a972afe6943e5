package org.ragtime.engine.internal;

import static org.ragtime.engine.SpikeTrains.TIME;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.ragtime.engine.BinRule;
import org.ragtime.engine.CountType;
import org.ragtime.engine.PresentationWindows;
import org.ragtime.engine.SpikeTrains;

/**
 * The spike walks shared by the Java backends. A backend plugs in the two inner loops that benefit from
 * SIMD ({@link Drain}, {@link RunEnd}); the walk itself (cursor search, bin location) is one piece of
 * code, so the backends can differ only where they are meant to.
 *
 * <p>Counts: presentations are processed one at a time; a presentation's (bins, units) slab is counted
 * into an int scratch that fits in L2, then drained into the output in one sequential pass, so the big
 * output is written once, in order. Each unit keeps a cursor into its train; the next window's first
 * spike is found by galloping from it (O(1) for sorted abutting windows, O(log n) for any order).
 */
final class Walk {
    private Walk() {
    }

    /** Moves a drained slab of counts into the output, clearing the slab; returns the largest count. */
    interface Drain {
        int drain(int[] slab, int n, MemorySegment out, long byteOffset, CountType type, boolean binarize);
    }

    /** First index in {@code [from, end)} whose spike time is not below {@code limit} (sorted times), else end. */
    interface RunEnd {
        long runEnd(MemorySegment times, long from, long end, double limit);
    }

    // ---------------------------------------------------------------------------------------- searching

    /** First index in {@code [lo, hi)} with {@code t[i] >= x} (sorted t), searched by galloping from {@code from}. */
    static long lowerBound(MemorySegment t, long lo, long hi, long from, double x) {
        if (from < lo) {
            from = lo;
        } else if (from > hi) {
            from = hi;
        }
        if (from < hi && t.getAtIndex(TIME, from) < x) {
            long a = from; // t[a] < x
            long step = 1;
            long b = from + 1;
            while (b < hi && t.getAtIndex(TIME, b) < x) {
                a = b;
                step <<= 1;
                b = a + step;
            }
            return binarySearch(t, a + 1, Math.min(b, hi), x);
        }
        long b = from; // b == hi or t[b] >= x
        long step = 1;
        long a = from - 1;
        while (a >= lo && !(t.getAtIndex(TIME, a) < x)) {
            b = a;
            step <<= 1;
            a = b - step;
        }
        return binarySearch(t, Math.max(a + 1, lo), b, x);
    }

    /** First index in {@code [lo, hi)} with {@code !(t[i] < x)}, else hi. */
    static long binarySearch(MemorySegment t, long lo, long hi, double x) {
        while (lo < hi) {
            long m = (lo + hi) >>> 1;
            if (t.getAtIndex(TIME, m) < x) {
                lo = m + 1;
            } else {
                hi = m;
            }
        }
        return lo;
    }

    // ------------------------------------------------------------------------------------------- counts

    /** Counts presentations {@code [p0, p1)} into {@code out}; returns the largest count. */
    static long counts(SpikeTrains units, PresentationWindows w, int p0, int p1, CountType type, boolean binarize,
                       MemorySegment out, Drain drain) {
        int nu = units.unitCount();
        int nb = w.binCount();
        int ne = nb + 1;
        int cells = Math.multiplyExact(nb, nu);
        Scratch s = Scratch.get();
        int[] slab = s.ints(cells);
        Arrays.fill(slab, 0, cells, 0);
        long[] cur = s.longs(0, nu);
        long[] first = s.longs(1, nu);
        long[] end = s.longs(2, nu);
        for (int u = 0; u < nu; u++) {
            first[u] = units.start(u);
            end[u] = units.end(u);
            cur[u] = first[u];
        }
        double[] dom = Windows.domain(w);
        int[] guess = Windows.guessTable(w);
        double gs = Windows.guessScale(w);
        int gmax = guess.length - 1;
        boolean closed = w.rule() == BinRule.CLOSED;
        MemorySegment t = units.times();
        long slabBytes = (long) cells * type.bytes();
        long max = 0;
        for (int p = p0; p < p1; p++) {
            int base = p * ne;
            double lo = dom[base];
            if (lo == lo) { // a NaN start leaves the window empty
                double hi = dom[base + nb];
                for (int u = 0; u < nu; u++) {
                    long e = end[u];
                    long i = lowerBound(t, first[u], e, cur[u], lo);
                    for (; i < e; i++) {
                        double x = t.getAtIndex(TIME, i);
                        if (closed ? !(x <= hi) : !(x < hi)) {
                            break;
                        }
                        int le = edgesAtOrBelow(dom, base, nb, x, guess, gs, gmax);
                        if (closed && dom[base + le - 1] == x) { // on an edge: every bin that has it as an end
                            int lt = le - 1;
                            while (lt > 0 && dom[base + lt - 1] >= x) {
                                lt--;
                            }
                            int j1 = Math.min(nb - 1, le - 1);
                            for (int j = Math.max(0, lt - 1); j <= j1; j++) {
                                slab[j * nu + u]++;
                            }
                        } else {
                            slab[(le - 1) * nu + u]++;
                        }
                    }
                    cur[u] = i;
                }
            }
            max = Math.max(max, drain.drain(slab, cells, out, p * slabBytes, type, binarize));
        }
        return max;
    }

    /**
     * Number of absolute edges {@code dom[base + k], k = 0..nb} that are {@code <= x}, for
     * {@code dom[base] <= x}: a table guess {@code g} from the relative position (the answer is g or g + 1
     * for uniform edges, settled without a branch), then corrected against the exact edges (which are
     * non-decreasing) in loops that almost never run.
     */
    static int edgesAtOrBelow(double[] dom, int base, int nb, double x, int[] guess, double gs, int gmax) {
        int q = Math.min(Math.max((int) ((x - dom[base]) * gs), 0), gmax);
        int g = guess[q];
        int le = g + (dom[base + g] <= x ? 1 : 0);
        while (le > 0 && dom[base + le - 1] > x) {
            le--;
        }
        while (le <= nb && dom[base + le] <= x) {
            le++;
        }
        return le;
    }

    /** The reference drain: one element at a time. */
    static int drainScalar(int[] slab, int n, MemorySegment out, long off, CountType type, boolean binarize) {
        return drainRange(slab, 0, n, out, off, type, binarize);
    }

    /** Drains cells {@code [from, to)} of a slab whose cell 0 goes to byte {@code off} of {@code out}. */
    static int drainRange(int[] slab, int from, int to, MemorySegment out, long off, CountType type, boolean binarize) {
        int cap = type.max();
        int max = 0;
        switch (type) {
            case UINT8 -> {
                for (int i = from; i < to; i++) {
                    int c = slab[i];
                    slab[i] = 0;
                    max = Math.max(max, c);
                    out.set(ValueLayout.JAVA_BYTE, off + i, (byte) (binarize ? (c > 0 ? 1 : 0) : Math.min(c, cap)));
                }
            }
            case UINT16 -> {
                for (int i = from; i < to; i++) {
                    int c = slab[i];
                    slab[i] = 0;
                    max = Math.max(max, c);
                    out.set(ValueLayout.JAVA_SHORT_UNALIGNED, off + 2L * i,
                            (short) (binarize ? (c > 0 ? 1 : 0) : Math.min(c, cap)));
                }
            }
            case INT32 -> {
                for (int i = from; i < to; i++) {
                    int c = slab[i];
                    slab[i] = 0;
                    max = Math.max(max, c);
                    out.set(ValueLayout.JAVA_INT_UNALIGNED, off + 4L * i, binarize ? (c > 0 ? 1 : 0) : c);
                }
            }
        }
        return max;
    }

    // --------------------------------------------------------------------------------------------- PSTH

    /** Mean counts of units {@code [u0, u1)} over all presentations into float64 rows of {@code out}. */
    static long psth(SpikeTrains units, PresentationWindows w, int u0, int u1, MemorySegment out) {
        int nb = w.binCount();
        int ne = nb + 1;
        int np = w.presentationCount();
        long[] acc = Scratch.get().longs(0, nb);
        double[] dom = Windows.domain(w);
        int[] guess = Windows.guessTable(w);
        double gs = Windows.guessScale(w);
        int gmax = guess.length - 1;
        boolean closed = w.rule() == BinRule.CLOSED;
        MemorySegment t = units.times();
        long max = 0;
        for (int u = u0; u < u1; u++) {
            Arrays.fill(acc, 0, nb, 0);
            long first = units.start(u);
            long e = units.end(u);
            long cur = first;
            for (int p = 0; p < np; p++) {
                int base = p * ne;
                double lo = dom[base];
                if (lo != lo) {
                    continue;
                }
                double hi = dom[base + nb];
                long i = lowerBound(t, first, e, cur, lo);
                for (; i < e; i++) {
                    double x = t.getAtIndex(TIME, i);
                    if (closed ? !(x <= hi) : !(x < hi)) {
                        break;
                    }
                    int le = edgesAtOrBelow(dom, base, nb, x, guess, gs, gmax);
                    if (closed && dom[base + le - 1] == x) {
                        int lt = le - 1;
                        while (lt > 0 && dom[base + lt - 1] >= x) {
                            lt--;
                        }
                        int j1 = Math.min(nb - 1, le - 1);
                        for (int j = Math.max(0, lt - 1); j <= j1; j++) {
                            acc[j]++;
                        }
                    } else {
                        acc[le - 1]++;
                    }
                }
                cur = i;
            }
            long row = (long) u * nb;
            for (int j = 0; j < nb; j++) {
                max = Math.max(max, acc[j]);
                out.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, row + j, np == 0 ? Double.NaN : (double) acc[j] / np);
            }
        }
        return max;
    }

    // ------------------------------------------------------------------------------------------ binning

    /** Bins units {@code [u0, u1)} into rows of {@code out}; returns the largest count. */
    static long bin(SpikeTrains units, double start, double width, long nbins, CountType type, MemorySegment out,
                    int u0, int u1, RunEnd runs) {
        int bytes = type.bytes();
        int cap = type.max();
        double inv = 1.0 / width;
        double stop = start + nbins * width;
        MemorySegment t = units.times();
        long max = 0;
        for (int u = u0; u < u1; u++) {
            long row = (long) u * nbins * bytes;
            out.asSlice(row, nbins * bytes).fill((byte) 0);
            long e = units.end(u);
            long i = binarySearch(t, units.start(u), e, start);
            while (i < e) {
                double x = t.getAtIndex(TIME, i);
                if (!(x < stop)) {
                    break;
                }
                if (!(x >= start)) { // only reachable with unsorted input
                    i++;
                    continue;
                }
                long k = binOf(x, start, width, inv, nbins);
                long j = runs.runEnd(t, i + 1, e, start + (k + 1) * width);
                long c = j - i;
                max = Math.max(max, c);
                store(out, row + k * bytes, type, (int) Math.min(c, cap));
                i = j;
            }
        }
        return max;
    }

    /** The k with {@code start + k*width <= x < start + (k+1)*width}, for {@code start <= x < start + nbins*width}. */
    static long binOf(double x, double start, double width, double inv, long nbins) {
        long k = (long) ((x - start) * inv);
        if (k < 0) {
            k = 0;
        } else if (k > nbins - 1) {
            k = nbins - 1;
        }
        while (k > 0 && x < start + k * width) {
            k--;
        }
        while (k < nbins - 1 && x >= start + (k + 1) * width) {
            k++;
        }
        return k;
    }

    /** The reference run end: one spike at a time. */
    static long runEndScalar(MemorySegment t, long from, long end, double limit) {
        long j = from;
        while (j < end && t.getAtIndex(TIME, j) < limit) {
            j++;
        }
        return j;
    }

    private static void store(MemorySegment out, long off, CountType type, int v) {
        switch (type) {
            case UINT8 -> out.set(ValueLayout.JAVA_BYTE, off, (byte) v);
            case UINT16 -> out.set(ValueLayout.JAVA_SHORT_UNALIGNED, off, (short) v);
            case INT32 -> out.set(ValueLayout.JAVA_INT_UNALIGNED, off, v);
        }
    }

    // ------------------------------------------------------------------------------------- validation

    static void checkOut(MemorySegment out, long cells, int bytes, String what) {
        long need = Math.multiplyExact(cells, (long) bytes);
        if (out.byteSize() < need) {
            throw new IllegalArgumentException(what + ": output holds " + out.byteSize() + " bytes, needs " + need);
        }
        if (out.isReadOnly()) {
            throw new IllegalArgumentException(what + ": output segment is read-only");
        }
    }
}
