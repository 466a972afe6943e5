package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short Python script with Debian's python3 (numpy, pandas) for interoperability tests: the
 * reference consumers of Ragtime's outputs. Fails the test, with the script's stderr, when python3 or a
 * module is missing (CI installs them; see .ci/run).
 */
public final class Python {
    private Python() {
    }

    /** The interpreter: Debian's /usr/bin/python3 when present (the one with python3-numpy), else python3. */
    public static String interpreter() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** Runs {@code script} with {@code args}; returns stdout, fails the test on a non-zero exit. */
    public static String run(String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(interpreter(), "-c", script));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("python failed (install Debian's python3-numpy and python3-pandas): "
                    + new String(err, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
