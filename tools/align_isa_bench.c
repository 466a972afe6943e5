// In-process harness for the dF/F kernel per x86-64 level (docs/benchmarks.md, "Native kernels per ISA"):
// ragtime_align_v3 and _v4 on AlignBenchmark's sizes (300 ROIs x 90,000 frames, 5000 events x 19
// positions, interpolated; synthetic plan), called in Java's chunks, interleaved, best of N; and the
// non-temporal fill of the same 228 MB at both levels.
// Build and run (from the repository root, after mvn -pl src-native compile):
//   gcc -O2 -o /tmp/align_isa tools/align_isa_bench.c src-native/target/libragtime.so -Wl,-rpath,$PWD/src-native/target
//   /tmp/align_isa [reps=7] [t|r: time-major or ROI-major] [frames=90000]
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
typedef int32_t (*align_fn)(const double *, int64_t, int64_t, int32_t, const int8_t *, const int64_t *, const double *,
                            const double *, const double *, int64_t, double *, int64_t);
int32_t ragtime_align_v2(const double *, int64_t, int64_t, int32_t, const int8_t *, const int64_t *, const double *, const double *, const double *, int64_t, double *, int64_t);
int32_t ragtime_align_v3(const double *, int64_t, int64_t, int32_t, const int8_t *, const int64_t *, const double *, const double *, const double *, int64_t, double *, int64_t);
int32_t ragtime_align_v4(const double *, int64_t, int64_t, int32_t, const int8_t *, const int64_t *, const double *, const double *, const double *, int64_t, double *, int64_t);
void ragtime_fill_nt_v3(void *, int64_t, int32_t);
void ragtime_fill_nt_v4(void *, int64_t, int32_t);
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
int main(int argc, char **argv) {
    int R = 300, F = argc > 3 ? atoi(argv[3]) : 90000, E = 5000, S = 19, reps = argc > 1 ? atoi(argv[1]) : 7;
    int rm = argc > 2 && argv[2][0] == 'r';
    double *v = aligned_alloc(64, (size_t)R * F * 8);
    srand(5);
    for (long i = 0; i < (long)R * F; i++) v[i] = rand() / (double)RAND_MAX - 0.5;
    long P = (long)E * S;
    int8_t *kind = malloc(P); int64_t *frame = malloc(P * 8);
    double *o0 = malloc(P * 8), *o1 = malloc(P * 8), *st = malloc(P * 8);
    for (int e = 0; e < E; e++) {
        int f0 = 10 + rand() % (F - 40);
        for (int s = 0; s < S; s++) {
            long p = (long)e * S + s;
            kind[p] = 2; frame[p] = f0 + s;
            st[p] = (1 + 0.02 * (rand() / (double)RAND_MAX - 0.5)) / 31.0;
            o0[p] = st[p] * (rand() / (double)RAND_MAX); o1[p] = o0[p] - st[p];
        }
    }
    double *out = aligned_alloc(64, (size_t)R * P * 8);
    memset(out, 0, (size_t)R * P * 8);
    align_fn fns[3] = {ragtime_align_v2, ragtime_align_v3, ragtime_align_v4}; /* v2 (plain loop) is not timed: too slow */
    double best[5] = {1e9, 1e9, 1e9, 1e9, 1e9};
    int chunk = (int)((1L << 23) / R / S) & ~7; // events per call, as NativeAlignKernel.chunkEvents
    if (chunk < 8) chunk = 8;
    for (int r = 0; r < reps; r++) {
        for (int l = 1; l < 3; l++) {
            double t0 = now();
            for (int e0 = 0; e0 < E; e0 += chunk) {
                int n = E - e0 < chunk ? E - e0 : chunk;
                long p0 = (long)e0 * S;
                if (rm) fns[l](v, 1, F, R, kind + p0, frame + p0, o0 + p0, o1 + p0, st + p0, (long)n * S, out + p0, P);
                else fns[l](v, R, 1, R, kind + p0, frame + p0, o0 + p0, o1 + p0, st + p0, (long)n * S, out + p0, P);
            }
            double t = now() - t0;
            if (t < best[l]) best[l] = t;
        }
        double t0 = now(); ragtime_fill_nt_v3(out, (long)R * P * 8, 1); double t = now() - t0; if (t < best[3]) best[3] = t;
        t0 = now(); ragtime_fill_nt_v4(out, (long)R * P * 8, 1); t = now() - t0; if (t < best[4]) best[4] = t;
    }
    printf("%s v3 %.1f ms  v4 %.1f ms  | nt fill %.0f MB: v3 %.1f v4 %.1f ms\n", rm ? "roi-major" : "time-major",
           best[1] * 1e3, best[2] * 1e3, R * P * 8 / 1e6, best[3] * 1e3, best[4] * 1e3);
    return 0;
}
