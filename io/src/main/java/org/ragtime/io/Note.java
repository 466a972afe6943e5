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
