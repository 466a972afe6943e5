package org.ragtime.cli;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.ragtime.cli.out.Notices;
import org.ragtime.engine.BadInputException;
import org.ragtime.engine.KernelProvider;
import org.ragtime.engine.SpikeTrains;
import org.ragtime.io.NwbException;
import org.ragtime.io.Presentations;
import org.ragtime.io.Session;
import org.ragtime.io.Units;

/**
 * What an analysis command works on, resolved from its flags: the open session, the selected units
 * (rows of /units in output order, their ids and validated spike trains) and, when asked, the selected
 * presentations. Spike times of the selected units are checked (finite, sorted within each unit) here,
 * before any output is created.
 */
final class Analysis implements AutoCloseable {
    final Session session;
    final int[] unitRows;
    final long[] unitIds;
    final SpikeTrains trains;
    private Presentations presentations;

    Analysis(Path file, UnitOptions units) {
        this(file, units, KernelProvider.defaultThreads());
    }

    /** As {@link #Analysis(Path, UnitOptions)}, decoding chunked datasets on {@code threads} threads. */
    Analysis(Path file, UnitOptions units, int threads) {
        this.session = Session.open(file, threads);
        try {
            Units u = session.units();
            this.unitRows = units.rows(session);
            if (unitRows.length == 0) {
                Notices.warn("the unit selection is empty; the output has no units");
            }
            long[] all = u.ids();
            this.unitIds = new long[unitRows.length];
            for (int i = 0; i < unitRows.length; i++) {
                unitIds[i] = all[unitRows[i]];
            }
            u.validateSpikeTimes(unitRows);
            this.trains = u.spikeTrains().select(unitRows);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** The session's presentations (AllenSDK's joined table), built once. */
    Presentations presentations() {
        if (presentations == null) {
            presentations = Presentations.of(session);
        }
        return presentations;
    }

    /** Start times of the given presentation ids. */
    double[] starts(int[] ids) {
        double[] s = new double[ids.length];
        for (int i = 0; i < ids.length; i++) {
            s[i] = presentations().start(ids[i]);
        }
        return s;
    }

    /** Stop times of the given presentation ids. */
    double[] stops(int[] ids) {
        return presentations().stops(ids); // checked: a NaN or early stop is bad input naming table and row
    }

    /**
     * Warns (one line) when every window {@code [from[i], to[i]]} lies outside the span of the selected units'
     * spikes, so that every count is 0: the output is right, but almost never what the user meant (e.g. a
     * stimulus shown after the recording's last spike). Spike trains are sorted, so this reads two values a unit.
     */
    void warnIfWindowsMissEverySpike(double[] from, double[] to) {
        double first = Double.POSITIVE_INFINITY;
        double last = Double.NEGATIVE_INFINITY;
        for (int u = 0; u < trains.unitCount(); u++) {
            if (trains.count(u) > 0) {
                first = Math.min(first, trains.time(u, 0));
                last = Math.max(last, trains.time(u, trains.count(u) - 1));
            }
        }
        if (from.length == 0 || trains.unitCount() == 0) {
            return;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < from.length; i++) {
            if (to[i] >= first && from[i] <= last) {
                return; // this window can hold a spike
            }
            lo = Math.min(lo, from[i]);
            hi = Math.max(hi, to[i]);
        }
        Notices.warn(first > last
                ? "the selected units have no spikes"
                : String.format(java.util.Locale.ROOT, "all %s (%.3f to %.3f s) lie outside the selected"
                        + " units' spikes (%.3f to %.3f s); no spike falls in any of them", Text.count(from.length, "window"), lo, hi, first, last));
    }

    /** {@link #warnIfWindowsMissEverySpike} for bins {@code edges} relative to each of {@code starts}. */
    void warnIfBinsMissEverySpike(double[] starts, double[] edges) {
        double[] from = new double[starts.length];
        double[] to = new double[starts.length];
        for (int i = 0; i < starts.length; i++) {
            from[i] = starts[i] + edges[0];
            to[i] = starts[i] + edges[edges.length - 1];
        }
        warnIfWindowsMissEverySpike(from, to);
    }

    /**
     * Runs an engine computation over the selected presentations. The engine never opens a file, so its refusals
     * (presentations reversed, out of order or overlapping) name no file; this names the file and the
     * presentations table ({@code /intervals} when only ids were given), as every bad-input message must.
     */
    <T> T overPresentations(String stimulus, Supplier<T> computation) {
        try {
            return computation.get();
        } catch (NwbException e) {
            throw e;
        } catch (BadInputException e) {
            String table = stimulus == null ? "/intervals"
                    : "/intervals/" + (stimulus.endsWith("_presentations") ? stimulus : stimulus + "_presentations");
            throw new NwbException(session.file(), table, e.getMessage(), e);
        }
    }

    /** The ids as longs (for coordinates and messages). */
    static long[] longs(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return l;
    }

    @Override
    public void close() {
        session.close();
    }
}
