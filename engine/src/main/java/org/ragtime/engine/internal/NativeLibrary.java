package org.ragtime.engine.internal;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ragtime.engine.Isa;

/**
 * Ragtime's own C library, {@code libragtime.so}, built from {@code src-native/src/main/c} by the Maven
 * build and found in the directory named by {@code -Dragtime.native.dir} (the launcher and the test
 * runner set it to {@code <root>/src-native/target}). Loaded once, into the global arena (never
 * unloaded), and accepted only when {@code ragtime_cpu_ok()} says this CPU has the baseline the library
 * needs (x86-64-v2) and {@code ragtime_abi_version()} matches {@link #ABI_VERSION}.
 *
 * <p>The library holds every kernel once per x86-64 level ({@link Isa}: {@code ragtime_counts_v2},
 * {@code _v3}, {@code _v4}). At load time {@code ragtime_isa_supported(level)} tells which levels this CPU
 * runs, and the best one is chosen ({@link #isa()}), unless {@code -Dragtime.native.isa=v2|v3|v4} forces
 * one; a forced level this CPU lacks makes the native backend unusable, with a message saying so.
 * {@link #downcall(String, FunctionDescriptor, Linker.Option...)} binds the chosen level's symbol, so the
 * kernel families (spike kernels, alignment, codecs) name the plain symbol; {@link #downcall(String, Isa,
 * FunctionDescriptor, Linker.Option...)} binds a given level (tests and benchmarks compare every level).
 */
public final class NativeLibrary {
    /** System property naming the directory that holds the library. */
    public static final String DIR_PROPERTY = "ragtime.native.dir";
    /** File name of the library. */
    public static final String FILE = "libragtime.so";
    /** The ABI version this Java code expects ({@code ragtime_abi_version()} in ragtime.c). */
    public static final int ABI_VERSION = 5;

    private NativeLibrary() {
    }

    /** The loaded library, or empty when it cannot be used here ({@link #problem()} says why). */
    public static Optional<SymbolLookup> lookup() {
        return Optional.ofNullable(Holder.PROBLEM == null ? Holder.LOOKUP : null);
    }

    /** Why the library cannot be used (one phrase, naming where it looked), or null when it can. */
    public static String problem() {
        return Holder.PROBLEM;
    }

    /**
     * The level the native kernels use in this JVM ({@code -Dragtime.native.isa}, else the best this CPU runs).
     *
     * @throws UnsupportedOperationException saying why, when the library cannot be used here
     */
    public static Isa isa() {
        if (Holder.PROBLEM != null) {
            throw new UnsupportedOperationException(Holder.PROBLEM);
        }
        return Holder.ISA;
    }

