package org.ragtime.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Python for the tests that use numpy, pandas or h5py as independent oracles: inline scripts and the
 * reference scripts in {@code tools/}. Uses Debian's {@code /usr/bin/python3} (the one with python3-numpy,
 * -pandas and -h5py; .ci/run installs them) and fails the test, with Python's stderr, when it or a module
 * is missing or the script fails. Shared with io, cli and bench tests through engine's test-jar.
 */
public final class Python {
    /** The repository's {@code tools/} directory (beside {@code -Dragtime.data.dir}). */
    public static final Path TOOLS = Path.of(System.getProperty("ragtime.data.dir", "../data")).toAbsolutePath().normalize()
            .resolveSibling("tools");

    private Python() {
    }

    /** The interpreter: Debian's /usr/bin/python3 when present, else python3 on the PATH. */
    public static String interpreter() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** Runs an inline script ({@code python3 -c script args...}); returns its stdout. */
    public static String run(String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(interpreter(), "-c", script));
        cmd.addAll(List.of(args));
        return exec(cmd, "inline script");
    }

    /** Runs {@code tools/name args...}; returns its stdout. */
    public static String tool(String name, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(interpreter(), TOOLS.resolve(name).toString()));
        cmd.addAll(List.of(args));
        return exec(cmd, name);
    }

    private static String exec(List<String> cmd, String what) throws IOException, InterruptedException {
        Path out = Files.createTempFile("ragtime-py", ".out");
        Path err = Files.createTempFile("ragtime-py", ".err");
        try {
            // files, not pipes: a chatty script cannot block on a full pipe
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(what + " did not finish in 5 minutes");
            }
            String e = Files.readString(err, StandardCharsets.UTF_8);
            if (e.contains("ModuleNotFoundError")) {
                fail("python3 lacks a module (install python3-numpy python3-pandas python3-h5py python3-sklearn; .ci/run does): " + e.strip());
            }
            if (p.exitValue() != 0) {
                fail(what + " failed (exit " + p.exitValue() + "): " + e.strip());
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
