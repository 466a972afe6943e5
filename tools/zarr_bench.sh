#!/usr/bin/env bash
# Zarr output against .npy and CSV on the config-A session (docs/benchmarks.md, "Zarr outputs"):
#  1. `ragtime counts` whole command to OUT.npy and to OUT.zarr, alternating, N runs each (/usr/bin/time: wall, CPU, RSS);
#  2. `ragtime spike-times` to CSV and to Zarr, then tools/zarr_bench.py: reading each into pandas.
# Usage: tools/zarr_bench.sh [DIR (default /dev/shm/ragtime-zarr-bench)] [N (default 5)]
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
DIR="${1:-/dev/shm/ragtime-zarr-bench}"
N="${2:-5}"
R="$ROOT/ragtime"
mkdir -p "$DIR"
A="$DIR/configA.nwb"
[[ -f "$A" ]] || "$R" generate --config A --out "$A"
"$R" info "$A" >/dev/null  # builds and warms the launcher's cache
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$N"); do
    rm -rf "$DIR/c.npy" "$DIR/c.coords.json" "$DIR/c.zarr"
    for out in c.npy c.zarr; do
        /usr/bin/time -f "counts $out: %e s wall, %U s user, %S s sys, %M KB peak RSS" \
            "$R" counts "$A" --stimulus drifting_gratings --bins -0.1:0.5:0.01 --out "$DIR/$out" 2>&1 | grep -v '^ragtime: wrote'
    done
done
du -sh "$DIR/c.npy" "$DIR/c.zarr"
rm -rf "$DIR/st.csv" "$DIR/st.zarr"
/usr/bin/time -f "spike-times csv: %e s wall" "$R" spike-times "$A" --stimulus drifting_gratings --out "$DIR/st.csv" 2>&1 | grep -v '^ragtime: wrote'
/usr/bin/time -f "spike-times zarr: %e s wall" "$R" spike-times "$A" --stimulus drifting_gratings --out "$DIR/st.zarr" 2>&1 | grep -v '^ragtime: wrote'
du -sh "$DIR/st.csv" "$DIR/st.zarr"
/usr/bin/python3 "$ROOT/tools/zarr_bench.py" "$DIR/st.csv" "$DIR/st.zarr" "$N"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
