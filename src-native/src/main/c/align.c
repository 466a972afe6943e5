/*
 * dF/F event alignment of Ragtime's native backend (org.ragtime.engine.align.NativeAlignKernel). Java
 * plans every output position once (WindowPlan: NaN, a copy of one frame, or numpy's interpolation
 * between frames f and f+1 with the offsets x - xp[j], x - xp[j+1] and the step xp[j+1] - xp[j]); this
 * file applies the plan to every ROI with the reference's arithmetic, bit for bit:
 *     slope = (y1 - y0) / step;  r = slope * off0 + y0;  NaN -> slope * off1 + y1;  NaN and y0 == y1 -> y0.
 *
 * Time-major values (one frame's ROIs adjacent, as AllenSDK writes dF/F) take the main AVX-512 path: for
 * each group of 8 consecutive output positions, 8 ROIs per vector, transposed in registers so that each
 * ROI gets one line of 8 consecutive output doubles, written with a non-temporal store (the output,
 * hundreds of MB, is never read back here). A group's rows are read whole and in order and are
 * prefetched a few groups ahead. When a ROI's output run does not start on a 64-byte line, each line is
 * assembled from the previous group's vector (the carry); only the lines at the edges of a call, which
 * other calls or threads share, take plain masked stores. ROI-major values take a second path: one ROI
 * at a time, 8 positions a vector gathered from the ROI's row, already one line of output. Any other
 * layout takes the plain loop.
 *
 * The file is compiled once per x86-64 level (rt.h; Java binds the best one this CPU runs). Level 4
 * (AVX-512) takes the paths above. Level 3 (AVX2) takes the same two paths with 4 doubles a vector: a
 * group is still 8 positions, so each ROI still gets one whole 64-byte line per group (two 32-byte
 * non-temporal stores); 4 ROIs a vector, two 4x4 transposes per 4 ROIs and group; the misaligned runs'
 * lines are assembled from the carry with a blend and a lane rotation (vpermps) per half-line; range
 * checks are compares and movemask, the rare lanes needing the true division or numpy's retry are
 * blended in; edge lines are stored element by element (no masked store ever addresses memory outside
 * the output); the ROI-major path gathers 4 positions at a time (vgatherqpd). Level 2 takes the plain
 * loop, and so do calls with fewer than 4 ROIs at every level (a single behaviour series: a tile would
 * be mostly empty lanes; measured 0.6-0.8 ms against 0.2 ms for BehaviorAlignBench.nearest).
 *
 * The division: vdivpd is the bottleneck (16 cycles a vector), so the quotient is computed from the
 * correctly rounded reciprocal y = 1/step (one true division per position, shared by all ROIs) and two
 * FMA refinements: q0 = d*y, q1 = q0 + (d - step*q0)*y, q2 = q1 + (d - step*q1)*y. q1 is far closer than
 * one ulp to d/step and y is within half an ulp of 1/step, so by Markstein's theorem q2 = RN(d/step)
 * exactly, provided nothing underflows or overflows: lanes whose |d| lies outside [2^-500, 2^500) (zero,
 * subnormal, huge, infinite, NaN) and positions whose step lies outside [2^-200, 2^200] use the true
 * division instead (zero d takes d*y, the correctly signed zero). 400 million random and adversarial
 * (d, step) pairs gave no difference from the true division; the property tests compare every backend
 * with the Java reference bit for bit.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include "rt.h"

enum { K_NAN = 0, K_COPY = 1, K_INTERP = 2 };

/* One output value, the reference's formula. */
static inline double one(const double *v, int64_t fs, int64_t cs, int64_t c, int8_t k, int64_t f, double o0,
                         double o1, double st) {
    if (k == K_NAN) return NAN;
    double y0 = v[f * fs + c * cs];
    if (k == K_COPY) return y0;
    double y1 = v[(f + 1) * fs + c * cs];
    double slope = (y1 - y0) / st;
    double r = slope * o0 + y0;
    if (isnan(r)) {
        r = slope * o1 + y1;
        if (isnan(r) && y0 == y1) r = y0;
    }
    return r;
}

/* Any layout: ROI by ROI, plain stores. */
static void generic(const double *v, int64_t fs, int64_t cs, int32_t rois, const int8_t *kind, const int64_t *frame,
                    const double *off0, const double *off1, const double *step, int64_t positions, double *out,
                    int64_t outStride) {
    for (int64_t c = 0; c < rois; c++) {
        double *o = out + c * outStride;
        for (int64_t p = 0; p < positions; p++) {
            o[p] = one(v, fs, cs, c, kind[p], frame[p], off0[p], off1[p], step[p]);
        }
    }
}

#if defined(RT_AVX512) || defined(RT_AVX2)
/* Rows are prefetched into L2 FAR groups ahead and into L1 NEAR groups ahead (a group reads about 8 new
   rows; FAR covers the DRAM latency, NEAR the L2 one). */
#define FAR 8
#define NEAR 1

typedef struct {
    const double *row; /* frame's row, or NULL for NaN */
    double o0, o1, st, y;
    int kind, slow;
} pos;

/* Position p's plan for the vector loop. */
static inline void plan(pos *x, const double *v, int64_t fs, const int8_t *kind, const int64_t *frame,
                        const double *off0, const double *off1, const double *step, int64_t p, int64_t P) {
    if (p >= P || kind[p] == K_NAN) {
        x->kind = K_NAN;
        return;
    }
    x->kind = kind[p];
    x->row = v + frame[p] * fs;
    if (x->kind == K_INTERP) {
        double st = step[p];
        x->o0 = off0[p];
        x->o1 = off1[p];
        x->st = st;
        x->y = 1.0 / st;
        x->slow = !(st >= 0x1p-200 && st <= 0x1p200);
    }
}

