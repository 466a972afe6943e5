#!/usr/bin/env bash
# Whole-process timing of `ragtime merge-ccf` against pandas (tools/pandas_merge_ccf.py), interleaved runs.
# usage: tools/bench_merge_ccf.sh [DIR] [RUNS]   DIR defaults to /dev/shm/ragtime-manifests (generated if absent:
# VBN-sized synthetic manifests from org.ragtime.bench.units.ManifestGenerator; needs bench/target/benchmarks.jar).
# BASELINE=/path/to/another/checkout/ragtime adds that build's launcher to each round (before/after, same conditions).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${1:-/dev/shm/ragtime-manifests}"
RUNS="${2:-3}"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
if [[ ! -f "$DIR/units.csv" ]]; then
    "$JAVA" -cp "$ROOT/bench/target/benchmarks.jar" org.ragtime.bench.units.ManifestGenerator "$DIR"
fi
ls -l "$DIR"/units.csv "$DIR"/channels.csv "$DIR"/probes.csv
for i in $(seq "$RUNS"); do
    /usr/bin/time -f "pandas  %e s wall %U s user %S s sys %M KB" /usr/bin/python3 "$ROOT/tools/pandas_merge_ccf.py" \
        "$DIR/units.csv" "$DIR/channels.csv" "$DIR/probes.csv" "$DIR/pandas_out.csv"
    if [[ -n "${BASELINE:-}" ]]; then
        /usr/bin/time -f "baseline %e s wall %U s user %S s sys %M KB" "$BASELINE" merge-ccf --units "$DIR/units.csv" \
            --channels "$DIR/channels.csv" --probes "$DIR/probes.csv" --out "$DIR/baseline_out.csv"
    fi
    /usr/bin/time -f "ragtime %e s wall %U s user %S s sys %M KB" "$ROOT/ragtime" merge-ccf --units "$DIR/units.csv" \
        --channels "$DIR/channels.csv" --probes "$DIR/probes.csv" --out "$DIR/ragtime_out.csv"
    if [[ -n "${BASELINE:-}" ]]; then
        cmp "$DIR/baseline_out.csv" "$DIR/ragtime_out.csv" || echo "outputs differ"
    fi
    uptime
done
rm -f "$DIR/pandas_out.csv" "$DIR/ragtime_out.csv" "$DIR/baseline_out.csv"
