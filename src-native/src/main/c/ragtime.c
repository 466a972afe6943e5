/*
 * Ragtime native kernels, loaded through FFM by org.ragtime.engine (NativeKernels).
 * Each kernel mirrors a scalar Java reference and must give bit-identical results.
 */
#include <stdint.h>
#include <stddef.h>

/* 1 when the CPU running us has the features this library was compiled for (-march=native). */
int ragtime_cpu_ok(void) {
    __builtin_cpu_init();
#if defined(__AVX512F__)
    if (!__builtin_cpu_supports("avx512f")) return 0;
#endif
#if defined(__AVX2__)
    if (!__builtin_cpu_supports("avx2")) return 0;
#endif
    return 1;
}

/* ABI version, bumped whenever a kernel signature changes; Java refuses a mismatched library. */
int ragtime_abi_version(void) { return 4; }