/* The distinct rows group k reads (at most 16), for prefetching; none past the plan. */
static inline int rowsOf(int64_t k, const double *v, int64_t fs, const int8_t *kind, const int64_t *frame, int64_t P,
                         const char *rows[16]) {
    int n = 0;
    int64_t last = -2;
    for (int64_t p = 8 * k; p < 8 * k + 8 && p < P; p++) {
        if (kind[p] == K_NAN) continue;
        for (int64_t f = frame[p]; f <= frame[p] + (kind[p] == K_INTERP); f++) {
            if (f != last && f != last - 1) rows[n++] = (const char *)(v + f * fs);
            last = f;
        }
    }
    return n;
}

/* Positions per block of the ROI-major path: the block's plan (about 70 KB) stays in L2 while every ROI walks it. */
#define RM_BLOCK 2048
#ifndef RM_AHEAD
#define RM_AHEAD 32
#endif

/* The ROI-major paths' scratch, one allocation: each ROI's carried partial output line (8 doubles), then a block's
   reciprocals (RM_BLOCK doubles) and per-group flags (RM_BLOCK / 8 bytes). NULL when memory is short. */
static double *rmScratch(int32_t rois, double **recip, uint8_t **regular) {
    size_t bytes = ((size_t)rois * 8 * sizeof(double) + RM_BLOCK * sizeof(double) + RM_BLOCK / 8 + 63) & ~(size_t)63;
    double *carry = aligned_alloc(64, bytes);
    if (carry != NULL) {
        *recip = carry + (int64_t)rois * 8;
        *regular = (uint8_t *)(*recip + RM_BLOCK);
    }
    return carry;
}

/* The plan of groups [k0, k1) that every ROI then walks: each interpolating position's reciprocal step (0 where the
   fast division does not apply) and, per group of 8, 1 when all 8 interpolate with the fast division, 2 when all 8
   copy a frame, else 0. */
static void rmPlan(const int8_t *kind, const double *step, int64_t P, int64_t k0, int64_t k1, double *recip,
                   uint8_t *regular) {
    for (int64_t k = k0; k < k1; k++) {
        int reg = 8 * k + 8 <= P, copies = reg;
        for (int64_t p = 8 * k; p < 8 * k + 8 && p < P; p++) {
            double st = step[p];
            int fast = kind[p] == K_INTERP && st >= 0x1p-200 && st <= 0x1p200;
            recip[p - 8 * k0] = fast ? 1.0 / st : 0;
            reg &= fast;
            copies &= kind[p] == K_COPY;
        }
        regular[k - k0] = (uint8_t)(reg | copies << 1);
    }
}

#endif

#ifdef RT_AVX512

/* 8x8 transpose: r[j] lane l -> c[l] lane j. */
static inline void transpose8(__m512d r[8], __m512d c[8]) {
    __m512d t0 = _mm512_unpacklo_pd(r[0], r[1]), t1 = _mm512_unpackhi_pd(r[0], r[1]);
    __m512d t2 = _mm512_unpacklo_pd(r[2], r[3]), t3 = _mm512_unpackhi_pd(r[2], r[3]);
    __m512d t4 = _mm512_unpacklo_pd(r[4], r[5]), t5 = _mm512_unpackhi_pd(r[4], r[5]);
    __m512d t6 = _mm512_unpacklo_pd(r[6], r[7]), t7 = _mm512_unpackhi_pd(r[6], r[7]);
    __m512d u0 = _mm512_shuffle_f64x2(t0, t2, 0x88), u1 = _mm512_shuffle_f64x2(t0, t2, 0xDD);
    __m512d u2 = _mm512_shuffle_f64x2(t1, t3, 0x88), u3 = _mm512_shuffle_f64x2(t1, t3, 0xDD);
    __m512d u4 = _mm512_shuffle_f64x2(t4, t6, 0x88), u5 = _mm512_shuffle_f64x2(t4, t6, 0xDD);
    __m512d u6 = _mm512_shuffle_f64x2(t5, t7, 0x88), u7 = _mm512_shuffle_f64x2(t5, t7, 0xDD);
    c[0] = _mm512_shuffle_f64x2(u0, u4, 0x88);
    c[4] = _mm512_shuffle_f64x2(u0, u4, 0xDD);
    c[2] = _mm512_shuffle_f64x2(u1, u5, 0x88);
    c[6] = _mm512_shuffle_f64x2(u1, u5, 0xDD);
    c[1] = _mm512_shuffle_f64x2(u2, u6, 0x88);
    c[5] = _mm512_shuffle_f64x2(u2, u6, 0xDD);
    c[3] = _mm512_shuffle_f64x2(u3, u7, 0x88);
    c[7] = _mm512_shuffle_f64x2(u3, u7, 0xDD);
}

