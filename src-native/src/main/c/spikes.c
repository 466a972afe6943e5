/*
 * Spike kernels of Ragtime's native backend (org.ragtime.engine.NativeKernels). Each function mirrors
 * the Java walk in org.ragtime.engine.Walk and must agree with it bit for bit: the same edge values
 * (computed by Java, or start + (double)k * width here, never contracted into an FMA: the build passes
 * -ffp-contract=off), the same comparisons, the same saturation. Only the speed differs: the drain of
 * the big output cube narrows and writes whole lines with non-temporal stores (AVX-512: one 64-byte store
 * per line, cvtepi32 narrowing; AVX2: 32-byte stores, packus narrowing with the lane order fixed by a
 * cross-lane permute), and the run counting of binning compares 8 spike times at a time (AVX-512 masks,
 * AVX2 movemask). Compiled once per x86-64 level (rt.h); level 2 takes the plain loops.
 */
#include <stdint.h>
#include <string.h>
#include "rt.h"

/* HDF5 data (hence mapped spike times) and caller buffers need not be aligned: access through
   alignment-1 types so the compiler never assumes more than x86 guarantees. */
typedef double udouble __attribute__((aligned(1)));
typedef uint16_t uu16 __attribute__((aligned(1)));
typedef int32_t ui32 __attribute__((aligned(1)));

enum { TYPE_UINT8 = 0, TYPE_UINT16 = 1, TYPE_INT32 = 2 };
static const int32_t TYPE_MAX[3] = {0xFF, 0xFFFF, 0x7FFFFFFF};
static const int TYPE_BYTES[3] = {1, 2, 4};

/* First index in [lo, hi) with !(t[i] < x), else hi. */
static int64_t binary_search(const udouble *t, int64_t lo, int64_t hi, double x) {
    while (lo < hi) {
        int64_t m = (int64_t)(((uint64_t)lo + (uint64_t)hi) >> 1);
        if (t[m] < x) lo = m + 1; else hi = m;
    }
    return lo;
}

/* First index in [lo, hi) with t[i] >= x, galloping from `from` (Walk.lowerBound). */
static int64_t lower_bound(const udouble *t, int64_t lo, int64_t hi, int64_t from, double x) {
    if (from < lo) from = lo; else if (from > hi) from = hi;
    if (from < hi && t[from] < x) {
        int64_t a = from, step = 1, b = from + 1;
        while (b < hi && t[b] < x) { a = b; step <<= 1; b = a + step; }
        return binary_search(t, a + 1, b < hi ? b : hi, x);
    }
    int64_t b = from, step = 1, a = from - 1;
    while (a >= lo && !(t[a] < x)) { b = a; step <<= 1; a = b - step; }
    return binary_search(t, a + 1 > lo ? a + 1 : lo, b, x);
}

/* Walk.edgesAtOrBelow: number of edges dom[0..nb] that are <= x, for dom[0] <= x. The bucket guess is only
   a starting point (the result is the same from any edge index, dom being non-decreasing), so one
   comparison against it tells which way the rare correction goes. */
static inline int32_t edges_at_or_below(const double *dom, int32_t nb, double x,
                                        const int32_t *guess, double gmaxd, double gs) {
    const double gq = (x - dom[0]) * gs;
    const double gc = gq < gmaxd ? gq : gmaxd;
    int32_t le = guess[(int32_t)(gc > 0 ? gc : 0)];
    if (dom[le] <= x) {
        le++;
        while (le <= nb && dom[le] <= x) le++;
    } else {
        while (le > 0 && dom[le - 1] > x) le--;
    }
    return le;
}

/* One cell of drain(): slab[i] into out[i] as the output type wants it (saturated, or 0/1), the slab cleared. */
static inline void drain_cell(int32_t *slab, int64_t i, void *out, int type, int binarize, int32_t cap, int32_t *max) {
    int32_t c = slab[i]; slab[i] = 0;
    if (c > *max) *max = c;
    int32_t v = binarize ? (c > 0) : (c < cap ? c : cap);
    if (type == TYPE_UINT8) ((uint8_t *)out)[i] = (uint8_t)v;
    else if (type == TYPE_UINT16) ((uu16 *)out)[i] = (uint16_t)v;
    else ((ui32 *)out)[i] = v;
}

