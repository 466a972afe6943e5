package org.ragtime.cli.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.ragtime.cli.Main;
import picocli.CommandLine;

/**
 * Runs one mutant through the commands that read its kind of file, in this JVM: {@code Main.run} on a thread of
 * its own with a 10 s timeout, stdout and stderr captured, outputs into a fresh directory, then classifies each
 * run ({@link #classify}). A hang cannot be stopped in-process, so the runner reports it and the worker JVM
 * ends (the {@link FuzzMain} supervisor starts a new one at the next mutant); likewise after an Error.
 */
final class Runner {
    static final long TIMEOUT_MS = Long.getLong("ragtime.fuzz.timeoutMs", 10_000);

    private final Corpus corpus;
    private final Path tmp;

    Runner(Corpus corpus, Path tmp) {
        this.corpus = corpus;
        this.tmp = tmp;
    }

    /** The commands (subcommand names and their arguments, FILE and OUTDIR placeholders) for a family of files. */
    static List<List<String>> commands(String family) {
        return switch (family) {
            case "ophys" -> List.of(
                    List.of("info", "FILE"),
                    List.of("align-dff", "FILE", "--stimulus", "Natural_Images_Lum_Matched_set_training_2017.07.14",
                            "--window", "-0.5:0.75", "--out", "OUTDIR/dff.npy"));
            case "tiny" -> List.of(
                    List.of("info", "FILE", "--json"),
                    List.of("units", "FILE", "--out", "OUTDIR/units.csv"),
                    List.of("counts", "FILE", "--stimulus", "trials", "--bins", "0:1:0.1", "--out", "OUTDIR/counts.npy"));
            default -> List.of(
                    List.of("info", "FILE"),
                    List.of("counts", "FILE", "--stimulus", "drifting_gratings", "--bins", "-0.1:0.5:0.01", "--out", "OUTDIR/counts.npy"),
                    List.of("units", "FILE", "--out", "OUTDIR/units.csv"),
                    List.of("spike-times", "FILE", "--stimulus", "drifting_gratings", "--out", "OUTDIR/spike_times.csv"),
                    List.of("bin", "FILE", "--bin-size", "0.01", "--out", "OUTDIR/bin.npy"),
                    List.of("psth", "FILE", "--stimulus", "drifting_gratings", "--bins", "-0.1:0.5:0.01", "--out", "OUTDIR/psth.npy",
                            "--png", "OUTDIR/psth.png"),
                    List.of("condition-stats", "FILE", "--stimulus", "drifting_gratings", "--out", "OUTDIR/condition_stats.csv"));
        };
    }

    static String[] args(List<String> command, Path file, Path outDir) {
        return command.stream().map(a -> a.replace("FILE", file.toString()).replace("OUTDIR", outDir.toString())).toArray(String[]::new);
    }

    /** Writes the mutant into a fresh directory and returns the file. */
    Path materialise(Mutant m, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("mutant.nwb");
        Files.write(file, Mutant.apply(m.spec(), corpus.bytes(m.base())));
        return file;
    }

    /**
     * Runs the commands of the mutant (only {@code only} when not null), from the {@code skip}-th on, giving each
     * outcome to {@code sink}. Returns -1 when all ran, else the position of the next command: the JVM should not
     * be trusted further (a hang left a thread running, or an Error was thrown), so the caller continues there in
     * a fresh JVM.
     */
    int run(Mutant m, String only, int skip, Consumer<String> progress, Consumer<Outcome> sink) throws IOException {
        Path dir = tmp.resolve("m" + m.index());
        Path file = materialise(m, dir);
        int stoppedAt = -1;
        try {
            List<List<String>> commands = commands(m.family(corpus));
            for (int k = skip; k < commands.size(); k++) {
                List<String> c = commands.get(k);
                String name = c.get(0);
                if (only != null && !only.equals(name)) {
                    continue;
                }
                progress.accept(name);
                Path out = Files.createDirectories(dir.resolve("out-" + name));
                Outcome o = runInProcess(m, name, args(c, file, out), file, out);
                sink.accept(o);
                if (o.defect().equals("hang") || o.defect().equals("error")) {
                    stoppedAt = k + 1;
                    break;
                }
            }
        } finally {
            if (stoppedAt < 0) {
                delete(dir);
            }
        }
        return stoppedAt;
    }

