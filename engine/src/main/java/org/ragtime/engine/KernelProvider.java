package org.ragtime.engine;

import java.util.Locale;
import org.ragtime.engine.align.AlignKernel;
import org.ragtime.engine.codec.CsvScan;
import org.ragtime.engine.codec.Zlib;

/**
 * Hands out the kernel implementations of one backend, in the manner of Lucene's
 * {@code VectorizationProvider}. Three backends give bit-identical results:
 * <ul>
 *   <li>{@code scalar}: plain Java, the reference;</li>
 *   <li>{@code vector}: the Vector API ({@code jdk.incubator.vector}, preferred species) for the inner loops;</li>
 *   <li>{@code native}: C compiled by the build ({@code libragtime.so} in {@code -Dragtime.native.dir}),
 *       called through FFM.</li>
 * </ul>
 * {@link #get()} decides once per JVM: {@code -Dragtime.kernels=scalar|vector|native} if given, else the
 * best available (native, then vector, then scalar), printing one line on stderr when it falls back and
 * why. {@link #forName(String)} gives a named backend (tests, benchmarks, {@code --kernels}).
 * Providers and their kernels are immutable and thread-safe.
 */
public abstract class KernelProvider {
    /** System property forcing a backend. */
    public static final String KERNELS_PROPERTY = "ragtime.kernels";

    KernelProvider() {
    }

    /** Backend name: {@code scalar}, {@code vector} or {@code native}. */
    public abstract String name();

    /** Presentation-wise spike counts. */
    public abstract SpikeCounts spikeCounts();

    /** Whole-session binning. */
    public abstract SessionBinning sessionBinning();

    /** Mean PSTH. */
    public abstract Psth psth();

    /**
     * dF/F alignment (event-triggered responses): the scalar reference for the scalar backend, the Vector
     * API kernel for the vector backend and the C kernel for the native one. Each falls back with a one-line
     * notice: native to vector when the library lacks the kernel, vector to scalar when the JVM lacks
     * {@code jdk.incubator.vector}.
     */
    public AlignKernel align() {
        if (this instanceof ScalarKernels) {
            return AlignKernel.scalar();
        }
        return this instanceof NativeKernels ? NativeAlign.KERNEL : VectorAlign.KERNEL;
    }

    /** The C alignment kernel, or the vector one (with a notice) when the native library cannot give it. */
    private static final class NativeAlign {
        static final AlignKernel KERNEL = pick();

        private static AlignKernel pick() {
            try {
                return AlignKernel.nativeKernel();
            } catch (UnsupportedOperationException | LinkageError e) {
                AlignKernel fallback = VectorAlign.KERNEL;
                System.err.println("ragtime: native dF/F alignment unavailable (" + e.getMessage() + "); using the "
                        + fallback.name() + " kernel");
                return fallback;
            }
        }
    }

    /** The Vector API alignment kernel, or the scalar one (with a notice) in a JVM without the incubator module. */
    private static final class VectorAlign {
        static final AlignKernel KERNEL = pick();

        private static AlignKernel pick() {
            try {
                VectorKernels.create(); // checks that jdk.incubator.vector is readable
                return AlignKernel.vector();
            } catch (UnsupportedOperationException | LinkageError e) {
                System.err.println("ragtime: vector dF/F alignment unavailable (" + e.getMessage() + "); using the scalar kernel");
                return AlignKernel.scalar();
            }
        }
    }

    /**
     * zlib decompression of HDF5 gzip chunks: native libdeflate through FFM for the native backend (falling
     * back to java.util.zip with a notice when libdeflate does not load), java.util.zip for the others.
     */
    public Zlib zlib() {
        return this instanceof NativeKernels ? Zlib.best() : Zlib.jdk();
    }

    /** The CSV field scan: the C one for the native backend, the Java reference for the others. */
    public CsvScan csvScan() {
        return this instanceof NativeKernels ? CsvScan.nativeScan() : CsvScan.scalar();
    }

    /** The backend chosen for this JVM (decided once). */
    public static KernelProvider get() {
        return Holder.INSTANCE;
    }

    /**
     * The named backend.
     *
     * @param name {@code scalar}, {@code vector} or {@code native} (case-insensitive)
     * @throws IllegalArgumentException for an unknown name
     * @throws UnsupportedOperationException when the backend cannot run here; the message says why
     */
    public static KernelProvider forName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "scalar" -> ScalarKernels.INSTANCE;
            case "vector" -> VectorKernels.create();
            case "native" -> NativeKernels.create();
            default -> throw new IllegalArgumentException("unknown kernels '" + name + "': use scalar, vector or native");
        };
    }

    /** Worker threads when the caller does not say: {@code -Dragtime.threads=N}, else every available core. */
    public static int defaultThreads() {
        return Math.max(1, Integer.getInteger("ragtime.threads", Runtime.getRuntime().availableProcessors()));
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
                    notice(forced.trim() + " kernels unavailable (" + e.getMessage() + "); using " + best.name() + " kernels");
                    return best;
                }
            }
            return best(true);
        }

        /** Native, else vector, else scalar; with {@code tell}, one stderr line saying why it fell back. */
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
                    notice(why + "; using vector kernels");
                }
                return v;
            } catch (UnsupportedOperationException | LinkageError e) {
                why += ", vector kernels unavailable (" + e.getMessage() + ")";
            }
            if (tell) {
                notice(why + "; using scalar kernels");
            }
            return ScalarKernels.INSTANCE;
        }

        private static void notice(String line) {
            System.err.println("ragtime: " + line);
        }
    }
}
