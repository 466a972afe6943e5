package org.ragtime.io;

import java.nio.file.Path;

/** Where the NWB fixtures are: {@code -Dragtime.data.dir} (set by surefire) + {@code /nwb}. */
final class Fixtures {
    private Fixtures() {
    }

    static Path dir() {
        String d = System.getProperty("ragtime.data.dir");
        if (d == null) {
            throw new IllegalStateException("system property ragtime.data.dir is not set (run through Maven)");
        }
        return Path.of(d, "nwb");
    }

    static Path file(String relative) {
        return dir().resolve(relative);
    }
}
