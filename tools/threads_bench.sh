#!/usr/bin/env bash
# 1 against 2 threads for every kernel family, in one JMH run, and the figure expected on a 16-core machine from the
# memory bandwidth measured by the same run (tools/threads_table.py prints the table docs/benchmarks.md records).
# Kernels with a thread count of their own (counts, binning, PSTH, condition statistics, dF/F alignment) get
# -p threads=1,2 (one operation split over the threads); the others (CSV scan, the floor's streaming write and read)
# run as 1 and 2 concurrent copies (JMH -t), which gives the aggregate throughput of two cores.
# Usage: tools/threads_bench.sh OUT.json [BACKENDS]   (BACKENDS: comma-separated, default native,vector). Needs
# bench/target/benchmarks.jar (mvn -B -DskipTests package) and, for the CSV scan, /dev/shm/ragtime-manifests.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$1"; BACKENDS="${2:-native,vector}"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
J=("$JAVA" --add-modules jdk.incubator.vector -Dragtime.native.dir="$ROOT/src-native/target" -jar "$ROOT/bench/target/benchmarks.jar"
   -f 1 -wi 2 -i 4 -w 1 -r 1)
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
lscpu | grep -E "Model name|^CPU\(s\)|L3" >"$tmp/cpu"; uptime >>"$tmp/cpu"
"${J[@]}" 'SpikeKernelBench\.(counts|bin10ms|psth.*|condition.*)$' -p backend="$BACKENDS" -p threads=1,2 -p type=UINT16,INT32 \
    -rf json -rff "$tmp/spikes.json" >"$tmp/spikes.log" 2>&1
"${J[@]}" 'AlignBenchmark\.interpolate$' -p kernel="$BACKENDS" -p threads=1,2 -rf json -rff "$tmp/align.json" >"$tmp/align.log" 2>&1
for t in 1 2; do
    "${J[@]}" 'FloorBench\.(write|read|writeNonTemporal)$' -p writeBytes=300000000 -t "$t" -rf json -rff "$tmp/floor$t.json" >"$tmp/floor$t.log" 2>&1
    if [[ -f /dev/shm/ragtime-manifests/units.csv ]]; then
        "${J[@]}" 'CsvScanBench' -p dir=/dev/shm/ragtime-manifests -t "$t" -rf json -rff "$tmp/csv$t.json" >"$tmp/csv$t.log" 2>&1
    fi
done
uptime >>"$tmp/cpu"
/usr/bin/python3 - "$tmp" "$OUT" <<'PY'
import json, os, sys
tmp, out = sys.argv[1:3]
runs = []
for f in sorted(os.listdir(tmp)):
    if f.endswith(".json"):
        for r in json.load(open(os.path.join(tmp, f))):
            r["copies"] = r.get("threads", 1)
            runs.append(r)
json.dump({"machine": open(os.path.join(tmp, "cpu")).read(), "runs": runs}, open(out, "w"), indent=1)
PY
/usr/bin/python3 "$ROOT/tools/threads_table.py" "$OUT"
