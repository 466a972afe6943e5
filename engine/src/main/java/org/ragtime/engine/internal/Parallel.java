package org.ragtime.engine.internal;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits a range of work items (units or presentations) into contiguous parts, one per thread; the
 * caller runs the first part itself. Every output cell is owned by exactly one part, so results never
 * depend on the thread count. Worker threads are daemons kept by a cached pool (their per-thread
 * {@link Scratch} survives between calls). Shared by every kernel family, the dF/F alignment included.
 */
public final class Parallel {
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ragtime-kernel");
        t.setDaemon(true);
        return t;
    });

    /** Work on items {@code [from, to)}; returns a value combined with {@link Math#max}. */
    @FunctionalInterface
    public interface Part {
        /** Runs items {@code [from, to)}. */
        long run(int from, int to);
    }

    /** Never started: only asked whether segments are accessible from a thread other than the caller. */
    private static final Thread OTHER = new Thread(() -> { });

    private Parallel() {
    }

    /** {@code threads}, or 1 when a segment is confined to the calling thread (workers could not touch it). */
    public static int usable(int threads, MemorySegment... segments) {
        for (MemorySegment s : segments) {
            if (!s.isAccessibleBy(OTHER)) {
                return Math.min(threads, 1);
            }
        }
        return threads;
    }

    /** Runs {@code part} over {@code [0, n)} split {@code threads} ways; returns the largest part result (0 if n == 0). */
    public static long max(int threads, int n, Part part) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        int parts = Math.min(threads, n);
        if (parts <= 1) {
            return n == 0 ? 0 : part.run(0, n);
        }
        @SuppressWarnings("unchecked")
        Future<Long>[] futures = new Future[parts - 1];
        for (int i = 1; i < parts; i++) {
            int from = bound(n, parts, i);
            int to = bound(n, parts, i + 1);
            futures[i - 1] = POOL.submit(() -> part.run(from, to));
        }
        long max = 0;
        Throwable failure = null;
        try {
            max = part.run(0, bound(n, parts, 1));
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (Future<Long> f : futures) {
            try {
                max = Math.max(max, f.get());
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure == null ? e : failure;
            }
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException("kernel worker failed", failure);
        }
        return max;
    }

    private static int bound(int n, int parts, int i) {
        return (int) ((long) n * i / parts);
    }
}
