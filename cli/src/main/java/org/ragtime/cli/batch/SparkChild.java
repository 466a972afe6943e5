package org.ragtime.cli.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --engine spark} from the ordinary command line: Spark is not in ragtime.jar (nor on its start-up path), so the
 * same {@code batch} command line runs in a child JVM whose class path is the spark module's application jar plus the
 * Spark jars that Maven resolved for it ({@code spark/target/spark.classpath}), with the JVM flags Spark needs on JDK 25;
 * the child's output is this command's output and its exit status this command's.
 */
final class SparkChild {
    /**
     * What Spark 4 needs opened on JDK 17+ (its launcher's JavaModuleOptions; sun.security.action is gone from JDK 25's
     * java.base), and sun.misc.Unsafe memory access allowed without JDK 24+'s warning (Spark's Platform uses it).
     */
    static final List<String> JVM_FLAGS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
            "-Djdk.reflect.useDirectMethodHandle=false", "-Dio.netty.tryReflectionSetAccessible=true");

    private SparkChild() {
    }

    /** Runs {@code ragtime batch ARGS} in a JVM with Spark on its class path; returns its exit status. */
    static int run(List<String> args) {
        Path home = Path.of(System.getProperty("ragtime.home", "."));
        Path jar = home.resolve("spark/target/ragtime-spark.jar");
        Path cp = home.resolve("spark/target/spark.classpath");
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(cp)) {
            throw new IllegalStateException("--engine spark: the spark module is not built (" + jar + ", " + cp
                    + "); build it with mvn -pl spark -am package");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_FLAGS);
        cmd.add("--enable-native-access=ALL-UNNAMED");
        for (String p : List.of("ragtime.native.dir", "ragtime.home", "ragtime.kernels", "ragtime.threads")) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        try {
            cmd.add("-cp");
            cmd.add(jar + java.io.File.pathSeparator + Files.readString(cp).strip());
            cmd.add("org.ragtime.cli.Main");
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            return p.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("--engine spark: cannot start the Spark JVM: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("--engine spark: interrupted", e);
        }
    }
}
