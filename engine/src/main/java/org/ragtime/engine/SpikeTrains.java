package org.ragtime.engine;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Spike trains of several units as a ragged view: one float64 segment of spike times (seconds,
 * native byte order, any alignment) and, per unit, the half-open element range {@code [start, end)}
 * of its spikes. This is the NWB layout of {@code spike_times} + {@code spike_times_index}; the times
 * segment is usually a slice of a read-only file mapping, so a unit's train is a slice of the file,
 * never a copy.
 *
 * <p>Immutable and thread-safe; it does not own the segment (the session or arena that mapped it does).
 * {@link #select(int[])} re-orders or subsets units without touching the spike data.
 */
public final class SpikeTrains {
    /** Layout of one spike time: float64, no alignment assumed (HDF5 data addresses need not be 8-aligned). */
    public static final ValueLayout.OfDouble TIME = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private final MemorySegment times;
    private final long[] starts;
    private final long[] ends;

    private SpikeTrains(MemorySegment times, long[] starts, long[] ends) {
        this.times = times;
        this.starts = starts;
        this.ends = ends;
    }

    /**
     * Trains from NWB-style cumulative offsets: unit {@code u} owns elements {@code [offsets[u], offsets[u+1])}.
     *
     * @param times   float64 spike times
     * @param offsets {@code unitCount + 1} non-decreasing offsets, {@code offsets[0] == 0}, last at most the
     *                number of times
     */
    public static SpikeTrains ofOffsets(MemorySegment times, long[] offsets) {
        if (offsets.length == 0) {
            throw new IllegalArgumentException("offsets must hold unitCount + 1 entries");
        }
        int n = offsets.length - 1;
        return of(times, Arrays.copyOfRange(offsets, 0, n), Arrays.copyOfRange(offsets, 1, n + 1));
    }

    /** Trains from explicit per-unit ranges {@code [starts[u], ends[u])} into {@code times}. */
    public static SpikeTrains of(MemorySegment times, long[] starts, long[] ends) {
        if (starts.length != ends.length) {
            throw new IllegalArgumentException("starts and ends differ in length");
        }
        long len = times.byteSize() / Double.BYTES;
        for (int u = 0; u < starts.length; u++) {
            if (starts[u] < 0 || ends[u] < starts[u] || ends[u] > len) {
                throw new IllegalArgumentException("unit " + u + ": range [" + starts[u] + ", " + ends[u]
                        + ") does not lie within " + len + " spike times");
            }
        }
        return new SpikeTrains(times, starts.clone(), ends.clone());
    }

    /** Trains held on the heap, one array per unit (tests, small inputs); copies into one segment. */
    public static SpikeTrains ofArrays(double[]... trains) {
        long total = 0;
        for (double[] t : trains) {
            total += t.length;
        }
        double[] all = new double[Math.toIntExact(total)];
        long[] offsets = new long[trains.length + 1];
        int k = 0;
        for (int u = 0; u < trains.length; u++) {
            System.arraycopy(trains[u], 0, all, k, trains[u].length);
            k += trains[u].length;
            offsets[u + 1] = k;
        }
        return ofOffsets(MemorySegment.ofArray(all), offsets);
    }

    /** Number of units. */
    public int unitCount() {
        return starts.length;
    }

    /** Element index (not byte offset) in {@link #times()} of unit {@code u}'s first spike. */
    public long start(int u) {
        return starts[u];
    }

    /** Element index one past unit {@code u}'s last spike. */
    public long end(int u) {
        return ends[u];
    }

    /** Number of spikes of unit {@code u}. */
    public long count(int u) {
        return ends[u] - starts[u];
    }

    /** Total spikes over all units of this view. */
    public long totalSpikes() {
        long s = 0;
        for (int u = 0; u < starts.length; u++) {
            s += ends[u] - starts[u];
        }
        return s;
    }

    /** The whole float64 segment the ranges index into. */
    public MemorySegment times() {
        return times;
    }

    /** Spike {@code k} (0-based within the unit) of unit {@code u}. */
    public double time(int u, long k) {
        return times.getAtIndex(TIME, starts[u] + k);
    }

    /** Unit {@code u}'s spike times as a slice of the underlying segment (no copy). */
    public MemorySegment train(int u) {
        return times.asSlice(starts[u] * Double.BYTES, (ends[u] - starts[u]) * Double.BYTES);
    }

    /** Unit {@code u}'s spike times copied to the heap (for tests and small outputs). */
    public double[] toArray(int u) {
        return train(u).toArray(TIME);
    }

    /** The units at the given positions, in that order (repeats allowed); shares the spike data. */
    public SpikeTrains select(int[] units) {
        long[] s = new long[units.length];
        long[] e = new long[units.length];
        for (int i = 0; i < units.length; i++) {
            s[i] = starts[units[i]];
            e[i] = ends[units[i]];
        }
        return new SpikeTrains(times, s, e);
    }
}
