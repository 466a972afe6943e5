/*
 * Fused reductions of Ragtime's native backend (issue 16): the mean PSTH and per-presentation totals
 * straight from the spikes, each unit's spikes read once, each placed through the time table that Java
 * builds (org.ragtime.engine.internal.TimeTable; its comment explains the table). Mirrors
 * org.ragtime.engine.internal.Fused bit for bit: the grid index is the same double expression
 * (x - t0) * inv truncated (the build passes -ffp-contract=off), the cell decisions exact comparisons
 * against the same boundaries, the counts integers.
 */
#include <stdint.h>
#include <string.h>
#include "rt.h"

typedef double udouble __attribute__((aligned(1)));

/* The time table, as Java passes it. */
typedef struct {
    const double *b;          /* m distinct boundaries, then +inf */
    const int32_t *code;      /* 2m slot codes: >= 0 a cell (or the gap), < 0 ~list */
    const int32_t *slow_start;
    const int32_t *slow_cells;
    const int32_t *grid;
    const int64_t *fast;      /* per grid step: boundary bits (+inf none, NaN several), codes below | above << 32 */
    double t0, inv, last;
} table_t;

/* The general path (TimeTable.slot): the slot of x from the grid and the boundaries, then its cell(s). */
static void general(const table_t *tt, double x, int64_t *a) {
    const double *b = tt->b;
    const int32_t g = tt->grid[(int32_t)((x - tt->t0) * tt->inv)];
    int32_t k;
    if (g >= 0) {
        k = g - 1 + (b[g] <= x);
    } else { /* two or more boundaries in this grid step */
        k = ~g - 1;
        while (b[k + 1] <= x) k++;
    }
    const int32_t c = tt->code[2 * k + (b[k] != x)];
    if (c >= 0) {
        a[c]++;
    } else {
        for (int32_t s = tt->slow_start[~c], z = tt->slow_start[~c + 1]; s < z; s++) a[tt->slow_cells[s]]++;
    }
}

/* First index in [lo, hi) with !(t[i] < x), else hi. */
static int64_t first_not_below(const udouble *t, int64_t lo, int64_t hi, double x) {
    while (lo < hi) {
        int64_t m = (int64_t)(((uint64_t)lo + (uint64_t)hi) >> 1);
        if (t[m] < x) lo = m + 1; else hi = m;
    }
    return lo;
}

/* First index in [lo, hi) with !(t[i] <= x), else hi. */
static int64_t first_above(const udouble *t, int64_t lo, int64_t hi, double x) {
    while (lo < hi) {
        int64_t m = (int64_t)(((uint64_t)lo + (uint64_t)hi) >> 1);
        if (t[m] <= x) lo = m + 1; else hi = m;
    }
    return lo;
}

/* One spike: the fast entry of its grid step, else the general path. */
static inline __attribute__((always_inline)) void one(const table_t *tt, double x, int64_t *a) {
    const int64_t *f = tt->fast + 2 * (int64_t)(int32_t)((x - tt->t0) * tt->inv);
    double bnd;
    memcpy(&bnd, f, sizeof bnd);
    const int64_t codes = f[1];
    const int32_t c = x < bnd ? (int32_t)codes : (int32_t)(codes >> 32);
    if (__builtin_expect(c >= 0 && x != bnd, 1)) a[c]++;
    else general(tt, x, a);
}

#ifndef AHEAD
#define AHEAD 24
#endif
#ifndef PREFETCH_LINES
#define PREFETCH_LINES 3
#endif
#ifndef PREFETCH_AHEAD
#define PREFETCH_AHEAD 8
#endif

/* Fused.place: the cells of the spikes of units [u0, u1) into acc[(u - u0) * stride + code], time tiled
   into chunks of chunk_steps grid steps (all units' spikes of one chunk before the next, so the table's
   chunk stays in cache). cur: 2 (u1 - u0) longs of scratch. */
