package org.ragtime.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ragtime.engine.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ragtime bench}: runs the standard JMH suite ({@code org.ragtime.bench.Suite} in
 * {@code bench/target/benchmarks.jar}) in a child JVM, since JMH forks a JVM per benchmark anyway.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The standard benchmark suite: every kernel family and backend on the standard workloads (config A,"
                + " the 300 ROI x 90,000 frame dF/F experiment, a 25 M-spike file), as a table of time, throughput and ratio to"
                + " this machine's floor (streaming write and read measured by the same harness), or one JSON object.",
                "Takes a few minutes (about one with --quick). docs/benchmarks.md records a run."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "Fewer and shorter iterations (noisier).")
    boolean quick;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Option(names = "--include", paramLabel = "REGEX", description = "Only the entries whose label matches (e.g. counts).")
    String include;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("ragtime.home", "."));
        Path jar = home.resolve("bench/target/benchmarks.jar");
        if (!Files.isRegularFile(jar)) {
            throw new BadInputException(jar + ": missing; build the project (./ragtime builds it, or mvn package)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED",
                "-Dragtime.native.dir=" + System.getProperty("ragtime.native.dir", home.resolve("src-native/target").toString()),
                "-cp", jar.toString(), "org.ragtime.bench.Suite"));
        if (quick) {
            cmd.add("--quick");
        }
        if (json) {
            cmd.add("--json");
        }
        if (include != null) {
            cmd.addAll(List.of("--include", include));
        }
        Process p = new ProcessBuilder(cmd).start();
        // the JMH forks print JDK warnings we cannot switch off (on either stream); keep everything else
        Thread errors = Thread.ofPlatform().start(() -> copyWithoutWarnings(p.getErrorStream(), System.err));
        copyWithoutWarnings(p.getInputStream(), System.out);
        errors.join();
        return p.waitFor();
    }

    private static void copyWithoutWarnings(java.io.InputStream in, java.io.PrintStream to) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.startsWith("WARNING: ")) {
                    to.println(line);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