/* ROIs cb + 0..7 (lanes beyond `live` read as 0) for one position. */
static inline __m512d lanes(const pos *q, int64_t fs, int cb, __mmask8 live) {
    if (q->kind == K_NAN) return _mm512_set1_pd(NAN);
    const double *row = q->row + cb;
    __m512d y0 = live == 0xFF ? _mm512_loadu_pd(row) : _mm512_maskz_loadu_pd(live, row);
    if (q->kind == K_COPY) return y0;
    __m512d y1 = live == 0xFF ? _mm512_loadu_pd(row + fs) : _mm512_maskz_loadu_pd(live, row + fs);
    __m512d d = _mm512_sub_pd(y1, y0);
    __m512d st = _mm512_set1_pd(q->st);
    __m512d slope;
    if (q->slow) {
        slope = _mm512_div_pd(d, st);
    } else {
        __m512d y = _mm512_set1_pd(q->y);
        __m512d q0 = _mm512_mul_pd(d, y);
        __m512d q1 = _mm512_fmadd_pd(_mm512_fnmadd_pd(st, q0, d), y, q0);
        slope = _mm512_fmadd_pd(_mm512_fnmadd_pd(st, q1, d), y, q1);
        __m512d a = _mm512_abs_pd(d);
        __mmask8 ok = _mm512_cmp_pd_mask(a, _mm512_set1_pd(0x1p-500), _CMP_GE_OQ)
                      & _mm512_cmp_pd_mask(a, _mm512_set1_pd(0x1p500), _CMP_LT_OQ);
        if (ok != 0xFF) {
            __mmask8 zero = _mm512_cmp_pd_mask(d, _mm512_setzero_pd(), _CMP_EQ_OQ);
            slope = _mm512_mask_mov_pd(slope, zero, q0);
            slope = _mm512_mask_div_pd(slope, (__mmask8)~(ok | zero), d, st);
        }
    }
    __m512d r = _mm512_add_pd(_mm512_mul_pd(slope, _mm512_set1_pd(q->o0)), y0);
    __mmask8 bad = _mm512_cmp_pd_mask(r, r, _CMP_UNORD_Q);
    if (bad) { /* numpy's retry from the right-hand point, then the flat case */
        r = _mm512_mask_mov_pd(r, bad, _mm512_add_pd(_mm512_mul_pd(slope, _mm512_set1_pd(q->o1)), y1));
        bad = _mm512_cmp_pd_mask(r, r, _CMP_UNORD_Q) & _mm512_cmp_pd_mask(y0, y1, _CMP_EQ_OQ);
        r = _mm512_mask_mov_pd(r, bad, y0);
    }
    return r;
}

/* Bits j of 0..7 with lo + j in [0, n). */
static inline __mmask8 inside(int64_t lo, int64_t n) {
    unsigned m = 0;
    for (int j = 0; j < 8; j++) {
        if (lo + j >= 0 && lo + j < n) m |= 1u << j;
    }
    return (__mmask8)m;
}

/*
 * The common tile: 8 interpolated positions (regular steps) x 8 ROIs, every difference y1 - y0 within
 * [2^-500, 2^500) in magnitude. Then y0 and y1 are finite, so no result is NaN and numpy's retry never
 * applies; returns 0 (the caller redoes the tile with lanes()) when a difference is out of range.
 */
static inline int fastTile(const pos *g, int64_t fs, int cb, __m512d r[8]) {
    const __m512d lo = _mm512_set1_pd(0x1p-500), hi = _mm512_set1_pd(0x1p500);
    __mmask8 ok = 0xFF;
    for (int j = 0; j < 8; j++) {
        const double *row = g[j].row + cb;
        __m512d y0 = _mm512_loadu_pd(row), y1 = _mm512_loadu_pd(row + fs);
        __m512d d = _mm512_sub_pd(y1, y0);
        __m512d st = _mm512_set1_pd(g[j].st), y = _mm512_set1_pd(g[j].y);
        __m512d q0 = _mm512_mul_pd(d, y);
        __m512d q1 = _mm512_fmadd_pd(_mm512_fnmadd_pd(st, q0, d), y, q0);
        __m512d slope = _mm512_fmadd_pd(_mm512_fnmadd_pd(st, q1, d), y, q1);
        __m512d a = _mm512_abs_pd(d);
        ok = _mm512_mask_cmp_pd_mask(ok, a, lo, _CMP_GE_OQ);
        ok = _mm512_mask_cmp_pd_mask(ok, a, hi, _CMP_LT_OQ);
        r[j] = _mm512_add_pd(_mm512_mul_pd(slope, _mm512_set1_pd(g[j].o0)), y0);
    }
    return ok == 0xFF;
}

/* Stores ROI c's line k (run positions [8k - m, 8k - m + 8)) where it is only partly this call's. */
static inline void edgeLine(double *S, int m, int64_t k, int64_t P, __m512d line) {
    int64_t lo = 8 * k - m;
    __mmask8 mask = inside(lo, P);
    double *a = (double *)((uintptr_t)S + (uintptr_t)(lo * 8)); /* lo may be negative: masked lanes are never touched */
    if (mask == 0xFF) {
        _mm512_stream_pd(a, line);
    } else if (mask) {
        _mm512_mask_storeu_pd(a, mask, line);
    }
}

/*
 * Time-major values, 8 positions (a group) at a time: for each group, every 8 ROIs give 8 vectors that
 * the transpose turns into one 8-double line per ROI. The group's rows are read whole and in order (the
 * rows AHEAD groups on are prefetched meanwhile); each ROI's output advances one line per group.
 */
