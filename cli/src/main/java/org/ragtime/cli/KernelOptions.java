package org.ragtime.cli;

import picocli.CommandLine.Option;

/** {@code --kernels} and {@code --threads}, common to every analysis command. */
public final class KernelOptions {
    @Option(names = "--kernels", paramLabel = "scalar|vector|native",
            description = "Force one kernel backend (default: the best available; every backend gives bit-identical results).")
    String kernels;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    Integer threads;

    /** Threads to use: --threads, else every available core. */
    public int threads() {
        if (threads != null && threads < 1) {
            throw new org.ragtime.engine.BadInputException("--threads must be at least 1, got " + threads);
        }
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }
}
