#!/usr/bin/env bash
# Peak RSS of a batch against the number of sessions at the same --jobs (docs/benchmarks.md, "Projects: batch").
# Usage: tools/batch_memory.sh [JOBS=2] [WORKDIR=/tmp/ragtime-batch-memory]
# Generates 50 sessions (config small with 2000 units: 1.9 M spikes, 15 MB each) once, then runs `ragtime batch -- counts`
# (a 60 MB cube per session) on the first 5 and on all 50 under /usr/bin/time -v, three times each, and prints the
# maximum resident set sizes. Set UNITS=400 for sessions whose data is small beside the JVM itself.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
JOBS="${1:-2}"
UNITS="${UNITS:-2000}"
W="${2:-/tmp/ragtime-batch-memory}-$UNITS"
R="$ROOT/ragtime"
mkdir -p "$W"
if [[ ! -f "$W/project/session_049.nwb" ]]; then
    rm -rf "$W/project"
    "$R" generate --config small --units "$UNITS" --project "$W/project" --sessions 50 >/dev/null 2>&1
fi
ls "$W"/project/*.nwb | head -5 > "$W/five.txt"
ls "$W"/project/*.nwb > "$W/fifty.txt"
"$R" info "$W/project/session_000.nwb" >/dev/null # build and start-up cache outside the measurement
for run in 1 2 3; do
    for list in five fifty; do
        rm -rf "$W/out-$list"
        /usr/bin/time -v "$R" batch "$W/$list.txt" --out "$W/out-$list" --jobs "$JOBS" --format npy -- counts --stimulus drifting_gratings \
            --bins -0.1:0.5:0.002 2>"$W/$list.log" >/dev/null || true
        printf '%s sessions: max RSS %s kB, %s s\n' "$list" "$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$W/$list.log")" \
            "$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$W/$list.log")"
        rm -rf "$W/out-$list"
    done
done
