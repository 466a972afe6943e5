#!/usr/bin/env bash
# Batch against separate runs, and the Spark engine's overhead (docs/benchmarks.md, "Projects: batch").
# Usage: tools/batch_bench.sh [SESSIONS=20] [WORKDIR=/tmp/ragtime-batch-bench]
# Generates SESSIONS config-A sessions (~97 MB each) under WORKDIR/project once, warms the page cache, then times
# 1. SESSIONS separate `ragtime counts` runs (summed wall time), 2. one `ragtime batch` (default --jobs, and --jobs 1),
# 3. the same batch with --engine spark (local[*]); every output under WORKDIR, compared with cmp at the end.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
N="${1:-20}"
W="${2:-/tmp/ragtime-batch-bench}"
R="$ROOT/ragtime"
FLAGS=(--stimulus drifting_gratings --bins -0.1:0.5:0.01)
mkdir -p "$W"
if [[ ! -f "$W/project/session_$(printf %03d $((N - 1))).nwb" ]]; then
    rm -rf "$W/project"
    "$R" generate --config A --project "$W/project" --sessions "$N" >/dev/null 2>&1
fi
cat "$W"/project/*.nwb >/dev/null # page cache
now() { date +%s.%N; }
# a run's outputs must be the separate runs' bytes; then they are deleted (6 GB per run at 20 sessions), batch.csv kept
same() {
    diff -r -x batch.csv -x .batch.lock "$W/single" "$W/$1" >/dev/null || { echo "outputs of $1 differ from the separate runs" >&2; exit 1; }
    cp "$W/$1/batch.csv" "$W/$1.csv"
    rm -rf "$W/$1"
}
rm -rf "$W/single"
t0=$(now)
for f in "$W"/project/*.nwb; do
    s="$(basename "$f" .nwb)"
    mkdir -p "$W/single/$s"
    "$R" counts "$f" "${FLAGS[@]}" --out "$W/single/$s/counts.npy" 2>/dev/null
done
t1=$(now)
rm -rf "$W/batch"
"$R" batch "$W/project" --out "$W/batch" --format npy -- counts "${FLAGS[@]}" 2>"$W/batch.log"
t2=$(now)
same batch
rm -rf "$W/batch1"
"$R" batch "$W/project" --out "$W/batch1" --format npy --jobs 1 -- counts "${FLAGS[@]}" 2>"$W/batch1.log"
t3=$(now)
same batch1
rm -rf "$W/tiny"
# the same sessions with one bin: a per-session command that is nearly all overhead (open, checks, spike scan, publish)
"$R" batch "$W/project" --out "$W/tiny" --format npy --jobs 1 -- counts --stimulus drifting_gratings --bins 0:0.25:0.25 2>"$W/tiny.log"
cp "$W/tiny/batch.csv" "$W/tiny.csv"
t3b=$(now)
rm -rf "$W/tiny" "$W/spark"
"$R" batch "$W/project" --out "$W/spark" --format npy --engine spark -- counts "${FLAGS[@]}" 2>"$W/spark.log"
t4=$(now)
same spark
med() { tail -n +2 "$1" | cut -d, -f4 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf 'sessions %d, cores %d\n' "$N" "$(nproc)"
awk -v a="$t0" -v b="$t1" -v n="$N" 'BEGIN {printf "separate runs: %.2f s in total, %.3f s per session\n", b-a, (b-a)/n}'
awk -v a="$t1" -v b="$t2" -v n="$N" 'BEGIN {printf "batch (default --jobs): %.2f s\n", b-a}'
awk -v a="$t2" -v b="$t3" -v n="$N" -v m="$(med "$W/batch1.csv")" \
    'BEGIN {printf "batch --jobs 1: %.2f s, %.3f s per session; median session command %.3f s\n", b-a, (b-a)/n, m}'
awk -v a="$t3" -v b="$t3b" -v n="$N" -v m="$(med "$W/tiny.csv")" \
    'BEGIN {printf "batch --jobs 1, one bin: %.2f s, %.3f s per session; median session command %.3f s\n", b-a, (b-a)/n, m}'
awk -v a="$t3b" -v b="$t4" 'BEGIN {printf "batch --engine spark (local[*]): %.2f s\n", b-a}'
awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {printf "batch / separate: %.2f\n", (c-b)/(b-a)}'
