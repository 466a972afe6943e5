package org.ragtime.cli.out;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Blosc 1 compression (the format numcodecs' {@code blosc} codec reads: a 16-byte header, then shuffled blocks
 * compressed with LZ4) through the system's {@code libblosc.so.1} (Debian {@code libblosc1}, which Debian's
 * python3-numcodecs itself links), bound through FFM: {@code blosc_compress_ctx}, thread-safe, one internal thread
 * (the Zarr writer compresses chunks in parallel itself). Hand-writing Blosc would mean hand-writing LZ4; the C
 * library is the reference implementation. {@link #available()} is false where the library is missing, and the
 * writer then uses zlib.
 */
final class Blosc {
    /** LZ4 inside Blosc, byte shuffle, numcodecs' default level. */
    static final String CNAME = "lz4";
    static final int CLEVEL = 5;
    static final int SHUFFLE = 1;
    /** Blosc's header: the most a compressed buffer exceeds its input by (BLOSC_MAX_OVERHEAD). */
    static final long OVERHEAD = 16;

    private static final MethodHandle COMPRESS;
    private static final MethodHandle DECOMPRESS;
    private static final MemorySegment CNAME_C;
    private static final String PROBLEM;

    static {
        MethodHandle h = null;
        MethodHandle d = null;
        MemorySegment name = null;
        String problem = null;
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup lib = SymbolLookup.libraryLookup("libblosc.so.1", Arena.global());
            // int blosc_compress_ctx(int clevel, int doshuffle, size_t typesize, size_t nbytes, const void* src, void* dest,
            //                        size_t destsize, const char* compressor, size_t blocksize, int numinternalthreads)
            h = linker.downcallHandle(lib.findOrThrow("blosc_compress_ctx"), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT),
                    Linker.Option.critical(true)); // heap segments (coordinates) passed without a copy; one chunk per call
            // int blosc_decompress_ctx(const void* src, void* dest, size_t destsize, int numinternalthreads)
            d = linker.downcallHandle(lib.findOrThrow("blosc_decompress_ctx"), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT), Linker.Option.critical(true));
            name = Arena.global().allocateFrom(CNAME);
        } catch (RuntimeException | LinkageError e) { // not found, native access off
            h = null;
            d = null;
            problem = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        COMPRESS = h;
        DECOMPRESS = d;
        CNAME_C = name;
        PROBLEM = problem;
    }

    private Blosc() {
    }

    /** Whether libblosc is bound here (and {@code -Dragtime.zarr.codec=zlib} does not ask for zlib). */
    static boolean available() {
        return COMPRESS != null && !"zlib".equals(System.getProperty("ragtime.zarr.codec"));
    }

    /** Why libblosc could not be bound (null when it was). */
    static String problem() {
        return PROBLEM;
    }

    /** The bound of a compressed chunk of {@code n} bytes. */
    static long bound(long n) {
        return n + OVERHEAD;
    }

    /**
     * Compresses {@code in} (elements of {@code typesize} bytes, shuffled by byte) into {@code out} (at least
     * {@link #bound} bytes, native memory); returns the compressed size.
     */
    static long compress(MemorySegment in, MemorySegment out, int typesize) {
        if (in.byteSize() > Integer.MAX_VALUE - OVERHEAD) {
            throw new IllegalArgumentException("a Blosc chunk holds less than 2 GiB, not " + in.byteSize() + " bytes");
        }
        int n;
        try {
            n = (int) COMPRESS.invokeExact(CLEVEL, SHUFFLE, (long) Math.min(typesize, 255), in.byteSize(), in, out, out.byteSize(),
                    CNAME_C, 0L, 1);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (n <= 0) {
            throw new IllegalStateException("blosc_compress_ctx returned " + n + " for " + in.byteSize() + " bytes");
        }
        return n;
    }

    /** Decompresses one Blosc buffer into {@code out} (its exact uncompressed size); for reading Ragtime's own stores. */
    static void decompress(MemorySegment in, MemorySegment out) {
        if (DECOMPRESS == null) {
            throw new IllegalStateException("libblosc.so.1 is not available here (" + PROBLEM + "); cannot read a Blosc chunk");
        }
        int n;
        try {
            n = (int) DECOMPRESS.invokeExact(in, out, out.byteSize(), 1);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (n != out.byteSize()) {
            throw new IllegalStateException("blosc_decompress_ctx returned " + n + ", expected " + out.byteSize() + " bytes");
        }
    }
}