static int avx512(const double *v, int64_t fs, int32_t rois, const int8_t *kind, const int64_t *frame,
                  const double *off0, const double *off1, const double *step, int64_t P, double *out,
                  int64_t outStride) {
    /* ROI c's run starts mis[c] doubles past a 64-byte line; plain stores when out is not even 8-aligned */
    int plain = ((uintptr_t)out & 7) != 0;
    int64_t padded = (int64_t)(rois + 7) / 8 * 8;
    double *carry = aligned_alloc(64, (size_t)padded * 8 * sizeof(double) + (size_t)padded);
    if (carry == NULL) return -1;
    int8_t *mis = (int8_t *)(carry + padded * 8);
    for (int64_t c = 0; c < padded; c++) {
        mis[c] = c < rois ? (int8_t)(((uintptr_t)(out + c * outStride) >> 3) & 7) : 0;
    }
    __m512i idx[8];
    for (int m = 0; m < 8; m++) { /* line = prev[8-m..7] ++ cur[0..7-m] */
        int64_t t[8];
        for (int j = 0; j < 8; j++) t[j] = j < m ? 8 - m + j : 8 + j - m;
        idx[m] = _mm512_loadu_si512(t);
    }
    int64_t K = (P + 7) / 8;
    pos g[8];
    for (int64_t k = 0; k < K; k++) {
        for (int j = 0; j < 8; j++) {
            plan(&g[j], v, fs, kind, frame, off0, off1, step, 8 * k + j, P);
        }
        const char *near[16], *far[16];
        int nNear = rowsOf(k + NEAR, v, fs, kind, frame, P, near);
        int nFar = rowsOf(k + FAR, v, fs, kind, frame, P, far);
        int interior = !plain && k > 0 && 8 * k + 8 <= P;
        int regular = 1; /* all 8 positions interpolate with a step in the fast division's range */
        for (int j = 0; j < 8; j++) regular &= g[j].kind == K_INTERP && !g[j].slow;
        for (int cb = 0; cb < rois; cb += 8) {
            int nl = rois - cb < 8 ? rois - cb : 8;
            __mmask8 live = (__mmask8)((1u << nl) - 1);
            for (int i = 0; i < nNear; i++) _mm_prefetch(near[i] + cb * 8, _MM_HINT_T0);
            for (int i = 0; i < nFar; i++) _mm_prefetch(far[i] + cb * 8, _MM_HINT_T1);
            __m512d r[8], c[8];
            if (!(regular && nl == 8 && fastTile(g, fs, cb, r))) {
                for (int j = 0; j < 8; j++) r[j] = lanes(&g[j], fs, cb, live);
            }
            transpose8(r, c);
            for (int l = 0; l < nl; l++) {
                double *S = out + (int64_t)(cb + l) * outStride;
                int m = mis[cb + l];
                if (plain) {
                    _mm512_mask_storeu_pd(S + 8 * k, inside(8 * k, P), c[l]);
                    continue;
                }
                __m512d line = c[l];
                if (m != 0) {
                    double *carried = carry + (cb + l) * 8;
                    line = _mm512_permutex2var_pd(_mm512_load_pd(carried), idx[m], c[l]);
                    _mm512_store_pd(carried, c[l]);
                }
                if (interior) {
                    _mm512_stream_pd(S + 8 * k - m, line);
                } else {
                    edgeLine(S, m, k, P, line);
                }
            }
        }
    }
    if (!plain) { /* the last line of each misaligned run: the carry's tail */
        for (int64_t c = 0; c < rois; c++) {
            if (mis[c] == 0) continue;
            __m512d prev = _mm512_load_pd(carry + c * 8);
            edgeLine(out + c * outStride, mis[c], K, P, _mm512_permutex2var_pd(prev, idx[mis[c]], prev));
        }
    }
    _mm_sfence();
    free(carry);
    return 0;
}

/*
 * ROI-major values: one ROI at a time, 8 consecutive positions a vector (gathered from the ROI's row),
 * which is already one line of that ROI's output, so no transpose is needed.
 */
