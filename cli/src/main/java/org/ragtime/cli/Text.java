package org.ragtime.cli;

import java.util.Locale;

/** Wording shared by the commands' messages. */
final class Text {
    private Text() {
    }

    /** {@code n} and the noun, plural unless n is 1, with thousands separators: "1 unit", "12,412 spikes". */
    static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }
}
