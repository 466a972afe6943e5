package org.ragtime.cli.batch;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.ragtime.cli.Main;

/**
 * Runs one session of a batch, on any thread of any JVM that sees OUTDIR (the local engine's workers, a Spark
 * executor): the subcommand's own command line, in-process, with {@code --out} in a fresh temporary directory
 * {@code OUTDIR/.partial-<session>-...}; on success that directory is renamed to {@code OUTDIR/<session>} in one step,
 * so a session's outputs appear whole or not at all; on failure it is deleted and the command's one error line kept.
 * A session whose {@code OUTDIR/<session>/<output>} exists is skipped.
 */
public final class SessionRunner {
    /** Prefix of the temporary directories of sessions in progress. */
    static final String PARTIAL = ".partial-";

    private SessionRunner() {
    }

    /** Whether the session's outputs are already published. */
    static boolean complete(Plan plan, Plan.Item item) {
        return Files.isRegularFile(plan.outPath().resolve(item.name()).resolve(plan.output()))
                || Files.isDirectory(plan.outPath().resolve(item.name()).resolve(plan.output()));
    }

    /** Runs (or skips) one session and returns its row of batch.csv. */
    public static Row run(Plan plan, Plan.Item item) {
        String output = item.name() + "/" + plan.output();
        if (complete(plan, item)) {
            return new Row(item.name(), item.path(), "skipped", 0, output, "", 0);
        }
        long t0 = System.nanoTime();
        Path target = plan.outPath().resolve(item.name());
        Path partial = plan.outPath().resolve(PARTIAL + item.name() + "-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
        int status;
        String error = "";
        try {
            Files.createDirectory(partial);
            List<String> args = plan.arguments(item, partial);
            StringWriter err = new StringWriter();
            try (ThreadStreams.Capture c = ThreadStreams.capture()) {
                status = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), args.toArray(String[]::new));
                if (status != 0) {
                    error = lastLine(err.toString().isBlank() ? c.err() : err.toString());
                }
            }
            if (status == 0) {
                publish(plan, partial, target);
            }
        } catch (IOException | UncheckedIOException e) {
            status = 1;
            error = partial + ": " + e.getMessage();
        } finally {
            deleteTree(partial);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return status == 0 ? new Row(item.name(), item.path(), "ok", seconds, output, "", 0)
                : new Row(item.name(), item.path(), "failed", seconds, "", error, status);
    }

    /**
     * Publishes a session's outputs: the temporary directory renamed to OUTDIR/<session> in one step; when that
     * directory exists already (another subcommand's outputs), each file moved into it, the main output last, so that
     * the main output's presence still means the session is complete.
     */
    private static void publish(Plan plan, Path partial, Path target) throws IOException {
        if (!Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) { // one batch per OUTDIR (its lock), one thread per session
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(partial)) {
            files = s.sorted(Comparator.comparing((Path p) -> p.getFileName().toString().equals(plan.output())).thenComparing(p -> p))
                    .toList();
        }
        for (Path f : files) {
            Path to = target.resolve(f.getFileName());
            if (Files.isDirectory(to) && !Files.isSymbolicLink(to)) {
                deleteTree(to); // a store (directory) of an earlier, incomplete run of this session
            }
            Files.move(f, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The last non-empty line without the {@code ragtime: } prefix: a failed command's one error line. */
    static String lastLine(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        String l = lines.isEmpty() ? "failed without a message" : lines.getLast();
        return l.startsWith("ragtime: ") ? l.substring("ragtime: ".length()) : l;
    }

    /** Deletes a directory tree if it exists (temporaries of a failed or killed session). */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }
}
