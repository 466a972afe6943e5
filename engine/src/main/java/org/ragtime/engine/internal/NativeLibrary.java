package org.ragtime.engine.internal;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Ragtime's own C library, {@code libragtime.so}, built from {@code src-native/src/main/c} by the Maven
 * build and found in the directory named by {@code -Dragtime.native.dir} (the launcher and the test
 * runner set it to {@code <root>/src-native/target}). Loaded once, into the global arena (never
 * unloaded), and accepted only when {@code ragtime_cpu_ok()} says this CPU has the features the library
 * was compiled for and {@code ragtime_abi_version()} matches {@link #ABI_VERSION}. Every native kernel
 * family (spike kernels, alignment, codecs) reaches its symbols through {@link #lookup()}.
 */
public final class NativeLibrary {
    /** System property naming the directory that holds the library. */
    public static final String DIR_PROPERTY = "ragtime.native.dir";
    /** File name of the library. */
    public static final String FILE = "libragtime.so";
    /** The ABI version this Java code expects ({@code ragtime_abi_version()} in ragtime.c). */
    public static final int ABI_VERSION = 4;

    private NativeLibrary() {
    }

    /** The loaded library, or empty when it cannot be used here ({@link #problem()} says why). */
    public static Optional<SymbolLookup> lookup() {
        return Optional.ofNullable(Holder.LOOKUP);
    }

    /** Why the library cannot be used (one phrase, naming where it looked), or null when it can. */
    public static String problem() {
        return Holder.PROBLEM;
    }

    /** The native linker, for downcall handles on {@link #lookup()}'s symbols. */
    public static Linker linker() {
        return Linker.nativeLinker();
    }

    /**
     * What to throw when a downcall fails ({@code invokeExact} declares Throwable): the call's own unchecked
     * exception, its Error thrown as is, else an IllegalStateException naming the call.
     */
    public static RuntimeException failure(String call, Throwable e) {
        if (e instanceof RuntimeException r) {
            return r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(call + " failed", e);
    }

    /**
     * A downcall handle on one of the library's functions.
     *
     * @throws UnsupportedOperationException saying why, when the library cannot be used here or lacks the
     *                                       symbol (a library from an older build)
     */
    public static MethodHandle downcall(String symbol, FunctionDescriptor descriptor, Linker.Option... options) {
        SymbolLookup lib = lookup().orElseThrow(() -> new UnsupportedOperationException(problem()));
        var address = lib.find(symbol).orElseThrow(() -> new UnsupportedOperationException(
                FILE + " has no " + symbol + " (rebuild it: mvn -pl src-native compile)"));
        return linker().downcallHandle(address, descriptor, options);
    }

    private static final class Holder {
        static final SymbolLookup LOOKUP;
        static final String PROBLEM;

        static {
            SymbolLookup lookup = null;
            String problem;
            try {
                lookup = load();
                problem = null;
            } catch (UnsupportedOperationException e) {
                problem = e.getMessage();
            }
            LOOKUP = lookup;
            PROBLEM = problem;
        }

        private static SymbolLookup load() {
            String dir = System.getProperty(DIR_PROPERTY);
            if (dir == null || dir.isBlank()) {
                throw new UnsupportedOperationException("-D" + DIR_PROPERTY + " is not set, so " + FILE + " was not looked for");
            }
            Path file = Path.of(dir).resolve(FILE).toAbsolutePath();
            if (!Files.isRegularFile(file)) {
                throw new UnsupportedOperationException("no " + FILE + " in " + file.getParent()
                        + " (build it: mvn -pl src-native compile)");
            }
            SymbolLookup lookup;
            try {
                lookup = SymbolLookup.libraryLookup(file, Arena.global());
            } catch (IllegalArgumentException | IllegalCallerException e) {
                throw new UnsupportedOperationException("cannot load " + file + ": " + e.getMessage());
            }
            Linker linker = Linker.nativeLinker();
            try {
                MethodHandle cpuOk = linker.downcallHandle(lookup.findOrThrow("ragtime_cpu_ok"), FunctionDescriptor.of(JAVA_INT));
                MethodHandle abi = linker.downcallHandle(lookup.findOrThrow("ragtime_abi_version"), FunctionDescriptor.of(JAVA_INT));
                if ((int) cpuOk.invokeExact() != 1) {
                    throw new UnsupportedOperationException(file + " was built for CPU features this CPU lacks (rebuild it here)");
                }
                int version = (int) abi.invokeExact();
                if (version != ABI_VERSION) {
                    throw new UnsupportedOperationException(file + " has ABI version " + version + ", this code needs "
                            + ABI_VERSION + " (rebuild: mvn -pl src-native compile)");
                }
            } catch (UnsupportedOperationException e) {
                throw e;
            } catch (Throwable e) {
                throw new UnsupportedOperationException("cannot check " + file + ": " + e);
            }
            return lookup;
        }
    }
}
