/*
 * Ragtime native kernels, loaded through FFM by org.ragtime.engine (NativeLibrary, NativeKernels).
 * Each kernel mirrors a scalar Java reference and must give bit-identical results.
 *
 * This file is compiled once, for the baseline (x86-64-v2); every other source is compiled once per
 * x86-64 level with suffixed symbols (rt.h). The functions here tell Java which levels this CPU runs.
 */
#include <stdint.h>
#include <stddef.h>

/* 1 when this CPU has the baseline the library needs (x86-64-v2: SSE4.2, SSSE3, POPCNT). */
int ragtime_cpu_ok(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("sse4.2") && __builtin_cpu_supports("ssse3") && __builtin_cpu_supports("popcnt");
}

/* 1 when this CPU (and OS: gcc's checks include the XSAVE state) runs the kernels built for x86-64-v`level`
   (2, 3 or 4), else 0. v3 needs AVX2, FMA, BMI1/2 (and the v2 features); v4 needs AVX-512 F, BW, VL, DQ as well. */
int ragtime_isa_supported(int level) {
    __builtin_cpu_init();
    int v2 = ragtime_cpu_ok();
    int v3 = v2 && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("bmi")
             && __builtin_cpu_supports("bmi2");
    int v4 = v3 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
             && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq");
    switch (level) {
    case 2: return v2;
    case 3: return v3;
    case 4: return v4;
    default: return 0;
    }
}

/* ABI version, bumped whenever a kernel signature changes; Java refuses a mismatched library.
   5: kernels exported once per x86-64 level (_v2, _v3, _v4), ragtime_isa_supported, ragtime_fill_nt. */
int ragtime_abi_version(void) { return 5; }
