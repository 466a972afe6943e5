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

    /**
     * While one long command runs with stderr on a terminal (generate, counts, ...): after {@code ragtime.busy.delay.ms}
     * (default one second) a line with the elapsed time appears, redrawn in place, and it disappears at the command's
     * first line on stderr or stdout (a command says what it wrote when it is done). Off a terminal nothing happens, so pipelines see only the
     * command's own lines. Installs a System.err and System.out that take the line down before they write; closing restores them.
     */
    public static AutoCloseable busy(String task) {
        if (!terminal()) {
            return () -> { };
        }
        PrintStream real = System.err;
        ProgressBarSink.Busy bar = new ProgressBarSink.Busy(task, real, Long.getLong("ragtime.busy.delay.ms", 1000));
        System.setErr(new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                bar.stop();
                real.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bar.stop();
                real.write(b, off, len);
            }

            @Override
            public void flush() {
                real.flush();
            }
        }, true));
        PrintStream realOut = System.out; // a summary on stdout (generate's) must not land on the indicator's line
        System.setOut(new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                bar.stop();
                realOut.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bar.stop();
                realOut.write(b, off, len);
            }

            @Override
            public void flush() {
                realOut.flush();
            }
        }, true));
        return () -> {
            bar.stop();
            System.setErr(real);
            System.setOut(realOut);
        };
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
