/*
 * How close can an exact spike kernel get to the memory floor on this CPU? (issue 16, docs/benchmarks.md)
 *
 * Generates config A in C (500 units, lognormal rates rescaled to a mean of 8 Hz, Poisson over 3000 s,
 * about 12 M spikes; 5000 presentations every 0.6 s, edges -0.1:0.5:0.01, closed bins: the workload of
 * bench's Workload.java, drawn with another generator) and times, best of 15, single-threaded:
 *   - read:       a vector sum over the spike times (the read floor);
 *   - fill-nt:    libragtime's ragtime_fill_nt over the uint16 and int32 cubes (the write floor), with ones:
 *                 on this Zen 5 guest zero lines are written about twice as fast, and the counts cube has
 *                 almost no all-zero line (8 % of cells are non-zero, a line holds 16 or 32 cells);
 *   - bare loop:  each unit's spikes in order, one subtract, one multiply, one truncation and one increment
 *                 of a (presentation, bin) cell per spike, with no window or exactness logic: less work
 *                 than any exact kernel does per spike, so a lower bound for the spike side of counts,
 *                 binning, the mean PSTH and condition statistics on this core;
 *   - counts:     the shipped kernel (ragtime_counts at the level given) into uint16 and int32 cubes.
 * The kernels' floor in the issue is (write the output + read the spikes); "2x the floor" is printed next
 * to "bare loop + NT write" so the two can be compared.
 *
 * Usage: gcc -O3 -march=native -o /tmp/spike_floor tools/spike_floor.c -ldl -lm
 *        /tmp/spike_floor src-native/target/libragtime.so [LEVEL]    (LEVEL 2, 3 or 4; default the best)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef int64_t (*counts_fn)(const double *, const int64_t *, const int64_t *, int64_t *, int32_t, const double *,
                             int32_t, const int32_t *, int32_t, double, int32_t, int32_t, int32_t, int32_t, int32_t,
                             void *, int32_t *);
typedef void (*fill_fn)(void *, int64_t, int32_t);
typedef int (*isa_fn)(int);

static uint64_t state = 12345;
static double uniform(void) { /* xorshift64, (0, 1) */
    state ^= state << 13; state ^= state >> 7; state ^= state << 17;
    return ((double)(state >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}
static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
static void *sym(void *lib, const char *name, int level) {
    char full[64];
    if (level > 0) snprintf(full, sizeof full, "%s_v%d", name, level); else snprintf(full, sizeof full, "%s", name);
    void *f = dlsym(lib, full);
    if (!f) { fprintf(stderr, "spike_floor: %s not in the library: %s\n", full, dlerror()); exit(2); }
    return f;
}

enum { UNITS = 500, PRES = 5000, BINS = 60, ROUNDS = 15 };

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: spike_floor LIBRAGTIME.so [LEVEL]\n"); return 2; }
    void *lib = dlopen(argv[1], RTLD_NOW);
    if (!lib) { fprintf(stderr, "spike_floor: %s\n", dlerror()); return 2; }
    isa_fn supported = (isa_fn)sym(lib, "ragtime_isa_supported", 0);
    int level = argc > 2 ? atoi(argv[2]) : (supported(4) ? 4 : supported(3) ? 3 : 2);
    if (!supported(level)) { fprintf(stderr, "spike_floor: this CPU lacks level %d\n", level); return 2; }
    counts_fn counts = (counts_fn)sym(lib, "ragtime_counts", level);
    fill_fn fill_nt = (fill_fn)sym(lib, "ragtime_fill_nt", level);

    const double T = 3000;
    double rate[UNITS], sum = 0;
    for (int u = 0; u < UNITS; u++) {
        rate[u] = exp(0.8 * sqrt(-2 * log(uniform())) * cos(6.283185307179586 * uniform()));
        sum += rate[u];
    }
    int64_t cap = 0;
    for (int u = 0; u < UNITS; u++) { rate[u] *= 8.0 * UNITS / sum; cap += (int64_t)(rate[u] * T * 1.2 + 100); }
    double *t = malloc((size_t)cap * sizeof(double));
    int64_t first[UNITS], end[UNITS], cur[UNITS], n = 0;
    for (int u = 0; u < UNITS; u++) {
        first[u] = n;
        for (double x = -log(uniform()) / rate[u]; x < T && n < cap; x += -log(uniform()) / rate[u]) t[n++] = x;
        end[u] = n;
    }
    /* windows as PresentationWindows builds them: absolute edges start + edge, the guess table 2 buckets a bin */
    double edges[BINS + 1];
    for (int k = 0; k <= BINS; k++) edges[k] = -0.1 + 0.01 * k;
    double *dom = malloc(sizeof(double) * PRES * (BINS + 1));
    for (int p = 0; p < PRES; p++)
        for (int k = 0; k <= BINS; k++) dom[p * (BINS + 1) + k] = (0.1 + 0.6 * p) + edges[k];
    const int buckets = 2 * BINS;
    const double span = edges[BINS] - edges[0], gs = buckets / span;
    int32_t guess[2 * BINS];
    for (int q = 0, k = 0; q < buckets; q++) {
        while (k <= BINS && edges[k] - edges[0] <= q / gs) k++;
        guess[q] = k < BINS ? k : BINS;
    }
    const size_t cells = (size_t)PRES * BINS * UNITS;
    void *cube = aligned_alloc(64, cells * 4);
    int32_t *slab = calloc((size_t)BINS * UNITS, sizeof(int32_t));
    int32_t *hist = calloc(cells / UNITS + 64, sizeof(int32_t));
    memset(cube, 1, cells * 4); /* fault every page in once, outside the timings */

    double best[6] = {1e9, 1e9, 1e9, 1e9, 1e9, 1e9};
    volatile double sink = 0;
    volatile int64_t maxes = 0;
    for (int r = 0; r < ROUNDS; r++) {
        double a = now(), acc[8] = {0};
        for (int64_t i = 0; i + 8 <= n; i += 8)
            for (int l = 0; l < 8; l++) acc[l] += t[i + l];
        sink = acc[0] + acc[1] + acc[2] + acc[3] + acc[4] + acc[5] + acc[6] + acc[7];
        double b = now() - a; if (b < best[0]) best[0] = b;

        a = now(); fill_nt(cube, (int64_t)cells * 2, 1); b = now() - a; if (b < best[1]) best[1] = b;
        a = now(); fill_nt(cube, (int64_t)cells * 4, 1); b = now() - a; if (b < best[2]) best[2] = b;

        a = now();
        const double t0 = dom[0], inv = 100.0;
        for (int u = 0; u < UNITS; u++)
            for (int64_t i = first[u]; i < end[u]; i++) hist[(int32_t)((t[i] - t0) * inv)]++;
        b = now() - a; if (b < best[3]) best[3] = b;

        for (int type = 1; type <= 2; type++) { /* 1 uint16, 2 int32 (NativeKernels' codes) */
            memcpy(cur, first, sizeof cur);
            a = now();
            maxes += counts(t, first, end, cur, UNITS, dom, BINS, guess, buckets, gs, 0, PRES, 1, type, 0, cube, slab);
            b = now() - a; if (b < best[3 + type]) best[3 + type] = b;
        }
    }
    const double ms = 1e3;
    printf("config A in C: %ld spikes (%.0f MB), cube %zu cells; level v%d; best of %d, one thread\n",
           (long)n, n * 8 / 1e6, cells, level, ROUNDS);
    printf("read the spikes (vector sum)        %7.1f ms  %5.1f GB/s\n", best[0] * ms, n * 8 / best[0] / 1e9);
    printf("NT write, uint16 cube (%3.0f MB)     %7.1f ms  %5.1f GB/s\n", cells * 2 / 1e6, best[1] * ms, cells * 2 / best[1] / 1e9);
    printf("NT write, int32 cube  (%3.0f MB)     %7.1f ms  %5.1f GB/s\n", cells * 4 / 1e6, best[2] * ms, cells * 4 / best[2] / 1e9);
    printf("bare loop (cell + increment)        %7.1f ms  %5.2f ns a spike\n", best[3] * ms, best[3] * 1e9 / n);
    for (int type = 1; type <= 2; type++) {
        const double floor = best[0] + best[type], kernel = best[3 + type];
        printf("counts %-6s: kernel %6.1f ms = %4.1fx the floor (%.1f ms); 2x the floor %5.1f ms; "
               "bare loop + NT write %5.1f ms = %4.1fx the floor\n", type == 1 ? "uint16" : "int32", kernel * ms,
               kernel / floor, floor * ms, 2 * floor * ms, (best[3] + best[type]) * ms, (best[3] + best[type]) / floor);
    }
    printf("mean PSTH / condition statistics: read floor %.1f ms, 2x %.1f ms; bare loop alone %.1fx the read floor\n",
           best[0] * ms, 2 * best[0] * ms, best[3] / best[0]);
    return sink == 0.5 && maxes < 0; /* keep the loops */
}
