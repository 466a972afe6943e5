package org.ragtime.cli.fuzz;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The reader fuzzer's runner (docs/reliability.md). {@code tools/fuzz.sh} runs it; {@code FuzzTest} runs its CI
 * budget.
 *
 * <pre>
 * tools/fuzz.sh [--runs N] [--seed S] [--from I]        mutants I .. I+N-1 of seed S (default 300 mutants, seed 1)
 * tools/fuzz.sh --seed S --only I                       one mutant of a campaign
 * tools/fuzz.sh --replay SPEC [--command NAME]          one mutant from its spec (printed with every defect)
 * tools/fuzz.sh --replay-file FILE                     the fixtures of FILE (as cli/src/test/resources/fuzz/regressions.tsv)
 *   --command NAME        only this subcommand (info, counts, units, spike-times, bin, psth, condition-stats, align-dff)
 *   --class NAME          only mutants of this class (flip, truncate, zero, extreme, semantic, utf8, h5py, chunk)
 *   --refuse A,B / --accept A,B   with --replay: commands that must refuse / must accept the mutant
 *   --launcher-every K    also run every K-th mutant through ./ragtime as a child process (default 100, 0 = never)
 *   --report FILE         also write the summary to FILE;  --outcomes FILE  every run as a TSV line
 *   --verbose             print every defect run as it happens
 *   --no-sweep            do not start with the h5py corpus sweep (each corpus mutant once, as mutants -K..-1)
 *   --zlib alternate|libdeflate|jdk   how gzip chunks are decoded (default alternate: the mutants in blocks of
 *                         --zlib-block (500), libdeflate through FFM in even blocks, java.util.zip (-Dragtime.zlib=jdk) in
 *                         odd ones, so --only I decodes as the campaign did; --replay and fixtures: libdeflate)
 * </pre>
 *
 * Exit status 0 when no run was a defect, 1 otherwise. The mutants run in child JVMs ("workers", {@code -Xmx1g}),
 * each command in-process there; a worker that hangs, throws an Error or crashes is replaced by a fresh one at
 * the next mutant, and a crash is itself recorded as a defect.
 */
public final class FuzzMain {
    /** Options of a campaign. */
    static final class Options {
        long seed = 1;
        long from = 0;
        long runs = 300;
        String replay;
        /** Regression fixtures to replay, each with its own command and oracles. */
        List<Fixture> fixtures;
        /** With --replay: the oracles the generator would have attached (commands that must refuse, must accept). */
        java.util.Set<String> refuse = java.util.Set.of();
        java.util.Set<String> accept;
        String command;
        /** Only mutants of this class (the others are generated, to keep the indexes, and skipped). */
        String onlyClass;
        int launcherEvery = 100;
        Path report;
        Path outcomes;
        boolean verbose;
        boolean worker;
        /** Where the fixtures are written for the workers. */
        Path fixtureFile;
        /** Worker only: start the first mutant at this command (after a restart). */
        int skip;
        /** Start with every h5py corpus mutant once (mutants -K..-1). */
        boolean sweep = true;
        Path tmp;
        /** alternate (by blocks of mutants), libdeflate (the default choice of the JVM) or jdk (-Dragtime.zlib=jdk). */
        String zlib = "alternate";
        int zlibBlock = 500;
        /** Worker only: stop before this mutant (the end of its zlib block). */
        long until = Long.MAX_VALUE;

        /** True if mutant {@code index} decodes gzip chunks with java.util.zip (the worker runs with -Dragtime.zlib=jdk). */
        boolean jdkZlib(long index) {
            return zlib.equals("jdk") || (zlib.equals("alternate") && replay == null && fixtures == null
                    && Math.floorMod(Math.floorDiv(index, zlibBlock), 2) == 1);
        }

        /** The end (exclusive) of the zlib block of mutant {@code index}. */
        long zlibBlockEnd(long index) {
            return zlib.equals("alternate") ? (Math.floorDiv(index, zlibBlock) + 1) * zlibBlock : Long.MAX_VALUE;
        }

