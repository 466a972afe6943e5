package org.ragtime.cli.out;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The warnings and notes of the running command, held until it succeeds. A command that fails prints only its
 * one error line (the contract's "one clear line"), never a warning about work it then refused to do; one that
 * succeeds prints them just before its outputs are published ({@link AtomicOutputs#commit}), or at its end.
 */
public final class Notices {
    private static final List<String> HELD = new ArrayList<>();

    private Notices() {
    }

    /** Holds {@code "ragtime: warning: " + text}. */
    public static void warn(String text) {
        hold("ragtime: warning: " + text);
    }

    /** Holds {@code "ragtime: note: " + text}. */
    public static void note(String text) {
        hold("ragtime: note: " + text);
    }

    private static synchronized void hold(String line) {
        HELD.add(line);
    }

    /** Prints what is held, in order, and forgets it. */
    public static synchronized void flush(PrintStream err) {
        HELD.forEach(err::println);
        err.flush();
        HELD.clear();
    }

    /** Forgets what is held (the command failed, or a new one starts). */
    public static synchronized void discard() {
        HELD.clear();
    }
}
