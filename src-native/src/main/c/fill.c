/*
 * The write floor with non-temporal stores (FloorBench.fillNonTemporal, next to MemorySegment.fill):
 * every byte of [dst, dst + bytes) set to (uint8_t)value, as memset does, but the whole aligned lines in
 * the middle written with streaming stores (64 bytes a store with AVX-512, 32 with AVX2, 16 with the
 * baseline's SSE2), which skip the read-for-ownership of each line, as the counts and alignment kernels'
 * output stores do. The unaligned head and tail take memset. Compiled once per x86-64 level (rt.h).
 */
#include <stdint.h>
#include <string.h>
#include <emmintrin.h>
#include "rt.h"

void RT_NAME(ragtime_fill_nt)(void *dst, int64_t bytes, int32_t value) {
    if (bytes <= 0) return;
    uint8_t *p = dst, *end = p + bytes;
#if defined(RT_AVX512)
    enum { W = 64 };
#elif defined(RT_AVX2)
    enum { W = 32 };
#else
    enum { W = 16 };
#endif
    uint8_t *a = (uint8_t *)(((uintptr_t)p + (W - 1)) & ~(uintptr_t)(W - 1)); /* first aligned byte */
    uint8_t *b = (uint8_t *)((uintptr_t)end & ~(uintptr_t)(W - 1));           /* last aligned end */
    if (a >= b) {
        memset(p, value, (size_t)bytes);
        return;
    }
    memset(p, value, (size_t)(a - p));
#if defined(RT_AVX512)
    const __m512i v = _mm512_set1_epi8((char)value);
    for (; a + 4 * W <= b; a += 4 * W) {
        _mm512_stream_si512((void *)a, v);
        _mm512_stream_si512((void *)(a + W), v);
        _mm512_stream_si512((void *)(a + 2 * W), v);
        _mm512_stream_si512((void *)(a + 3 * W), v);
    }
    for (; a < b; a += W) _mm512_stream_si512((void *)a, v);
#elif defined(RT_AVX2)
    const __m256i v = _mm256_set1_epi8((char)value);
    for (; a + 4 * W <= b; a += 4 * W) {
        _mm256_stream_si256((__m256i *)a, v);
        _mm256_stream_si256((__m256i *)(a + W), v);
        _mm256_stream_si256((__m256i *)(a + 2 * W), v);
        _mm256_stream_si256((__m256i *)(a + 3 * W), v);
    }
    for (; a < b; a += W) _mm256_stream_si256((__m256i *)a, v);
#else
    const __m128i v = _mm_set1_epi8((char)value);
    for (; a + 4 * W <= b; a += 4 * W) {
        _mm_stream_si128((__m128i *)a, v);
        _mm_stream_si128((__m128i *)(a + W), v);
        _mm_stream_si128((__m128i *)(a + 2 * W), v);
        _mm_stream_si128((__m128i *)(a + 3 * W), v);
    }
    for (; a < b; a += W) _mm_stream_si128((__m128i *)a, v);
#endif
    _mm_sfence();
    memset(b, value, (size_t)(end - b));
}
