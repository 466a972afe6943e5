package org.ragtime.cli.batch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * System.out and System.err per thread: the commands of a batch print their own lines ("wrote ...", warnings) to
 * System.err, several at once on different threads; while a thread {@link #capture captures}, what it prints goes to
 * its own buffer, and every other thread prints where it printed before.
 */
final class ThreadStreams {
    private static final ThreadLocal<Capture> CURRENT = new ThreadLocal<>();

    private ThreadStreams() {
    }

    /** What one thread printed between {@link #capture()} and {@link Capture#close()}. */
    static final class Capture implements AutoCloseable {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();

        /** What the thread printed on System.err. */
        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            CURRENT.remove();
        }
    }

    /** Starts capturing this thread's System.out and System.err (routing them per thread if not yet). */
    static synchronized Capture capture() {
        if (!(System.out instanceof Routed)) {
            System.setOut(new Routed(System.out, false));
        }
        if (!(System.err instanceof Routed)) {
            System.setErr(new Routed(System.err, true));
        }
        Capture c = new Capture();
        CURRENT.set(c);
        return c;
    }

    /** A stream that writes to the capturing thread's buffer, else to the stream it replaced. */
    private static final class Routed extends PrintStream {
        Routed(PrintStream fallback, boolean err) {
            super(new OutputStream() {
                private OutputStream target() {
                    Capture c = CURRENT.get();
                    return c == null ? fallback : err ? c.err : c.out;
                }

                @Override
                public void write(int b) throws IOException {
                    target().write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    target().write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    target().flush();
                }
            }, true, StandardCharsets.UTF_8);
        }
    }
}
