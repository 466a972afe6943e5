package org.ragtime.cli.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.ragtime.cli.out.AtomicOutputs;
import org.ragtime.cli.out.Progress;
import org.ragtime.engine.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ragtime batch}: one analysis subcommand over every session of a project, in one JVM or on Spark. */
@Command(name = "batch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one analysis subcommand on every session of a project: every *.nwb under DIR (recursively, e.g. an"
                + " AllenSDK project cache) or every path in LIST.txt (one per line, relative to the list's directory; # starts a"
                + " comment). Usage: ragtime batch DIR --out OUTDIR [options] -- SUBCOMMAND [FLAGS...], FLAGS being the"
                + " subcommand's own without FILE and --out.",
                "Each session's outputs go to OUTDIR/<session>/<subcommand>.<ext> (<session>: the file name without .nwb), exactly"
                + " the files the single-session command writes; they appear all at once (written in OUTDIR/.partial-*, then"
                + " renamed), so rerunning the same command skips the sessions already done (status skipped). OUTDIR/batch.csv:"
                + " session,path,status,seconds,output,error (status ok, failed or skipped; output relative to OUTDIR). Tables"
                + " (units, condition-stats, table, behavior) are also concatenated into OUTDIR/combined.csv with a leading"
                + " session column; psth and bin arrays with the same bins into OUTDIR/combined.zarr (and, with --format npy,"
                + " OUTDIR/combined.npy) along unit_id, with a session coordinate along unit_id.",
                "A failed session does not stop the others; its row carries its one-line error. Exit status 0 when every session"
                + " succeeded, 2 when every failure was bad input, 1 otherwise; stderr ends with a summary naming the failed"
                + " sessions. Progress: a live bar on a terminal, one line per finished session otherwise."})
public final class BatchCommand implements Callable<Integer> {
    /** The Spark engine's class (module spark); on the class path only in the JVM that runs the Spark application. */
    static final String SPARK_ENGINE = "org.ragtime.spark.SparkEngine";

    @Parameters(index = "0", paramLabel = "DIR|LIST.txt", description = "A directory searched for *.nwb, or a list of NWB paths.")
    Path source;

    @Parameters(index = "1..*", paramLabel = "SUBCOMMAND [FLAGS]", arity = "0..*",
            description = "After --: the subcommand and its flags, e.g. -- counts --stimulus drifting_gratings --bins 0:0.5:0.01")
    List<String> command = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "OUTDIR", description = "Output directory (created if missing).")
    Path out;

    @Option(names = "--jobs", paramLabel = "N", description = "Sessions at once (default: the cores, at most one per 512 MiB of heap).")
    Integer jobs;

    @Option(names = "--engine", paramLabel = "local|spark", defaultValue = "local",
            description = "local: threads of this JVM (default); spark: an Apache Spark application, one task per session.")
    String engine;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master with --engine spark (default: local[*], or the spark.master that spark-submit sets).")
    String master;

    @Option(names = "--format", paramLabel = "npy|csv|zarr",
            description = "Output format: zarr (default for arrays) or npy for arrays, csv (default) for tables, zarr also for spike-times.")
    String format;

    @Option(names = "--dry-run", description = "List the sessions and what would be done with each; write nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (jobs != null && jobs < 1) {
            throw new BadInputException("--jobs must be at least 1, got " + jobs);
        }
        if (!engine.equals("local") && !engine.equals("spark")) {
            throw new BadInputException("--engine " + engine + ": use local or spark");
        }
        if (master != null && engine.equals("local")) {
            throw new BadInputException("--master goes with --engine spark");
        }
        Plan plan = Plan.of(source, out, format, command);
        if (dryRun) {
            return dryRun(plan);
        }
        Engine e;
        if (engine.equals("spark")) {
            try {
                e = (Engine) Class.forName(SPARK_ENGINE).getConstructor(String.class).newInstance(master);
            } catch (ClassNotFoundException notHere) {
                return SparkChild.run(spec.commandLine().getParseResult().originalArgs()); // this JVM has no Spark: rerun there
            } catch (ReflectiveOperationException ex) {
                throw new IllegalStateException("cannot start the Spark engine: " + ex, ex);
            }
        } else {
            e = new LocalEngine(jobs != null ? jobs : LocalEngine.defaultJobs());
        }
        return run(plan, e);
    }

    private int dryRun(Plan plan) {
        int todo = 0;
        for (Plan.Item i : plan.sessions()) {
            boolean done = SessionRunner.complete(plan, i);
            todo += done ? 0 : 1;
            System.out.println((done ? "skip " : "run  ") + i.name() + "  " + i.path() + "  ->  " + i.name() + "/" + plan.output()
                    + (done ? " (complete)" : ""));
        }
        System.err.printf(Locale.ROOT, "ragtime: dry run: %d sessions, %d to run, %d complete; would run: ragtime %s FILE %s --out %s%n",
                plan.sessions().size(), todo, plan.sessions().size() - todo, plan.subcommand(),
                String.join(" ", plan.flags()), Path.of(plan.outDir(), "<session>", plan.output()));
        return 0;
    }

    /** Runs the plan on an engine under a lock on OUTDIR, then writes batch.csv and the combined outputs. */
    static int run(Plan plan, Engine engine) {
        Path outDir = plan.outPath();
        AtomicOutputs.directory(outDir, true);
        long t0 = System.nanoTime();
        try (FileChannel lockFile = FileChannel.open(outDir.resolve(".batch.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                throw new BadInputException(outDir + ": another batch is writing into this directory");
            }
            removePartials(outDir); // sessions of a killed run: nothing of theirs was published
            int total = plan.sessions().size();
            AtomicInteger finished = new AtomicInteger();
            List<Row> rows;
            try (Progress p = Progress.start("batch", "sessions", total, System.err)) {
                rows = engine.run(plan, plan.sessions(), r -> p.done(String.format(Locale.ROOT, "ragtime: [%d/%d] %s %s%s",
                        finished.incrementAndGet(), total, r.session(), r.status(),
                        r.status().equals("failed") ? ": " + r.error() : r.status().equals("ok") ? String.format(Locale.ROOT, " (%.2f s)", r.seconds()) : "")));
            }
            List<String> notes = Report.write(plan, rows);
            notes.forEach(System.err::println);
            return summary(plan, rows, (System.nanoTime() - t0) / 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException(outDir + ": " + e.getMessage(), e);
        }
    }

    private static int summary(Plan plan, List<Row> rows, double seconds) {
        List<Row> failed = rows.stream().filter(r -> r.status().equals("failed")).toList();
        long ok = rows.stream().filter(r -> r.status().equals("ok")).count();
        long skipped = rows.stream().filter(r -> r.status().equals("skipped")).count();
        System.err.printf(Locale.ROOT, "ragtime: batch %s: %d ok, %d skipped, %d failed%s in %.2f s; wrote %s%n", plan.subcommand(), ok, skipped,
                failed.size(), failed.isEmpty() ? "" : " (" + String.join(", ", failed.stream().map(Row::session).toList()) + ")",
                seconds, plan.outPath().resolve("batch.csv"));
        if (failed.isEmpty()) {
            return 0;
        }
        return failed.stream().allMatch(r -> r.exitCode() == 2) ? 2 : 1;
    }

    private static void removePartials(Path outDir) throws IOException {
        try (Stream<Path> s = Files.list(outDir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(SessionRunner.PARTIAL)).toList()) {
                SessionRunner.deleteTree(p);
            }
        }
    }
}
