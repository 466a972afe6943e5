package org.ragtime.engine.codec;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;
import java.util.Optional;
import org.ragtime.engine.internal.Lazy;
import org.ragtime.engine.internal.NativeLibrary;

/**
 * {@link Zlib} on native libdeflate ({@code libdeflate_zlib_decompress}, {@code libdeflate_zlib_compress}) through
 * FFM. A libdeflate decompressor or compressor is not thread-safe, so each thread gets its own (a compressor per
 * level), freed by a {@link Cleaner} once the thread's state is unreachable.
 */
final class LibdeflateZlib implements Zlib {
    private static final int SUCCESS = 0;
    private static final int BAD_DATA = 1;
    private static final int INSUFFICIENT_SPACE = 3;

    private static final Cleaner CLEANER = Cleaner.create();
    private static final Lazy<LibdeflateZlib> INSTANCE = Lazy.of(LibdeflateZlib::bind);

    private final MethodHandle alloc;
    private final MethodHandle free;
    private final MethodHandle zlib;
    private final MethodHandle allocCompressor;
    private final MethodHandle freeCompressor;
    private final MethodHandle compress;

    /** Binds the three functions, or throws UnsupportedOperationException saying why that failed. */
    @SuppressWarnings("restricted") // loading a native library is this class's purpose
    private static LibdeflateZlib bind() {
        try {
            Linker linker = Linker.nativeLinker();
            // global arena: never unloaded (unloading a library that threads still use would crash)
            SymbolLookup lib = SymbolLookup.libraryLookup("libdeflate.so.0", Arena.global());
            MethodHandle alloc = linker.downcallHandle(lib.findOrThrow("libdeflate_alloc_decompressor"),
                    FunctionDescriptor.of(ValueLayout.ADDRESS));
            MethodHandle free = linker.downcallHandle(lib.findOrThrow("libdeflate_free_decompressor"),
                    FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
            // critical: no safepoint poll, and heap segments may be passed without copying
            MethodHandle zlib = linker.downcallHandle(lib.findOrThrow("libdeflate_zlib_decompress"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
                    Linker.Option.critical(true));
            MethodHandle allocC = linker.downcallHandle(lib.findOrThrow("libdeflate_alloc_compressor"),
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            MethodHandle freeC = linker.downcallHandle(lib.findOrThrow("libdeflate_free_compressor"),
                    FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
            // size_t libdeflate_zlib_compress(c, in, in_nbytes, out, out_nbytes_avail): 0 when it does not fit
            MethodHandle compress = linker.downcallHandle(lib.findOrThrow("libdeflate_zlib_compress"),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
                    Linker.Option.critical(true));
            return new LibdeflateZlib(alloc, free, zlib, allocC, freeC, compress);
        } catch (Throwable t) { // IllegalArgumentException (not found), IllegalCallerException (native access off), ...
            throw new UnsupportedOperationException(t.getClass().getSimpleName() + ": " + t.getMessage(), t);
        }
    }

    /** Per-thread decompressor and the out-parameter for the actual output size. */
    private static final class State {
        final MemorySegment decompressor;
        final MemorySegment actualOut = Arena.ofAuto().allocate(ValueLayout.JAVA_LONG);

        State(MethodHandle alloc, MethodHandle free) {
            try {
                decompressor = (MemorySegment) alloc.invokeExact();
            } catch (Throwable t) {
                throw NativeLibrary.failure("libdeflate_alloc_decompressor", t);
            }
            if (decompressor.equals(MemorySegment.NULL)) {
                throw new OutOfMemoryError("libdeflate_alloc_decompressor returned NULL");
            }
            MemorySegment d = decompressor; // the cleaning action must not capture this State
            CLEANER.register(this, () -> {
                try {
                    free.invokeExact(d);
                } catch (Throwable ignored) {
                    // nothing sensible to do while cleaning
                }
            });
        }
    }

    private final ThreadLocal<State> state;
    /** Per thread, a compressor per level (1..12; index 0 unused), allocated on first use. */
    private final ThreadLocal<Compressors> compressors;

    private LibdeflateZlib(MethodHandle alloc, MethodHandle free, MethodHandle zlib, MethodHandle allocCompressor,
            MethodHandle freeCompressor, MethodHandle compress) {
        this.alloc = alloc;
        this.free = free;
        this.zlib = zlib;
        this.allocCompressor = allocCompressor;
        this.freeCompressor = freeCompressor;
        this.compress = compress;
        this.state = ThreadLocal.withInitial(() -> new State(this.alloc, this.free));
        this.compressors = ThreadLocal.withInitial(Compressors::new);
    }

    /** One thread's compressors, freed together by the cleaner once the thread's state is unreachable. */
    private final class Compressors {
        final MemorySegment[] byLevel = new MemorySegment[13];

        MemorySegment of(int level) {
            MemorySegment c = byLevel[level];
            if (c == null) {
                try {
                    c = (MemorySegment) allocCompressor.invokeExact(level);
                } catch (Throwable t) {
                    throw NativeLibrary.failure("libdeflate_alloc_compressor", t);
                }
                if (c.equals(MemorySegment.NULL)) {
                    throw new OutOfMemoryError("libdeflate_alloc_compressor(" + level + ") returned NULL");
                }
                byLevel[level] = c;
                MemorySegment handle = c; // the cleaning action must not capture this object
                MethodHandle f = freeCompressor;
                CLEANER.register(this, () -> {
                    try {
                        f.invokeExact(handle);
                    } catch (Throwable ignored) {
                        // nothing sensible to do while cleaning
                    }
                });
            }
            return c;
        }
    }

    @Override
    public long deflate(MemorySegment in, MemorySegment out, int level) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("zlib level " + level + " is not 0..9");
        }
        if (out.byteSize() < Zlib.maxDeflated(in.byteSize())) {
            throw new IllegalArgumentException("output of " + out.byteSize() + " bytes may not hold " + in.byteSize() + " bytes compressed");
        }
        MemorySegment c = compressors.get().of(level);
        long n;
        try {
            n = (long) compress.invokeExact(c, in, in.byteSize(), out, out.byteSize());
        } catch (Throwable t) {
            throw NativeLibrary.failure("libdeflate_zlib_compress", t);
        }
        if (n == 0) {
            throw new IllegalStateException("libdeflate_zlib_compress: " + in.byteSize() + " bytes did not fit in " + out.byteSize());
        }
        return n;
    }

    static Optional<Zlib> instance() {
        try {
            return Optional.of(INSTANCE.get());
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** Why the library could not be loaded, or null if it was. */
    static String failure() {
        return INSTANCE.problem();
    }

    @Override
    public String name() {
        return "libdeflate";
    }

    @Override
    public long inflate(MemorySegment in, MemorySegment out) {
        State s = state.get();
        int rc;
        try {
            rc = (int) zlib.invokeExact(s.decompressor, in, in.byteSize(), out, out.byteSize(), s.actualOut);
        } catch (Throwable t) {
            throw NativeLibrary.failure("libdeflate_zlib_decompress", t);
        }
        return switch (rc) {
            case SUCCESS -> s.actualOut.get(ValueLayout.JAVA_LONG, 0);
            case BAD_DATA -> throw new CorruptStreamException("bad or truncated zlib stream (" + in.byteSize() + " bytes)");
            case INSUFFICIENT_SPACE -> throw new CorruptStreamException(
                    "zlib stream inflates to more than " + out.byteSize() + " bytes");
            default -> throw new CorruptStreamException("libdeflate returned " + rc);
        };
    }
}