        static Options parse(String... args) throws IOException {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--seed" -> o.seed = Long.parseLong(args[++i]);
                    case "--from" -> o.from = Long.parseLong(args[++i]);
                    case "--runs" -> o.runs = Long.parseLong(args[++i]);
                    case "--only" -> {
                        o.from = Long.parseLong(args[++i]);
                        o.runs = 1;
                        o.sweep = false;
                    }
                    case "--replay-file" -> {
                        o.fixtures = Fixture.read(Files.readString(Path.of(args[++i])));
                        o.sweep = false;
                        o.launcherEvery = 0;
                    }
                    case "--replay" -> {
                        o.replay = args[++i];
                        o.sweep = false;
                    }
                    case "--command" -> o.command = args[++i];
                    case "--class" -> o.onlyClass = args[++i];
                    case "--refuse" -> o.refuse = java.util.Set.of(args[++i].split(","));
                    case "--accept" -> o.accept = java.util.Set.of(args[++i].split(","));
                    case "--launcher-every" -> o.launcherEvery = Integer.parseInt(args[++i]);
                    case "--report" -> o.report = Path.of(args[++i]);
                    case "--outcomes" -> o.outcomes = Path.of(args[++i]);
                    case "--verbose" -> o.verbose = true;
                    case "--no-sweep" -> o.sweep = false;
                    case "--worker" -> o.worker = true;
                    case "--skip" -> o.skip = Integer.parseInt(args[++i]);
                    case "--tmp" -> o.tmp = Path.of(args[++i]);
                    case "--zlib" -> {
                        o.zlib = args[++i];
                        if (!java.util.Set.of("alternate", "libdeflate", "jdk").contains(o.zlib)) {
                            throw new IllegalArgumentException("--zlib alternate, libdeflate or jdk, not " + o.zlib);
                        }
                    }
                    case "--zlib-block" -> o.zlibBlock = Integer.parseInt(args[++i]);
                    case "--until" -> o.until = Long.parseLong(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + a + " (see docs/reliability.md)");
                }
            }
            return o;
        }

        List<String> workerArgs(long start, int skipCommands) {
            List<String> a = new ArrayList<>(List.of("--worker", "--seed", Long.toString(seed), "--from", Long.toString(start),
                    "--runs", Long.toString(from + runs - start), "--tmp", tmp.toString(), "--skip", Integer.toString(skipCommands),
                    "--zlib", zlib, "--zlib-block", Integer.toString(zlibBlock)));
            if (fixtures == null && replay == null) {
                a.addAll(List.of("--until", Long.toString(zlibBlockEnd(start))));
            }
            if (replay != null) {
                a.addAll(List.of("--replay", replay));
            }
            if (fixtures != null) {
                a.addAll(List.of("--replay-file", fixtureFile.toString()));
            }
            if (command != null) {
                a.addAll(List.of("--command", command));
            }
            if (onlyClass != null) {
                a.addAll(List.of("--class", onlyClass));
            }
            if (!refuse.isEmpty()) {
                a.addAll(List.of("--refuse", String.join(",", refuse)));
            }
            if (accept != null && !accept.isEmpty()) {
                a.addAll(List.of("--accept", String.join(",", accept)));
            }
            return a;
        }
    }

    private static final long NONE = Long.MIN_VALUE;

    private FuzzMain() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        if (o.worker) {
            System.exit(worker(o));
        }
        Report r = campaign(o, System.out);
        String text = r.text();
        System.out.print(text);
        if (o.report != null) {
            Files.writeString(o.report, text);
        }
        if (o.outcomes != null) {
            Files.write(o.outcomes, r.outcomes().stream().map(Outcome::line).toList());
        }
        System.exit(r.defects() == 0 ? 0 : 1);
    }

    /** Runs a campaign in worker JVMs (and the launcher sample), printing progress to {@code log}. */
    static Report campaign(Options o, PrintStream log) throws IOException, InterruptedException {
        Corpus corpus = new Corpus(Corpus.defaultRoot());
        if (corpus.problem != null) {
            log.println("fuzz: no h5py mutants: " + corpus.problem);
        }
        Path tmp = o.tmp != null ? o.tmp : Files.createTempDirectory("ragtime-fuzz");
        o.tmp = tmp;
        long t0 = System.nanoTime();
        List<Outcome> all = new ArrayList<>();
        if (o.fixtures != null) {
            o.from = 0;
            o.runs = o.fixtures.size();
            o.fixtureFile = Files.writeString(tmp.resolve("fixtures.tsv"), Fixture.write(o.fixtures));
        }
        long next = o.sweep && o.replay == null ? -corpus.entries.size() : o.from;
        long end = o.replay != null ? o.from + 1 : o.from + o.runs;
        int skip = 0;
        int workers = 0;
        Map<String, Long> zlibMutants = new java.util.TreeMap<>(); // mutants per zlib the workers decoded gzip chunks with
        LauncherRuns launcher = o.launcherEvery > 0 && o.replay == null ? new LauncherRuns(corpus, tmp, log) : null; // jar checked now
        while (next < end) {
            workers++;
            Path hsDir = Files.createDirectories(tmp.resolve("worker" + workers));
            List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx1g", "-XX:+UseParallelGC", "-XX:-OmitStackTraceInFastThrow",
                    "--enable-native-access=ALL-UNNAMED", "-XX:ErrorFile=" + hsDir.resolve("hs_err_pid%p.log"),
                    "-Dragtime.home=" + corpus.root, "-Dragtime.data.dir=" + corpus.data,
                    "-Dragtime.zlib=" + (o.jdkZlib(next) ? "jdk" : "best"),
                    "-Dragtime.native.dir=" + System.getProperty("ragtime.native.dir", corpus.root.resolve("src-native/target").toString()),
                    "-cp", System.getProperty("java.class.path"), FuzzMain.class.getName()));
            cmd.addAll(o.workerArgs(next, skip));
            skip = 0;
            Process p = new ProcessBuilder(cmd).directory(hsDir.toFile()).redirectError(hsDir.resolve("stderr.txt").toFile()).start();
            long lastMutant = NONE;
            String zlibName = "?";
            String lastCommand = "?";
            boolean done = false;
            long restartAt = NONE;
            int restartSkip = 0;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null;) {
                    String[] f = line.split("\t", 2);
                    switch (f[0]) {
                        case "M" -> {
                            lastMutant = Long.parseLong(f[1]);
                            lastCommand = "?";
                            zlibMutants.merge(zlibName, 1L, Long::sum);
                            long n = lastMutant - o.from + 1;
                            if (n % 100 == 0) {
                                log.printf(Locale.ROOT, "fuzz: %d of %d mutants, %d defect runs, %.0f s%n", n, end - o.from,
                                        all.stream().filter(Outcome::isDefect).count(), (System.nanoTime() - t0) / 1e9);
                            }
                        }
                        case "Z" -> zlibName = f[1];
                        case "C" -> lastCommand = f[1].split("\t")[1];
                        case "R" -> {
                            Outcome x = Outcome.parse(f[1]);
                            all.add(x);
                            if (x.isDefect() && (o.verbose || o.replay != null || o.fixtures != null)) {
                                log.println("fuzz: DEFECT " + x.defect() + " " + x.command() + " #" + x.index() + " " + x.signature());
                            }
                        }
                        case "RESTART" -> {
                            String[] g = f[1].split("\t");
                            restartAt = Long.parseLong(g[0]);
                            restartSkip = Integer.parseInt(g[1]);
                        }
                        case "END" -> done = true;
                        default -> log.println("fuzz worker: " + line);
                    }
                }
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            if (done) {
                long blockEnd = o.fixtures == null && o.replay == null ? o.zlibBlockEnd(next) : Long.MAX_VALUE;
                if (blockEnd < end) { // the next block of mutants, in a worker with the other zlib
                    next = blockEnd;
                    skip = 0;
                    continue;
                }
                break;
            }
            if (restartAt != NONE) {
                next = restartAt;
                skip = restartSkip;
                continue;
            }
            // the worker died without saying why: a JVM crash (or a System.exit/halt in the code under test)
            String why = "worker JVM exit " + p.exitValue() + crashSummary(hsDir);
            if (lastMutant == NONE) {
                throw new IllegalStateException("fuzz worker failed before its first mutant: " + why + "; see " + hsDir);
            }
            Mutant m = mutant(o, corpus, lastMutant);
            all.add(new Outcome(lastMutant, m.kind(), lastCommand, "DEFECT", hsErr(hsDir) ? "hs-err" : "jvm-crash", why, 0,
                    m.spec(), m.what()));
            next = lastMutant + 1;
        }
        if (launcher != null) {
            all.addAll(launcher.run(o, end));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Runner.delete(tmp);
        return new Report(o, corpus, all, seconds, workers, zlibMutants);
    }

    static Mutant mutant(Options o, Corpus corpus, long index) {
        if (o.fixtures != null) {
            Fixture f = o.fixtures.get((int) index);
            return new Mutant(index, "fixture", f.spec(), f.id() + ": " + f.symptom(), f.refuse(),
                    f.accept().isEmpty() ? corpusAccept(corpus, f.spec()) : f.accept());
        }
        if (o.replay != null) {
            java.util.Set<String> accept = o.accept != null ? o.accept
                    : corpusAccept(corpus, o.replay);
            return new Mutant(-1, "replay", o.replay, "replayed " + o.replay.replaceAll("(.{60}).+", "$1…"), o.refuse, accept);
        }
        return new Mutator(corpus, o.seed).make(index);
    }

    /** A corpus mutant's own accept list (none once it is mutated further). */
    static java.util.Set<String> corpusAccept(Corpus corpus, String spec) {
        return spec.startsWith("corpus/") && !spec.contains(":") ? corpus.accept.getOrDefault(spec.substring(7), java.util.Set.of())
                : java.util.Set.of();
    }

    /** The worker: runs the mutants in this JVM, one line per event on stdout. */
    static int worker(Options o) throws IOException {
        PrintStream proto = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        Corpus corpus = new Corpus(Corpus.defaultRoot());
        Runner runner = new Runner(corpus, o.tmp);
        long end = Math.min(o.until, o.replay != null ? o.from + 1 : o.from + o.runs);
        // the zlib for gzip chunks, chosen (and any fallback notice printed) before the first command
        proto.println("Z\t" + org.ragtime.engine.KernelProvider.get().zlib().name());
        for (long i = o.from; i < end; i++) {
            Mutant m = mutant(o, corpus, i);
            proto.println("M\t" + i);
            if (o.onlyClass != null && !m.kind().equals(o.onlyClass)) {
                continue;
            }
            long index = i;
            String only = o.fixtures != null ? o.fixtures.get((int) i).command() : o.command;
            int stoppedAt = runner.run(m, only, i == o.from ? o.skip : 0, c -> proto.println("C\t" + index + "\t" + c),
                    x -> proto.println("R\t" + x.line()));
            if (stoppedAt >= 0) {
                boolean more = stoppedAt < Runner.commands(m.family(corpus)).size() && only == null;
                proto.println("RESTART\t" + (more ? i : i + 1) + "\t" + (more ? stoppedAt : 0));
                proto.flush();
                Runtime.getRuntime().halt(3);
            }
        }
        proto.println("END");
        proto.flush();
        return 0;
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static boolean hsErr(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith("hs_err"));
        } catch (IOException e) {
            return false;
        }
    }

    /** The first lines of an hs_err file that say what happened (signal and problematic frame). */
    static String crashSummary(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(x -> x.getFileName().toString().startsWith("hs_err")).toList()) {
                List<String> lines = Files.readAllLines(p, StandardCharsets.ISO_8859_1);
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < Math.min(lines.size(), 30); i++) {
                    String l = lines.get(i);
                    if (l.startsWith("#  SIG") || l.startsWith("# Problematic frame") || (i > 0 && lines.get(i - 1).startsWith("# Problematic frame"))
                            || l.contains("Internal Error") || l.contains("Out of Memory")) {
                        b.append(' ').append(l.replace("#", "").strip());
                    }
                }
                return ":" + b + " (" + p + ")";
            }
        } catch (IOException e) {
            return " (" + e + ")";
        }
        return "";
    }
}
