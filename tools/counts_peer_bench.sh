#!/usr/bin/env bash
# Whole-process `ragtime counts` on config A against the AllenSDK-style python peer (tools/allensdk_reference.py: h5py +
# numpy, two searchsorted per unit, closed bins, AllenSDK's default uint16 cube, np.save), interleaved in one run, outputs
# on the same disk-backed directory. Usage: tools/counts_peer_bench.sh DIR [ROUNDS]  (DIR: where config A is, or is
# generated, and where the outputs go; not tmpfs if the disk is what is to be measured). Prints per-command medians
# (tools/interleave.sh) and the ratios of the medians.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$1"; ROUNDS="${2:-7}"
A="$DIR/configA.nwb"
[[ -f "$A" ]] || "$ROOT/ragtime" generate --config A --out "$A"
BINS="--stimulus drifting_gratings --bins -0.1:0.5:0.01"
out="$("$ROOT/tools/interleave.sh" "$ROUNDS" \
    peer "/usr/bin/python3 $ROOT/tools/allensdk_reference.py counts $A drifting_gratings -0.1:0.5:0.01 $DIR/peer.npy --uint16" \
    uint16 "rm -f $DIR/c16.npy; $ROOT/ragtime counts $A $BINS --out $DIR/c16.npy" \
    int32 "rm -f $DIR/c32.npy; $ROOT/ragtime counts $A $BINS --dtype int32 --out $DIR/c32.npy" \
    info "$ROOT/ragtime info $A")"
echo "$out"
cmp -s <(/usr/bin/python3 -c "import numpy as np,sys; sys.stdout.buffer.write(np.load('$DIR/peer.npy').tobytes())") \
       <(/usr/bin/python3 -c "import numpy as np,sys; sys.stdout.buffer.write(np.load('$DIR/c16.npy').tobytes())") \
    && echo "uint16 cube identical to the peer's" || echo "uint16 cube DIFFERS from the peer's"
echo "$out" | awk '/median/ {m[$1]=$4} END {printf "peer/uint16 %.1fx, peer/int32 %.1fx; beyond info: uint16 %.2f s, int32 %.2f s\n", m["peer"]/m["uint16"], m["peer"]/m["int32"], m["uint16"]-m["info"], m["int32"]-m["info"]}'
rm -f "$DIR/peer.npy" "$DIR"/c16.* "$DIR"/c32.*
uptime
