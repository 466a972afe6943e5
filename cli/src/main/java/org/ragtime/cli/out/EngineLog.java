package org.ragtime.cli.out;

import java.io.PrintStream;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Prints the library's log records (the engine's fallback notices, System.Logger records on loggers under
 * {@code org.ragtime}) as the command line always has: one line {@code ragtime: MESSAGE} on the standard
 * error stream current at the time, printed at once (fallback notices are not held like {@link Notices}).
 * The JDK's default System.Logger backend is java.util.logging, so this is a handler on its
 * {@code org.ragtime} logger that replaces the console handler's two-line format for those loggers only.
 */
public final class EngineLog {
    /** Held so java.util.logging (which keeps loggers weakly) never drops the configured logger. */
    private static final Logger RAGTIME = Logger.getLogger("org.ragtime");
    private static boolean installed;

    private EngineLog() {
    }

    /** Installs the handler (once per JVM; later calls do nothing). */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        RAGTIME.setUseParentHandlers(false);
        RAGTIME.addHandler(new Line());
    }

    private static final class Line extends Handler {
        private final Formatter message = new SimpleFormatter();

        Line() {
            setLevel(Level.ALL);
        }

        @Override
        public void publish(LogRecord r) {
            if (isLoggable(r)) {
                PrintStream err = System.err;
                err.println("ragtime: " + message.formatMessage(r));
            }
        }

        @Override
        public void flush() {
            System.err.flush();
        }

        @Override
        public void close() {
        }
    }
}
