package org.ragtime.io;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Large zeroed off-heap buffers for decoded datasets: anonymous pages from {@code mmap}, advised as
 * transparent huge pages, so a 200 MB output costs about a hundred page faults instead of fifty thousand and
 * no second zeroing pass ({@code Arena.allocate} memsets what the kernel already zeroed). Falls back to
 * {@code Arena.allocate} for small sizes or when libc's mmap cannot be called. Freed with the arena.
 */
final class PageMemory {
    private static final long LARGE = 4L << 20;
    private static final int PROT_READ_WRITE = 0x3;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x22;
    private static final int MADV_HUGEPAGE = 14;
    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;
    private static final MethodHandle MADVISE;

    static {
        MethodHandle mmap = null;
        MethodHandle munmap = null;
        MethodHandle madvise = null;
        try {
            Linker linker = Linker.nativeLinker();
            var libc = linker.defaultLookup();
            mmap = linker.downcallHandle(libc.findOrThrow("mmap"),
                    FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
            munmap = linker.downcallHandle(libc.findOrThrow("munmap"), FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
            madvise = linker.downcallHandle(libc.findOrThrow("madvise"), FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
        } catch (RuntimeException | LinkageError e) {
            mmap = null; // not Linux/glibc, or native access refused: Arena.allocate it is
        }
        MMAP = mmap;
        MUNMAP = munmap;
        MADVISE = madvise;
    }

    private PageMemory() {
    }

    /** {@code bytes} zeroed bytes, 8-aligned, owned by {@code arena}. */
    static MemorySegment zeroed(long bytes, Arena arena) {
        if (bytes < LARGE || MMAP == null) {
            return arena.allocate(bytes, 8);
        }
        try {
            MemorySegment at = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, bytes, PROT_READ_WRITE,
                    MAP_PRIVATE_ANONYMOUS, -1, 0L);
            if (at.address() == -1L) {
                return arena.allocate(bytes, 8);
            }
            int ignored = (int) MADVISE.invokeExact(at, bytes, MADV_HUGEPAGE); // advice only: fine if refused
            return at.reinterpret(bytes, arena, s -> unmap(s, bytes));
        } catch (Error e) {
            throw e;
        } catch (Throwable e) { // invokeExact's checked Throwable: the downcall itself failed, use the heap-free fallback
            return arena.allocate(bytes, 8);
        }
    }

    private static void unmap(MemorySegment s, long bytes) {
        try {
            int ignored = (int) MUNMAP.invokeExact(s, bytes);
        } catch (Throwable e) {
            throw new IllegalStateException("munmap failed", e);
        }
    }
}
