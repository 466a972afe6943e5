#!/usr/bin/env bash
# Whole-process timing of `ragtime table` against h5py + pandas on the same files, interleaved runs, outputs compared.
#   1. one scalar column (firing_rate) of a 300,000-row units table: ragtime vs h5py + pandas as a user writes it
#      (two datasets read, DataFrame, to_csv);
#   2. a whole trials table (data/nwb/real, 412 trials x 16 columns): ragtime vs tools/table_reference.py;
#   3. the whole 300,000-row units table (10 scalar columns and the ragged spike_times as lists): ragtime vs
#      tools/table_reference.py.
# usage: tools/bench_table.sh [DIR] [RUNS]   DIR defaults to /dev/shm/ragtime-table (the units file is generated
# there if absent: ./ragtime generate --config small --units 300000 --rate 0.05, 41.6 MB, 1.8 M spikes).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${1:-/dev/shm/ragtime-table}"
RUNS="${2:-3}"
U="$DIR/units300k.nwb"
T="$ROOT/data/nwb/real/hdmfzarr_sub_anm00239123_ses_20170627T093549_ecephys_and_ogen.nwb"
mkdir -p "$DIR"
[[ -f "$U" ]] || "$ROOT/ragtime" generate --config small --units 300000 --rate 0.05 --out "$U"
PANDAS_ONE='import sys, h5py, pandas as pd
f = h5py.File(sys.argv[1], "r")
pd.DataFrame({"firing_rate": f["units/firing_rate"][:]}, index=pd.Index(f["units/id"][:], name="id")).to_csv(sys.argv[2])'
t() { /usr/bin/time -f "$1 %e s wall %U s user %S s sys %M KB" "${@:2}" 2>&1 >/dev/null | grep -v '^ragtime: wrote' || true; }
for i in $(seq "$RUNS"); do
    t "column  pandas " /usr/bin/python3 -c "$PANDAS_ONE" "$U" "$DIR/p1.csv"
    t "column  ragtime" "$ROOT/ragtime" table "$U" units --columns firing_rate --out "$DIR/r1.csv"
    t "trials  ref    " /usr/bin/python3 "$ROOT/tools/table_reference.py" "$T" intervals/trials "$DIR/p2.csv"
    t "trials  ragtime" "$ROOT/ragtime" table "$T" intervals/trials --out "$DIR/r2.csv"
    t "units   ref    " /usr/bin/python3 "$ROOT/tools/table_reference.py" "$U" units "$DIR/p3.csv"
    t "units   ragtime" "$ROOT/ragtime" table "$U" units --out "$DIR/r3.csv"
    uptime
done
for k in 1 2 3; do cmp "$DIR/p$k.csv" "$DIR/r$k.csv" && echo "output $k identical ($(wc -c < "$DIR/r$k.csv") bytes)"; done
rm -f "$DIR"/[pr][123].csv
