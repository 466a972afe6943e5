package org.ragtime.cli.out;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ragtime.engine.BadInputException;

/**
 * The outputs of one command, checked before any work and published all or nothing.
 *
 * <p>A command declares up front what it reads and what it writes ({@link #builder()}); {@link Builder#prepare()}
 * refuses, as bad usage (exit status 2), an output that is one of the inputs or another output (compared as
 * files: links, {@code ..} and hard links resolved), an output that exists and is not a regular file (a
 * directory, a device such as /dev/null, a FIFO, a socket), an output whose directory is missing, not a
 * directory or not writable. It then removes temporaries of the same targets left by runs that were
 * killed, and creates one temporary file beside each target (proving the directory writable before any
 * input is read).
 *
 * <p>A directory store (a Zarr {@code NAME.zarr}, {@link Builder#store}) is handled the same way with a temporary
 * directory: it may replace an existing directory only when that directory is a Zarr store (it holds
 * {@code .zgroup}, {@code .zarray} or {@code .zmetadata}); any other existing path is refused. An existing store is
 * swapped for the new one in one step ({@code renameat2(RENAME_EXCHANGE)}), then deleted; where the kernel does not
 * offer that, it is renamed aside first, so for a moment the name is absent (never half-written).
 *
 * <p>{@link #commit()} flushes the temporaries to disk and renames them onto their targets in declaration
 * order (declare a sidecar such as OUT.coords.json before its array, so that a new array never appears
 * before its coordinates), holding an exclusive lock on the target directory so that two Ragtime processes
 * writing the same outputs publish one after the other, never interleaved. {@link #close()} deletes whatever
 * was not committed. Guarantees and their limits are documented in docs/cli.md ("What Ragtime promises about
 * your files").
 */
public final class AtomicOutputs implements AutoCloseable {
    /** Temporary path -> the target as the user spelled it, for messages naming the user's path. */
    private static final Map<Path, Path> TARGET_OF = new ConcurrentHashMap<>();
    private static final String TAG = hostTag();
    private static final long PID = ProcessHandle.current().pid();
    private static final long START = ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
    private static final Pattern TEMP = Pattern.compile("([0-9a-f]{8})-(\\d+)-([0-9a-f]+)-([0-9a-f]+)\\.tmp(\\..*)?");

    /** One declared output: the user's spelling, the file that will be replaced, its temporary. */
    private static final class Output {
        final Path given;
        final Path target;
        final boolean store;
        Path tmp;
        Libc.Fd inUse;

        Output(Path given, Path target, boolean store) {
            this.given = given;
            this.target = target;
            this.store = store;
        }
    }

    private final List<Output> outputs;
    private final List<Path> createdDirs;
    private boolean committed;

    private AtomicOutputs(List<Output> outputs, List<Path> createdDirs) {
        this.outputs = outputs;
        this.createdDirs = createdDirs;
    }

    /** Declares a command's inputs and outputs. */
    public static Builder builder() {
        return new Builder();
    }

    /** The declarations of one command; {@link #prepare()} checks them all before the command does any work. */
    public static final class Builder {
        private final List<Path> inputs = new ArrayList<>();
        private final List<Path> outputs = new ArrayList<>();
        private final List<Path> stores = new ArrayList<>();
        private final List<Path> dirs = new ArrayList<>();

        private Builder() {
        }

        /** Files the command reads (nulls, for options not given, are ignored). */
        public Builder input(Path... files) {
            for (Path f : files) {
                if (f != null) {
                    inputs.add(f);
                }
            }
            return this;
        }

        /**
         * Files the command writes, published in the order declared (so a sidecar goes before its array).
         * Nulls are ignored.
         */
        public Builder output(Path... files) {
            for (Path f : files) {
                if (f != null) {
                    outputs.add(f);
                }
            }
            return this;
        }

        /**
         * A directory store the command writes (a Zarr {@code NAME.zarr}), published in declaration order with the
         * files; {@link #open} gives its temporary directory, created empty. Null is ignored.
         */
        public Builder store(Path dir) {
            if (dir != null) {
                outputs.add(dir);
                stores.add(dir);
            }
            return this;
        }

        /** An output directory created if missing (and removed again, if it was created and stays empty, on failure). */
        public Builder directory(Path dir) {
            dirs.add(dir);
            return this;
        }

