package org.ragtime.cli.out;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The outputs of one command, published all or nothing: each is written to a temporary file beside its
 * target and renamed into place by {@link #commit()} only when the command succeeded; {@link #close()}
 * deletes whatever was not committed. So a failing command never leaves a half-written output behind.
 */
public final class AtomicOutputs implements AutoCloseable {
    private final List<Path[]> pending = new ArrayList<>();
    private boolean committed;

    /**
     * A temporary path beside {@code target} to write to; its content reaches {@code target} on commit.
     * The parent directory must exist (a missing one is bad usage, reported before any work is done).
     */
    public Path open(Path target) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new org.ragtime.engine.BadInputException(target + ": output directory " + dir + " does not exist");
        }
        try {
            // createFile (not createTempFile) so the output gets the usual umask permissions, not 0600
            Path tmp = Files.createFile(dir.resolve("." + abs.getFileName() + "."
                    + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".tmp"));
            pending.add(new Path[] {tmp, abs});
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": cannot create a temporary file beside it: " + e.getMessage(), e);
        }
    }

    /** Renames every temporary file onto its target (atomically where the file system allows). */
    public void commit() {
        try {
            for (Path[] p : pending) {
                try {
                    Files.move(p[0], p[1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                    Files.move(p[0], p[1], StandardCopyOption.REPLACE_EXISTING);
                }
            }
            committed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move output into place: " + e.getMessage(), e);
        }
    }

    /** Deletes the temporary files of an uncommitted (failed) command. */
    @Override
    public void close() {
        if (committed) {
            return;
        }
        for (Path[] p : pending) {
            try {
                Files.deleteIfExists(p[0]);
            } catch (IOException ignored) {
                // best effort: a stray temp file is harmless, a masked original error is not
            }
        }
    }
}
