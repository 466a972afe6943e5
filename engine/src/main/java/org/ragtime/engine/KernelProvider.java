package org.ragtime.engine;

import java.util.Locale;
import org.ragtime.engine.align.AlignKernel;
import org.ragtime.engine.codec.CsvScan;
import org.ragtime.engine.codec.Zlib;
import org.ragtime.engine.internal.Fallbacks;
import org.ragtime.engine.internal.NativeKernels;
import org.ragtime.engine.internal.ScalarKernels;
import org.ragtime.engine.internal.VectorKernels;

/**
 * Hands out the kernel implementations of one backend, in the manner of Lucene's
 * {@code VectorizationProvider}. Three backends give bit-identical results:
 * <ul>
 *   <li>{@code scalar}: plain Java, the reference;</li>
 *   <li>{@code vector}: the Vector API ({@code jdk.incubator.vector}, preferred species) for the inner loops;</li>
 *   <li>{@code native}: C compiled by the build ({@code libragtime.so} in {@code -Dragtime.native.dir}),
 *       called through FFM, at the best x86-64 level this CPU runs ({@link Isa}; {@code -Dragtime.native.isa}
 *       forces one). {@code native-v2}, {@code native-v3} and {@code native-v4} name the native backend at
 *       one level (tests and benchmarks compare them in one JVM).</li>
 * </ul>
 * Each backend implements every family itself (the implementations live in
 * {@code org.ragtime.engine.internal}). {@link #get()} decides once per JVM:
 * {@code -Dragtime.kernels=scalar|vector|native} if given, else the best available (native, then vector,
 * then scalar), reporting a fallback and its reason as one {@link System.Logger} record (WARNING, logger
 * {@code org.ragtime.engine}). {@link #forName(String)} gives a named backend (tests, benchmarks,
 * {@code --kernels}). Providers and their kernels are immutable and thread-safe.
 */
public abstract class KernelProvider {
    /** System property forcing a backend. */
    public static final String KERNELS_PROPERTY = "ragtime.kernels";
    /** System property giving the default worker thread count ({@link #defaultThreads()}), read, never set. */
    public static final String THREADS_PROPERTY = "ragtime.threads";

    /** For the backends (and for tests or benchmarks that wrap one). */
    protected KernelProvider() {
    }

    /** Backend name: {@code scalar}, {@code vector}, {@code native} (or {@code native-v3} and the like). */
    public abstract String name();

    /** The name as users see it, with what it runs on: {@code native (v4, AVX-512)}; else {@link #name()}. */
    public String description() {
        return name();
    }

    /** Presentation-wise spike counts. */
    public abstract SpikeCounts spikeCounts();

    /** Whole-session binning. */
    public abstract SessionBinning sessionBinning();

    /** Mean PSTH. */
    public abstract Psth psth();

    /** Per-presentation spike totals ({@code start < t <= stop}), the input of condition-wise statistics. */
    public abstract PresentationTotals presentationTotals();

    /**
     * dF/F alignment (event-triggered responses): the scalar reference for the scalar backend, the Vector
     * API kernel for the vector backend and the C kernel for the native one. The native backend falls back
     * (reported once) to the vector kernel when the library lacks the kernel, and from there to the scalar
     * one when the JVM lacks {@code jdk.incubator.vector}.
     */
    public abstract AlignKernel align();

    /**
     * zlib decompression of HDF5 gzip chunks: native libdeflate through FFM for the native backend (falling
     * back to java.util.zip, reported once, when libdeflate does not load), java.util.zip for the others.
     */
    public abstract Zlib zlib();

    /** The CSV field scan: the C one for the native backend, the Java reference for the others. */
    public abstract CsvScan csvScan();

    /** The backend chosen for this JVM (decided once). */
    public static KernelProvider get() {
        return Holder.INSTANCE;
    }

    /**
     * The named backend.
     *
     * @param name {@code scalar}, {@code vector}, {@code native} or {@code native-v2}, {@code native-v3},
     *             {@code native-v4} (the native backend at that x86-64 level; case-insensitive)
     * @throws IllegalArgumentException for an unknown name
     * @throws UnsupportedOperationException when the backend cannot run here; the message says why
     */
    public static KernelProvider forName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "scalar" -> ScalarKernels.INSTANCE;
            case "vector" -> VectorKernels.create();
            case "native" -> NativeKernels.create();
            case "native-v2", "native-v3", "native-v4" -> NativeKernels.forIsa(Isa.parse(name.substring("native-".length())));
            default -> throw new IllegalArgumentException("unknown kernels '" + name + "': use scalar, vector or native");
        };
    }

    /**
     * Worker threads when the caller does not say: {@code -Dragtime.threads=N} given when the JVM starts,
     * else every available core. Callers that know their thread count pass it to the kernels instead.
     */
    public static int defaultThreads() {
        return Math.max(1, Integer.getInteger(THREADS_PROPERTY, Runtime.getRuntime().availableProcessors()));
    }

    @Override
    public String toString() {
        return name() + " kernels";
    }

    private static final class Holder {
        static final KernelProvider INSTANCE = lookup();

        private static KernelProvider lookup() {
            String forced = System.getProperty(KERNELS_PROPERTY);
            if (forced != null && !forced.isBlank()) {
                try {
                    return forName(forced.trim());
                } catch (RuntimeException e) {
                    KernelProvider best = best(false);
                    Fallbacks.report(forced.trim() + " kernels unavailable (" + e.getMessage() + "); using " + best.name() + " kernels");
                    return best;
                }
            }
            return best(true);
        }

        /** Native, else vector, else scalar; with {@code tell}, one notice saying why it fell back. */
        private static KernelProvider best(boolean tell) {
            String why;
            try {
                return NativeKernels.create();
            } catch (UnsupportedOperationException | LinkageError e) {
                why = "native kernels unavailable (" + e.getMessage() + ")";
            }
            try {
                KernelProvider v = VectorKernels.create();
                if (tell) {
                    Fallbacks.report(why + "; using vector kernels");
                }
                return v;
            } catch (UnsupportedOperationException | LinkageError e) {
                why += ", vector kernels unavailable (" + e.getMessage() + ")";
            }
            if (tell) {
                Fallbacks.report(why + "; using scalar kernels");
            }
            return ScalarKernels.INSTANCE;
        }
    }
}