        /** Checks every declaration (see the class comment), then creates the temporaries. */
        public AtomicOutputs prepare() {
            List<Path> created = new ArrayList<>();
            for (Path d : dirs) {
                created.addAll(AtomicOutputs.directory(d, true));
            }
            List<Output> outs = new ArrayList<>();
            AtomicOutputs result = new AtomicOutputs(outs, created);
            try {
                for (Path given : outputs) {
                    boolean store = stores.contains(given);
                    Output o = new Output(given, store ? checkStore(given) : check(given), store);
                    for (Path in : inputs) {
                        if (sameFile(o.target, in)) {
                            throw new BadInputException(given + ": is also an input of this command (" + in
                                    + "); refusing to overwrite it (choose another output path)");
                        }
                    }
                    for (Output other : outs) {
                        if (other.target.equals(o.target) || sameFile(o.target, other.target)) {
                            throw new BadInputException(given + ": names the same file as the output " + other.given
                                    + " of this command; give them different paths");
                        }
                    }
                    outs.add(o);
                }
                for (Output o : outs) {
                    removeStale(o);
                    o.tmp = createTemporary(o);
                }
                return result;
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        }
    }

    /** The temporary to write for the declared output {@code target}; it reaches {@code target} on {@link #commit()}. */
    public Path open(Path target) {
        for (Output o : outputs) {
            if (o.given.equals(target)) {
                return o.tmp;
            }
        }
        throw new IllegalStateException(target + " was not declared as an output of this command");
    }