static int avx512RoiMajor(const double *v, int64_t cs, int32_t rois, const int8_t *kind, const int64_t *frame,
                          const double *off0, const double *off1, const double *step, int64_t P, double *out,
                          int64_t outStride) {
    int plain = ((uintptr_t)out & 7) != 0;
    double *recip;
    uint8_t *regular;
    double *carry = rmScratch(rois, &recip, &regular);
    if (carry == NULL) return -1;
    __m512i idx[8];
    for (int m = 0; m < 8; m++) {
        int64_t t[8];
        for (int j = 0; j < 8; j++) t[j] = j < m ? 8 - m + j : 8 + j - m;
        idx[m] = _mm512_loadu_si512(t);
    }
    const __m512d lo = _mm512_set1_pd(0x1p-500), hi = _mm512_set1_pd(0x1p500);
    int64_t K = (P + 7) / 8;
    for (int64_t k0 = 0; k0 < K; k0 += RM_BLOCK / 8) {
        int64_t k1 = k0 + RM_BLOCK / 8 < K ? k0 + RM_BLOCK / 8 : K;
        rmPlan(kind, step, P, k0, k1, recip, regular);
        for (int64_t c = 0; c < rois; c++) {
            const double *row = v + c * cs;
            double *S = out + c * outStride;
            int m = (int)(((uintptr_t)S >> 3) & 7);
            __m512d prev = k0 == 0 ? _mm512_setzero_pd() : _mm512_load_pd(carry + c * 8);
            for (int64_t k = k0; k < k1; k++) {
                int64_t p = 8 * k;
                if (k + RM_AHEAD < K) { /* about RM_AHEAD/2.4 events ahead: covers the DRAM latency */
                    const double *ahead = row + frame[p + 8 * RM_AHEAD];
                    _mm_prefetch((const char *)ahead, _MM_HINT_T0);
                    _mm_prefetch((const char *)(ahead + 8), _MM_HINT_T0);
                }
                __m512d r;
                int done = 0;
                if (regular[k - k0] == 2) {
                    r = _mm512_i64gather_pd(_mm512_loadu_si512(frame + p), row, 8);
                    done = 1;
                } else if (regular[k - k0] == 1) {
                    __m512i fi = _mm512_loadu_si512(frame + p);
                    __m512d y0 = _mm512_i64gather_pd(fi, row, 8);
                    __m512d y1 = _mm512_i64gather_pd(fi, row + 1, 8);
                    __m512d d = _mm512_sub_pd(y1, y0);
                    __m512d st = _mm512_loadu_pd(step + p), y = _mm512_loadu_pd(recip + p - 8 * k0);
                    __m512d q0 = _mm512_mul_pd(d, y);
                    __m512d q1 = _mm512_fmadd_pd(_mm512_fnmadd_pd(st, q0, d), y, q0);
                    __m512d slope = _mm512_fmadd_pd(_mm512_fnmadd_pd(st, q1, d), y, q1);
                    __m512d a = _mm512_abs_pd(d);
                    __mmask8 ok = _mm512_cmp_pd_mask(a, lo, _CMP_GE_OQ) & _mm512_cmp_pd_mask(a, hi, _CMP_LT_OQ);
                    if (ok == 0xFF) { /* finite y0, y1: no NaN, no retry */
                        r = _mm512_add_pd(_mm512_mul_pd(slope, _mm512_loadu_pd(off0 + p)), y0);
                        done = 1;
                    }
                }
                if (!done) {
                    double t[8] __attribute__((aligned(64)));
                    for (int j = 0; j < 8; j++) {
                        int64_t q = p + j;
                        t[j] = q < P ? one(v, 1, cs, c, kind[q], frame[q], off0[q], off1[q], step[q]) : 0;
                    }
                    r = _mm512_load_pd(t);
                }
                if (plain) {
                    _mm512_mask_storeu_pd(S + p, inside(p, P), r);
                    continue;
                }
                __m512d line = m == 0 ? r : _mm512_permutex2var_pd(prev, idx[m], r);
                prev = r;
                if (k > 0 && p + 8 <= P) {
                    _mm512_stream_pd(S + p - m, line);
                } else {
                    edgeLine(S, m, k, P, line);
                }
            }
            if (!plain) {
                _mm512_store_pd(carry + c * 8, prev);
                if (k1 == K && m != 0) {
                    edgeLine(S, m, K, P, _mm512_permutex2var_pd(prev, idx[m], prev));
                }
            }
        }
    }
    _mm_sfence();
    free(carry);
    return 0;
}
#endif


#ifdef RT_AVX2
/*
 * The AVX2 paths: the same plan, tiles and arithmetic as the AVX-512 ones with 4 doubles a vector. A
 * group is still 8 positions, so that every ROI's output still advances one whole 64-byte line (two
 * 32-byte non-temporal stores) per group; the ROIs go 4 a vector and two 4x4 transposes make each ROI's
 * line. Range checks are compares and movemask instead of masks; the rare lanes that need the true
 * division or numpy's retry are blended in.
 */

/* 4x4 transpose: r[j] lane l -> c[l] lane j. */
static inline void transpose4(const __m256d r[4], __m256d c[4]) {
    __m256d t0 = _mm256_unpacklo_pd(r[0], r[1]), t1 = _mm256_unpackhi_pd(r[0], r[1]);
    __m256d t2 = _mm256_unpacklo_pd(r[2], r[3]), t3 = _mm256_unpackhi_pd(r[2], r[3]);
    c[0] = _mm256_permute2f128_pd(t0, t2, 0x20);
    c[1] = _mm256_permute2f128_pd(t1, t3, 0x20);
    c[2] = _mm256_permute2f128_pd(t0, t2, 0x31);
    c[3] = _mm256_permute2f128_pd(t1, t3, 0x31);
}

/* numpy's quotient (y1 - y0) / st from the reciprocal y (see the top of the file), given d = y1 - y0. */
static inline __m256d quotient4(__m256d d, __m256d st, __m256d y, __m256d *ok) {
    const __m256d lo = _mm256_set1_pd(0x1p-500), hi = _mm256_set1_pd(0x1p500);
    __m256d q0 = _mm256_mul_pd(d, y);
    __m256d q1 = _mm256_fmadd_pd(_mm256_fnmadd_pd(st, q0, d), y, q0);
    __m256d slope = _mm256_fmadd_pd(_mm256_fnmadd_pd(st, q1, d), y, q1);
    __m256d a = _mm256_andnot_pd(_mm256_set1_pd(-0.0), d);
    *ok = _mm256_and_pd(_mm256_cmp_pd(a, lo, _CMP_GE_OQ), _mm256_cmp_pd(a, hi, _CMP_LT_OQ));
    if (_mm256_movemask_pd(*ok) != 0xF) { /* zero d: d*y, the signed zero; other lanes out of range: true division */
        __m256d zero = _mm256_cmp_pd(d, _mm256_setzero_pd(), _CMP_EQ_OQ);
        slope = _mm256_blendv_pd(_mm256_div_pd(d, st), slope, *ok);
        slope = _mm256_blendv_pd(slope, q0, zero);
    }
    return slope;
}

