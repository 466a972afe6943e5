package org.ragtime.engine.internal;

import org.ragtime.engine.PresentationWindows;

/**
 * The kernels' view of {@link PresentationWindows}' precomputed arrays (the absolute edge domain and the
 * bin-guess table), which the public class does not expose. {@code PresentationWindows} installs the
 * accessor in its static initialiser, so it is in place whenever a kernel holds a window list. The arrays
 * are the windows' own: kernels read them and never write.
 */
public final class Windows {
    /** Reads a window list's internal arrays; implemented by {@link PresentationWindows}. */
    public interface Access {
        /** {@code P x (B+1)} absolute edges, row-major. */
        double[] domain(PresentationWindows w);

        /** The guess table: entry q ~ number of edges at or below relative position q / guessScale. */
        int[] guessTable(PresentationWindows w);

        /** Buckets per second of relative time in the guess table (0 when the edges span nothing). */
        double guessScale(PresentationWindows w);
    }

    private static Access access;

    private Windows() {
    }

    /** Called once, by {@code PresentationWindows}' static initialiser. */
    public static synchronized void install(Access a) {
        if (access != null) {
            throw new IllegalStateException("PresentationWindows access installed twice");
        }
        access = a;
    }

    static double[] domain(PresentationWindows w) {
        return access.domain(w);
    }

    static int[] guessTable(PresentationWindows w) {
        return access.guessTable(w);
    }

    static double guessScale(PresentationWindows w) {
        return access.guessScale(w);
    }
}