    /** Whether the library loaded and this CPU runs the kernels built for {@code level}. */
    public static boolean supports(Isa level) {
        return Holder.LOOKUP != null && Holder.SUPPORTED.contains(level);
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
     * A downcall handle on one of the library's kernels, at the level of {@link #isa()}: {@code symbol} is
     * the plain name ({@code ragtime_counts}), the level's suffix is added here.
     *
     * @throws UnsupportedOperationException saying why, when the library cannot be used here or lacks the
     *                                       symbol (a library from an older build)
     */
    public static MethodHandle downcall(String symbol, FunctionDescriptor descriptor, Linker.Option... options) {
        return downcall(symbol, isa(), descriptor, options);
    }

    /**
     * A downcall handle on the kernel {@code symbol} (plain name) compiled for {@code level}.
     *
     * @throws UnsupportedOperationException saying why, when the library cannot be used here, this CPU
     *                                       lacks the level, or the library lacks the symbol
     */
    public static MethodHandle downcall(String symbol, Isa level, FunctionDescriptor descriptor, Linker.Option... options) {
        return linker().downcallHandle(address(symbol, level), descriptor, options);
    }

    /**
     * The same handle, made on first use: the checks (library, level, symbol) run now and throw as
     * {@link #downcall(String, Isa, FunctionDescriptor, Linker.Option...)} does, but the handle itself, whose
     * generated classes cost a few milliseconds each before the JIT has warmed up, is only made for the
     * kernels a command calls.
     */
    public static Lazy<MethodHandle> downcallOnFirstUse(String symbol, Isa level, FunctionDescriptor descriptor,
                                                        Linker.Option... options) {
        MemorySegment address = address(symbol, level);
        return Lazy.of(() -> linker().downcallHandle(address, descriptor, options));
    }

    private static MemorySegment address(String symbol, Isa level) {
        if (Holder.LOOKUP == null) {
            throw new UnsupportedOperationException(Holder.PROBLEM);
        }
        if (!Holder.SUPPORTED.contains(level)) {
            throw new UnsupportedOperationException("this CPU lacks x86-64-" + level.id() + " (" + level.features()
                    + "); it runs " + names(Holder.SUPPORTED));
        }
        String name = symbol + "_" + level.id();
        return Holder.LOOKUP.find(name).orElseThrow(() -> new UnsupportedOperationException(
                FILE + " has no " + name + " (rebuild it: mvn -pl src-native compile)"));
    }

    private static String names(Set<Isa> levels) {
        List<String> n = new ArrayList<>();
        for (Isa i : levels) {
            n.add(i.toString());
        }
        return n.isEmpty() ? "none of them" : String.join(", ", n);
    }

    private static final class Holder {
        /** The library, when it loaded and passed its checks, else null. */
        static final SymbolLookup LOOKUP;
        /** The levels this CPU runs. */
        static final Set<Isa> SUPPORTED = EnumSet.noneOf(Isa.class);
        /** The chosen level, or null. */
        static final Isa ISA;
        /** Why the native backend cannot run (library, or the forced level), or null. */
        static final String PROBLEM;

        static {
            SymbolLookup lookup = null;
            Isa isa = null;
            String problem;
            try {
                lookup = load();
                isa = choose(lookup);
                problem = null;
            } catch (UnsupportedOperationException e) {
                problem = e.getMessage();
            }
            LOOKUP = lookup;
            ISA = isa;
            PROBLEM = problem;
        }

        /** Fills SUPPORTED; the forced level, else the best supported one. */
        private static Isa choose(SymbolLookup lookup) {
            try {
                MethodHandle supported = Linker.nativeLinker().downcallHandle(lookup.findOrThrow("ragtime_isa_supported"),
                        FunctionDescriptor.of(JAVA_INT, JAVA_INT));
                for (Isa i : Isa.values()) {
                    if ((int) supported.invokeExact(i.level()) == 1) {
                        SUPPORTED.add(i);
                    }
                }
            } catch (Throwable e) {
                throw new UnsupportedOperationException("cannot ask " + FILE + " for the CPU's x86-64 levels: " + e);
            }
            String forced = System.getProperty(Isa.PROPERTY);
            if (forced != null && !forced.isBlank()) {
                Isa want;
                try {
                    want = Isa.parse(forced);
                } catch (IllegalArgumentException e) {
                    throw new UnsupportedOperationException("-D" + Isa.PROPERTY + "=" + forced.trim() + ": " + e.getMessage());
                }
                if (!SUPPORTED.contains(want)) {
                    throw new UnsupportedOperationException("-D" + Isa.PROPERTY + "=" + forced.trim() + " asks for x86-64-"
                            + want.id() + " (" + want.features() + "), which this CPU lacks; it runs " + names(SUPPORTED));
                }
                return want;
            }
            Isa best = null;
            for (Isa i : SUPPORTED) {
                best = i;
            }
            if (best == null) {
                throw new UnsupportedOperationException("this CPU runs none of the x86-64 levels " + FILE + " was built for");
            }
            return best;
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
                    throw new UnsupportedOperationException("this CPU lacks x86-64-v2 (SSE4.2, POPCNT), the least " + FILE + " needs");
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