/* ROIs cb + 0..3 (lanes beyond nl read as 0, never touched) for one position. */
static inline __m256d lanes4(const pos *q, int64_t fs, int cb, int nl, __m256i live) {
    if (q->kind == K_NAN) return _mm256_set1_pd(NAN);
    const double *row = q->row + cb;
    __m256d y0 = nl == 4 ? _mm256_loadu_pd(row) : _mm256_maskload_pd(row, live);
    if (q->kind == K_COPY) return y0;
    __m256d y1 = nl == 4 ? _mm256_loadu_pd(row + fs) : _mm256_maskload_pd(row + fs, live);
    __m256d d = _mm256_sub_pd(y1, y0);
    __m256d st = _mm256_set1_pd(q->st);
    __m256d slope, ok;
    if (q->slow) {
        slope = _mm256_div_pd(d, st);
    } else {
        slope = quotient4(d, st, _mm256_set1_pd(q->y), &ok);
    }
    __m256d r = _mm256_add_pd(_mm256_mul_pd(slope, _mm256_set1_pd(q->o0)), y0);
    __m256d bad = _mm256_cmp_pd(r, r, _CMP_UNORD_Q);
    if (_mm256_movemask_pd(bad)) { /* numpy's retry from the right-hand point, then the flat case */
        r = _mm256_blendv_pd(r, _mm256_add_pd(_mm256_mul_pd(slope, _mm256_set1_pd(q->o1)), y1), bad);
        bad = _mm256_and_pd(_mm256_cmp_pd(r, r, _CMP_UNORD_Q), _mm256_cmp_pd(y0, y1, _CMP_EQ_OQ));
        r = _mm256_blendv_pd(r, y0, bad);
    }
    return r;
}

/* The common tile (see fastTile): 8 regular interpolated positions x 4 ROIs; 0 when a difference is out of range. */
static inline int fastTile4(const pos *g, int64_t fs, int cb, __m256d r[8]) {
    const __m256d lo = _mm256_set1_pd(0x1p-500), hi = _mm256_set1_pd(0x1p500), sign = _mm256_set1_pd(-0.0);
    __m256d ok = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
    for (int j = 0; j < 8; j++) {
        const double *row = g[j].row + cb;
        __m256d y0 = _mm256_loadu_pd(row), y1 = _mm256_loadu_pd(row + fs);
        __m256d d = _mm256_sub_pd(y1, y0);
        __m256d st = _mm256_set1_pd(g[j].st), y = _mm256_set1_pd(g[j].y);
        __m256d q0 = _mm256_mul_pd(d, y);
        __m256d q1 = _mm256_fmadd_pd(_mm256_fnmadd_pd(st, q0, d), y, q0);
        __m256d slope = _mm256_fmadd_pd(_mm256_fnmadd_pd(st, q1, d), y, q1);
        __m256d a = _mm256_andnot_pd(sign, d);
        ok = _mm256_and_pd(ok, _mm256_and_pd(_mm256_cmp_pd(a, lo, _CMP_GE_OQ), _mm256_cmp_pd(a, hi, _CMP_LT_OQ)));
        r[j] = _mm256_add_pd(_mm256_mul_pd(slope, _mm256_set1_pd(g[j].o0)), y0);
    }
    return _mm256_movemask_pd(ok) == 0xF;
}

/*
 * A line that starts m doubles (1..7) before a 64-byte boundary, from the previous group's half-lines
 * p0, p1 and this group's c0, c1: line = (p0 p1 c0 c1)[8 - m .. 16 - m), as two 4-double halves. Each
 * half is 4 consecutive doubles of two adjacent vectors: a blend then a lane rotation (vpermps).
 */
typedef struct {
    __m256d take; /* lanes < o come from the second vector */
    __m256i rot;  /* rotate left by o doubles */
    int early;    /* 8 - m < 4: the line starts in p0 */
} shift;

static inline void shifts(shift sh[8]) {
    for (int m = 0; m < 8; m++) {
        int s = 8 - m, o = s & 3;
        int64_t t[4];
        int32_t r[8];
        for (int i = 0; i < 4; i++) {
            t[i] = i < o ? -1 : 0;
            r[2 * i] = 2 * ((i + o) & 3);
            r[2 * i + 1] = 2 * ((i + o) & 3) + 1;
        }
        sh[m].take = _mm256_castsi256_pd(_mm256_loadu_si256((const __m256i *)t));
        sh[m].rot = _mm256_loadu_si256((const __m256i *)r);
        sh[m].early = s < 4;
    }
}

static inline __m256d window4(__m256d a, __m256d b, const shift *sh) {
    __m256d x = _mm256_blendv_pd(a, b, sh->take);
    return _mm256_castps_pd(_mm256_permutevar8x32_ps(_mm256_castpd_ps(x), sh->rot));
}

static inline void shifted(__m256d p0, __m256d p1, __m256d c0, __m256d c1, const shift *sh, __m256d *l0, __m256d *l1) {
    __m256d a = sh->early ? p0 : p1, b = sh->early ? p1 : c0, c = sh->early ? c0 : c1;
    *l0 = window4(a, b, sh);
    *l1 = window4(b, c, sh);
}

/* Stores the run positions [8k - m, 8k - m + 8) of a line (S + 8k - m is 64-byte aligned unless the
   output is not even 8-byte aligned) where only some are this call's: the whole line with two
   non-temporal stores when all are, else the ones inside [0, P) one by one (nothing outside is touched). */
static inline void edgeLine4(double *S, int m, int64_t k, int64_t P, __m256d l0, __m256d l1, int aligned) {
    int64_t lo = 8 * k - m;
    if (lo >= 0 && lo + 8 <= P) {
        if (aligned) {
            _mm256_stream_pd(S + lo, l0);
            _mm256_stream_pd(S + lo + 4, l1);
        } else {
            _mm256_storeu_pd(S + lo, l0);
            _mm256_storeu_pd(S + lo + 4, l1);
        }
        return;
    }
    double t[8] __attribute__((aligned(32)));
    _mm256_store_pd(t, l0);
    _mm256_store_pd(t + 4, l1);
    for (int j = 0; j < 8; j++) {
        if (lo + j >= 0 && lo + j < P) S[lo + j] = t[j];
    }
}

