package org.ragtime.cli.out;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.ragtime.io.Note;

/**
 * The warnings and notes of the running command, held until it succeeds. A command that fails prints only its
 * one error line (the contract's "one clear line"), never a warning about work it then refused to do; one that
 * succeeds prints them just before its outputs are published ({@link AtomicOutputs#commit}), or at its end.
 * Held per thread, so commands running side by side in one JVM ({@code ragtime batch}) keep their own.
 */
public final class Notices {
    /** Per thread: one command per thread at a time (a batch runs several sessions' commands at once, one per thread). */
    private static final ThreadLocal<List<String>> HELD = ThreadLocal.withInitial(ArrayList::new);

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

    /**
     * Holds an analysis's warnings and notes, in order, and returns its {@link Note.Level#INFO} notes, which the
     * command prints where it prints its own lines.
     */
    public static List<Note> hold(List<Note> notes) {
        List<Note> info = new ArrayList<>();
        for (Note n : notes) {
            if (n.level() == Note.Level.INFO) {
                info.add(n);
            } else {
                hold(n.line());
            }
        }
        return info;
    }

    private static void hold(String line) {
        HELD.get().add(line);
    }

    /** Prints what is held, in order, and forgets it. */
    public static void flush(PrintStream err) {
        HELD.get().forEach(err::println);
        err.flush();
        HELD.get().clear();
    }

    /** Forgets what is held (the command failed, or a new one starts). */
    public static void discard() {
        HELD.get().clear();
    }
}
