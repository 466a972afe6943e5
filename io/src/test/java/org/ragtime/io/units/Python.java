package org.ragtime.io.units;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the reference scripts in tools/ with Debian's python3 + pandas; fails clearly when they are missing. */
final class Python {
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private Python() {
    }

    static Path tools() {
        return Path.of(System.getProperty("ragtime.data.dir", "data")).toAbsolutePath().getParent().resolve("tools");
    }

    /** Runs {@code tools/script args...}; returns stderr; fails the test with the script's stderr on a non-zero exit. */
    static String run(String script, String... args) throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            fail("this test needs Debian's /usr/bin/python3 with python3-pandas and python3-h5py (.ci/run installs them)");
        }
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), tools().resolve(script).toString()));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile("ragtime-py", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(script + " did not finish in 5 minutes");
            }
            String e = Files.readString(err, StandardCharsets.UTF_8);
            if (e.contains("ModuleNotFoundError")) {
                fail("python3 lacks a module (install python3-pandas python3-h5py; .ci/run does): " + e.strip());
            }
            if (p.exitValue() != 0) {
                fail(script + " " + String.join(" ", args) + " failed: " + e.strip());
            }
            return e;
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
