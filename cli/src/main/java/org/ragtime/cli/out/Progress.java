package org.ragtime.cli.out;

import java.io.PrintStream;

/**
 * Progress of work made of items (sessions of a batch, files of a generated project): a live bar with items done of
 * total, throughput and ETA when stderr is a terminal, else one line per finished item. The bar (me.tongfei
 * progressbar) lives in {@link ProgressBarSink}, loaded only when a terminal is there, so plain runs and pipelines
 * never load its classes.
 *
 * <p>{@code RAGTIME_PROGRESS=bar|lines} overrides the choice (e.g. lines in a terminal that records its output).
 */
public abstract class Progress implements AutoCloseable {
    /** Whether stderr is an interactive terminal. */
    public static boolean terminal() {
        String forced = System.getenv("RAGTIME_PROGRESS");
        if (forced != null) {
            return forced.equals("bar");
        }
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    /** A bar on a terminal, else one line per item on {@code err}. */
    public static Progress start(String task, String unit, long total, PrintStream err) {
        return terminal() ? new ProgressBarSink(task, unit, total, err) : new Lines(err);
    }

    /** One line per item, nothing else. */
    public static Progress lines(PrintStream err) {
        return new Lines(err);
    }

    /** One item finished; {@code line} describes it (printed as it is in line mode, the bar's message otherwise). */
    public abstract void done(String line);

    @Override
    public abstract void close();

    private static final class Lines extends Progress {
        private final PrintStream err;

        Lines(PrintStream err) {
            this.err = err;
        }

        @Override
        public synchronized void done(String line) {
            err.println(line);
            err.flush();
        }

        @Override
        public void close() {
        }
    }
}
