package org.ragtime.cli.fuzz;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A sample of the mutants run the way users run them: the real launcher {@code ./ragtime} as a child process
 * (its JVM flags, AOT cache and native kernels), to see what an in-process run cannot: JVM crashes (SIGBUS on a
 * mapping, SIGSEGV in a native kernel), hs_err files and the real exit status. When the shaded jar is missing or
 * older than a source (as during {@code mvn verify}, whose tests run before packaging), the launcher would rebuild
 * the project, so the same JVM flags are used with this JVM's class path instead, and the runs are labelled
 * {@code @java} rather than {@code @launcher}.
 */
final class LauncherRuns {
    private final Corpus corpus;
    private final Path tmp;
    private final PrintStream log;
    /** Whether ./ragtime can run as it is, decided when the campaign starts (sources may change during a long run). */
    private final boolean launcher;

    LauncherRuns(Corpus corpus, Path tmp, PrintStream log) throws IOException {
        this.corpus = corpus;
        this.tmp = tmp;
        this.log = log;
        this.launcher = jarIsFresh();
    }

    List<Outcome> run(FuzzMain.Options o, long end) throws IOException, InterruptedException {
        List<Outcome> all = new ArrayList<>();
        String label = launcher ? "@launcher" : "@java";
        if (launcher) { // the first run may make the AOT cache (a training run of the demo)
            exec(List.of(corpus.root.resolve("ragtime").toString(), "--version"), tmp, 600);
        }
        Runner runner = new Runner(corpus, tmp);
        Mutator mutator = new Mutator(corpus, o.seed);
        for (long i = o.from; i < end; i++) {
            if ((i - o.from) % o.launcherEvery != 0) {
                continue;
            }
            Mutant m = mutator.make(i);
            if (o.onlyClass != null && !m.kind().equals(o.onlyClass)) {
                continue;
            }
            List<List<String>> commands = Runner.commands(m.family(corpus));
            List<String> c = commands.get(1 + (int) ((i - o.from) / o.launcherEvery % (commands.size() - 1)));
            if (o.command != null && !o.command.equals(c.get(0))) {
                continue;
            }
            Path dir = tmp.resolve("launcher" + i);
            Path file = runner.materialise(m, dir);
            Path out = Files.createDirectories(dir.resolve("out"));
            List<String> cmd = new ArrayList<>();
            if (launcher) {
                cmd.add(corpus.root.resolve("ragtime").toString());
            } else {
                cmd.addAll(List.of(FuzzMain.javaBin(), "--enable-native-access=ALL-UNNAMED", "-XX:+UseParallelGC",
                        "-Dragtime.native.dir=" + corpus.root.resolve("src-native/target"), "-Dragtime.home=" + corpus.root,
                        "-cp", System.getProperty("java.class.path"), "org.ragtime.cli.Main"));
            }
            cmd.addAll(List.of(Runner.args(c, file, out)));
            long t0 = System.nanoTime();
            Result r = exec(cmd, dir, 120);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            String name = c.get(0) + label;
            Outcome x;
            if (r.status == Integer.MIN_VALUE) {
                x = new Outcome(i, m.kind(), name, "DEFECT", "hang", "child process still running after 120 s", ms, m.spec(), m.what());
            } else if (FuzzMain.hsErr(dir) || (r.out + r.err).contains("A fatal error has been detected")) {
                x = new Outcome(i, m.kind(), name, "DEFECT", "jvm-crash", "exit " + r.status + FuzzMain.crashSummary(dir), ms, m.spec(), m.what());
            } else {
                Outcome y = Runner.classify(m, c.get(0), r.status, r.out, r.err, file, out, ms);
                x = new Outcome(y.index(), y.kind(), name, y.result(), y.defect(), y.signature(), ms, y.spec(), y.what());
            }
            all.add(x);
            if (x.isDefect()) {
                log.println("fuzz: DEFECT " + x.defect() + " " + name + " #" + i + " " + x.signature());
            } else {
                Runner.delete(dir);
            }
        }
        return all;
    }

    private record Result(int status, String out, String err) {
    }

    private static Result exec(List<String> cmd, Path dir, int seconds) throws IOException, InterruptedException {
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Files.createDirectories(dir);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("RAGTIME_DEBUG");
        Process p = pb.start();
        int status;
        if (p.waitFor(seconds, TimeUnit.SECONDS)) {
            status = p.exitValue();
        } else {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            status = Integer.MIN_VALUE;
        }
        Result r = new Result(status, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    /** True when ./ragtime would run the jar as it is: it exists and no source, C file or pom is newer. */
    private boolean jarIsFresh() throws IOException {
        Path jar = corpus.root.resolve("cli/target/ragtime.jar");
        if (!Files.isRegularFile(jar) || !Files.isExecutable(corpus.root.resolve("ragtime"))) {
            return false;
        }
        long built = Files.getLastModifiedTime(jar).toMillis();
        try (Stream<Path> s = Files.walk(corpus.root)) {
            return s.filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".java") || n.endsWith(".c") || n.equals("pom.xml");
                    })
                    .noneMatch(p -> {
                        try {
                            return Files.getLastModifiedTime(p).toMillis() > built;
                        } catch (IOException e) {
                            return true;
                        }
                    });
        }
    }
}
