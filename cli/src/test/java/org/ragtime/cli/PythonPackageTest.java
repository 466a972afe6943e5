package org.ragtime.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ragtime.testing.Python;

/**
 * The Python package ({@code python/ragtime}, docs/python.md) against the command line: runs
 * {@code python/tests} (its functions compared with the command line on the bundled samples, and docs/python.md's
 * Python blocks) with Debian's {@code /usr/bin/python3}. The package runs in-process on this build's classes
 * ({@code RAGTIME_CLASSPATH}); the command line it compares with is a launcher script over the same classes
 * ({@code RAGTIME_CLI}), with the launcher's JVM flags.
 */
class PythonPackageTest {
    private static final Path ROOT = Cli.DATA.toAbsolutePath().normalize().getParent();

    @Test
    void thePythonPackageMatchesTheCommandLine(@TempDir Path tmp) throws Exception {
        String classpath = System.getProperty("java.class.path");
        String nativeDir = System.getProperty("ragtime.native.dir");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // as ./ragtime: the incubator module only where the Vector API must stand in for the native library
        boolean vector = nativeDir == null || !Files.isRegularFile(Path.of(nativeDir, "libragtime.so"));
        Path launcher = tmp.resolve("ragtime");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + java + "'" + (vector ? " --add-modules jdk.incubator.vector" : "")
                + " --enable-native-access=ALL-UNNAMED -Dragtime.native.dir='" + nativeDir + "' -Dragtime.home='" + ROOT + "'"
                + " -cp '" + classpath + "' org.ragtime.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));

        Path log = tmp.resolve("python.log");
        ProcessBuilder pb = new ProcessBuilder(Python.interpreter(), "-m", "unittest", "discover", "-s", "python/tests", "-v")
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("RAGTIME_CLASSPATH", classpath);
        env.put("RAGTIME_NATIVE_DIR", String.valueOf(nativeDir));
        env.put("RAGTIME_HOME", ROOT.toString());
        env.put("RAGTIME_CLI", launcher.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("PYTHONDONTWRITEBYTECODE", "1"); // no __pycache__ in the source tree
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("python/tests did not finish in 5 minutes:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        if (out.contains("ModuleNotFoundError")) {
            fail("python3 lacks a module (tools/deps.sh installs python3-jpype python3-xarray python3-numpy python3-pandas"
                    + " python3-h5py):\n" + out);
        }
        if (p.exitValue() != 0) {
            fail("python/tests failed (exit " + p.exitValue() + "):\n" + out);
        }
        Matcher ran = Pattern.compile("^Ran (\\d+) tests? in", Pattern.MULTILINE).matcher(out);
        assertTrue(ran.find() && Integer.parseInt(ran.group(1)) >= 15, "too few Python tests ran:\n" + out);
        assertTrue(List.of(out.split("\n")).contains("OK"), out);
    }
}
