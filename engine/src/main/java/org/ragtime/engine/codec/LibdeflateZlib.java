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

/**
 * {@link Zlib} on native libdeflate ({@code libdeflate_zlib_decompress}) through FFM. A libdeflate
 * decompressor is not thread-safe, so each thread gets its own, freed by a {@link Cleaner} once the
 * thread's state is unreachable.
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
            return new LibdeflateZlib(alloc, free, zlib);
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
                throw new IllegalStateException("libdeflate_alloc_decompressor failed", t);
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

    private LibdeflateZlib(MethodHandle alloc, MethodHandle free, MethodHandle zlib) {
        this.alloc = alloc;
        this.free = free;
        this.zlib = zlib;
        this.state = ThreadLocal.withInitial(() -> new State(this.alloc, this.free));
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
            throw new IllegalStateException("libdeflate_zlib_decompress call failed", t);
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
