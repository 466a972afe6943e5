/*
 * Shared by every kernel source of libragtime.so. The build (src-native/src/main/sh/build.sh) compiles
 * each kernel source three times, once per x86-64 level, into the one library:
 *     RT_LEVEL 2: -march=x86-64-v2 (SSE4.2, POPCNT; the baseline every supported CPU has)
 *     RT_LEVEL 3: -march=x86-64-v3 (AVX2, FMA, BMI2)
 *     RT_LEVEL 4: -march=x86-64-v4 (AVX-512 F, BW, VL, DQ)
 * and every exported function is named through RT_NAME, so that ragtime_counts becomes ragtime_counts_v2,
 * _v3 and _v4. Java (NativeLibrary) asks ragtime_isa_supported(level) at load time and binds the
 * symbols of the best level this CPU has (or the one -Dragtime.native.isa names).
 *
 * A kernel picks its code path from what the compiler was told it may use: RT_AVX512 for level 4,
 * RT_AVX2 for level 3, plain C (which gcc may auto-vectorise with SSE) for level 2. Every level is built
 * with -ffp-contract=off: a*b+c must stay two roundings, as in Java, so that every level's results are
 * bit-identical to the Java reference; the FMAs the kernels use are explicit intrinsics whose results
 * are proven exact (see align.c).
 */
#ifndef RAGTIME_RT_H
#define RAGTIME_RT_H

#ifndef RT_LEVEL
#error "RT_LEVEL (2, 3 or 4) must be defined: build with src-native/src/main/sh/build.sh"
#endif

#define RT_CAT_(name, level) name##_v##level
#define RT_CAT(name, level) RT_CAT_(name, level)
/* The exported name of a kernel at this build's level: RT_NAME(ragtime_counts) -> ragtime_counts_v3. */
#define RT_NAME(name) RT_CAT(name, RT_LEVEL)

#if RT_LEVEL >= 4
#if !(defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VL__) && defined(__AVX512DQ__))
#error "RT_LEVEL 4 needs -march=x86-64-v4"
#endif
#define RT_AVX512 1
#elif RT_LEVEL == 3
#if !(defined(__AVX2__) && defined(__FMA__) && defined(__BMI2__))
#error "RT_LEVEL 3 needs -march=x86-64-v3"
#endif
#define RT_AVX2 1
#endif

#if defined(RT_AVX512) || defined(RT_AVX2)
#include <immintrin.h>
#endif

#endif