/* Time-major values: as avx512() with 4 ROIs a vector and two 4x4 transposes per 4 ROIs and group. */
static int avx2(const double *v, int64_t fs, int32_t rois, const int8_t *kind, const int64_t *frame,
                const double *off0, const double *off1, const double *step, int64_t P, double *out,
                int64_t outStride) {
    int plain = ((uintptr_t)out & 7) != 0;
    int64_t padded = (int64_t)(rois + 7) / 8 * 8;
    size_t bytes = ((size_t)padded * 8 * sizeof(double) + (size_t)padded + 63) & ~(size_t)63;
    double *carry = aligned_alloc(64, bytes);
    if (carry == NULL) return -1;
    int8_t *mis = (int8_t *)(carry + padded * 8);
    for (int64_t c = 0; c < padded; c++) {
        mis[c] = c < rois ? (int8_t)(((uintptr_t)(out + c * outStride) >> 3) & 7) : 0;
    }
    shift sh[8];
    shifts(sh);
    const __m256i iota = _mm256_setr_epi64x(0, 1, 2, 3);
    int64_t K = (P + 7) / 8;
    pos g[8];
    for (int64_t k = 0; k < K; k++) {
        for (int j = 0; j < 8; j++) {
            plan(&g[j], v, fs, kind, frame, off0, off1, step, 8 * k + j, P);
        }
        const char *near[16], *far[16];
        int nNear = rowsOf(k + NEAR, v, fs, kind, frame, P, near);
        int nFar = rowsOf(k + FAR, v, fs, kind, frame, P, far);
        int interior = !plain && k > 0 && 8 * k + 8 <= P;
        int regular = 1;
        for (int j = 0; j < 8; j++) regular &= g[j].kind == K_INTERP && !g[j].slow;
        for (int cb = 0; cb < rois; cb += 4) {
            int nl = rois - cb < 4 ? rois - cb : 4;
            __m256i live = _mm256_cmpgt_epi64(_mm256_set1_epi64x(nl), iota);
            if ((cb & 7) == 0) {
                for (int i = 0; i < nNear; i++) _mm_prefetch(near[i] + cb * 8, _MM_HINT_T0);
                for (int i = 0; i < nFar; i++) _mm_prefetch(far[i] + cb * 8, _MM_HINT_T1);
            }
            __m256d r[8], c0[4], c1[4];
            if (!(regular && nl == 4 && fastTile4(g, fs, cb, r))) {
                for (int j = 0; j < 8; j++) r[j] = lanes4(&g[j], fs, cb, nl, live);
            }
            transpose4(r, c0);
            transpose4(r + 4, c1);
            for (int l = 0; l < nl; l++) {
                double *S = out + (int64_t)(cb + l) * outStride;
                int m = mis[cb + l];
                if (plain) {
                    edgeLine4(S, 0, k, P, c0[l], c1[l], 0);
                    continue;
                }
                __m256d l0 = c0[l], l1 = c1[l];
                if (m != 0) {
                    double *carried = carry + (cb + l) * 8;
                    shifted(_mm256_load_pd(carried), _mm256_load_pd(carried + 4), c0[l], c1[l], &sh[m], &l0, &l1);
                    _mm256_store_pd(carried, c0[l]);
                    _mm256_store_pd(carried + 4, c1[l]);
                }
                if (interior) {
                    _mm256_stream_pd(S + 8 * k - m, l0);
                    _mm256_stream_pd(S + 8 * k - m + 4, l1);
                } else {
                    edgeLine4(S, m, k, P, l0, l1, 1);
                }
            }
        }
    }
    if (!plain) { /* the last line of each misaligned run: the carry's tail */
        for (int64_t c = 0; c < rois; c++) {
            if (mis[c] == 0) continue;
            __m256d p0 = _mm256_load_pd(carry + c * 8), p1 = _mm256_load_pd(carry + c * 8 + 4), l0, l1;
            shifted(p0, p1, p0, p1, &sh[(int)mis[c]], &l0, &l1);
            edgeLine4(out + c * outStride, mis[c], K, P, l0, l1, 1);
        }
    }
    _mm_sfence();
    free(carry);
    return 0;
}