static void place_block(const udouble *t, const int64_t *first, const int64_t *end, int32_t u0, int32_t u1,
                        const table_t *tt, int32_t chunk_steps, int32_t chunks, int64_t *acc, int64_t stride,
                        int64_t *cur) {
    const int32_t n = u1 - u0;
    int64_t *stop = cur + n;
    for (int32_t v = 0; v < n; v++) {
        const int64_t i = first_not_below(t, first[u0 + v], end[u0 + v], tt->t0);
        cur[v] = i;
        stop[v] = first_above(t, i, end[u0 + v], tt->last);
    }
    const double t0 = tt->t0, inv = tt->inv;
    for (int32_t ch = 0; ch < chunks; ch++) {
        const double limit = ch == chunks - 1 ? __builtin_inf() : t0 + (double)(ch + 1) * (double)chunk_steps / inv;
        for (int32_t v = 0; v < n; v++) {
            if (v + PREFETCH_AHEAD < n) { /* that unit's next spikes: the prefetchers do not follow hundreds of streams */
                const char *p = (const char *)(t + cur[v + PREFETCH_AHEAD]);
                for (int l = 0; l < PREFETCH_LINES; l++) __builtin_prefetch(p + 64 * l);
            }
            int64_t *a = acc + (int64_t)v * stride;
            int64_t i = cur[v];
            const int64_t e = stop[v];
            /* prefetch the table entry of the spike AHEAD places on: the entries mostly miss L2, and the core alone keeps
               too few of those misses in flight */
            for (; i + AHEAD < e; i++) {
                const double x = t[i];
                if (!(x < limit)) break;
                const double y = t[i + AHEAD];
                if (y < limit) __builtin_prefetch(tt->fast + 2 * (int64_t)(int32_t)((y - t0) * inv));
                one(tt, x, a);
            }
            for (; i < e; i++) {
                const double x = t[i];
                if (!(x < limit)) break;
                one(tt, x, a);
            }
            cur[v] = i;
        }
    }
}

/* Mean PSTH rows of units [u0, u1) (Fused.psth); acc: (u1 - u0)(nb + 1) longs, cur: 2 (u1 - u0) longs of
   scratch. Returns the largest total. */
int64_t RT_NAME(ragtime_psth_fused)(const udouble *t, const int64_t *first, const int64_t *end, int32_t u0, int32_t u1,
                           const double *b, const int32_t *code, const int32_t *slow_start, const int32_t *slow_cells,
                           const int32_t *grid, const int64_t *fast, double t0, double inv, double last, int32_t chunk_steps, int32_t chunks,
                           int32_t nb, int32_t np, double *out, int64_t *acc, int64_t *cur) {
    const table_t tt = {b, code, slow_start, slow_cells, grid, fast, t0, inv, last};
    const int64_t stride = (int64_t)nb + 1;
    memset(acc, 0, sizeof(int64_t) * (size_t)((u1 - u0) * stride));
    place_block(t, first, end, u0, u1, &tt, chunk_steps, chunks, acc, stride, cur);
    int64_t max = 0;
    for (int32_t u = u0; u < u1; u++) {
        const int64_t *a = acc + (int64_t)(u - u0) * stride;
        double *row = out + (int64_t)u * nb;
        for (int32_t j = 0; j < nb; j++) {
            if (a[j] > max) max = a[j];
            row[j] = (double)a[j] / (double)np;
        }
    }
    return max;
}

/* Per-presentation totals of units [u0, u1) (Fused.totals): counts[(u - u0) * np + p]; acc: (u1 - u0)(np + 1)
   longs, cur: 2 (u1 - u0) longs of scratch. */
void RT_NAME(ragtime_totals_fused)(const udouble *t, const int64_t *first, const int64_t *end, int32_t u0, int32_t u1,
                          const double *b, const int32_t *code, const int32_t *slow_start, const int32_t *slow_cells,
                          const int32_t *grid, const int64_t *fast, double t0, double inv, double last, int32_t chunk_steps, int32_t chunks,
                          int32_t np, int64_t *counts, int64_t *acc, int64_t *cur) {
    const table_t tt = {b, code, slow_start, slow_cells, grid, fast, t0, inv, last};
    const int64_t stride = (int64_t)np + 1;
    memset(acc, 0, sizeof(int64_t) * (size_t)((u1 - u0) * stride));
    place_block(t, first, end, u0, u1, &tt, chunk_steps, chunks, acc, stride, cur);
    for (int32_t u = u0; u < u1; u++)
        memcpy(counts + (int64_t)(u - u0) * np, acc + (int64_t)(u - u0) * stride, sizeof(int64_t) * (size_t)np);
}
