package org.ragtime.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ragtime.engine.internal.NativeLibrary;

/**
 * The x86-64 levels the native kernels ({@code libragtime.so}) are compiled for. One library holds every
 * kernel three times, once per level, with the level's suffix on its symbol ({@code ragtime_counts_v3});
 * when the library loads, the native backend binds the best level this CPU supports, or the one
 * {@code -Dragtime.native.isa=v2|v3|v4} names (refused, with the reason, when this CPU lacks it). Tests
 * and benchmarks can bind any supported level in the same JVM: {@link KernelProvider#forName(String)}
 * with {@code native-v2}, {@code native-v3} or {@code native-v4}, {@code AlignKernel.nativeKernel(Isa)},
 * {@code CsvScan.nativeScan(Isa)}.
 */
public enum Isa {
    /** x86-64-v2 (SSE4.2, POPCNT): the baseline, plain C loops (which gcc may vectorise with SSE). */
    V2("SSE4.2"),
    /** x86-64-v3 (AVX2, FMA, BMI2): 256-bit paths. */
    V3("AVX2"),
    /** x86-64-v4 (AVX-512 F, BW, VL, DQ): 512-bit paths with mask registers. */
    V4("AVX-512");

    /** System property forcing a level: {@code v2}, {@code v3} or {@code v4}. */
    public static final String PROPERTY = "ragtime.native.isa";

    private final String features;

    Isa(String features) {
        this.features = features;
    }

    /** The level's short name, as {@code -Dragtime.native.isa} and the symbol suffixes spell it: {@code v2}, {@code v3}, {@code v4}. */
    public String id() {
        return "v" + level();
    }

    /** The level number: 2, 3 or 4. */
    public int level() {
        return ordinal() + 2;
    }

    /** The instruction set the level's fast paths use: {@code SSE4.2}, {@code AVX2} or {@code AVX-512}. */
    public String features() {
        return features;
    }

    /** {@code v4 (AVX-512)}. */
    @Override
    public String toString() {
        return id() + " (" + features + ")";
    }

    /**
     * The level named {@code v2}, {@code v3} or {@code v4} (also {@code x86-64-v3}; case-insensitive).
     *
     * @throws IllegalArgumentException for any other name
     */
    public static Isa parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.startsWith("x86-64-")) {
            n = n.substring("x86-64-".length());
        }
        for (Isa i : values()) {
            if (i.id().equals(n)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown x86-64 level '" + name + "': use v2, v3 or v4");
    }

    /** The levels this CPU runs, lowest first; empty when the native library cannot be used here. */
    public static List<Isa> supported() {
        List<Isa> s = new ArrayList<>();
        for (Isa i : values()) {
            if (NativeLibrary.supports(i)) {
                s.add(i);
            }
        }
        return s;
    }

    /**
     * The level the native backend uses in this JVM: the forced one, else the best this CPU supports.
     *
     * @throws UnsupportedOperationException when the native library cannot be used (or the forced level
     *                                       cannot run here); the message says why
     */
    public static Isa chosen() {
        return NativeLibrary.isa();
    }

    /**
     * Sets every byte of {@code dst} to {@code value} as this level's native code writes big outputs: with
     * non-temporal (streaming) stores, no read-for-ownership. The write floor of the native kernels
     * (benchmarks report it next to {@code MemorySegment.fill}).
     *
     * @throws UnsupportedOperationException when the native library cannot be used or this CPU lacks the level
     */
    public void fillNonTemporal(java.lang.foreign.MemorySegment dst, byte value) {
        org.ragtime.engine.internal.NativeFill.fill(this, dst, value);
    }
}