/* Drains a slab of int counts into out (any alignment), clearing the slab; returns the largest count. */
static int32_t drain(int32_t *slab, int64_t n, void *out, int type, int binarize) {
    const int32_t cap = TYPE_MAX[type];
    int32_t max = 0;
    int64_t i = 0;
#if defined(RT_AVX512) || defined(RT_AVX2)
    /* Non-temporal stores once the destination is aligned to the store width (64 bytes with AVX-512, 32 with AVX2),
       plain ones before: the cube is written once and not read again here, so skip the read-for-ownership of every
       line. */
    const int bytes = TYPE_BYTES[type];
#ifdef RT_AVX512
    const uintptr_t width = 64;
#else
    const uintptr_t width = 32;
#endif
    for (; i < n && (((uintptr_t)out + (uintptr_t)(i * bytes)) & (width - 1)) != 0; i++) {
        drain_cell(slab, i, out, type, binarize, cap, &max);
    }
#endif
#ifdef RT_AVX512
    const int64_t per = 64 / bytes; /* cells per 64-byte line */
    __m512i vmax = _mm512_setzero_si512(), vcap = _mm512_set1_epi32(cap), one = _mm512_set1_epi32(1), zero = _mm512_setzero_si512();
    for (; i + per <= n; i += per) {
        __m512i lanes[4];
        for (int k = 0; k < per / 16; k++) {
            __m512i c = _mm512_loadu_si512((const void *)(slab + i + 16 * k));
            _mm512_storeu_si512((void *)(slab + i + 16 * k), zero);
            vmax = _mm512_max_epi32(vmax, c);
            lanes[k] = binarize ? _mm512_maskz_mov_epi32(_mm512_cmpgt_epi32_mask(c, zero), one) : _mm512_min_epi32(c, vcap);
        }
        char *dst = (char *)out + i * bytes;
        if (type == TYPE_INT32) {
            _mm512_stream_si512((void *)dst, lanes[0]);
        } else if (type == TYPE_UINT16) {
            __m512i w = _mm512_inserti64x4(_mm512_castsi256_si512(_mm512_cvtepi32_epi16(lanes[0])), _mm512_cvtepi32_epi16(lanes[1]), 1);
            _mm512_stream_si512((void *)dst, w);
        } else {
            __m512i w = _mm512_castsi128_si512(_mm512_cvtepi32_epi8(lanes[0]));
            w = _mm512_inserti32x4(w, _mm512_cvtepi32_epi8(lanes[1]), 1);
            w = _mm512_inserti32x4(w, _mm512_cvtepi32_epi8(lanes[2]), 2);
            w = _mm512_inserti32x4(w, _mm512_cvtepi32_epi8(lanes[3]), 3);
            _mm512_stream_si512((void *)dst, w);
        }
    }
    int32_t m = _mm512_reduce_max_epi32(vmax);
    if (m > max) max = m;
#elif defined(RT_AVX2)
    /* packus narrows within each 128-bit lane, interleaving its two sources lane by lane; a cross-lane permute
       restores the order. */
    const int64_t per = 32 / bytes; /* cells per 32-byte store */
    const __m256i vcap = _mm256_set1_epi32(cap), one = _mm256_set1_epi32(1), zero = _mm256_setzero_si256();
    const __m256i order8 = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    __m256i vmax = zero;
    for (; i + per <= n; i += per) {
        __m256i lanes[4];
        for (int k = 0; k < per / 8; k++) {
            __m256i c = _mm256_loadu_si256((const __m256i *)(slab + i + 8 * k));
            _mm256_storeu_si256((__m256i *)(slab + i + 8 * k), zero);
            vmax = _mm256_max_epi32(vmax, c);
            /* counts are >= 0, so after the cap every value fits the unsigned saturating packs exactly */
            lanes[k] = binarize ? _mm256_and_si256(_mm256_cmpgt_epi32(c, zero), one) : _mm256_min_epi32(c, vcap);
        }
        __m256i *dst = (__m256i *)((char *)out + i * bytes);
        if (type == TYPE_INT32) {
            _mm256_stream_si256(dst, lanes[0]);
        } else if (type == TYPE_UINT16) { /* [a0-3 b0-3 | a4-7 b4-7] -> [a0-7 b0-7] */
            _mm256_stream_si256(dst, _mm256_permute4x64_epi64(_mm256_packus_epi32(lanes[0], lanes[1]), 0xD8));
        } else { /* 4-byte groups [a0-3 b0-3 c0-3 d0-3 | a4-7 b4-7 c4-7 d4-7] -> a, b, c, d in order */
            __m256i w = _mm256_packus_epi16(_mm256_packus_epi32(lanes[0], lanes[1]), _mm256_packus_epi32(lanes[2], lanes[3]));
            _mm256_stream_si256(dst, _mm256_permutevar8x32_epi32(w, order8));
        }
    }
    __m128i m4 = _mm_max_epi32(_mm256_castsi256_si128(vmax), _mm256_extracti128_si256(vmax, 1));
    m4 = _mm_max_epi32(m4, _mm_shuffle_epi32(m4, 0x4E));
    m4 = _mm_max_epi32(m4, _mm_shuffle_epi32(m4, 0xB1));
    int32_t m = _mm_cvtsi128_si32(m4);
    if (m > max) max = m;
#endif
    for (; i < n; i++) {
        drain_cell(slab, i, out, type, binarize, cap, &max);
    }
    return max;
}

