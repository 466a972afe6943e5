#!/usr/bin/env bash
# Speed of `ragtime decode` and `ragtime tidy` against their pandas / scikit-learn references (docs/benchmarks.md).
# Decode: the quick start's problem size (5950 natural_scenes presentations x 93 units, `generate --config scenes`,
# units tuned to the frame), design matrix + 5-fold RBF SVM, the whole command (JVM start included) against
# tools/decode_reference.py's h5py spike assignment + pandas pivot and scikit-learn's KFold + SVC on the same matrix.
# Tidy: six 300-cell planes of 1400 frames (2.5 M rows) from tools/make_ophys_planes.py, the whole command (CSV
# written) against tools/tidy_reference.py (build_tidy_cell_df + concat, then to_csv).
# Usage: tools/bench_decode_tidy.sh [WORKDIR]   (run from the repository root; takes a few minutes)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work"
py=/usr/bin/python3
# wall time and CPU time (user + sys) of one command: on a shared machine the CPU time is the steadier figure
TIMEFORMAT='  %R s wall, %U s user, %S s sys'
t() { echo "  \$ ${*/#$root\//}" >&2; time "$@"; }

"$root/ragtime" generate --config scenes --tuned natural_scenes:frame:10 --out "$work/scenes.nwb" >/dev/null
echo "decode, 5950 x 93, 5 folds:" >&2
t "$root/ragtime" decode "$work/scenes.nwb" --stimulus natural_scenes --target frame --design-matrix "$work/X.npy" \
    --out "$work/decode.csv" --threads 1
t "$root/ragtime" decode "$work/scenes.nwb" --stimulus natural_scenes --target frame --out "$work/decode2.csv"
t $py "$root/tools/decode_reference.py" design "$work/scenes.nwb" natural_scenes frame "$work/design.json"
$py -c 'import json,sys; d=json.load(open(sys.argv[1])); print("  reference: spike times %.3f s, notebook groupby+pivot %.3f s" % (d["seconds_spike_times"], d["seconds_pivot"]))' "$work/design.json" >&2
t $py "$root/tools/decode_reference.py" svm "$work/X.npy" "$work/X.coords.json" 5 "$work/svm.json"
$py -c 'import json,sys; d=json.load(open(sys.argv[1])); print("  scikit-learn KFold + SVC: %.3f s, mean accuracy %.4f" % (d["seconds"], sum(d["accuracies"])/len(d["accuracies"])))' "$work/svm.json" >&2

$py "$root/tools/make_ophys_planes.py" "$root/data/nwb/generated/allensdk_style_behavior_ophys_experiment.nwb" "$work/planes" 6 300 1400
echo "tidy, six 300-cell planes x 1400 frames:" >&2
t "$root/ragtime" tidy "$work"/planes/plane_{0,1,2,3,4,5}.nwb --out "$work/tidy.csv"
t $py "$root/tools/tidy_reference.py" "$work/tidy_ref.csv" "$work"/planes/plane_{0,1,2,3,4,5}.nwb
$py "$root/tools/compare_tidy.py" "$work/tidy.csv" "$work/tidy_ref.csv" >&2
