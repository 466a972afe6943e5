package org.ragtime.cli.out;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * The few POSIX calls the output path needs and Java does not offer, bound through FFM from the C
 * library's default lookup: {@code posix_fallocate} (reserve an output's blocks before it is mapped, so a
 * full disk is an error instead of a SIGBUS), {@code flock} (serialise publishing into one directory and
 * mark a temporary as in use), {@code fsync} of a directory, {@code renameat2(RENAME_EXCHANGE)} (swap a replaced
 * Zarr store for its new version in one step). Where the C library or a symbol is missing
 * (not Linux, not glibc-compatible), {@link #available()} is false and callers fall back.
 */
final class Libc {
    static final int ENOSPC = 28;
    static final int EINVAL = 22;
    static final int ENOSYS = 38;
    static final int EOPNOTSUPP = 95;
    static final int EWOULDBLOCK = 11;
    static final int EINTR = 4;
    static final int EDQUOT = 122;
    static final int EFBIG = 27;
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int O_CLOEXEC = 0x80000;
    static final int LOCK_EX = 2;
    static final int LOCK_NB = 4;

    private static final MethodHandle OPEN;
    private static final MethodHandle CLOSE;
    private static final MethodHandle FALLOCATE;
    private static final MethodHandle FLOCK;
    private static final MethodHandle FSYNC;
    private static final int AT_FDCWD = -100;
    private static final int RENAME_EXCHANGE = 2;
    private static final StructLayout CALL_STATE;
    private static final VarHandle ERRNO;

    static {
        MethodHandle open = null;
        MethodHandle close = null;
        MethodHandle fallocate = null;
        MethodHandle flock = null;
        MethodHandle fsync = null;
        StructLayout state = null;
        VarHandle errno = null;
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            state = Linker.Option.captureStateLayout();
            errno = state.varHandle(MemoryLayout.PathElement.groupElement("errno"));
            Linker.Option capture = Linker.Option.captureCallState("errno");
            open = linker.downcallHandle(libc.find("open").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                    capture, Linker.Option.firstVariadicArg(2));
            close = linker.downcallHandle(libc.find("close").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            // posix_fallocate returns the error number instead of setting errno
            fallocate = linker.downcallHandle(libc.find("posix_fallocate").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
            flock = linker.downcallHandle(libc.find("flock").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), capture);
            fsync = linker.downcallHandle(libc.find("fsync").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        } catch (RuntimeException | LinkageError e) {
            open = null; // not available here: callers fall back
        }
        OPEN = open;
        CLOSE = close;
        FALLOCATE = fallocate;
        FLOCK = flock;
        FSYNC = fsync;
        CALL_STATE = state;
        ERRNO = errno;
    }

    private Libc() {
    }

    /**
     * The calls only an error message or a replaced Zarr store needs, bound on their first use: each handle costs a
     * few milliseconds of generated classes at start-up, which every command that writes would otherwise pay.
     */
    private static final class Rare {
        static final MethodHandle STRERROR;
        static final MethodHandle RENAMEAT2;

        static {
            MethodHandle strerror = null;
            MethodHandle renameat2 = null;
            if (available()) {
                try {
                    Linker linker = Linker.nativeLinker();
                    SymbolLookup libc = linker.defaultLookup();
                    strerror = libc.find("strerror").map(a -> linker.downcallHandle(a, FunctionDescriptor.of(
                            ValueLayout.ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(4096, ValueLayout.JAVA_BYTE)),
                            ValueLayout.JAVA_INT))).orElse(null);
                    // glibc 2.28+; absent elsewhere, which only costs the atomic exchange of a replaced store
                    renameat2 = libc.find("renameat2").map(a -> linker.downcallHandle(a, FunctionDescriptor.of(ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                            Linker.Option.captureCallState("errno"))).orElse(null);
                } catch (RuntimeException | LinkageError e) {
                    // unbound: messages say "error N", a replaced store is swapped in two renames
                }
            }
            STRERROR = strerror;
            RENAMEAT2 = renameat2;
        }
    }

    /** Whether the calls are bound (Linux with a C library in the default lookup). */
    static boolean available() {
        return OPEN != null;
    }

    /** An open file descriptor, or the errno of a failed {@code open}. */
    record Fd(int fd, int errno) implements AutoCloseable {
        boolean ok() {
            return fd >= 0;
        }

        @Override
        public void close() {
            if (fd >= 0) {
                Libc.close(fd);
            }
        }
    }

    /** {@code open(path, O_RDONLY|O_CLOEXEC)} (also fine for a directory). */
    static Fd openRead(Path path) {
        return open(path, O_RDONLY | O_CLOEXEC);
    }

    /** {@code open(path, O_WRONLY|O_CLOEXEC)} of an existing file. */
    static Fd openWrite(Path path) {
        return open(path, O_WRONLY | O_CLOEXEC);
    }

    private static Fd open(Path path, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(CALL_STATE);
            int fd = (int) OPEN.invokeExact(state, a.allocateFrom(path.toString()), flags, 0);
            return new Fd(fd, fd < 0 ? (int) ERRNO.get(state, 0L) : 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void close(int fd) {
        try {
            int rc = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code posix_fallocate(fd, offset, len)}: 0 or the error number. */
    static int fallocate(int fd, long offset, long len) {
        try {
            int rc;
            do {
                rc = (int) FALLOCATE.invokeExact(fd, offset, len);
            } while (rc == EINTR);
            return rc;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code flock(fd, op)}: 0 or the errno. */
    static int flock(int fd, int op) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(CALL_STATE);
            int rc;
            do {
                rc = (int) FLOCK.invokeExact(state, fd, op);
            } while (rc != 0 && (int) ERRNO.get(state, 0L) == EINTR);
            return rc == 0 ? 0 : (int) ERRNO.get(state, 0L);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code fsync(fd)} (errors ignored: used for directories, where some file systems refuse it). */
    static void fsync(int fd) {
        try {
            int rc = (int) FSYNC.invokeExact(fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE)}: swaps two existing paths (e.g. directories) in one
     * step; 0 or the errno (ENOSYS when the call is not bound here, EINVAL where the file system does not support it).
     */
    static int exchange(Path a, Path b) {
        MethodHandle renameat2 = Rare.RENAMEAT2;
        if (renameat2 == null) {
            return ENOSYS;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) renameat2.invokeExact(state, AT_FDCWD, arena.allocateFrom(a.toString()), AT_FDCWD,
                    arena.allocateFrom(b.toString()), RENAME_EXCHANGE);
            return rc == 0 ? 0 : (int) ERRNO.get(state, 0L);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The C library's text for an error number. */
    static String strerror(int errno) {
        MethodHandle strerror = Rare.STRERROR;
        if (strerror == null) {
            return "error " + errno;
        }
        try {
            MemorySegment s = (MemorySegment) strerror.invokeExact(errno);
            return s.equals(MemorySegment.NULL) ? "error " + errno : s.getString(0);
        } catch (Throwable t) {
            return "error " + errno;
        }
    }

    /**
     * What to throw when a downcall fails ({@code invokeExact} declares Throwable): its own unchecked exception, its
     * Error thrown as is, else an IllegalStateException. Also Blosc's.
     */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