/* Adds unit u's spikes from i on that lie in window dom (t[i] >= dom[0]) to its slab column col (stride
   nu); returns the index of the first spike past the window. Inlined with `closed` a constant, so each
   rule gets its own loop. */
static inline __attribute__((always_inline)) int64_t place_window(const udouble *t, int64_t i, int64_t e,
        const double *dom, int32_t nb, const int32_t *guess, double gmaxd, double gs,
        int32_t *col, int64_t nu, const int closed) {
    const double hi = dom[nb];
    for (; i < e; i++) {
        const double x = t[i];
        if (closed ? !(x <= hi) : !(x < hi)) break;
        int32_t le = edges_at_or_below(dom, nb, x, guess, gmaxd, gs);
        if (closed && dom[le - 1] == x) {
            int32_t lt = le - 1;
            while (lt > 0 && dom[lt - 1] >= x) lt--;
            int32_t j1 = nb - 1 < le - 1 ? nb - 1 : le - 1;
            for (int32_t j = lt - 1 > 0 ? lt - 1 : 0; j <= j1; j++) col[(int64_t)j * nu]++;
        } else {
            col[(int64_t)(le - 1) * nu]++;
        }
    }
    return i;
}

/* Units ahead whose next spikes are prefetched: a unit's spikes were last read a whole presentation ago,
   so they have left L1, and the hardware prefetchers cannot follow one stream per unit. */
#define PREFETCH_UNITS 16

/*
 * Presentation-wise counts of presentations [p0, p1) (Walk.counts). dom: P x (nb+1) absolute edges;
 * first/end: per-unit spike ranges; cur: per-unit cursors (in/out, start at first); slab: nb * nu ints,
 * zero on entry and on return; out: the whole (P, nb, nu) cube. Returns the largest count.
 */
int64_t RT_NAME(ragtime_counts)(const udouble *t, const int64_t *first, const int64_t *end, int64_t *cur, int32_t nu,
                       const double *dom_all, int32_t nb, const int32_t *guess, int32_t nguess, double gs,
                       int32_t p0, int32_t p1, int32_t closed, int32_t type, int32_t binarize,
                       void *out, int32_t *slab) {
    const int64_t cells = (int64_t)nb * nu;
    const int bytes = TYPE_BYTES[type];
    const double gmaxd = (double)(nguess - 1);
    int32_t max = 0;
    for (int32_t p = p0; p < p1; p++) {
        const double *dom = dom_all + (int64_t)p * (nb + 1);
        const double lo = dom[0];
        if (lo == lo) {
            for (int32_t u = 0; u < nu; u++) {
                const int64_t e = end[u];
                if (u + PREFETCH_UNITS < nu) { /* the line at that unit's cursor and the next */
                    const uintptr_t a = (uintptr_t)t + (uintptr_t)cur[u + PREFETCH_UNITS] * sizeof(double);
                    __builtin_prefetch((const void *)a);
                    __builtin_prefetch((const void *)(a + 64));
                }
                /* lower_bound's own first two tests, for the usual case of abutting windows where the
                   cursor already sits on the window's first spike; the call otherwise */
                int64_t i = cur[u];
                if (!((i == e || !(t[i] < lo)) && (i == first[u] || t[i - 1] < lo))) i = lower_bound(t, first[u], e, i, lo);
                cur[u] = closed ? place_window(t, i, e, dom, nb, guess, gmaxd, gs, slab + u, nu, 1)
                                : place_window(t, i, e, dom, nb, guess, gmaxd, gs, slab + u, nu, 0);
            }
        }
        int32_t m = drain(slab, cells, (char *)out + (int64_t)p * cells * bytes, type, binarize);
        if (m > max) max = m;
    }
#if defined(RT_AVX512) || defined(RT_AVX2)
    _mm_sfence();
#endif
    return max;
}