    /**
     * Checks a directory an output goes into (e.g. demo's --out-dir), creating it (and missing parents) when
     * {@code create}; returns the directories it created, outermost first.
     */
    public static List<Path> directory(Path dir, boolean create) {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            if (!Files.isWritable(abs)) {
                throw new BadInputException(dir + ": the output directory is not writable");
            }
            return List.of();
        }
        if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(abs)) {
            throw new BadInputException(dir + ": exists and is not a directory; cannot write outputs into it");
        }
        if (!create) {
            throw new BadInputException(dir + ": the output directory does not exist");
        }
        List<Path> missing = new ArrayList<>();
        Path p = abs;
        while (p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            missing.addFirst(p);
            p = p.getParent();
        }
        if (p == null || !Files.isDirectory(p)) {
            throw new BadInputException(dir + ": cannot create the output directory: " + p + " is not a directory");
        }
        List<Path> created = new ArrayList<>();
        try {
            for (Path m : missing) {
                Files.createDirectory(m);
                created.add(m);
            }
        } catch (IOException e) {
            removeDirectories(created);
            throw new BadInputException(dir + ": cannot create the output directory: " + reason(e));
        }
        return created;
    }

    /** The file an output path will replace, after refusing what cannot be an output. */
    private static Path check(Path given) {
        Path abs = given.toAbsolutePath().normalize();
        if (abs.getFileName() == null) {
            throw new BadInputException(given + ": is a directory; give a file path");
        }
        Path target = abs;
        if (Files.isSymbolicLink(abs)) {
            // the output goes where the link points (as the shell's > does), so the link keeps working
            try {
                target = abs.toRealPath();
            } catch (IOException e) {
                throw new BadInputException(given + ": is a symbolic link to a missing file; refusing to write through it");
            }
        }
        Path dir = outputDirectory(given, target.getParent());
        target = dir.resolve(target.getFileName());
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            String kind = kind(target);
            if (kind.equals("directory")) {
                throw new BadInputException(given + ": is a directory; give a file path for the output");
            }
            if (!kind.equals("file")) {
                throw new BadInputException(given + ": exists and is a " + kind + ", not a regular file; refusing to replace it");
            }
        }
        if (!Files.isWritable(dir)) {
            throw new BadInputException(given + ": the output directory " + dir + " is not writable");
        }
        return target;
    }

    /** The real path of the directory an output {@code given} goes into, or a one-line refusal when there is none. */
    private static Path outputDirectory(Path given, Path dir) {
        if (!Files.exists(dir)) {
            throw new BadInputException(given + ": the output directory " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(given + ": " + dir + " is not a directory");
        }
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new BadInputException(given + ": cannot resolve the output directory " + dir + ": " + reason(e));
        }
    }

    /** The directory a store output will replace or create, after refusing what cannot be one. */
    private static Path checkStore(Path given) {
        Path abs = given.toAbsolutePath().normalize();
        if (abs.getFileName() == null) {
            throw new BadInputException(given + ": names no directory entry; give a path such as out.zarr");
        }
        if (Files.isSymbolicLink(abs)) {
            throw new BadInputException(given + ": is a symbolic link; refusing to replace it with a Zarr store (give the store's own path)");
        }
        Path dir = outputDirectory(given, abs.getParent());
        Path target = dir.resolve(abs.getFileName());
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            String kind = kind(target);
            if (!kind.equals("directory")) {
                throw new BadInputException(given + ": exists and is a " + kind + ", not a Zarr store; refusing to replace it");
            }
            if (!isZarrStore(target)) {
                throw new BadInputException(given + ": exists and is a directory that is not a Zarr store (no .zgroup, .zarray"
                        + " or .zmetadata); refusing to replace it");
            }
        }
        if (!Files.isWritable(dir)) {
            throw new BadInputException(given + ": the output directory " + dir + " is not writable");
        }
        return target;
    }

    /** Whether {@code dir} is a Zarr v2 store (a group or an array at its root). */
    static boolean isZarrStore(Path dir) {
        return Files.isRegularFile(dir.resolve(".zgroup")) || Files.isRegularFile(dir.resolve(".zarray"))
                || Files.isRegularFile(dir.resolve(".zmetadata"));
    }

    /** What kind of file {@code p} is (not following a final link): file, directory, device, FIFO, socket. */
    private static String kind(Path p) {
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return switch (mode & 0170000) {
                case 0100000 -> "file";
                case 0040000 -> "directory";
                case 0020000 -> "character device";
                case 0060000 -> "block device";
                case 0010000 -> "FIFO (named pipe)";
                case 0140000 -> "socket";
                case 0120000 -> "symbolic link";
                default -> "special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? "file"
                    : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "directory" : "special file";
        }
    }

    /** Whether {@code output} (an absolute, resolved path) is the same file as {@code input} however either is spelled. */
    private static boolean sameFile(Path output, Path input) {
        Path in = input.toAbsolutePath().normalize();
        if (!Files.exists(in)) {
            return false; // a missing input is reported by the command; it cannot be overwritten
        }
        try {
            if (in.toRealPath().equals(output)) {
                return true;
            }
            return Files.exists(output) && Files.isSameFile(output, in); // hard links: same device and inode
        } catch (IOException e) {
            return false;
        }
    }

    private static Path createTemporary(Output o) {
        Path dir = o.target.getParent();
        String name = "." + stem(o.target.getFileName().toString()) + ".ragtime-" + TAG + "-" + PID + "-"
                + Long.toHexString(START) + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp";
        Path tmp = dir.resolve(name);
        try {
            // createFile (not createTempFile) so the output gets the usual umask permissions, not 0600
            if (o.store) {
                Files.createDirectory(tmp);
            } else {
                Files.createFile(tmp);
            }
        } catch (IOException e) {
            throw new BadInputException(o.given + ": cannot create a file in the output directory " + dir + ": " + reason(e));
        }
        TARGET_OF.put(tmp, o.given);
        if (Libc.available()) {
            Libc.Fd fd = Libc.openRead(tmp);
            if (fd.ok() && Libc.flock(fd.fd(), Libc.LOCK_EX | Libc.LOCK_NB) == 0) {
                o.inUse = fd; // held until commit or close: a cleaner seeing the lock leaves the file alone
            } else {
                fd.close();
            }
        }
        return tmp;
    }

    /** The target's name as it appears in its temporaries (long names shortened, with a hash). */
    private static String stem(String name) {
        return name.length() <= 100 ? name : name.substring(0, 80) + "~" + Integer.toHexString(name.hashCode());
    }

    /**
     * Removes temporaries of this target left by Ragtime processes that are gone: only files named as this
     * class names them, created on this machine (same boot, same PID namespace), whose process no longer
     * runs (or its PID now belongs to a process started at another time), and that nobody holds locked.
     */
    private static void removeStale(Output o) {
        if (TAG.equals("00000000")) {
            return; // cannot tell which machine wrote a temporary: leave them all
        }
        String prefix = "." + stem(o.target.getFileName().toString()) + ".ragtime-";
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(o.target.getParent(),
                p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path p : ds) {
                Matcher m = TEMP.matcher(p.getFileName().toString().substring(prefix.length()));
                if (!m.matches() || !m.group(1).equals(TAG) || !(Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                        || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
                    continue;
                }
                long pid = Long.parseLong(m.group(2));
                long start = Long.parseUnsignedLong(m.group(3), 16);
                if (alive(pid, start) || lockedByOther(p)) {
                    continue;
                }
                try {
                    long size = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? treeSize(p) : Files.size(p);
                    deleteTree(p);
                    System.err.printf(Locale.ROOT, "ragtime: removed %s (%,d bytes), a temporary left by an interrupted run (process %d)%n",
                            p, size, pid);
                } catch (IOException e) {
                    // another run removed it first, or we may not: leave it
                }
            }
        } catch (IOException | NumberFormatException e) {
            // cleaning is best effort; the command itself does not depend on it
        }
    }

    private static boolean alive(long pid, long start) {
        if (pid == PID) {
            return start == START || START == 0;
        }
        return ProcessHandle.of(pid).map(h -> h.info().startInstant().map(i -> Math.abs(i.toEpochMilli() - start) < 2000)
                .orElse(true)).orElse(false);
    }

    private static boolean lockedByOther(Path p) {
        if (!Libc.available()) {
            return false;
        }
        try (Libc.Fd fd = Libc.openRead(p)) {
            return fd.ok() && Libc.flock(fd.fd(), Libc.LOCK_EX | Libc.LOCK_NB) == Libc.EWOULDBLOCK;
        }
    }

    /** This machine's tag in temporary names (for tests). */
    static String tag() {
        return TAG;
    }

    /** Boot id and PID namespace, hashed: temporaries carrying another tag were written elsewhere. */
    private static String hostTag() {
        try {
            String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII).strip();
            String ns = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            int h = (boot + "/" + ns).hashCode();
            String t = String.format(Locale.ROOT, "%08x", h);
            return t.equals("00000000") ? "00000001" : t;
        } catch (IOException | RuntimeException e) {
            return "00000000";
        }
    }

    /**
     * Publishes every output: the temporaries are flushed to disk, then renamed onto their targets in
     * declaration order under an exclusive lock on each target directory.
     */
    public void commit() {
        hold("before-publish");
        for (Output o : outputs) {
            try {
                if (o.store) {
                    forceTree(o.tmp);
                } else {
                    try (FileChannel ch = FileChannel.open(o.tmp, StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                }
            } catch (IOException e) {
                throw writeFailed(o.given, e);
            }
        }
        List<Libc.Fd> locks = lockDirectories();
        try {
            boolean first = true;
            for (Output o : outputs) {
                if (!first) {
                    hold("mid-publish");
                }
                first = false;
                try {
                    if (o.store) {
                        publishStore(o);
                    } else {
                        try {
                            Files.move(o.tmp, o.target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                            Files.move(o.tmp, o.target, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(o.given + ": cannot move the output into place: " + reason(e), e);
                }
                TARGET_OF.remove(o.tmp);
            }
            committed = true;
            Notices.flush(System.err); // the command succeeded: its warnings come before its "wrote" line
            for (Libc.Fd d : locks) {
                Libc.fsync(d.fd()); // the renames themselves reach the disk
            }
        } finally {
            locks.forEach(Libc.Fd::close);
            release();
        }
    }

    /**
     * Renames a store's temporary directory onto its target: a plain rename when the target is absent; an existing
     * store (checked again: a directory that is a Zarr store) is exchanged with the new one in one step, then
     * deleted; without renameat2 it is renamed aside first.
     */
    private static void publishStore(Output o) throws IOException {
        if (!Files.exists(o.target, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(o.tmp, o.target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        if (!Files.isDirectory(o.target, LinkOption.NOFOLLOW_LINKS) || !isZarrStore(o.target)) {
            throw new IOException(o.target + " appeared meanwhile and is not a Zarr store; not replacing it");
        }
        if (Libc.available() && Libc.exchange(o.tmp, o.target) == 0) {
            deleteTree(o.tmp); // the old store, now under the temporary's name
            return;
        }
        Path aside = o.tmp.resolveSibling(o.tmp.getFileName() + ".old");
        Files.move(o.target, aside, StandardCopyOption.ATOMIC_MOVE);
        Files.move(o.tmp, o.target, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(aside);
    }

    /** Flushes every file of a directory tree to disk, then the directories themselves. */
    private static void forceTree(Path root) throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (var walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    dirs.add(p);
                } else {
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (Libc.available()) {
            for (Path d : dirs) {
                try (Libc.Fd fd = Libc.openRead(d)) {
                    if (fd.ok()) {
                        Libc.fsync(fd.fd());
                    }
                }
            }
        }
    }

    /** Deletes a file, or a directory with everything under it (links are removed, never followed). */
    static void deleteTree(Path root) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(root);
            return;
        }
        List<Path> all;
        try (var walk = Files.walk(root)) {
            all = walk.toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            Files.deleteIfExists(all.get(i));
        }
    }

    private static long treeSize(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> p.toFile().length()).sum();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private List<Libc.Fd> lockDirectories() {
        List<Libc.Fd> locks = new ArrayList<>();
        if (!Libc.available()) {
            return locks;
        }
        TreeSet<Path> dirs = new TreeSet<>(); // a fixed order: two commands never wait on each other crosswise
        for (Output o : outputs) {
            dirs.add(o.target.getParent());
        }
        for (Path d : dirs) {
            Libc.Fd fd = Libc.openRead(d);
            if (!fd.ok()) {
                continue; // no lock here (e.g. a file system that refuses it): renames are still atomic one by one
            }
            long deadline = System.nanoTime() + 120_000_000_000L;
            int rc;
            while ((rc = Libc.flock(fd.fd(), Libc.LOCK_EX | Libc.LOCK_NB)) == Libc.EWOULDBLOCK && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (rc == Libc.EWOULDBLOCK) {
                fd.close();
                locks.forEach(Libc.Fd::close);
                throw new UncheckedIOException(new IOException(d + ": another process has held the output directory's lock for"
                        + " two minutes; not publishing"));
            }
            locks.add(fd);
        }
        return locks;
    }

    private void release() {
        for (Output o : outputs) {
            if (o.inUse != null) {
                o.inUse.close();
                o.inUse = null;
            }
        }
    }

    /** Deletes the temporaries of an uncommitted (failed) command, and the directories it created. */
    @Override
    public void close() {
        if (committed) {
            return;
        }
        for (Output o : outputs) {
            if (o.tmp != null) {
                try {
                    deleteTree(o.tmp);
                    // a writer that renames its own temporary beside ours (jhdf through SyntheticSession) may leave one
                } catch (IOException ignored) {
                    // best effort: a stray temp file is removed by the next run; a masked original error is not
                }
                TARGET_OF.remove(o.tmp);
            }
        }
        release();
        removeDirectories(createdDirs);
        committed = true;
    }

    private static void removeDirectories(List<Path> created) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i)); // only when empty
            } catch (IOException ignored) {
                // not empty or not ours any more: leave it
            }
        }
    }

    /** The output a temporary stands for (as the user named it), or {@code p} itself. */
    public static Path describe(Path p) {
        Path t = TARGET_OF.get(p);
        return t != null ? t : p;
    }

    /** A write to (the temporary of) {@code file} failed: one line naming the user's path; a full disk said plainly. */
    public static UncheckedIOException writeFailed(Path file, IOException e) {
        Path shown = describe(file);
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t instanceof IOException io ? reason(io) : String.valueOf(t.getMessage());
            if (m.contains("No space left on device") || m.contains("Disk quota exceeded")) {
                return new UncheckedIOException(String.format(Locale.ROOT,
                        "%s: not enough space on the device (%,d bytes free when the write failed)", shown, free(file)), e);
            }
        }
        return new UncheckedIOException(shown + ": cannot write: " + reason(e), e);
    }

    /** Bytes free to this process where {@code file} lives (-1 when unknown). */
    static long free(Path file) {
        try {
            Path p = file.toAbsolutePath();
            while (p != null && !Files.exists(p)) {
                p = p.getParent();
            }
            return p == null ? -1 : Files.getFileStore(p).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The system's words for an I/O failure, without Java class names. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * Test hook: with {@code -Dragtime.test.hold=STAGE:MARKER} the process creates MARKER at STAGE
     * (before-publish, or mid-publish: after the first rename of a unit) and waits until MARKER is deleted (at
     * most two minutes), so tests can kill it or race another writer at that exact point.
     */
    private static void hold(String stage) {
        String spec = System.getProperty("ragtime.test.hold");
        if (spec == null || !spec.startsWith(stage + ":")) {
            return;
        }
        Path marker = Path.of(spec.substring(stage.length() + 1));
        try {
            Files.writeString(marker, Long.toString(PID));
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (Files.exists(marker) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("test hold failed: " + e, e);
        }
    }
}
