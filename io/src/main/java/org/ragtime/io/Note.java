package org.ragtime.io;

import java.util.Locale;

/**
 * Something an analysis wants its caller to know that is not an error: AllenSDK's warnings (binarizing wide
 * bins, overlapping windows), an empty unit selection, windows that miss every spike, a count type widened.
 * The library never prints; results carry their notes in the order they arose, and the command line prints
 * them ({@link #line()}) when the command succeeds.
 *
 * @param level how the command line labels it
 * @param text  one line, no prefix
 */
public record Note(Level level, String text) {
    /** How a note is labelled. */
    public enum Level {
        /** Probably not what the caller meant ({@code ragtime: warning: ...}). */
        WARNING,
        /** Worth knowing ({@code ragtime: note: ...}). */
        NOTE,
        /** A plain statement of what was done ({@code ragtime: ...}). */
        INFO
    }

    /**
     * {@code n} and the noun, plural unless n is 1, with thousands separators ("1 unit", "12,412 spikes"): the
     * wording of every count in notes and in the command line's messages.
     */
    public static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    /** The line the command line prints for it. */
    public String line() {
        return switch (level) {
            case WARNING -> "ragtime: warning: " + text;
            case NOTE -> "ragtime: note: " + text;
            case INFO -> "ragtime: " + text;
        };
    }

    @Override
    public String toString() {
        return level.name().toLowerCase(Locale.ROOT) + ": " + text;
    }
}