/* Mean PSTH rows of units [u0, u1) (Walk.psth); acc: nb longs of scratch. Returns the largest total. */
int64_t RT_NAME(ragtime_psth)(const udouble *t, const int64_t *first, const int64_t *end, int32_t u0, int32_t u1,
                     const double *dom_all, int32_t nb, int32_t np, const int32_t *guess, int32_t nguess, double gs,
                     int32_t closed, double *out, int64_t *acc) {
    const double gmaxd = (double)(nguess - 1);
    int64_t max = 0;
    for (int32_t u = u0; u < u1; u++) {
        memset(acc, 0, sizeof(int64_t) * (size_t)nb);
        const int64_t e = end[u];
        int64_t cur = first[u];
        for (int32_t p = 0; p < np; p++) {
            const double *dom = dom_all + (int64_t)p * (nb + 1);
            const double lo = dom[0], hi = dom[nb];
            if (lo != lo) continue;
            int64_t i = lower_bound(t, first[u], e, cur, lo);
            for (; i < e; i++) {
                const double x = t[i];
                if (closed ? !(x <= hi) : !(x < hi)) break;
                int32_t le = edges_at_or_below(dom, nb, x, guess, gmaxd, gs);
                if (closed && dom[le - 1] == x) {
                    int32_t lt = le - 1;
                    while (lt > 0 && dom[lt - 1] >= x) lt--;
                    int32_t j1 = nb - 1 < le - 1 ? nb - 1 : le - 1;
                    for (int32_t j = lt - 1 > 0 ? lt - 1 : 0; j <= j1; j++) acc[j]++;
                } else {
                    acc[le - 1]++;
                }
            }
            cur = i;
        }
        double *row = out + (int64_t)u * nb;
        for (int32_t j = 0; j < nb; j++) {
            if (acc[j] > max) max = acc[j];
            row[j] = np == 0 ? __builtin_nan("") : (double)acc[j] / (double)np;
        }
    }
    return max;
}

/* First index in [from, end) whose time is not below limit (Walk.runEndScalar / VectorLoops.runEnd). */
static inline int64_t run_end(const udouble *t, int64_t from, int64_t end, double limit) {
    int64_t j = from;
    if (j >= end || !(t[j] < limit)) return j;
#ifdef RT_AVX512
    const __m512d lim = _mm512_set1_pd(limit);
    while (j + 8 <= end) {
        __mmask8 below = _mm512_cmp_pd_mask(_mm512_loadu_pd((const double *)(t + j)), lim, _CMP_LT_OQ);
        if (below == 0xFF) { j += 8; continue; }
        return j + __builtin_ctz((unsigned)(uint8_t)~below);
    }
#elif defined(RT_AVX2)
    const __m256d lim = _mm256_set1_pd(limit);
    while (j + 8 <= end) {
        int lo = _mm256_movemask_pd(_mm256_cmp_pd(_mm256_loadu_pd((const double *)(t + j)), lim, _CMP_LT_OQ));
        int hi = _mm256_movemask_pd(_mm256_cmp_pd(_mm256_loadu_pd((const double *)(t + j + 4)), lim, _CMP_LT_OQ));
        unsigned below = (unsigned)(lo | hi << 4);
        if (below == 0xFF) { j += 8; continue; }
        return j + __builtin_ctz(~below & 0xFF);
    }
#endif
    while (j < end && t[j] < limit) j++;
    return j;
}

/* Whole-session bins of units [u0, u1) (Walk.bin); out: the whole (units, nbins) array. Returns the largest count. */
int64_t RT_NAME(ragtime_bin)(const udouble *t, const int64_t *first, const int64_t *end, int32_t u0, int32_t u1,
                    double start, double width, int64_t nbins, int32_t type, void *out) {
    const int bytes = TYPE_BYTES[type];
    const int32_t cap = TYPE_MAX[type];
    const double inv = 1.0 / width;
    const double stop = start + (double)nbins * width;
    int64_t max = 0;
    for (int32_t u = u0; u < u1; u++) {
        char *row = (char *)out + (int64_t)u * nbins * bytes;
        memset(row, 0, (size_t)(nbins * bytes));
        const int64_t e = end[u];
        int64_t i = binary_search(t, first[u], e, start);
        while (i < e) {
            const double x = t[i];
            if (!(x < stop)) break;
            if (!(x >= start)) { i++; continue; }
            double gk = (x - start) * inv;
            int64_t k = gk >= (double)(nbins - 1) ? nbins - 1 : (gk > 0 ? (int64_t)gk : 0);
            while (k > 0 && x < start + (double)k * width) k--;
            while (k < nbins - 1 && x >= start + (double)(k + 1) * width) k++;
            int64_t j = run_end(t, i + 1, e, start + (double)(k + 1) * width);
            int64_t c = j - i;
            if (c > max) max = c;
            int32_t v = c < cap ? (int32_t)c : cap;
            if (type == TYPE_UINT8) ((uint8_t *)row)[k] = (uint8_t)v;
            else if (type == TYPE_UINT16) ((uu16 *)row)[k] = (uint16_t)v;
            else ((ui32 *)row)[k] = v;
            i = j;
        }
    }
    return max;
}