/* ROI-major values: as avx512RoiMajor() with two 4-wide gathers per 8 positions (one output line). */
static int avx2RoiMajor(const double *v, int64_t cs, int32_t rois, const int8_t *kind, const int64_t *frame,
                        const double *off0, const double *off1, const double *step, int64_t P, double *out,
                        int64_t outStride) {
    int plain = ((uintptr_t)out & 7) != 0;
    double *recip;
    uint8_t *regular;
    double *carry = rmScratch(rois, &recip, &regular);
    if (carry == NULL) return -1;
    shift sh[8];
    shifts(sh);
    int64_t K = (P + 7) / 8;
    for (int64_t k0 = 0; k0 < K; k0 += RM_BLOCK / 8) {
        int64_t k1 = k0 + RM_BLOCK / 8 < K ? k0 + RM_BLOCK / 8 : K;
        rmPlan(kind, step, P, k0, k1, recip, regular);
        for (int64_t c = 0; c < rois; c++) {
            const double *row = v + c * cs;
            double *S = out + c * outStride;
            int m = (int)(((uintptr_t)S >> 3) & 7);
            __m256d p0 = _mm256_setzero_pd(), p1 = p0;
            if (k0 != 0) {
                p0 = _mm256_load_pd(carry + c * 8);
                p1 = _mm256_load_pd(carry + c * 8 + 4);
            }
            for (int64_t k = k0; k < k1; k++) {
                int64_t p = 8 * k;
                if (k + RM_AHEAD < K) {
                    const double *ahead = row + frame[p + 8 * RM_AHEAD];
                    _mm_prefetch((const char *)ahead, _MM_HINT_T0);
                    _mm_prefetch((const char *)(ahead + 8), _MM_HINT_T0);
                }
                __m256d r0, r1;
                int done = 0;
                if (regular[k - k0] == 2) {
                    r0 = _mm256_i64gather_pd(row, _mm256_loadu_si256((const __m256i *)(frame + p)), 8);
                    r1 = _mm256_i64gather_pd(row, _mm256_loadu_si256((const __m256i *)(frame + p + 4)), 8);
                    done = 1;
                } else if (regular[k - k0] == 1) {
                    __m256i f0 = _mm256_loadu_si256((const __m256i *)(frame + p));
                    __m256i f1 = _mm256_loadu_si256((const __m256i *)(frame + p + 4));
                    __m256d a0 = _mm256_i64gather_pd(row, f0, 8), b0 = _mm256_i64gather_pd(row + 1, f0, 8);
                    __m256d a1 = _mm256_i64gather_pd(row, f1, 8), b1 = _mm256_i64gather_pd(row + 1, f1, 8);
                    __m256d ok0, ok1;
                    __m256d s0 = quotient4(_mm256_sub_pd(b0, a0), _mm256_loadu_pd(step + p),
                                           _mm256_loadu_pd(recip + p - 8 * k0), &ok0);
                    __m256d s1 = quotient4(_mm256_sub_pd(b1, a1), _mm256_loadu_pd(step + p + 4),
                                           _mm256_loadu_pd(recip + p + 4 - 8 * k0), &ok1);
                    if (_mm256_movemask_pd(_mm256_and_pd(ok0, ok1)) == 0xF) { /* finite y0, y1: no NaN, no retry */
                        r0 = _mm256_add_pd(_mm256_mul_pd(s0, _mm256_loadu_pd(off0 + p)), a0);
                        r1 = _mm256_add_pd(_mm256_mul_pd(s1, _mm256_loadu_pd(off0 + p + 4)), a1);
                        done = 1;
                    }
                }
                if (!done) {
                    double t[8] __attribute__((aligned(32)));
                    for (int j = 0; j < 8; j++) {
                        int64_t q = p + j;
                        t[j] = q < P ? one(v, 1, cs, c, kind[q], frame[q], off0[q], off1[q], step[q]) : 0;
                    }
                    r0 = _mm256_load_pd(t);
                    r1 = _mm256_load_pd(t + 4);
                }
                if (plain) {
                    edgeLine4(S, 0, k, P, r0, r1, 0);
                    continue;
                }
                __m256d l0 = r0, l1 = r1;
                if (m != 0) shifted(p0, p1, r0, r1, &sh[m], &l0, &l1);
                p0 = r0;
                p1 = r1;
                if (k > 0 && p + 8 <= P) {
                    _mm256_stream_pd(S + p - m, l0);
                    _mm256_stream_pd(S + p - m + 4, l1);
                } else {
                    edgeLine4(S, m, k, P, l0, l1, 1);
                }
            }
            if (!plain) {
                _mm256_store_pd(carry + c * 8, p0);
                _mm256_store_pd(carry + c * 8 + 4, p1);
                if (k1 == K && m != 0) {
                    __m256d l0, l1;
                    shifted(p0, p1, p0, p1, &sh[m], &l0, &l1);
                    edgeLine4(S, m, K, P, l0, l1, 1);
                }
            }
        }
    }
    _mm_sfence();
    free(carry);
    return 0;
}
#endif

/*
 * Applies a plan of `positions` output positions to every ROI: value(c, f) = v[f*frameStride +
 * c*roiStride]; ROI c's positions go to out[c*outStride + p]. Returns 0, or -1 when scratch memory
 * could not be allocated.
 */
int32_t RT_NAME(ragtime_align)(const double *v, int64_t frameStride, int64_t roiStride, int32_t rois, const int8_t *kind,
                      const int64_t *frame, const double *off0, const double *off1, const double *step,
                      int64_t positions, double *out, int64_t outStride) {
    if (rois <= 0 || positions <= 0) return 0;
#if defined(RT_AVX512) || defined(RT_AVX2)
    if (rois < 4) { /* one behaviour series, say: a tile would be mostly empty lanes, the plain loop is faster */
        generic(v, frameStride, roiStride, rois, kind, frame, off0, off1, step, positions, out, outStride);
        return 0;
    }
#endif
#if defined(RT_AVX512)
    if (roiStride == 1) {
        return avx512(v, frameStride, rois, kind, frame, off0, off1, step, positions, out, outStride);
    }
    if (frameStride == 1) {
        return avx512RoiMajor(v, roiStride, rois, kind, frame, off0, off1, step, positions, out, outStride);
    }
#elif defined(RT_AVX2)
    if (roiStride == 1) {
        return avx2(v, frameStride, rois, kind, frame, off0, off1, step, positions, out, outStride);
    }
    if (frameStride == 1) {
        return avx2RoiMajor(v, roiStride, rois, kind, frame, off0, off1, step, positions, out, outStride);
    }
#endif
    generic(v, frameStride, roiStride, rois, kind, frame, off0, off1, step, positions, out, outStride);
    return 0;
}
