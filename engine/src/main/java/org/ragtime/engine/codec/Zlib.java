package org.ragtime.engine.codec;

import java.lang.foreign.MemorySegment;
import java.util.Optional;
import org.ragtime.engine.internal.Fallbacks;

/**
 * Decompression of one zlib stream (RFC 1950: HDF5's "gzip"/deflate filter, id 1) from one segment into
 * another, and compression into one (numcodecs' {@code zlib} codec, as Zarr stores use it). Two implementations: native libdeflate through FFM ({@link #libdeflate()}) and
 * {@code java.util.zip.Inflater} ({@link #jdk()}); {@link #best()} picks the first that works.
 *
 * <p>Implementations are thread-safe: each thread uses its own decompressor state. Segments may be
 * native, mapped or heap; neither is retained after the call.
 */
public sealed interface Zlib permits LibdeflateZlib, JdkZlib {

    /** Short name for notices and benchmarks: {@code "libdeflate"} or {@code "jdk"}. */
    String name();

    /**
     * Decompresses the complete zlib stream in {@code in} into the start of {@code out}.
     *
     * @return the number of bytes written
     * @throws CorruptStreamException if the stream is malformed, truncated or does not fit in {@code out}
     */
    long inflate(MemorySegment in, MemorySegment out);

    /**
     * Compresses all of {@code in} into one complete zlib stream (RFC 1950) at the start of {@code out}, at
     * {@code level} 0 (stored) to 9 (best, as zlib's levels). {@code out} must hold {@link #maxDeflated(long)}
     * bytes for the input's size. The bytes need not match another implementation's, but any zlib inflater
     * (numcodecs' {@code zlib}, Python's {@code zlib.decompress}) restores {@code in} exactly.
     *
     * @return the number of bytes written
     * @throws IllegalArgumentException if {@code out} is too small or the level is out of range
     */
    long deflate(MemorySegment in, MemorySegment out, int level);

    /**
     * An upper bound of the compressed size of {@code n} bytes, for every implementation and level: the
     * input stored in blocks (5 bytes per block of at most 16,383 bytes at worst, libdeflate's smallest) plus the
     * zlib header and Adler-32 checksum and some slack.
     */
    static long maxDeflated(long n) {
        return n + 5 * (n / 1000 + 1) + 64;
    }

    /** The JDK implementation (bundled zlib); always available. */
    static Zlib jdk() {
        return JdkZlib.INSTANCE;
    }

    /** Native libdeflate ({@code libdeflate.so.0}) if it can be loaded, else empty. */
    static Optional<Zlib> libdeflate() {
        return LibdeflateZlib.instance();
    }

    /**
     * libdeflate when present, else the JDK implementation; on fallback a one-line notice (with the reason)
     * is reported once per JVM (a System.Logger record, as {@code KernelProvider} reports fallbacks). Setting {@code -Dragtime.zlib=jdk} forces the JDK one.
     */
    static Zlib best() {
        return Best.CHOICE;
    }

    /** A zlib stream that cannot be decoded; the message is one line and says why. */
    final class CorruptStreamException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** @param message what is wrong with the stream */
        public CorruptStreamException(String message) {
            super(message);
        }
    }
}

/** Lazy holder: decides once, on first use (no class-initialisation cycle with the interface). */
final class Best {
    static final Zlib CHOICE = choose();

    private Best() {
    }

    private static Zlib choose() {
        if ("jdk".equals(System.getProperty("ragtime.zlib"))) {
            return Zlib.jdk();
        }
        Optional<Zlib> lib = LibdeflateZlib.instance();
        if (lib.isPresent()) {
            return lib.get();
        }
        Fallbacks.report("native libdeflate unavailable (" + LibdeflateZlib.failure()
                + "); decoding gzip chunks with java.util.zip.Inflater");
        return Zlib.jdk();
    }
}
