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
    private static final MethodHandle ALLOC;
    private static final MethodHandle FREE;
    private static final MethodHandle ZLIB;
    private static final String FAILURE;
    private static final LibdeflateZlib INSTANCE;

    static {
        MethodHandle[] handles = new MethodHandle[3];
        FAILURE = load(handles);
        ALLOC = handles[0];
        FREE = handles[1];
        ZLIB = handles[2];
        INSTANCE = FAILURE == null ? new LibdeflateZlib() : null;
    }

    /** Binds the three functions into {@code h}; returns why that failed, or null. */
    @SuppressWarnings("restricted") // loading a native library is this class's purpose
    private static String load(MethodHandle[] h) {
        MethodHandle alloc = null;
        MethodHandle free = null;
        MethodHandle zlib = null;
        String failure = null;
        try {
            Linker linker = Linker.nativeLinker();
            // global arena: never unloaded (unloading a library that threads still use would crash)
            SymbolLookup lib = SymbolLookup.libraryLookup("libdeflate.so.0", Arena.global());
            alloc = linker.downcallHandle(lib.findOrThrow("libdeflate_alloc_decompressor"),
                    FunctionDescriptor.of(ValueLayout.ADDRESS));
            free = linker.downcallHandle(lib.findOrThrow("libdeflate_free_decompressor"),
                    FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
            // critical: no safepoint poll, and heap segments may be passed without copying
            zlib = linker.downcallHandle(lib.findOrThrow("libdeflate_zlib_decompress"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
                    Linker.Option.critical(true));
        } catch (Throwable t) { // IllegalArgumentException (not found), IllegalCallerException (native access off), ...
            failure = t.getClass().getSimpleName() + ": " + t.getMessage();
        }
        h[0] = alloc;
        h[1] = free;
        h[2] = zlib;
        return failure;
    }

    /** Per-thread decompressor and the out-parameter for the actual output size. */
    private static final class State {
        final MemorySegment decompressor;
        final MemorySegment actualOut = Arena.ofAuto().allocate(ValueLayout.JAVA_LONG);

        State() {
            try {
                decompressor = (MemorySegment) ALLOC.invokeExact();
            } catch (Throwable t) {
                throw new IllegalStateException("libdeflate_alloc_decompressor failed", t);
            }
            if (decompressor.equals(MemorySegment.NULL)) {
                throw new OutOfMemoryError("libdeflate_alloc_decompressor returned NULL");
            }
            MemorySegment d = decompressor; // the cleaning action must not capture this State
            CLEANER.register(this, () -> {
                try {
                    FREE.invokeExact(d);
                } catch (Throwable ignored) {
                    // nothing sensible to do while cleaning
                }
            });
        }
    }

    private final ThreadLocal<State> state = ThreadLocal.withInitial(State::new);

    private LibdeflateZlib() {
    }

    static Optional<Zlib> instance() {
        return Optional.ofNullable(INSTANCE);
    }

    /** Why the library could not be loaded, or null if it was. */
    static String failure() {
        return FAILURE;
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
            rc = (int) ZLIB.invokeExact(s.decompressor, in, in.byteSize(), out, out.byteSize(), s.actualOut);
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
