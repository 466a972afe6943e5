#!/usr/bin/env bash
# Whole-process timings, interleaved: interleave.sh N LABEL 'COMMAND' [LABEL 'COMMAND' ...] runs each command
# once per round for N rounds (stdout and stderr discarded) and prints, per label, the median and range of the
# wall time (to the millisecond: /usr/bin/time's own is 10 ms) and the median user+system CPU time (/usr/bin/time).
# Used for docs/benchmarks.md's start-up and whole-command figures.
set -euo pipefail
N=$1; shift
labels=(); cmds=()
while (( $# )); do labels+=("$1"); cmds+=("$2"); shift 2; done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for i in $(seq "$N"); do
    for k in "${!cmds[@]}"; do
        t0=$(date +%s%N)
        /usr/bin/time -f "%U %S" -o "$tmp/t" bash -c "${cmds[$k]}" >/dev/null 2>&1 || true
        t1=$(date +%s%N)
        echo "$(( (t1 - t0) / 1000 )) $(grep -v '^Command' "$tmp/t")" >>"$tmp/$k"
    done
done
for k in "${!cmds[@]}"; do
    python3 -c '
import sys, statistics as st
r = [list(map(float, l.split())) for l in open(sys.argv[2]) if l.strip()]
w = sorted(x[0] / 1e6 for x in r); c = sorted(x[1] + x[2] for x in r)
print("%-26s wall median %.3f s (range %.3f-%.3f), cpu median %.2f s, n=%d" % (sys.argv[1], st.median(w), w[0], w[-1], st.median(c), len(w)))' "${labels[$k]}" "$tmp/$k"
done
