package org.ragtime.cli.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Sessions on {@code jobs} threads of this JVM. At most {@code jobs} sessions are open at once, and each command closes
 * its session (mappings, off-heap results) before its thread takes the next, so memory is bounded by the jobs, not by
 * the number of sessions.
 */
public final class LocalEngine implements Engine {
    private final int jobs;

    public LocalEngine(int jobs) {
        this.jobs = jobs;
    }

    /** The default --jobs: every core, but no more sessions at once than 512 MiB of heap each allow (at least 1). */
    public static int defaultJobs() {
        long perSession = 512L << 20;
        int byMemory = (int) Math.max(1, Runtime.getRuntime().maxMemory() / perSession);
        return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), byMemory));
    }

    @Override
    public List<Row> run(Plan plan, List<Plan.Item> todo, Consumer<Row> finished) {
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "ragtime-batch");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Row>> futures = new ArrayList<>();
            for (Plan.Item item : todo) {
                futures.add(pool.submit(() -> {
                    Row r = SessionRunner.run(plan, item);
                    finished.accept(r);
                    return r;
                }));
            }
            List<Row> rows = new ArrayList<>();
            for (Future<Row> f : futures) {
                rows.add(f.get());
            }
            return rows;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("batch interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
