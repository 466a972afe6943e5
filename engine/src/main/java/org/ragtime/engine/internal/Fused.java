package org.ragtime.engine.internal;

import static org.ragtime.engine.SpikeTrains.TIME;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.ragtime.engine.SpikeTrains;

/**
 * The fused reductions of the Java backends (issue 16): each unit's spikes read once, in order, each placed
 * through a {@link TimeTable} into a small accumulator (a PSTH row, a unit's per-presentation totals).
 */
final class Fused {
    private Fused() {
    }

    /**
     * Accumulates the cells of the spikes of units {@code [u0, u1)} into {@code acc[(u - u0) * stride + code]}
     * (the gap code included). Time is tiled into chunks of {@link TimeTable#chunkSteps} grid steps, all units
     * of the block in each: the table's chunk stays in cache while every unit's spikes in it are placed, and
     * each spike is still read once.
     */
    static void place(SpikeTrains units, int u0, int u1, TimeTable tt, long[] acc, int stride) {
        MemorySegment t = units.times();
        int n = u1 - u0;
        Scratch scratch = Scratch.get();
        long[] cur = scratch.longs(2, n);
        long[] stop = scratch.longs(3, n);
        for (int u = u0; u < u1; u++) {
            long e = units.end(u);
            long i = Walk.binarySearch(t, units.start(u), e, tt.t0);
            cur[u - u0] = i;
            stop[u - u0] = upperBound(t, i, e, tt.last);
        }
        long[] fast = tt.fast;
        double t0 = tt.t0;
        double inv = tt.inv;
        for (int chunk = 0; chunk < tt.chunks; chunk++) {
            double limit = tt.chunkLimit(chunk);
            for (int v = 0; v < n; v++) {
                int base = v * stride;
                long i = cur[v];
                long e = stop[v];
                for (; i < e; i++) {
                    double x = t.getAtIndex(TIME, i);
                    if (!(x < limit)) {
                        break;
                    }
                    int j = 2 * (int) ((x - t0) * inv);
                    double bnd = Double.longBitsToDouble(fast[j]);
                    long codes = fast[j + 1];
                    // the code below or above the boundary, from the sign of x - bnd (exact): no branch to mispredict
                    int c = (int) (codes >> ((int) (~Double.doubleToRawLongBits(x - bnd) >>> 63) << 5));
                    if (c >= 0 && x != bnd) {
                        acc[base + c]++;
                    } else {
                        general(tt, x, acc, base);
                    }
                }
                cur[v] = i;
            }
        }
    }

    /** The general path: the slot of x from the grid and the boundaries, then its cell or cells. */
    private static void general(TimeTable tt, double x, long[] acc, int base) {
        int c = tt.code[tt.slot(x)];
        if (c >= 0) {
            acc[base + c]++;
        } else {
            for (int s = tt.slowStart[~c], z = tt.slowStart[~c + 1]; s < z; s++) {
                acc[base + tt.slowCells[s]]++;
            }
        }
    }

    /** First index in {@code [lo, hi)} whose time is not {@code <= x} (sorted times), else hi. */
    static long upperBound(MemorySegment t, long lo, long hi, double x) {
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (t.getAtIndex(TIME, mid) <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Mean PSTH rows of units {@code [u0, u1)} through the table of the windows; returns the largest total. */
    static long psth(SpikeTrains units, TimeTable tt, int nb, int np, int u0, int u1, MemorySegment out) {
        int block = (int) Math.max(1, (1L << 18) / (nb + 1)); // accumulators of at most 2 MB
        long max = 0;
        for (int u = u0; u < u1; u += block) {
            max = Math.max(max, psthBlock(units, tt, nb, np, u, Math.min(u1, u + block), out));
        }
        return max;
    }

    private static long psthBlock(SpikeTrains units, TimeTable tt, int nb, int np, int u0, int u1, MemorySegment out) {
        int stride = nb + 1;
        long[] acc = Scratch.get().longs(0, Math.multiplyExact(u1 - u0, stride));
        Arrays.fill(acc, 0, (u1 - u0) * stride, 0);
        place(units, u0, u1, tt, acc, stride);
        long max = 0;
        for (int u = u0; u < u1; u++) {
            long row = (long) u * nb;
            int base = (u - u0) * stride;
            for (int j = 0; j < nb; j++) {
                max = Math.max(max, acc[base + j]);
                out.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, row + j, (double) acc[base + j] / np);
            }
        }
        return max;
    }

    /** Per-presentation totals of units {@code [u0, u1)}: {@code counts[(u - u0) * np + p]}. */
    static void totals(SpikeTrains units, TimeTable tt, int np, int u0, int u1, long[] counts) {
        int stride = np + 1;
        long[] acc = Scratch.get().longs(0, Math.multiplyExact(u1 - u0, stride));
        Arrays.fill(acc, 0, (u1 - u0) * stride, 0);
        place(units, u0, u1, tt, acc, stride);
        for (int u = u0; u < u1; u++) {
            System.arraycopy(acc, (u - u0) * stride, counts, (u - u0) * np, np);
        }
    }

    /** Per-presentation totals by a merge walk (no table): {@code start < t <= stop}, presentations sorted and disjoint. */
    static void totalsWalk(SpikeTrains units, double[] starts, double[] stops, int u0, int u1, long[] counts) {
        int np = starts.length;
        MemorySegment t = units.times();
        for (int u = u0; u < u1; u++) {
            long k = units.start(u);
            long n = units.end(u);
            for (int p = 0; p < np; p++) {
                while (k < n && t.getAtIndex(TIME, k) <= starts[p]) {
                    k++;
                }
                long lo = k;
                while (k < n && t.getAtIndex(TIME, k) <= stops[p]) {
                    k++;
                }
                counts[(u - u0) * np + p] = k - lo;
            }
        }
    }
}