    private Outcome runInProcess(Mutant m, String name, String[] args, Path file, Path out) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int[] status = {Integer.MIN_VALUE};
        Throwable[] thrown = {null};
        Thread t = Thread.ofPlatform().name("fuzz-" + m.index() + "-" + name).daemon().unstarted(() -> {
            try {
                status[0] = Main.run(args);
            } catch (Throwable x) {
                thrown[0] = x;
            }
        });
        long t0 = System.nanoTime();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            t.start();
            t.join(TIMEOUT_MS);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (t.isAlive()) {
            StackTraceElement[] st = t.getStackTrace();
            t.interrupt();
            return new Outcome(m.index(), m.kind(), name, "DEFECT", "hang", "no exit after " + TIMEOUT_MS + " ms, in " + frames(st),
                    ms, m.spec(), m.what());
        }
        if (thrown[0] != null) {
            Throwable x = thrown[0];
            return new Outcome(m.index(), m.kind(), name, "DEFECT", x instanceof Error ? "error" : "escaped",
                    x.getClass().getName() + " at " + frames(x.getStackTrace()), ms, m.spec(), m.what());
        }
        String err = e.toString(StandardCharsets.UTF_8);
        String outText = o.toString(StandardCharsets.UTF_8);
        Outcome c = classify(m, name, status[0], outText, err, file, out, ms);
        if (c.defect().equals("exit-1")) { // run it again to see the exception behind the one line
            String why = diagnose(args);
            if (why != null) {
                c = new Outcome(c.index(), c.kind(), c.command(), c.result(), c.defect(), why + " | " + c.signature(), ms, c.spec(), c.what());
            }
        }
        return c;
    }

    /**
     * Classifies one run: success; clean error (exit 2, one stderr line naming the file and a path inside it, no
     * stack trace, no output left); or a defect.
     */
    static Outcome classify(Mutant m, String name, int status, String out, String err, Path file, Path outDir, long ms) {
        List<String> lines = err.lines().filter(s -> !s.isBlank()).toList();
        List<String> left = leftovers(outDir);
        String first = lines.isEmpty() ? "" : lines.get(0);
        String defect = null;
        String sig = normalise(first, file);
        if (err.contains("\tat ") || out.contains("\tat ") || err.contains("Exception in thread") || err.contains("Caused by:")) {
            defect = "stack-trace";
        } else if (status == 1) {
            defect = "exit-1";
        } else if (status != 0 && status != 2) {
            defect = "exit-" + status;
        } else if (status == 2 && first.matches(".*\\b(StackOverflowError|OutOfMemoryError|InternalError|VirtualMachineError)\\b.*")) {
            defect = "error-as-bad-input"; // an Error caught and reported as if the file were bad
        } else if (status != 0 && !left.isEmpty()) {
            defect = "leftover-output";
            sig = "left " + left + " after: " + sig;
        } else if (status == 2 && lines.size() != 1) {
            defect = "multi-line";
            sig = lines.size() + " lines, the first: " + normalise(first, file); // the rest is the error, found elsewhere too
        } else if (status == 2 && !(first.startsWith("ragtime: " + file + ": /") || first.startsWith("ragtime: " + file + ":/"))) {
            defect = "unnamed";
        } else if (status != 0 && m.accept().contains(name)) {
            defect = "refused-valid";
            sig = name + " refused " + m.what() + ": " + sig;
        } else if (status == 0 && m.refuse().contains(name)) {
            defect = "accepted-bad-data";
            sig = "exit 0 on " + m.what().replaceAll("^[a-z-]+: ", "").replaceAll(" \\(.*\\)", "").replaceAll("\\[\\d+]", "[i]")
                    .replaceAll("row \\d+", "row i").replaceAll("-?Infinity|NaN", "non-finite").replaceAll(" = [-0-9.eE+]+$", " = (value)");
        }
        if (defect != null) {
            return new Outcome(m.index(), m.kind(), name, "DEFECT", defect, sig, ms, m.spec(), m.what());
        }
        return new Outcome(m.index(), m.kind(), name, status == 0 ? "ok" : "clean", "", status == 0 ? "" : sig, ms, m.spec(), m.what());
    }

    /** The message without the file name, numbers and quoted values, so equal problems compare equal. */
    static String normalise(String line, Path file) {
        String s = line.replace(file.toString(), "FILE").replace(file.getParent().toString(), "DIR");
        s = s.replaceAll("'[^']*'", "'…'").replaceAll("0x[0-9a-fA-F]+", "0x#").replaceAll("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?", "#")
                .replaceAll("-?Infinity|NaN", "#").replaceAll("(/[^/ ]+/[^/ ]+)(\\1)+", "$1/…");
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    static List<String> leftovers(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            return List.of("(unreadable: " + e + ")");
        }
    }

    /** Type and top frames: the first frame, and the first Ragtime frame when it is another. */
    static String frames(StackTraceElement[] st) {
        if (st.length == 0) {
            return "(no frames)";
        }
        String top = (st[0].getClassName() + "." + st[0].getMethodName() + ":" + st[0].getLineNumber()).replaceAll("/0x[0-9a-f]+", "");
        for (StackTraceElement f : st) {
            if (f.getClassName().startsWith("org.ragtime.") && !f.getClassName().contains("$$Lambda")) {
                String r = f.getClassName() + "." + f.getMethodName() + ":" + f.getLineNumber();
                return r.equals(top) ? top : top + " < " + r;
            }
        }
        return top;
    }

    /** Runs the command line again with the exception handler wrapped, to name the exception of an exit 1. */
    private static String diagnose(String[] args) {
        try {
            Method m = Main.class.getDeclaredMethod("commandLine", String.class);
            m.setAccessible(true);
            CommandLine cl = (CommandLine) m.invoke(null, args[0]);
            CommandLine.IExecutionExceptionHandler h = cl.getExecutionExceptionHandler();
            Throwable[] seen = {null};
            cl.setExecutionExceptionHandler((ex, cmd, pr) -> {
                seen[0] = ex;
                return h.handleExecutionException(ex, cmd, pr);
            });
            PrintStream oldOut = System.out;
            PrintStream oldErr = System.err;
            try {
                System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
                cl.execute(args);
            } finally {
                System.setOut(oldOut);
                System.setErr(oldErr);
            }
            Throwable x = seen[0];
            return x == null ? null : x.getClass().getName() + " at " + frames(x.getStackTrace());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(s.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
