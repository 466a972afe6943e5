package org.ragtime.engine.internal;

import java.lang.System.Logger.Level;

/**
 * How the engine says it fell back (a backend, a kernel or a codec that cannot run here, and what it uses
 * instead): one {@link System.Logger} record at {@link Level#WARNING} on the logger {@value #LOGGER}, whose
 * message is the whole notice, one line, without a prefix. A library user sees them wherever their
 * System.Logger backend sends records; the command line prints each as one {@code ragtime: ...} line on
 * standard error.
 */
public final class Fallbacks {
    /** The logger name of every fallback notice. */
    public static final String LOGGER = "org.ragtime.engine";

    private Fallbacks() {
    }

    /** Reports one fallback notice. */
    public static void report(String notice) {
        System.getLogger(LOGGER).log(Level.WARNING, notice);
    }
}
