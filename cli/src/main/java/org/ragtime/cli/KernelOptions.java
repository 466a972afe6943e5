package org.ragtime.cli;

import org.ragtime.engine.BadInputException;
import org.ragtime.engine.KernelProvider;
import picocli.CommandLine.Option;

/** {@code --kernels} and {@code --threads}, common to every analysis command. */
public final class KernelOptions {
    @Option(names = "--kernels", paramLabel = "scalar|vector|native",
            description = "Force one kernel backend (default: the best available; every backend gives bit-identical results)."
                    + " native-v2 (baseline), native-v3 (AVX2), native-v4 (AVX-512): the native kernels compiled for that"
                    + " x86-64 level instead of the best one this CPU runs.")
    String kernels;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    Integer threads;

    /**
     * Threads to use: --threads, else {@link KernelProvider#defaultThreads()} (every core). The command passes
     * the count to the kernels and to the reader's chunk decoding ({@code Session.open(file, threads)}).
     */
    public int threads() {
        if (threads != null && threads < 1) {
            throw new BadInputException("--threads must be at least 1, got " + threads);
        }
        return threads != null ? threads : KernelProvider.defaultThreads();
    }

    private KernelProvider chosen;

    /** The forced backend, else the best available one (remembered for {@link #chosen()}). */
    public KernelProvider provider() {
        if (kernels == null) {
            return chosen = KernelProvider.get();
        }
        try {
            return chosen = KernelProvider.forName(kernels);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw new BadInputException("--kernels " + kernels + ": " + e.getMessage());
        }
    }

    /** The backend {@link #provider()} last returned (an analysis asks for it once its inputs are checked). */
    public KernelProvider chosen() {
        return chosen;
    }
}
