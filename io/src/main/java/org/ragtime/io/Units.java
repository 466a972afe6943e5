package org.ragtime.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.ragtime.engine.SpikeTrains;

/**
 * The session's sorted units ({@code /units}): ids, metric columns and spike trains. Opening reads the
 * ids and the validated {@code spike_times_index}, never the spike times themselves; {@link #spikeTrains()}
 * is a view whose per-unit trains are slices of the file mapping.
 */
public final class Units {
    private static final String SPIKE_TIMES = "spike_times";

    private final Hdf5File f;
    private final DynamicTable table;
    private final VectorData spikeTimes;
    private volatile SpikeTrains trains;

    Units(Hdf5File f, DynamicTable table) {
        this.f = f;
        this.table = table;
        if (!table.has(SPIKE_TIMES)) {
            throw f.error(table.path() + "/" + SPIKE_TIMES, "missing (units without spike times)");
        }
        this.spikeTimes = table.column(SPIKE_TIMES);
        if (spikeTimes.kind() != VectorData.Kind.DOUBLE || spikeTimes.depth() != 1 || spikeTimes.dataShape().length != 1) {
            throw f.error(spikeTimes.path(), "spike times must be a 1-D float column with one index, found "
                    + spikeTimes.kind() + " of shape " + java.util.Arrays.toString(spikeTimes.dataShape()) + " with "
                    + spikeTimes.depth() + " index levels");
        }
    }

    /** The units table (all columns, e.g. {@code quality}, {@code firing_rate}). */
    public DynamicTable table() {
        return table;
    }

    /** Unit ids, in file order. Shared array: do not modify. */
    public long[] ids() {
        return table.ids();
    }

    /** Number of units. */
    public int count() {
        return Math.toIntExact(table.rowCount());
    }

    /** Total spikes of all units, from the index (no spike data read). */
    public long totalSpikes() {
        long[] o = spikeTimes.offsets();
        return o[o.length - 1];
    }

    /** Spike count of the unit in row {@code row}, from the index. */
    public long spikeCount(int row) {
        long[] o = spikeTimes.offsets();
        return o[row + 1] - o[row];
    }

    /**
     * Every unit's spike train, in row order; a float64 view on the mapped {@code spike_times} (a float32
     * dataset, which NWB does not prescribe but some writers produce, is widened once off-heap). The times
     * are not checked here: call {@link #validateSpikeTimes(int[])} for the units a command reads.
     */
    public SpikeTrains spikeTrains() {
        SpikeTrains t = trains;
        if (t == null) {
            NumericArray a = spikeTimes.array();
            MemorySegment times = a.type() == NumericArray.Type.FLOAT64 ? a.segment() : widen(a);
            trains = t = SpikeTrains.ofOffsets(times, spikeTimes.offsets());
        }
        return t;
    }

    private MemorySegment widen(NumericArray a) {
        MemorySegment out = f.arena.allocate(a.length() * Double.BYTES, 8);
        for (long i = 0; i < a.length(); i++) {
            out.setAtIndex(ValueLayout.JAVA_DOUBLE, i, a.getDouble(i));
        }
        return out;
    }

    /**
     * Checks that the spike times of the units in the given rows are finite and non-decreasing; reads
     * those units' spikes only.
     *
     * @throws NwbException naming the unit id, row and spike at the first violation
     */
    public void validateSpikeTimes(int[] rows) {
        SpikeTrains t = spikeTrains();
        MemorySegment times = t.times();
        long[] ids = ids();
        for (int row : rows) {
            long s = t.start(row);
            long e = t.end(row);
            double prev = Double.NEGATIVE_INFINITY;
            for (long k = s; k < e; k++) {
                double v = times.getAtIndex(SpikeTrains.TIME, k);
                if (!(v >= prev) || Double.isInfinite(v)) { // also catches NaN
                    String what = Double.isNaN(v) || Double.isInfinite(v) ? "is not finite (" + v + ")"
                            : "is earlier than the spike before it (" + v + " < " + prev + ")";
                    throw f.error(spikeTimes.path(), "unit " + ids[row] + " (row " + row + "): spike " + (k - s) + " "
                            + what);
                }
                prev = v;
            }
        }
    }

    /** Checks every unit; see {@link #validateSpikeTimes(int[])}. */
    public void validateSpikeTimes() {
        validateSpikeTimes(java.util.stream.IntStream.range(0, count()).toArray());
    }
}
